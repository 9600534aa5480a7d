/*
** cmd_check.c: `nq57 check`: SQLite integrity_check, foreign keys and the
** audit log's hash chain. Exit 3 (NQ_EXIT_CORRUPT) naming each problem. A
** missing database is created with the current schema (and is then fine).
*/
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 check [--db TỆP]\n"
        "Kiểm tra cấu trúc tệp, các tham chiếu và chuỗi mã băm của nhật ký kiểm toán.\n"
        "Mã thoát 3 nếu phát hiện vấn đề. (Integrity, foreign keys, audit chain.)\n\n"
        "  --db TỆP   cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --help     hiện hướng dẫn này\n", f);
}

int cmd_check(int argc, char **argv) {
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
  if (optind != argc) {
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  /* Like the sqlite3 shell, a missing file is created (with the current
  ** schema): scripts use `nq57 check --db NEW` to initialise a database. */
  if (access(db, F_OK) != 0)
    fprintf(stderr, "nq57 check: %s: chưa có cơ sở dữ liệu, tạo mới\n", db);
  nq_store *s = NULL;
  nq_err err = {0};
  if (nq_store_open(&s, db, &err)) {
    fprintf(stderr, "nq57 check: %s: %s\n", db, err.msg);
    return NQ_EXIT_CORRUPT;
  }
  json_t *res = NULL;
  nq_code rc = nq_store_check(s, &res, &err);
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "nq57 check: %s: %s\n", db, err.msg);
    return NQ_EXIT_CORRUPT;
  }
  json_t *problems = json_object_get(res, "problems");
  size_t i;
  json_t *p;
  json_array_foreach(problems, i, p) fprintf(stderr, "nq57 check: %s: %s\n", db, json_string_value(p));
  int status = json_array_size(problems) ? NQ_EXIT_CORRUPT : NQ_EXIT_OK;
  if (!status) printf("%s: không phát hiện vấn đề nào\n", db);
  json_decref(res);
  return status;
}
