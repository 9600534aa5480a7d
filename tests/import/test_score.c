/* test_score.c: the scorer itself: a gold plan scores perfectly against
** itself, and each kind of damage lowers the matching figure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "score.h"

static json_t *load_gold(const char *name) {
  char path[1024];
  const char *root = getenv("NQ57_SOURCE_ROOT");
  snprintf(path, sizeof path, "%s/data/gold/%s", root ? root : ".", name);
  json_t *j = json_load_file(path, 0, NULL);
  assert_non_null(j);
  return j;
}

static void test_identity(void **state) {
  (void)state;
  json_t *g = load_gold("003_88546ef2206df04c.json");
  nq_score s;
  nq_score_compute(g, g, &s);
  assert_int_equal(s.tasks.tp, 43);
  assert_true(s.tasks.f1 == 1.0 && s.agencies.f1 == 1.0 && s.kind_acc == 1.0);
  assert_int_equal(s.meta_matched, 8);
  assert_true(nq_score_passes(&s));
  json_decref(g);
}

static void test_damage(void **state) {
  (void)state;
  json_t *g = load_gold("000_706b1c236ce94349.json");
  json_t *d = json_deep_copy(g);
  json_t *tasks = json_object_get(d, "tasks");
  /* drop 3 tasks, change one lead, one schedule kind and the number */
  json_array_remove(tasks, 0);
  json_array_remove(tasks, 0);
  json_array_remove(tasks, 0);
  json_t *t = json_array_get(tasks, 0);
  json_object_set_new(t, "lead", json_pack("[s]", "Sở Tư pháp"));
  json_object_set_new(json_object_get(t, "schedule"), "kind", json_string("once"));
  json_object_set_new(json_object_get(d, "plan"), "number", json_string("16-KH/ĐU"));
  nq_score s;
  nq_score_compute(d, g, &s);
  assert_int_equal(s.tasks.tp, 25);
  assert_int_equal(s.tasks.fn, 3);
  assert_true(s.tasks.recall < 0.9 && s.tasks.precision == 1.0);
  assert_int_equal(s.agencies.fp, 1);
  assert_int_equal(s.agencies.fn, 1);
  assert_int_equal(s.kind_ok, 24);
  assert_int_equal(s.meta_matched, 7);
  assert_false(s.meta_ok[1]);
  assert_false(nq_score_passes(&s));
  json_decref(d);
  json_decref(g);
}

static void test_title_folding(void **state) {
  (void)state;
  /* accent-free, re-punctuated titles still pair */
  json_t *g = json_pack("{s:{},s:[{s:s,s:[],s:[]}]}", "plan", "tasks", "title",
                        "Tăng cường an ninh mạng", "lead", "support");
  json_t *i = json_pack("{s:{},s:[{s:s,s:[],s:[]}]}", "plan", "tasks", "title",
                        "tang cuong an ninh mang.", "lead", "support");
  nq_score s;
  nq_score_compute(i, g, &s);
  assert_int_equal(s.tasks.tp, 1);
  json_decref(g);
  json_decref(i);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_identity),
    cmocka_unit_test(test_damage),
    cmocka_unit_test(test_title_folding),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
