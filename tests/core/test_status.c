/* test_status.c: task statuses and early warnings on tasks of the seed plans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/status.h"

static nq_date D(int y, int m, int d) { return nq_date_make(y, m, d); }

/* Plan 002 (Sở KH&CN An Giang), item NGAY.1: "Trong năm 2025"; the note is
** undated, so the plan is taken to run from 1/1/2025. */
static nq_task_facts ngay1(int percent, nq_date last_update) {
  return (nq_task_facts){.schedule = nq_schedule_parse("Trong năm 2025"), .percent = percent,
                         .last_update = last_update, .plan_start = D(2025, 1, 1)};
}

static void test_done(void **state) {
  (void)state;
  /* Plan 000 III.1.1: "Trong tháng 7/2025 (nội dung đã hoàn thành)" */
  const char *timeline = "Trong tháng 7/2025 (nội dung đã hoàn thành)";
  nq_task_facts f = {.schedule = nq_schedule_parse(timeline), .done = nq_phrase_says_done(timeline),
                     .percent = 100, .plan_start = D(2025, 10, 20)};
  assert_int_equal(nq_task_status(&f, D(2025, 10, 20), NULL), NQ_STATUS_DONE_ON_TIME);
  f.done_on = D(2025, 7, 31);
  assert_int_equal(nq_task_status(&f, D(2025, 10, 20), NULL), NQ_STATUS_DONE_ON_TIME);
  f.done_on = D(2025, 8, 1);
  assert_int_equal(nq_task_status(&f, D(2025, 10, 20), NULL), NQ_STATUS_DONE_LATE);
  nq_warning w[NQ_WARN_MAX];
  assert_int_equal(nq_task_warnings(&f, D(2025, 10, 20), NULL, w), 0);
}

static void test_once_lifecycle(void **state) {
  (void)state;
  nq_warning w[NQ_WARN_MAX];
  nq_task_facts f = ngay1(-1, NQ_DATE_NONE);
  assert_int_equal(nq_task_status(&f, D(2025, 3, 1), NULL), NQ_STATUS_NOT_STARTED);

  f = ngay1(45, D(2025, 6, 20));
  assert_int_equal(nq_task_status(&f, D(2025, 7, 1), NULL), NQ_STATUS_IN_PROGRESS);

  f = ngay1(20, D(2025, 6, 20));          /* half the year gone, 20% done */
  assert_int_equal(nq_task_status(&f, D(2025, 7, 1), NULL), NQ_STATUS_AT_RISK);
  assert_int_equal(nq_task_warnings(&f, D(2025, 7, 1), NULL, w), 1);
  assert_int_equal(w[0].code, NQ_WARN_BEHIND_SCHEDULE);
  assert_string_equal(nq_warn_code_name(w[0].code), "behind_schedule");
  assert_string_equal(w[0].message, "Tiến độ đạt 20% trong khi đã qua 50% thời gian thực hiện "
                                    "(chậm 30 điểm phần trăm, ngưỡng cảnh báo 20).");
  nq_warn_opts lenient = nq_warn_defaults();
  lenient.behind_points = 40;
  assert_int_equal(nq_task_status(&f, D(2025, 7, 1), &lenient), NQ_STATUS_IN_PROGRESS);

  f = ngay1(60, D(2025, 5, 15));          /* on pace but silent since May */
  assert_int_equal(nq_task_warnings(&f, D(2025, 9, 1), NULL, w), 1);
  assert_int_equal(w[0].code, NQ_WARN_NO_RECENT_UPDATE);
  assert_string_equal(w[0].message, "Không cập nhật tiến độ từ ngày 15/05/2025, đã quá 2 kỳ báo cáo tháng.");
  assert_int_equal(nq_task_status(&f, D(2025, 9, 1), NULL), NQ_STATUS_AT_RISK);
  nq_warn_opts quarterly = nq_warn_defaults();
  quarterly.update_every = NQ_PERIOD_QUARTER;
  assert_int_equal(nq_task_status(&f, D(2025, 9, 1), &quarterly), NQ_STATUS_IN_PROGRESS);

  f = ngay1(40, D(2025, 12, 1));          /* three weeks left, 40% */
  assert_int_equal(nq_task_warnings(&f, D(2025, 12, 10), NULL, w), 2);
  assert_int_equal(w[0].code, NQ_WARN_BEHIND_SCHEDULE);
  assert_int_equal(w[1].code, NQ_WARN_DUE_SOON_LOW_PROGRESS);
  assert_string_equal(w[1].message, "Còn 21 ngày đến hạn 31/12/2025 nhưng tiến độ mới đạt 40%.");

  f = ngay1(90, D(2025, 12, 20));
  assert_int_equal(nq_task_status(&f, D(2025, 12, 31), NULL), NQ_STATUS_IN_PROGRESS);
  assert_int_equal(nq_task_status(&f, D(2026, 1, 1), NULL), NQ_STATUS_OVERDUE);
  assert_true(nq_task_elapsed(&f, D(2025, 7, 2)) > 0.49 && nq_task_elapsed(&f, D(2025, 7, 2)) < 0.51);
  assert_true(nq_task_elapsed(&f, D(2024, 7, 2)) == 0);
  assert_true(nq_task_elapsed(&f, D(2026, 7, 2)) == 1);
}

