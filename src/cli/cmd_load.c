/*
** cmd_load.c: `nq57 load FILE.json...`: store plan JSON files. Each file is
** validated and written in one transaction, so a bad file leaves nothing
** behind; the other files are still loaded. On an empty database the
** built-in agency directory is loaded first, so agencies link to it.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 load [--db TỆP] KẾ_HOẠCH.json...\n"
        "Nạp các kế hoạch ở dạng JSON (docs/spec/plan-json.md) vào cơ sở dữ liệu;\n"
        "\"-\" đọc từ đầu vào chuẩn (nq57 import --json VB.pdf | nq57 load -).\n"
        "(Load plan JSON files; each file is all-or-nothing.)\n\n"
        "  --db TỆP   cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --help     hiện hướng dẫn này\n", f);
}

static int load_file(nq_store *s, const nq_actor *who, const char *path) {
  json_error_t jerr;
  bool from_stdin = strcmp(path, "-") == 0;
  json_t *doc = from_stdin ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
                           : json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  if (from_stdin) path = "(stdin)";
  if (!doc) {
    if (jerr.line < 0)
      fprintf(stderr, "nq57 load: %s: không đọc được tệp (%s)\n", path, jerr.text);
    else
      fprintf(stderr, "nq57 load: %s:%d:%d: JSON không hợp lệ: %s\n", path, jerr.line,
              jerr.column, jerr.text);
    return NQ_EXIT_FAIL;
  }
  nq_err err = {0};
  int64_t id = 0;
  nq_code rc = nq_store_plan_create(s, who, doc, &id, &err);
  size_t ntasks = json_array_size(json_object_get(doc, "tasks"));
  json_decref(doc);
  if (rc) {
    fprintf(stderr, "nq57 load: %s: %s\n", path, err.msg);
    return NQ_EXIT_FAIL;
  }
  printf("%s: đã nạp kế hoạch mã %lld (%zu nhiệm vụ)\n", path, (long long)id, ntasks);
  return NQ_EXIT_OK;
}

int cmd_load(int argc, char **argv) {
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
  const char *db = cli_default_db();
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
    if (c == 'd') db = optarg;
    else if (c == 'h') {
      usage(stdout);
      return NQ_EXIT_OK;
    } else {
      usage(stderr);
      return NQ_EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    fputs("nq57 load: thiếu tệp kế hoạch\n", stderr);
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  nq_store *s = NULL;
  nq_err err = {0};
  if (nq_store_open(&s, db, &err)) {
    fprintf(stderr, "nq57 load: %s: %s\n", db, err.msg);
    return NQ_EXIT_FAIL;
  }
  nq_actor who = {0, "cli", "cli"};
  bool empty = false;
  if (nq_store_is_empty(s, &empty, &err) == NQ_OK && empty) {
    if (nq_store_seed_agencies(s, &who, &err)) {
      fprintf(stderr, "nq57 load: %s: %s\n", db, err.msg);
      nq_store_close(s);
      return NQ_EXIT_FAIL;
    }
    fputs("nq57 load: cơ sở dữ liệu mới: đã nạp danh mục cơ quan mặc định\n", stderr);
  }
  int status = NQ_EXIT_OK;
  for (int i = optind; i < argc; i++)
    if (load_file(s, &who, argv[i]) != NQ_EXIT_OK) status = NQ_EXIT_FAIL;
  nq_store_close(s);
  return status;
}
