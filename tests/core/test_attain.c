/* test_attain.c: targets as seed plan 001's targets table (Phụ lục 1, Nghệ
** An 328-KH/TU) prints them, values as units report them, lights, roll-ups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/attain.h"

static void expect_target(const char *text, nq_target_op op, const char *normal) {
  nq_target t = nq_target_parse(text);
  char buf[32];
  if (t.op != op) fail_msg("\"%s\": op %d, want %d", text, t.op, op);
  assert_string_equal(nq_target_format(&t, buf, sizeof buf), normal);
}

static void test_parse_targets(void **state) {
  (void)state;
  /* plan-json.md normal forms */
  expect_target(">=50", NQ_TARGET_GE, ">=50");
  expect_target(">50", NQ_TARGET_GT, ">50");
  expect_target("<=10", NQ_TARGET_LE, "<=10");
  expect_target("<10", NQ_TARGET_LT, "<10");
  expect_target("100", NQ_TARGET_LEVEL, "100");
  expect_target("42-45", NQ_TARGET_RANGE, "42-45");
  expect_target("yes", NQ_TARGET_YES, "yes");
  /* seed 001 as printed (OCR) */
  expect_target(">50%", NQ_TARGET_GT, ">50");
  expect_target("> 40%", NQ_TARGET_GT, ">40");
  expect_target("80-90%", NQ_TARGET_RANGE, "80-90");
  expect_target(">2-3%", NQ_TARGET_RANGE, "2-3");
  expect_target("> 120", NQ_TARGET_GT, ">120");
  expect_target("100%", NQ_TARGET_LEVEL, "100");
  expect_target("Co", NQ_TARGET_YES, "yes");
  expect_target("Có", NQ_TARGET_YES, "yes");
  expect_target("6G (50%)", NQ_TARGET_TEXT, "");
  expect_target("Bảo đảm đạt mức theo phân bổ NSTW", NQ_TARGET_TEXT, "");
  /* as clean plans print them */
  expect_target("≥ 50%", NQ_TARGET_GE, ">=50");
  expect_target("≤ 10%", NQ_TARGET_LE, "<=10");
  expect_target("Tối thiểu 60%", NQ_TARGET_GE, ">=60");
  expect_target("trên 4,42%", NQ_TARGET_GT, ">4.42");
  expect_target("45-42", NQ_TARGET_TEXT, "");
  expect_target("", NQ_TARGET_TEXT, "");
  expect_target(NULL, NQ_TARGET_TEXT, "");
}

static void test_parse_values(void **state) {
  (void)state;
  double v;
  nq_err err = {0};
  assert_int_equal(nq_value_parse_number("48,5", &v, &err), NQ_OK);
  assert_true(v == 48.5);
  assert_int_equal(nq_value_parse_number("53,8%", &v, &err), NQ_OK);
  assert_true(v == 53.8);
  assert_int_equal(nq_value_parse_number("1.500", &v, &err), NQ_OK);
  assert_true(v == 1500);
  assert_int_equal(nq_value_parse_number("1.234,5", &v, &err), NQ_OK);
  assert_true(v == 1234.5);
  assert_int_equal(nq_value_parse_number("1,234.5", &v, &err), NQ_OK);
  assert_true(v == 1234.5);
  assert_int_equal(nq_value_parse_number("48.5", &v, &err), NQ_OK);
  assert_true(v == 48.5);
  assert_int_equal(nq_value_parse_number("0.125", &v, &err), NQ_OK);
  assert_true(v == 0.125);
  assert_int_equal(nq_value_parse_number(" 55 ", &v, &err), NQ_OK);
  assert_true(v == 55);
  assert_int_equal(nq_value_parse_number("-3", &v, &err), NQ_OK);
  assert_true(v == -3);
  assert_int_equal(nq_value_parse_number("khoảng 50", &v, &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "không phải số"));
  assert_int_equal(nq_value_parse_number("", &v, &err), NQ_EINVAL);
  bool yes;
  assert_true(nq_value_parse_yes("có", &yes) && yes);
  assert_true(nq_value_parse_yes("Có", &yes) && yes);
  assert_true(nq_value_parse_yes("CÓ", &yes) && yes);
  assert_true(nq_value_parse_yes("yes", &yes) && yes);
  assert_true(nq_value_parse_yes("Đạt", &yes) && yes);
  assert_true(nq_value_parse_yes("không", &yes) && !yes);
  assert_true(nq_value_parse_yes("Chưa đạt", &yes) && !yes);
  assert_false(nq_value_parse_yes("đang xây dựng", &yes));
}

