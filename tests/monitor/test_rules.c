/* test_rules.c: the report flow, scorecards and the difficulty digest, the
** monitoring rules that need no database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "monitor/digest.h"
#include "monitor/flow.h"
#include "monitor/scorecard.h"

static const nq_report_actor_role OFFICER = {true, false, false};
static const nq_report_actor_role HEAD = {true, true, false};
static const nq_report_actor_role AGGREGATOR = {false, false, true};
static const nq_report_actor_role OUTSIDER = {false, false, false};

static void test_flow_happy_path_and_return(void **state) {
  (void)state;
  nq_report_state s = NQ_REPORT_DRAFT, next;
  bool approved = false, ap;
  nq_err err = {0};
  assert_int_equal(nq_report_transition(s, approved, NQ_ACT_SAVE, &OFFICER, NULL, &next, &ap, &err), NQ_OK);
  /* An officer cannot approve or submit; the head must approve first. */
  assert_int_equal(nq_report_transition(s, false, NQ_ACT_APPROVE, &OFFICER, NULL, &next, &ap, &err), NQ_EFORBIDDEN);
  assert_int_equal(nq_report_transition(s, false, NQ_ACT_SUBMIT, &OFFICER, NULL, &next, &ap, &err), NQ_EFORBIDDEN);
  assert_int_equal(nq_report_transition(s, false, NQ_ACT_SUBMIT, &HEAD, NULL, &next, &ap, &err), NQ_ECONFLICT);
  assert_non_null(strstr(err.msg, "phê duyệt"));
  assert_int_equal(nq_report_transition(s, false, NQ_ACT_APPROVE, &HEAD, NULL, &next, &ap, &err), NQ_OK);
  assert_true(ap && next == NQ_REPORT_DRAFT);
  /* Saving after approval withdraws it. */
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_SAVE, &OFFICER, NULL, &next, &ap, &err), NQ_OK);
  assert_false(ap);
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_SUBMIT, &HEAD, NULL, &next, &ap, &err), NQ_OK);
  assert_int_equal(next, NQ_REPORT_SUBMITTED);
  s = next;
  /* Once sent the unit cannot edit; only the aggregator decides. */
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_SAVE, &OFFICER, NULL, &next, &ap, &err), NQ_ECONFLICT);
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_ACCEPT, &HEAD, NULL, &next, &ap, &err), NQ_EFORBIDDEN);
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_RETURN, &AGGREGATOR, "", &next, &ap, &err), NQ_EUNPROCESSABLE);
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_RETURN, &AGGREGATOR, "Thiếu số liệu", &next, &ap, &err), NQ_OK);
  assert_int_equal(next, NQ_REPORT_RETURNED);
  assert_false(ap);
  s = next;
  /* Returned: corrected, approved again, resubmitted, accepted; final. */
  assert_int_equal(nq_report_transition(s, false, NQ_ACT_SAVE, &OFFICER, NULL, &next, &ap, &err), NQ_OK);
  assert_int_equal(nq_report_transition(s, false, NQ_ACT_APPROVE, &HEAD, NULL, &next, &ap, &err), NQ_OK);
  assert_int_equal(nq_report_transition(s, true, NQ_ACT_SUBMIT, &HEAD, NULL, &next, &ap, &err), NQ_OK);
  assert_int_equal(next, NQ_REPORT_SUBMITTED);
  assert_int_equal(nq_report_transition(next, true, NQ_ACT_ACCEPT, &AGGREGATOR, NULL, &next, &ap, &err), NQ_OK);
  assert_int_equal(next, NQ_REPORT_ACCEPTED);
  assert_int_equal(nq_report_transition(next, true, NQ_ACT_RETURN, &AGGREGATOR, "x", &next, &ap, &err), NQ_ECONFLICT);
  assert_int_equal(nq_report_transition(NQ_REPORT_DRAFT, false, NQ_ACT_SAVE, &OUTSIDER, NULL, &next, &ap, &err), NQ_EFORBIDDEN);

  nq_report_state parsed;
  assert_true(nq_report_state_from_name("returned", &parsed) && parsed == NQ_REPORT_RETURNED);
  assert_false(nq_report_state_from_name("approved", &parsed));
  nq_report_action act;
  assert_true(nq_report_action_from_name("submit", &act) && act == NQ_ACT_SUBMIT);
}

