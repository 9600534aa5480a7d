/*
** cmd_export.c: `nq57 export PLAN_ID [-o FILE]`: write a stored plan as
** plan JSON (the format `nq57 load` reads back).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 export [--db TỆP] [-o TỆP_RA] MÃ_KẾ_HOẠCH\n"
        "Xuất một kế hoạch ra JSON (docs/spec/plan-json.md), ra màn hình hoặc tệp.\n"
        "(Export a plan as plan JSON to stdout or a file.)\n\n"
        "  -o, --output TỆP  ghi vào tệp thay vì màn hình\n"
        "  --db TỆP          cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --help            hiện hướng dẫn này\n", f);
}

int cmd_export(int argc, char **argv) {
  static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *db = cli_default_db(), *output = NULL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:o:h", opts, NULL)) != -1) {
    if (c == 'd') db = optarg;
    else if (c == 'o') output = optarg;
    else if (c == 'h') {
      usage(stdout);
      return NQ_EXIT_OK;
    } else {
      usage(stderr);
      return NQ_EXIT_USAGE;
    }
  }
  char *end = NULL;
  long long id = optind == argc - 1 ? strtoll(argv[optind], &end, 10) : 0;
  if (id <= 0 || (end && *end)) {
    fputs("nq57 export: cần đúng một mã kế hoạch (số)\n", stderr);
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  nq_store *s = NULL;
  nq_err err = {0};
  if (nq_store_open(&s, db, &err)) {
    fprintf(stderr, "nq57 export: %s: %s\n", db, err.msg);
    return NQ_EXIT_FAIL;
  }
  json_t *plan = NULL;
  nq_code rc = nq_store_plan_export(s, id, &plan, &err);
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "nq57 export: %s\n", err.msg);
    return NQ_EXIT_FAIL;
  }
  int status = NQ_EXIT_OK;
  size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
  if (!output) {
    if (json_dumpf(plan, stdout, flags) != 0) status = NQ_EXIT_FAIL;
    putchar('\n');
  } else {
    /* Write beside the target and rename: never a half-written file. */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", output, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f || json_dumpf(plan, f, flags) != 0 || fputc('\n', f) == EOF || fclose(f) != 0 ||
        rename(tmp, output) != 0) {
      fprintf(stderr, "nq57 export: %s: không ghi được tệp\n", output);
      unlink(tmp);
      status = NQ_EXIT_FAIL;
    }
  }
  json_decref(plan);
  return status;
}
