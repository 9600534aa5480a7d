/*
** cmd_restore.c: `nq57 restore SRC`: check a backup (integrity, schema
** version) and then replace the database's content with it in one
** transaction; an older backup is migrated to the current schema.
*/
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
  const char *db, *src;
  int rc0 = cli_db_and_one_arg(argc, argv, "restore", "cần đúng một tệp sao lưu", usage, &db, &src);
  if (rc0 >= 0) return rc0;
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
