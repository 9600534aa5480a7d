/* test_planjson.c: the gold plans are valid plan JSON, and each kind of
** fault in them is caught and named by its path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/planjson.h"

static json_t *load_gold(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/data/gold/%s.json", getenv("NQ57_SOURCE_ROOT"), name);
  json_error_t jerr;
  json_t *doc = json_load_file(path, 0, &jerr);
  if (!doc) fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
  return doc;
}

static void test_gold_valid(void **state) {
  (void)state;
  static const char *const gold[] = {"000_706b1c236ce94349", "002_0d321ddfd0dbe398",
                                     "003_88546ef2206df04c"};
  for (size_t g = 0; g < 3; g++) {
    json_t *doc = load_gold(gold[g]);
    nq_err err = {0};
    if (nq_plan_validate(doc, &err) != NQ_OK) fail_msg("%s: %s", gold[g], err.msg);
    /* every schedule reads and writes back unchanged */
    size_t i;
    json_t *task;
    json_array_foreach(json_object_get(doc, "tasks"), i, task) {
      nq_schedule s;
      json_t *orig = json_object_get(task, "schedule");
      assert_int_equal(nq_schedule_from_json(orig, &s, &err), NQ_OK);
      json_t *back = nq_schedule_to_json(&s);
      assert_true(json_equal(orig, back));
      json_decref(back);
    }
    json_decref(doc);
  }
}

/* Applies a mutation to gold 000 and expects the message to name the fault. */
static void expect_fault(void (*mutate)(json_t *doc), const char *want) {
  json_t *doc = load_gold("000_706b1c236ce94349");
  mutate(doc);
  nq_err err = {0};
  nq_code rc = nq_plan_validate(doc, &err);
  json_decref(doc);
  assert_int_equal(rc, NQ_EUNPROCESSABLE);
  if (!strstr(err.msg, want)) fail_msg("got \"%s\", want \"%s\"", err.msg, want);
}

static json_t *task(json_t *doc, size_t i) { return json_array_get(json_object_get(doc, "tasks"), i); }
static json_t *sched(json_t *doc, size_t i) { return json_object_get(task(doc, i), "schedule"); }

static void bad_due(json_t *d) { json_object_set_new(sched(d, 0), "due", json_string("2025-13-01")); }
static void once_without_due(json_t *d) { json_object_set_new(sched(d, 0), "due", json_null()); }
static void bad_kind(json_t *d) { json_object_set_new(sched(d, 0), "kind", json_string("weekly")); }
static void range_backwards(json_t *d) {
  json_t *s = sched(d, 17);              /* III.6.1 "2025-2030" */
  json_object_set_new(s, "start", json_string("2031-01-01"));
}
static void dup_code(json_t *d) { json_object_set_new(task(d, 1), "code", json_string("III.1.1")); }
static void nfd_title(json_t *d) {
  json_object_set_new(task(d, 2), "title", json_string("Ho\xcc\x9b\xcc\x81i"));
}
static void dup_lead(json_t *d) {
  json_t *lead = json_object_get(task(d, 0), "lead");
  json_array_append(lead, json_array_get(lead, 0));
}
static void number_twice(json_t *d) {
  json_t *plan = json_object_get(d, "plan");
  json_array_append_new(json_object_get(plan, "references"), json_string("57-NQ/TW"));
}
static void bad_reporting(json_t *d) {
  json_object_set_new(json_array_get(json_object_get(d, "reporting"), 0), "due", json_string("20"));
}
static void dup_period(json_t *d) {
  json_array_append_new(json_object_get(d, "reporting"),
                        json_pack("{s:s, s:n}", "period", "month", "due"));
}
static void bad_target_year(json_t *d) {
  json_array_append_new(json_object_get(d, "indicators"),
                        json_pack("{s:s, s:s, s:s, s:{s:s}}", "code", "I.1", "name", "Tỷ lệ phủ sóng 5G",
                                  "unit", "%", "targets", "năm 2025", ">=50"));
}
static void done_not_bool(json_t *d) { json_object_set_new(task(d, 0), "done", json_string("có")); }
static void blank_title(json_t *d) { json_object_set_new(task(d, 3), "title", json_string("  ")); }
static void bad_plan_date(json_t *d) {
  json_object_set_new(json_object_get(d, "plan"), "date", json_string("20/10/2025"));
}

static void test_faults(void **state) {
  (void)state;
  expect_fault(bad_due, "tasks[0].schedule.due: ngày không hợp lệ \"2025-13-01\"");
  expect_fault(once_without_due, "tasks[0].schedule: loại once phải có hạn");
  expect_fault(bad_kind, "tasks[0].schedule.kind:");
  expect_fault(range_backwards, "tasks[17].schedule: ngày bắt đầu sau hạn");
  expect_fault(dup_code, "tasks[1].code: mã nhiệm vụ \"III.1.1\" bị lặp");
  expect_fault(nfd_title, "tasks[2].title: văn bản chưa chuẩn hóa NFC");
  expect_fault(dup_lead, "tasks[0].lead[1]: \"Đảng ủy Sở Khoa học và Công nghệ\" bị lặp");
  expect_fault(number_twice, "plan.references[");
  expect_fault(bad_reporting, "reporting[0].due: hạn phải là");
  expect_fault(dup_period, "reporting[6].period: kỳ báo cáo bị lặp");
  expect_fault(bad_target_year, "indicators[0].targets.năm 2025: khóa phải là năm");
  expect_fault(done_not_bool, "tasks[0].done: phải là true hoặc false");
  expect_fault(blank_title, "tasks[3].title: không được để trống");
  expect_fault(bad_plan_date, "plan.date: ngày không hợp lệ \"20/10/2025\"");
  nq_err err = {0};
  json_t *arr = json_array();
  assert_int_equal(nq_plan_validate(arr, &err), NQ_EUNPROCESSABLE);
  json_decref(arr);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gold_valid),
    cmocka_unit_test(test_faults),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
