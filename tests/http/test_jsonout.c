/*
** test_jsonout.c: nq_json_write must write exactly what
** json_dumps(v, JSON_COMPACT) writes — the API's bytes did not change when
** the reply path stopped using json_dumps — on the gold plans and on the
** values where serialisers differ: escapes, control bytes, UTF-8, integer
** limits; and reals in their shortest exact form, in jansson's shape.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/jsonout.h"

static void assert_same_text(const json_t *v) {
  char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  assert_non_null(want);
  nq_buf got = NQ_BUF_INIT;
  nq_json_write(&got, v);
  assert_string_equal(got.data, want);
  assert_int_equal(got.len, strlen(want));
  nq_buf_free(&got);
  free(want);
}

static void test_gold_plans(void **state) {
  (void)state;
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/data/gold", getenv("NQ57_SOURCE_ROOT"));
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 5, ".json")) continue;
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    json_error_t jerr;
    json_t *plan = json_load_file(path, 0, &jerr);
    assert_non_null(plan);
    assert_same_text(plan);
    json_decref(plan);
    n++;
  }
  closedir(d);
  assert_true(n >= 3);
}

static void test_strings(void **state) {
  (void)state;
  const char *texts[] = {"", "Sở Khoa học và Công nghệ", "quote \" back \\ slash /",
                         "tab\there\nnew\rline\bb\ff", "\x01\x1f\x7f", "Đ đ ư ơ ấ ệ ỹ €𝄞"};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    json_t *s = json_string(texts[i]);
    assert_non_null(s);
    assert_same_text(s);
    json_t *o = json_pack("{s:o}", texts[i], s); /* the same text as a key */
    assert_same_text(o);
    json_decref(o);
  }
  json_t *nul = json_stringn("a\0b", 3); /* an embedded NUL */
  assert_same_text(nul);
  json_decref(nul);
}

static void test_numbers_and_literals(void **state) {
  (void)state;
  json_t *a = json_pack("[I,I,I,I,b,b,n]", (json_int_t)0, (json_int_t)-7, (json_int_t)INT64_MAX,
                        (json_int_t)INT64_MIN, 1, 0);
  json_array_append_new(a, json_object());
  json_array_append_new(a, json_array());
  json_array_append_new(a, json_pack("{s:{s:[i,{}]},s:[]}", "x", "y", 1, "z"));
  assert_same_text(a);
  json_decref(a);
}

/* Each real: its text reads back as the same double, no shorter precision
** would, and it keeps jansson's shape (a '.' or an exponent, no '+'). */
static void test_reals(void **state) {
  (void)state;
  const struct { double v; const char *want; } cases[] = {
    {1.4, "1.4"}, {0.1, "0.1"}, {86.5, "86.5"}, {100.0 / 3.0, "33.333333333333336"},
    {1.0, "1.0"}, {-0.0, "-0.0"}, {-2.5, "-2.5"}, {1e20, "1e20"}, {1e21, "1e21"},
    {1.5e-7, "1.5e-7"}, {1e-5, "1e-5"}, {123456789.125, "123456789.125"},
    {DBL_MAX, "1.7976931348623157e308"}, {5e-324, "4.94065645841247e-324"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    json_t *r = json_real(cases[i].v);
    nq_buf got = NQ_BUF_INIT;
    nq_json_write(&got, r);
    assert_string_equal(got.data, cases[i].want);
    assert_true(strtod(got.data, NULL) == cases[i].v || (cases[i].v == 0 && strtod(got.data, NULL) == 0));
    nq_buf_free(&got);
    json_decref(r);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gold_plans),
    cmocka_unit_test(test_strings),
    cmocka_unit_test(test_numbers_and_literals),
    cmocka_unit_test(test_reals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
