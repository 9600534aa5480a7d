/* test_formats.c: DOCX, text-layer PDF and scanned PNG fixtures (made from
** seed 003 by tests/fixtures/make.sh) go through the same pipeline as text
** and meet the same bar; broken, empty, mis-encoded and oversize inputs
** fail with a Vietnamese message instead of crashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/vntext.h"
#include "import/import.h"
#include "score.h"

static char *path_of(const char *rel) {
  static char buf[4][1024];
  static int k;
  const char *root = getenv("NQ57_SOURCE_ROOT");
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", root ? root : ".", rel);
  return buf[k];
}

static unsigned char *slurp(const char *rel, size_t *len) {
  FILE *f = fopen(path_of(rel), "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *d = malloc((size_t)n + 1);
  assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return d;
}

static void meets_bar_003(const char *fixture) {
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_file(path_of(fixture), NULL, &plan, &err), NQ_OK);
  json_t *g = json_load_file(path_of("data/gold/003_88546ef2206df04c.json"), 0, NULL);
  nq_score s;
  nq_score_compute(plan, g, &s);
  if (!nq_score_passes(&s)) nq_score_print(stderr, plan, g, &s, true);
  assert_true(nq_score_passes(&s));
  json_decref(plan);
  json_decref(g);
}

static void test_docx(void **state) {
  (void)state;
  meets_bar_003("tests/fixtures/plan003.docx");
}

static void test_pdf_text_layer(void **state) {
  (void)state;
  meets_bar_003("tests/fixtures/plan003.pdf");
}

static int pages_seen;
static int count_pages(void *ctx, int done, int total) {
  (void)ctx;
  assert_true(done >= 1 && done <= total);
  pages_seen = done;
  return 0;
}

static void test_png_scan(void **state) {
  (void)state;
  nq_import_opts opts = {0};
  opts.progress = count_pages;
  json_t *plan = NULL;
  nq_err err = {0};
  pages_seen = 0;
  assert_int_equal(nq_import_file(path_of("tests/fixtures/plan003-page1.png"), &opts, &plan, &err), NQ_OK);
  assert_int_equal(pages_seen, 1);
  json_t *p = json_object_get(plan, "plan");
  assert_string_equal(json_string_value(json_object_get(p, "kind")), "Kế hoạch");
  char *key = vn_search_key(json_string_value(json_object_get(p, "title")));
  assert_non_null(strstr(key, "trien khai thuc hien ke hoach so 177 kh tu cua tinh uy"));
  free(key);
  json_decref(plan);
}

static void expect_fail(const void *d, size_t len, const char *name, nq_code code, const char *words) {
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_buffer(d, len, name, NULL, &plan, &err), code);
  assert_null(plan);
  assert_true(vn_valid_utf8(err.msg, strlen(err.msg)));
  if (!strstr(err.msg, words)) fail_msg("message '%s' lacks '%s'", err.msg, words);
}

static void test_errors(void **state) {
  (void)state;
  expect_fail("", 0, "a.txt", NQ_EINVAL, "rỗng");
  expect_fail("\xff\xfeK\0\xea\0", 6, "a.txt", NQ_EUNSUPPORTED, "UTF-16");
  expect_fail("K\xea ho\xb9" "ch s\xf4 15", 13, "a.txt", NQ_EUNSUPPORTED, "Windows-1258");
  expect_fail("  12 34 \n -- \n", 14, "a.txt", NQ_EUNPROCESSABLE, "không có nội dung");
  size_t len;
  unsigned char *docx = slurp("tests/fixtures/plan003.docx", &len);
  expect_fail(docx, len / 3, "a.docx", NQ_EINVAL, "DOCX");
  docx[len / 2] ^= 0x55; /* damage the middle: still refused or read, never a crash */
  json_t *plan = NULL;
  nq_err err = {0};
  if (nq_import_buffer(docx, len, "a.docx", NULL, &plan, &err) == NQ_OK) json_decref(plan);
  free(docx);
  unsigned char *pdf = slurp("tests/fixtures/plan003.pdf", &len);
  expect_fail(pdf, len / 2, "a.pdf", NQ_EINVAL, "PDF");
  free(pdf);
  expect_fail("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "a.png", NQ_EINVAL, "ảnh");
  nq_import_opts small = {0};
  small.max_bytes = 100;
  char big[200];
  memset(big, 'a', sizeof big);
  plan = NULL;
  assert_int_equal(nq_import_buffer(big, sizeof big, "a.txt", &small, &plan, &err), NQ_ETOOBIG);
  assert_non_null(strstr(err.msg, "quá lớn"));
  assert_int_equal(nq_import_file(path_of("tests/fixtures/no-such-file.txt"), NULL, &plan, &err), NQ_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_docx),
    cmocka_unit_test(test_pdf_text_layer),
    cmocka_unit_test(test_png_scan),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
