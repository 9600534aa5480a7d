/*
** test_planjson.c: plan JSON validation: path-named errors, normalisation
** to NFC, defaults, and the gold plans passing unchanged.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/planjson.h"

static json_t *parse(const char *text) {
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);
  assert_non_null(j);
  return j;
}

static void expect_error(const char *doc, const char *path_prefix) {
  json_t *in = parse(doc), *out = NULL;
  nq_err err = {0};
  assert_int_equal(nq_planjson_normalize(in, &out, &err), NQ_EINVAL);
  assert_null(out);
  if (strncmp(err.msg, path_prefix, strlen(path_prefix)) != 0)
    fail_msg("expected error at %s, got: %s", path_prefix, err.msg);
  json_decref(in);
}

static void test_errors_name_paths(void **state) {
  (void)state;
  expect_error("[]", "(gốc)");
  expect_error("{\"tasks\":[]}", "plan");
  expect_error("{\"plan\":{\"title\":\"K\"}}", "tasks");
  expect_error("{\"plan\":{\"title\":\"K\",\"date\":\"2025-02-30\"},\"tasks\":[]}", "plan.date");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[{\"code\":\"1\",\"title\":\"a\"},"
               "{\"code\":\"2\",\"title\":\"b\",\"schedule\":{\"kind\":\"once\",\"due\":\"2025-13-01\"}}]}",
               "tasks[1].schedule.due");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[{\"code\":\"1\",\"title\":\"a\","
               "\"schedule\":{\"kind\":\"sometimes\"}}]}", "tasks[0].schedule.kind");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[{\"code\":\"1\",\"title\":\"a\"},"
               "{\"code\":\"1\",\"title\":\"b\"}]}", "tasks[1].code");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[{\"code\":\"1\",\"title\":\"a\","
               "\"lead\":[\"Sở Y tế\", 5]}]}", "tasks[0].lead[1]");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[{\"code\":\"1\",\"title\":\"a\","
               "\"colour\":\"red\"}]}", "tasks[0].colour");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[],\"indicators\":[{\"name\":\"x\","
               "\"targets\":{\"2025\":50}}]}", "indicators[0].targets.2025");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[],\"reporting\":[{\"period\":\"week\"}]}",
               "reporting[0].period");
  expect_error("{\"plan\":{\"title\":\"K\"},\"tasks\":[{\"code\":\"1\",\"title\":\"a\","
               "\"schedule\":{\"kind\":\"range\",\"start\":\"2026-01-01\",\"due\":\"2025-12-31\"}}]}",
               "tasks[0].schedule.due");
}

static void test_normalises(void **state) {
  (void)state;
  /* "Khoa học" with a decomposed "ọ" (o + U+0323) and padding. */
  json_t *in = parse("{\"plan\":{\"title\":\"  Khoa ho\\u0323c \"},\"notes\":[1],"
                     "\"tasks\":[{\"code\":\"1\",\"title\":\"a\"}]}");
  json_t *out = NULL;
  nq_err err = {0};
  assert_int_equal(nq_planjson_normalize(in, &out, &err), NQ_OK);
  assert_string_equal(json_string_value(json_object_get(json_object_get(out, "plan"), "title")),
                      "Khoa h\xe1\xbb\x8d" "c");
  json_t *t = json_array_get(json_object_get(out, "tasks"), 0);
  assert_string_equal(json_string_value(json_object_get(json_object_get(t, "schedule"), "kind")), "none");
  assert_true(json_is_false(json_object_get(t, "done")));
  assert_int_equal(json_array_size(json_object_get(t, "lead")), 0);
  assert_null(json_object_get(t, "oversight"));
  assert_true(json_is_array(json_object_get(out, "duties")));
  assert_non_null(json_object_get(out, "notes")); /* unknown top-level keys kept */
  json_decref(in);
  json_decref(out);
}

static void test_gold_unchanged(void **state) {
  (void)state;
  const char *root = getenv("NQ57_SOURCE_ROOT");
  assert_non_null(root);
  const char *files[] = {"000_706b1c236ce94349.json", "002_0d321ddfd0dbe398.json",
                         "003_88546ef2206df04c.json"};
  for (int i = 0; i < 3; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/gold/%s", root, files[i]);
    json_error_t e;
    json_t *in = json_load_file(path, 0, &e), *out = NULL;
    assert_non_null(in);
    nq_err err = {0};
    if (nq_planjson_normalize(in, &out, &err)) fail_msg("%s: %s", files[i], err.msg);
    assert_true(json_equal(in, out));
    json_decref(in);
    json_decref(out);
  }
}

static void test_dates(void **state) {
  (void)state;
  assert_true(nq_iso_date_valid("2024-02-29"));
  assert_false(nq_iso_date_valid("2025-02-29"));
  assert_false(nq_iso_date_valid("2025-4-01"));
  assert_false(nq_iso_date_valid("2025-04-31"));
  assert_true(nq_iso_date_valid("2025-12-31"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_errors_name_paths),
    cmocka_unit_test(test_normalises),
    cmocka_unit_test(test_gold_unchanged),
    cmocka_unit_test(test_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
