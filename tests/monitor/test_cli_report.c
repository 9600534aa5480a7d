/* test_cli_report.c: `nq57 report` as a user runs it: a loaded seed plan,
** the quarter's DOCX and CSV written to files and read back, and the exit
** codes of wrong invocations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "readback.h"

static int run(const char *fmt, ...) {
  char cmd[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  int rc = system(cmd);
  return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static void test_cli_report(void **state) {
  (void)state;
  const char *src = getenv("NQ57_SOURCE_ROOT"), *bld = getenv("NQ57_BUILD_ROOT");
  assert_non_null(src);
  assert_non_null(bld);
  char *dir = rb_tempdir();
  char nq[4096], db[4200], docx[4200], csv[4200];
  snprintf(nq, sizeof nq, "%s/src/cli/nq57", bld);
  snprintf(db, sizeof db, "%s/nq57.db", dir);
  snprintf(docx, sizeof docx, "%s/q3.docx", dir);
  snprintf(csv, sizeof csv, "%s/q3.csv", dir);
  assert_int_equal(run("'%s' load --db '%s' '%s/data/gold/000_706b1c236ce94349.json' >/dev/null 2>&1", nq, db, src), 0);
  assert_int_equal(run("'%s' report --db '%s' --plan 1 --period 2025-Q3 --date 2025-10-05 -o '%s'", nq, db, docx), 0);
  xmlDocPtr doc = rb_zip_xml(docx, "word/document.xml");
  assert_non_null(doc);
  json_t *paras = rb_docx_paragraphs(doc);
  int subject = 0;
  size_t i;
  json_t *p;
  json_array_foreach(paras, i, p)
    if (strcmp(json_string_value(p), "Tổng hợp kết quả thực hiện Kế hoạch số 15-KH/ĐU, Quý III/2025") == 0) subject = 1;
  assert_true(subject);
  json_decref(paras);
  json_t *tables = rb_docx_tables(doc);
  /* 28 tasks of the seed plan plus the header row. */
  assert_int_equal(json_array_size(json_array_get(tables, 2)), 29);
  json_decref(tables);
  xmlFreeDoc(doc);

  assert_int_equal(run("'%s' report --db '%s' --plan 1 --period 2025-Q3 --table timeliness -o '%s'", nq, db, csv), 0);
  FILE *f = fopen(csv, "rb");
  assert_non_null(f);
  char head[64] = {0};
  assert_true(fread(head, 1, sizeof head - 1, f) > 3);
  fclose(f);
  assert_memory_equal(head, "\xEF\xBB\xBFSTT,Đơn vị,", strlen("\xEF\xBB\xBFSTT,Đơn vị,"));

  /* Usage errors exit 2, failures 1, and say why in Vietnamese. */
  assert_int_equal(run("'%s' report --db '%s' --plan abc --period 2025-Q3 -o x.docx 2>/dev/null", nq, db), 2);
  assert_int_equal(run("'%s' report --db '%s' --plan 1 --period 2025-Q3 --format pdf -o x.pdf 2>/dev/null", nq, db), 2);
  assert_int_equal(run("'%s' report --db '%s' --plan 99 --period 2025-Q3 -o '%s/x.docx' 2>/dev/null", nq, db, dir), 1);
  assert_int_equal(run("'%s' report --help >/dev/null", nq), 0);
  assert_int_equal(run("rm -rf '%s'", dir), 0);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_cli_report)};
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
