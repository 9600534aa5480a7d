/* test_date.c: civil dates and the date spellings found in the seed plans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"

static void expect_vn(const char *text, int y, int m, int d) {
  nq_date got;
  nq_err err = {0};
  assert_int_equal(nq_date_parse_vn(text, &got, &err), NQ_OK);
  assert_int_equal(got.y, y);
  assert_int_equal(got.m, m);
  assert_int_equal(got.d, d);
}

static void test_parse_seed_spellings(void **state) {
  (void)state;
  /* 000 (OCR, no diacritics), 002 and 003 (clean) */
  expect_vn("ngay 20 thang 10 nam 2025", 2025, 10, 20);
  expect_vn("Ngày 22 tháng 12 năm 2024", 2024, 12, 22);
  expect_vn("ngày 08 tháng 5 năm 2024", 2024, 5, 8);
  expect_vn("ngày 01 tháng 11 năm 2012", 2012, 11, 1);
  expect_vn("22/12/2024", 2024, 12, 22);
  expect_vn("02/6/2025", 2025, 6, 2);
  expect_vn("31/7/2025", 2025, 7, 31);
  expect_vn(" 14/4/2022 ", 2022, 4, 14);
  expect_vn("31-12-2025", 2025, 12, 31);
  /* decomposed (NFD) input is read like NFC */
  expect_vn("nga\xcc\x80y 9 tha\xcc\x81ng 9 na\xcc\x86m 2024", 2024, 9, 9);

  nq_date d;
  nq_err err = {0};
  assert_int_equal(nq_date_parse("2025-10-20", &d, &err), NQ_OK);
  assert_int_equal(nq_date_cmp(d, nq_date_make(2025, 10, 20)), 0);
  assert_int_equal(nq_date_parse("20/10/2025", &d, &err), NQ_OK);
  assert_int_equal(nq_date_cmp(d, nq_date_make(2025, 10, 20)), 0);
}

static void test_parse_rejects(void **state) {
  (void)state;
  nq_date d;
  nq_err err = {0};
  assert_int_equal(nq_date_parse_iso("2025-7-31", &d, &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "ngày không hợp lệ"));
  assert_int_equal(nq_date_parse_iso("2025-02-29", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse_iso("2024-02-29", &d, &err), NQ_OK);
  assert_int_equal(nq_date_parse_vn("31/6/2025", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse_vn("31/7/2025 x", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse_vn("7/2025", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse_vn("31/7-2025", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse_vn("\xff\xfe", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse_vn("ngày 31 tháng 7", &d, &err), NQ_EINVAL);
  assert_int_equal(nq_date_parse(NULL, &d, &err), NQ_EINVAL);
}

static void test_format(void **state) {
  (void)state;
  char buf[NQ_DATE_ISO_LEN];
  assert_string_equal(nq_date_format_iso(nq_date_make(2025, 7, 31), buf), "2025-07-31");
  assert_string_equal(nq_date_format_vn(nq_date_make(2025, 6, 2), buf), "02/06/2025");
  assert_string_equal(nq_date_format_iso(NQ_DATE_NONE, buf), "");
}

static void test_arithmetic(void **state) {
  (void)state;
  assert_int_equal(nq_date_last_of_month(2025, 2).d, 28);
  assert_int_equal(nq_date_last_of_month(2024, 2).d, 29);
  assert_int_equal(nq_date_last_of_month(2025, 7).d, 31);
  assert_int_equal(nq_date_last_of_month(2025, 13).y, 0);
  assert_int_equal(nq_date_to_days(nq_date_make(1970, 1, 1)), 0);
  assert_int_equal(nq_date_to_days(nq_date_make(2000, 3, 1)), 11017);
  /* round trip over several years including leap days */
  for (long n = nq_date_to_days(nq_date_make(2023, 12, 1)); n < 19800; n++) {
    nq_date d = nq_date_from_days(n);
    assert_true(nq_date_valid(d.y, d.m, d.d));
    assert_int_equal(nq_date_to_days(d), n);
  }
  nq_date d = nq_date_add_days(nq_date_make(2024, 12, 22), 10);
  assert_int_equal(nq_date_cmp(d, nq_date_make(2025, 1, 1)), 0);
  assert_int_equal(nq_date_diff(nq_date_make(2025, 1, 1), nq_date_make(2025, 12, 31)), 364);
  d = nq_date_add_months(nq_date_make(2024, 1, 31), 1);
  assert_int_equal(nq_date_cmp(d, nq_date_make(2024, 2, 29)), 0);
  d = nq_date_add_months(nq_date_make(2025, 1, 15), -1);
  assert_int_equal(nq_date_cmp(d, nq_date_make(2024, 12, 15)), 0);
  d = nq_date_add_months(nq_date_make(2025, 11, 30), 14);
  assert_int_equal(nq_date_cmp(d, nq_date_make(2027, 1, 30)), 0);
  assert_true(nq_date_cmp(NQ_DATE_NONE, nq_date_make(1, 1, 1)) < 0);
  assert_true(nq_date_cmp(nq_date_make(2025, 7, 31), nq_date_make(2025, 8, 1)) < 0);
  assert_int_equal(nq_date_quarter(nq_date_make(2025, 7, 31)), 3);
  assert_int_equal(nq_date_quarter(nq_date_make(2025, 12, 31)), 4);
  assert_int_equal(nq_date_quarter(nq_date_make(2025, 1, 1)), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parse_seed_spellings),
    cmocka_unit_test(test_parse_rejects),
    cmocka_unit_test(test_format),
    cmocka_unit_test(test_arithmetic),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
