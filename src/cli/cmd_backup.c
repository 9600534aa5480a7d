/*
** cmd_backup.c: `nq57 backup DEST`: a consistent copy of the database made
** with SQLite's online backup API, safe while the server keeps writing.
*/
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 backup [--db TỆP] TỆP_SAO_LƯU\n"
        "Sao lưu toàn bộ cơ sở dữ liệu ra một tệp, kể cả khi máy chủ đang chạy.\n"
        "(Consistent online backup to DEST.)\n\n"
        "  --db TỆP   cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --help     hiện hướng dẫn này\n", f);
}

int cmd_backup(int argc, char **argv) {
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
    fputs("nq57 backup: cần đúng một tệp đích\n", stderr);
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  const char *dest = argv[optind];
  nq_store *s = NULL;
  nq_err err = {0};
  if (nq_store_open(&s, db, &err)) {
    fprintf(stderr, "nq57 backup: %s: %s\n", db, err.msg);
    return NQ_EXIT_FAIL;
  }
  nq_code rc = nq_store_backup(s, dest, &err);
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "nq57 backup: %s: %s\n", dest, err.msg);
    return NQ_EXIT_FAIL;
  }
  printf("Đã sao lưu %s vào %s\n", db, dest);
  return NQ_EXIT_OK;
}