static void test_scorecard(void **state) {
  (void)state;
  nq_score_input in[] = {
    /* all on time everywhere */
    {.unit_id = 1, .tasks_due = 10, .done_on_time = 10, .reports_due = 12, .reports_on_time = 12,
     .indicators_assessed = 2, .indicator_attainment = 1.0},
    /* half late, some overdue, a missing report */
    {.unit_id = 2, .tasks_due = 10, .done_on_time = 4, .done_late = 2, .overdue = 4,
     .reports_due = 12, .reports_on_time = 9, .reports_late = 2, .reports_missing = 1,
     .indicators_assessed = 2, .indicator_attainment = 0.5},
    /* same figures as unit 1: same rank */
    {.unit_id = 3, .tasks_due = 10, .done_on_time = 10, .reports_due = 12, .reports_on_time = 12,
     .indicators_assessed = 2, .indicator_attainment = 1.0},
    /* no indicators: weights rescale over what was measured */
    {.unit_id = 4, .tasks_due = 4, .done_on_time = 3, .overdue = 1, .reports_due = 4, .reports_on_time = 4},
    /* nothing to measure at all */
    {.unit_id = 5},
  };
  nq_score_result r[5];
  nq_score_weights w = nq_score_weights_default();
  nq_scorecard_compute(in, 5, &w, r);
  assert_true(r[0].score == 100.0 && r[0].cls == NQ_CLASS_EXCELLENT && r[0].rank == 1);
  assert_int_equal(r[2].rank, 1);
  /* unit 2: completion 50, punctuality 60, timeliness (9+1)/12=83.3, indicators 50
  ** -> 0.4*50 + 0.2*60 + 0.2*83.33 + 0.2*50 = 58.7 */
  assert_true(r[1].score > 58.6 && r[1].score < 58.8);
  assert_int_equal(r[1].cls, NQ_CLASS_DONE);
  /* unit 4: (0.4*75 + 0.2*75 + 0.2*100) / 0.8 = 81.25 -> 81.3 */
  assert_true(r[3].indicators < 0);
  assert_true(r[3].score > 81.2 && r[3].score < 81.3 + 1e-9);
  assert_int_equal(r[3].cls, NQ_CLASS_GOOD);
  assert_int_equal(r[3].rank, 3);
  assert_true(r[4].score == 0 && r[4].cls == NQ_CLASS_NOT_DONE && r[4].rank == 5);
  assert_string_equal(nq_score_class_label(r[1].cls), "Hoàn thành nhiệm vụ");

  json_t *j = json_pack("{s:f, s:f}", "indicators", 0.0, "good", 80.0);
  nq_score_weights w2;
  assert_int_equal(nq_score_weights_from_json(j, &w2, NULL), NQ_OK);
  assert_true(w2.indicators == 0 && w2.good == 80);
  json_decref(j);
  j = json_pack("{s:f}", "good", 95.0);  /* above "excellent" */
  assert_int_equal(nq_score_weights_from_json(j, &w2, NULL), NQ_EINVAL);
  json_decref(j);

  json_t *out = nq_score_result_json(&in[1], &r[1]);
  assert_string_equal(json_string_value(json_object_get(out, "class")), "done");
  assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "figures"), "overdue")), 4);
  json_decref(out);
}

static void test_digest_groups_paraphrases(void **state) {
  (void)state;
  nq_digest_input items[] = {
    {"Thiếu kinh phí để triển khai hạ tầng số.", 1, 101},
    {"- Kinh phí triển khai hạ tầng số còn thiếu, chưa được bố trí", 2, 102},
    {"Thieu kinh phi trien khai ha tang so", 3, 103},  /* OCR-style, no diacritics */
    {"Nhân lực chuyên trách về chuyển đổi số còn thiếu\nThiếu kinh phí đầu tư hạ tầng số", 4, 104},
    {"Thiếu nhân lực chuyên trách chuyển đổi số ở cấp xã.", 5, 105},
    {"Phần mềm quản lý văn bản chưa liên thông với hệ thống của tỉnh.", 6, 106},
    {"", 7, 107},
    {"ok", 8, 108},
  };
  json_t *groups = nq_digest_cluster(items, sizeof items / sizeof items[0], 0);
  /* funding (4 points, units 1-4), staffing (2 points), software (1). */
  assert_int_equal(json_array_size(groups), 3);
  json_t *g0 = json_array_get(groups, 0);
  assert_int_equal(json_integer_value(json_object_get(g0, "count")), 4);
  assert_non_null(strstr(json_string_value(json_object_get(g0, "text")), "inh ph"));
  json_t *units = json_object_get(g0, "units");
  assert_int_equal(json_array_size(units), 4);
  for (int u = 0; u < 4; u++) assert_int_equal(json_integer_value(json_array_get(units, (size_t)u)), u + 1);
  assert_int_equal(json_integer_value(json_array_get(json_object_get(g0, "sources"), 3)), 104);
  json_t *g1 = json_array_get(groups, 1);
  assert_int_equal(json_integer_value(json_object_get(g1, "count")), 2);
  assert_non_null(strstr(json_string_value(json_object_get(g1, "text")), "hân lực"));
  json_t *g2 = json_array_get(groups, 2);
  assert_int_equal(json_integer_value(json_array_get(json_object_get(g2, "units"), 0)), 6);
  json_decref(groups);

  groups = nq_digest_cluster(items, 0, 0);
  assert_int_equal(json_array_size(groups), 0);
  json_decref(groups);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_flow_happy_path_and_return),
    cmocka_unit_test(test_scorecard),
    cmocka_unit_test(test_digest_groups_paraphrases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