static void expect_eval(const char *target, const char *value, double elapsed, nq_attain a,
                        nq_light light) {
  nq_target t = nq_target_parse(target);
  nq_eval e = nq_target_eval(&t, value, elapsed);
  if (e.attained != a || e.light != light)
    fail_msg("%s with %s at %.2f: %s/%s, want %s/%s", target, value, elapsed,
             nq_attain_name(e.attained), nq_light_name(e.light), nq_attain_name(a), nq_light_name(light));
}

static void test_eval(void **state) {
  (void)state;
  /* "Tỷ lệ người sử dụng có khả năng truy cập băng rộng ... >50%" (001, 2025) */
  expect_eval(">50%", "55", 0.5, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);
  expect_eval(">50%", "50", 1, NQ_ATTAIN_NO, NQ_LIGHT_RED);
  expect_eval(">=50", "48,5", 0.5, NQ_ATTAIN_NO, NQ_LIGHT_GREEN);    /* 97% of target at mid-year */
  expect_eval(">=50", "48,5", 1, NQ_ATTAIN_NO, NQ_LIGHT_RED);
  expect_eval(">=50", "20", 0.45, NQ_ATTAIN_NO, NQ_LIGHT_AMBER);     /* 40% vs 45% of time */
  expect_eval(">=50", "10", 0.45, NQ_ATTAIN_NO, NQ_LIGHT_RED);
  expect_eval("100%", "100", 1, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);
  expect_eval("80-90%", "92", 1, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);     /* past the band is still met */
  expect_eval("80-90%", "79,9", 1, NQ_ATTAIN_NO, NQ_LIGHT_RED);
  expect_eval("<=10", "8", 1, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);
  expect_eval("<10", "10", 0.2, NQ_ATTAIN_NO, NQ_LIGHT_GREEN);
  /* "Trung tâm an ninh mạng cấp tỉnh ... Có" (001) */
  expect_eval("Co", "có", 0.3, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);
  expect_eval("yes", "Có", 1, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);
  expect_eval("yes", "yes", 1, NQ_ATTAIN_YES, NQ_LIGHT_GREEN);
  expect_eval("yes", "chưa", 0.5, NQ_ATTAIN_NO, NQ_LIGHT_AMBER);
  expect_eval("yes", "chưa", 0.9, NQ_ATTAIN_NO, NQ_LIGHT_RED);
  expect_eval("6G (50%)", "50", 1, NQ_ATTAIN_NOT_EVALUABLE, NQ_LIGHT_NONE);
  expect_eval(">50", "đang triển khai", 1, NQ_ATTAIN_NOT_EVALUABLE, NQ_LIGHT_NONE);
  expect_eval(">50", NULL, 1, NQ_ATTAIN_NOT_EVALUABLE, NQ_LIGHT_NONE);

  nq_target t = nq_target_parse(">=50");
  nq_eval e = nq_target_eval(&t, "55", 1);
  assert_true(e.ratio > 1.099 && e.ratio < 1.101);
  t = nq_target_parse("<=10");
  e = nq_target_eval(&t, "12,5", 1);
  assert_true(e.ratio > 0.799 && e.ratio < 0.801);
  t = nq_target_parse("free");
  assert_true(nq_target_eval(&t, "1", 1).ratio < 0);
  assert_string_equal(nq_light_label(NQ_LIGHT_AMBER), "Vàng");
  assert_string_equal(nq_attain_label(NQ_ATTAIN_NO), "Không đạt");
}

