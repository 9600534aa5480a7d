/*
** cmd_restore.c: `nq57 restore SRC`: check a backup (integrity, schema
** version) and then replace the database's content with it in one
** transaction; an older backup is migrated to the current schema.
*/
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 restore [--db TỆP] TỆP_SAO_LƯU\n"
        "Khôi phục cơ sở dữ liệu từ một bản sao lưu của nq57. Bản sao lưu được kiểm tra\n"
        "trước; nếu hỏng hoặc không phải của nq57 thì dữ liệu hiện có được giữ nguyên.\n"
        "(Verify SRC, then replace the database with it atomically.)\n\n"
        "  --db TỆP   cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --help     hiện hướng dẫn này\n", f);
}

int cmd_restore(int argc, char **argv) {
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
  if (optind != argc - 1) {
    fputs("nq57 restore: cần đúng một tệp sao lưu\n", stderr);
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  const char *src = argv[optind];
  nq_store *s = NULL;
  nq_err err = {0};
  if (nq_store_open(&s, db, &err)) {
    fprintf(stderr, "nq57 restore: %s: %s\n", db, err.msg);
    return NQ_EXIT_FAIL;
  }
  nq_code rc = nq_store_restore(s, src, &err);
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "nq57 restore: %s: %s\n", src, err.msg);
    return NQ_EXIT_FAIL;
  }
  printf("Đã khôi phục %s từ %s\n", db, src);
  return NQ_EXIT_OK;
}