static void test_range_recurring_conditional(void **state) {
  (void)state;
  /* Plan 000: "2025-2030", "Thường xuyên, hằng năm", "sau khi Chính phủ ban hành ..." */
  nq_task_facts range = {.schedule = nq_schedule_parse("2025-2030"), .percent = -1,
                         .plan_start = D(2025, 10, 20)};
  assert_int_equal(nq_task_status(&range, D(2024, 12, 1), NULL), NQ_STATUS_NOT_STARTED);
  assert_int_equal(nq_task_status(&range, D(2031, 1, 1), NULL), NQ_STATUS_OVERDUE);
  assert_true(nq_task_elapsed(&range, D(2027, 12, 31)) > 0.49);

  nq_task_facts yearly = {.schedule = nq_schedule_parse("Thường xuyên, hằng năm"), .percent = -1,
                          .plan_start = D(2025, 10, 20)};
  assert_int_equal(nq_task_status(&yearly, D(2025, 11, 1), NULL), NQ_STATUS_NOT_STARTED);
  assert_int_equal(nq_task_status(&yearly, D(2040, 1, 1), NULL), NQ_STATUS_AT_RISK); /* never overdue */
  yearly.last_update = D(2039, 12, 15);
  yearly.percent = 30;
  assert_int_equal(nq_task_status(&yearly, D(2040, 1, 1), NULL), NQ_STATUS_IN_PROGRESS);
  assert_true(nq_task_elapsed(&yearly, D(2040, 1, 1)) < 0);

  nq_task_facts cond = {.schedule = nq_schedule_parse("sau khi Chính phủ ban hành Nghị định hướng dẫn"),
                        .percent = -1, .plan_start = D(2025, 10, 20)};
  assert_int_equal(cond.schedule.kind, NQ_SCHED_CONDITIONAL);
  assert_int_equal(nq_task_status(&cond, D(2027, 1, 1), NULL), NQ_STATUS_NOT_STARTED);
  cond.last_update = D(2026, 3, 1);
  cond.percent = 10;
  assert_int_equal(nq_task_status(&cond, D(2026, 3, 20), NULL), NQ_STATUS_IN_PROGRESS);
  assert_int_equal(nq_task_status(&cond, D(2026, 9, 1), NULL), NQ_STATUS_AT_RISK);
}

static void test_per_period(void **state) {
  (void)state;
  /* Plan 003 IV.1: annual report before 15/11 */
  nq_period p;
  nq_err err = {0};
  assert_int_equal(nq_period_make(NQ_PERIOD_YEAR, 2025, 1, "11-15", &p, &err), NQ_OK);
  assert_int_equal(nq_status_in_period(&p, true, D(2025, 11, 10), D(2025, 12, 1)), NQ_STATUS_DONE_ON_TIME);
  assert_int_equal(nq_status_in_period(&p, true, D(2025, 11, 15), D(2025, 12, 1)), NQ_STATUS_DONE_ON_TIME);
  assert_int_equal(nq_status_in_period(&p, true, D(2025, 11, 16), D(2025, 12, 1)), NQ_STATUS_DONE_LATE);
  assert_int_equal(nq_status_in_period(&p, false, NQ_DATE_NONE, D(2025, 11, 16)), NQ_STATUS_AT_RISK);
  assert_int_equal(nq_status_in_period(&p, false, NQ_DATE_NONE, D(2025, 6, 1)), NQ_STATUS_IN_PROGRESS);
  assert_int_equal(nq_status_in_period(&p, false, NQ_DATE_NONE, D(2024, 12, 1)), NQ_STATUS_NOT_STARTED);
  assert_int_equal(nq_period_make(NQ_PERIOD_ADHOC, 2025, 0, NULL, &p, &err), NQ_OK);
  assert_int_equal(nq_status_in_period(&p, false, NQ_DATE_NONE, D(2025, 6, 1)), NQ_STATUS_IN_PROGRESS);
}

static void test_names(void **state) {
  (void)state;
  static const char *const want[] = {"Chưa triển khai", "Đang thực hiện", "Có nguy cơ chậm",
                                     "Quá hạn", "Hoàn thành đúng hạn", "Hoàn thành quá hạn"};
  nq_err err = {0};
  for (int s = 0; s < NQ_STATUS_COUNT; s++) {
    nq_status back;
    assert_string_equal(nq_status_label((nq_status)s), want[s]);
    assert_int_equal(nq_status_from_name(nq_status_name((nq_status)s), &back, &err), NQ_OK);
    assert_int_equal(back, s);
  }
  nq_status back;
  assert_int_equal(nq_status_from_name("late", &back, &err), NQ_EINVAL);
  assert_true(nq_status_is_done(NQ_STATUS_DONE_LATE));
  assert_false(nq_status_is_done(NQ_STATUS_OVERDUE));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_done),
    cmocka_unit_test(test_once_lifecycle),
    cmocka_unit_test(test_range_recurring_conditional),
    cmocka_unit_test(test_per_period),
    cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
