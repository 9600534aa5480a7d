/*
** cmd_backup.c: `nq57 backup DEST`: a consistent copy of the database made
** with SQLite's online backup API, safe while the server keeps writing.
*/
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
  const char *db, *dest;
  int rc0 = cli_db_and_one_arg(argc, argv, "backup", "cần đúng một tệp đích", usage, &db, &dest);
  if (rc0 >= 0) return rc0;
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