static void test_aggregate(void **state) {
  (void)state;
  /* five wards reporting 5G coverage; one did not report */
  const char *const coverage[] = {"55", "48,5", NULL, "60", " ", "41.5"};
  double out;
  size_t used;
  nq_err err = {0};
  assert_int_equal(nq_aggregate(NQ_AGG_SUM, coverage, 6, &out, &used, &err), NQ_OK);
  assert_int_equal(used, 4);
  assert_true(out == 205);
  assert_int_equal(nq_aggregate(NQ_AGG_MEAN, coverage, 6, &out, &used, &err), NQ_OK);
  assert_true(out == 51.25);
  assert_int_equal(nq_aggregate(NQ_AGG_MIN, coverage, 6, &out, &used, &err), NQ_OK);
  assert_true(out == 41.5);
  assert_int_equal(nq_aggregate(NQ_AGG_MAX, coverage, 6, &out, &used, &err), NQ_OK);
  assert_true(out == 60);
  assert_int_equal(nq_aggregate(NQ_AGG_LATEST, coverage, 6, &out, &used, &err), NQ_OK);
  assert_true(out == 41.5);
  const char *const centre[] = {"Có", "có", "không", "yes", NULL};
  assert_int_equal(nq_aggregate(NQ_AGG_SHARE_YES, centre, 5, &out, &used, &err), NQ_OK);
  assert_int_equal(used, 4);
  assert_true(out == 0.75);
  const char *const bad[] = {"12", "mười"};
  assert_int_equal(nq_aggregate(NQ_AGG_SUM, bad, 2, &out, &used, &err), NQ_EUNPROCESSABLE);
  assert_non_null(strstr(err.msg, "giá trị thứ 2"));
  assert_int_equal(nq_aggregate(NQ_AGG_SHARE_YES, bad, 2, &out, &used, &err), NQ_EUNPROCESSABLE);
  assert_int_equal(nq_aggregate(NQ_AGG_MEAN, coverage, 0, &out, &used, &err), NQ_OK);
  assert_int_equal(used, 0);
  assert_true(out == 0);
  nq_agg_rule r;
  assert_int_equal(nq_agg_rule_from_name("share_yes", &r, &err), NQ_OK);
  assert_int_equal(r, NQ_AGG_SHARE_YES);
  assert_string_equal(nq_agg_rule_name(NQ_AGG_LATEST), "latest");
  assert_int_equal(nq_agg_rule_from_name("median", &r, &err), NQ_EINVAL);
}

/* One indicator's figure as every view shows it: the rule from the target
** and measure when none is named, rounding, yes/no shares, free text. */
static void test_indicator_rollup(void **state) {
  (void)state;
  char *pct[] = {"80", NULL, "91,5"};
  nq_rollup r = nq_indicator_rollup("%", NULL, ">=80", pct, 3, 1);
  assert_int_equal(r.rule, NQ_AGG_MEAN);
  assert_int_equal(r.used, 2);
  assert_true(json_real_value(r.value) == 85.75);
  assert_int_equal(r.ev.attained, NQ_ATTAIN_YES);
  json_decref(r.value);

  char *yes[] = {"có", "không", "Có", "có"};
  r = nq_indicator_rollup(NULL, NULL, "Có", yes, 4, 1);
  assert_int_equal(r.rule, NQ_AGG_SHARE_YES);
  assert_true(json_real_value(r.value) == 75.0); /* a share of yes, in percent */
  json_decref(r.value);

  char *one[] = {"có"};
  r = nq_indicator_rollup(NULL, "share_yes", NULL, one, 1, 1);
  assert_string_equal(json_string_value(r.value), "Có");
  assert_int_equal(r.ev.attained, NQ_ATTAIN_NOT_EVALUABLE); /* no target */
  json_decref(r.value);

  char *sum[] = {"1.234", "16"};
  r = nq_indicator_rollup("doanh nghiệp", NULL, "1000", sum, 2, 1);
  assert_int_equal(r.rule, NQ_AGG_SUM);
  assert_true(json_real_value(r.value) == 1250.0);
  json_decref(r.value);

  char *text[] = {"đang triển khai"};
  r = nq_indicator_rollup("%", NULL, ">=50", text, 1, 1);
  assert_true(r.free_text);
  assert_string_equal(json_string_value(r.value), "đang triển khai");
  json_decref(r.value);

  r = nq_indicator_rollup("%", NULL, ">=50", NULL, 0, 1);
  assert_true(json_is_null(r.value));
  assert_int_equal(r.used, 0);
  json_decref(r.value);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parse_targets),
    cmocka_unit_test(test_parse_values),
    cmocka_unit_test(test_eval),
    cmocka_unit_test(test_aggregate),
    cmocka_unit_test(test_indicator_rollup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
