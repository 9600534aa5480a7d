/* test_period.c: reporting periods, Decree 09 cut-off windows, due dates
** and the reporting regime as the seed plans write it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/period.h"

static void expect_date(nq_date got, const char *want) {
  char buf[NQ_DATE_ISO_LEN];
  assert_string_equal(nq_date_format_iso(got, buf), want);
}

static nq_period make(nq_period_kind kind, int year, int index, const char *due) {
  nq_period p;
  nq_err err = {0};
  if (nq_period_make(kind, year, index, due, &p, &err) != NQ_OK) fail_msg("%s", err.msg);
  return p;
}

static void test_month(void **state) {
  (void)state;
  nq_period p = make(NQ_PERIOD_MONTH, 2025, 7, "day 20");
  expect_date(p.start, "2025-07-01");
  expect_date(p.end, "2025-07-31");
  expect_date(p.cut_from, "2025-06-15");
  expect_date(p.cut_to, "2025-07-14");
  expect_date(p.due, "2025-07-20");
  p = make(NQ_PERIOD_MONTH, 2026, 1, NULL);
  expect_date(p.cut_from, "2025-12-15");
  expect_date(p.cut_to, "2026-01-14");
  expect_date(p.due, "2026-01-20");
  p = make(NQ_PERIOD_MONTH, 2025, 2, "day 31");      /* clamped */
  expect_date(p.due, "2025-02-28");
  p = make(NQ_PERIOD_MONTH, 2025, 12, "day 5 of next month");
  expect_date(p.due, "2026-01-05");
}

static void test_quarter_half_nine_year(void **state) {
  (void)state;
  nq_period p = make(NQ_PERIOD_QUARTER, 2025, 3, "day 10 of last month");
  expect_date(p.start, "2025-07-01");
  expect_date(p.end, "2025-09-30");
  expect_date(p.cut_from, "2025-06-15");
  expect_date(p.cut_to, "2025-09-14");
  expect_date(p.due, "2025-09-10");
  p = make(NQ_PERIOD_QUARTER, 2026, 1, NULL);
  expect_date(p.cut_from, "2025-12-15");
  expect_date(p.cut_to, "2026-03-14");
  expect_date(p.due, "2026-03-20");
  p = make(NQ_PERIOD_HALF, 2025, 1, "06-10");
  expect_date(p.start, "2025-01-01");
  expect_date(p.end, "2025-06-30");
  expect_date(p.cut_from, "2024-12-15");
  expect_date(p.cut_to, "2025-06-14");
  expect_date(p.due, "2025-06-10");
  p = make(NQ_PERIOD_NINE_MONTHS, 2025, 1, NULL);
  expect_date(p.end, "2025-09-30");
  expect_date(p.cut_from, "2024-12-15");
  expect_date(p.cut_to, "2025-09-14");
  p = make(NQ_PERIOD_YEAR, 2025, 1, "11-30");
  expect_date(p.end, "2025-12-31");
  expect_date(p.cut_from, "2024-12-15");
  expect_date(p.cut_to, "2025-12-14");
  expect_date(p.due, "2025-11-30");
  p = make(NQ_PERIOD_YEAR, 2025, 1, "11-15");     /* seed 003: "trước ngày 15/11" */
  expect_date(p.due, "2025-11-15");
  p = make(NQ_PERIOD_ADHOC, 2025, 0, NULL);
  assert_true(nq_date_is_none(p.start) && nq_date_is_none(p.due));
}

static void test_rejects(void **state) {
  (void)state;
  nq_period p;
  nq_err err = {0};
  assert_int_equal(nq_period_make(NQ_PERIOD_MONTH, 2025, 13, NULL, &p, &err), NQ_EINVAL);
  assert_int_equal(nq_period_make(NQ_PERIOD_QUARTER, 2025, 0, NULL, &p, &err), NQ_EINVAL);
  assert_int_equal(nq_period_make(NQ_PERIOD_HALF, 2025, 2, NULL, &p, &err), NQ_EINVAL);
  assert_int_equal(nq_period_make(NQ_PERIOD_YEAR, 2025, 1, "day 0", &p, &err), NQ_EINVAL);
  assert_int_equal(nq_period_make(NQ_PERIOD_YEAR, 2025, 1, "02-30", &p, &err), NQ_EINVAL);
  assert_int_equal(nq_period_make(NQ_PERIOD_YEAR, 2025, 1, "day 10 of first month", &p, &err),
                   NQ_EINVAL);
  assert_non_null(strstr(err.msg, "hạn báo cáo"));
  assert_true(nq_period_due_valid("day 20"));
  assert_true(nq_period_due_valid(NULL));
  assert_false(nq_period_due_valid("20"));
  nq_period_kind k;
  assert_int_equal(nq_period_kind_from_name("nine_months", &k, &err), NQ_OK);
  assert_int_equal(k, NQ_PERIOD_NINE_MONTHS);
  assert_int_equal(nq_period_kind_from_name("week", &k, &err), NQ_EINVAL);
  assert_string_equal(nq_period_kind_label(NQ_PERIOD_ADHOC), "Đột xuất");
}

static void test_containing_and_between(void **state) {
  (void)state;
  nq_period p, list[16];
  nq_err err = {0};
  assert_int_equal(nq_period_containing(NQ_PERIOD_QUARTER, nq_date_make(2025, 8, 15), NULL, &p, &err), NQ_OK);
  assert_int_equal(p.index, 3);
  assert_int_equal(nq_period_containing(NQ_PERIOD_HALF, nq_date_make(2025, 8, 15), NULL, &p, &err),
                   NQ_ENOTFOUND);
  /* plan 000 signed 20/10/2025, running to 2030: months from October to December 2025 */
  long n = nq_periods_between(NQ_PERIOD_MONTH, nq_date_make(2025, 10, 20), nq_date_make(2025, 12, 31),
                              "day 20", list, 16);
  assert_int_equal(n, 3);
  assert_int_equal(list[0].index, 10);
  assert_int_equal(list[2].index, 12);
  n = nq_periods_between(NQ_PERIOD_QUARTER, nq_date_make(2025, 10, 20), nq_date_make(2030, 12, 31),
                         NULL, list, 16);
  assert_int_equal(n, 21);                    /* Q4/2025 + 5 years x 4; only 16 written */
  assert_int_equal(list[0].index, 4);
  assert_int_equal(list[15].year, 2029);
  n = nq_periods_between(NQ_PERIOD_HALF, nq_date_make(2025, 7, 1), nq_date_make(2026, 12, 31), NULL,
                         list, 16);
  assert_int_equal(n, 1);                     /* H1/2025 ended before July */
  assert_int_equal(list[0].year, 2026);
  assert_int_equal(nq_periods_between(NQ_PERIOD_ADHOC, nq_date_make(2025, 1, 1),
                                      nq_date_make(2025, 12, 31), NULL, list, 16), 0);
  assert_int_equal(nq_periods_between(NQ_PERIOD_YEAR, nq_date_make(2025, 1, 1),
                                      nq_date_make(2025, 12, 31), "bad", list, 16), -1);
  char title[64];
  assert_string_equal(nq_period_title(&list[0], title, sizeof title), "6 tháng đầu năm 2026");
  p = make(NQ_PERIOD_QUARTER, 2025, 3, NULL);
  assert_string_equal(nq_period_title(&p, title, sizeof title), "Quý III/2025");
  p = make(NQ_PERIOD_MONTH, 2025, 7, NULL);
  assert_string_equal(nq_period_title(&p, title, sizeof title), "Tháng 7/2025");
}

/* Renders items as "month:day 20,quarter:,..." for compact comparison. */
static char *render(const nq_regime_item *items, size_t n, char *buf, size_t cap) {
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len, "%s%s:%s", i ? "," : "", nq_period_kind_name(items[i].period),
             items[i].due);
  }
  return buf;
}

static void expect_regime(const char *text, const char *want) {
  nq_regime_item items[NQ_PERIOD_KINDS];
  char buf[256];
  size_t n = nq_regime_parse(text, items, NQ_PERIOD_KINDS);
  render(items, n, buf, sizeof buf);
  if (strcmp(buf, want) != 0) fail_msg("\"%s\": got %s, want %s", text, buf, want);
}

static void test_regime_phrases(void **state) {
  (void)state;
  expect_regime("báo cáo định kỳ hằng tháng trước ngày 20", "month:day 20");
  expect_regime("báo cáo quý trước ngày 10 của tháng cuối quý", "quarter:day 10 of last month");
  expect_regime("báo cáo 6 tháng trước ngày 10/6", "half:06-10");
  expect_regime("báo cáo năm trước ngày 30/11", "year:11-30");
  expect_regime("định kỳ 6 tháng, hằng năm hoặc đột xuất", "half:,year:,adhoc:");
  expect_regime("Định kỳ hàng năm (trước ngày 15/11), báo cáo kết quả", "year:11-15");
  expect_regime("báo cáo tháng trước ngày 5 tháng sau", "month:day 5 of next month");
  expect_regime("báo cáo theo quy định", "");
  expect_regime("Ngày 20 tháng 10 năm 2025", "");
  expect_regime(NULL, "");
}

static char *slurp(const char *rel) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", getenv("NQ57_SOURCE_ROOT"), rel);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)len + 1);
  assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
  s[len] = '\0';
  fclose(f);
  return s;
}

/* The paragraph of a seed starting at marker, up to the next blank line. */
static char *paragraph(const char *doc, const char *marker) {
  const char *p = strstr(doc, marker);
  if (!p) fail_msg("marker not in seed: %s", marker);
  const char *end = strstr(p, "\n\n");
  size_t len = end ? (size_t)(end - p) : strlen(p);
  char *s = malloc(len + 1);
  memcpy(s, p, len);
  s[len] = '\0';
  return s;
}

static void expect_seed(const char *doc, const char *marker, const char *want) {
  char *para = paragraph(doc, marker);
  nq_regime_item items[NQ_PERIOD_KINDS];
  char buf[256];
  render(items, nq_regime_parse(para, items, NQ_PERIOD_KINDS), buf, sizeof buf);
  free(para);
  if (strcmp(buf, want) != 0) fail_msg("seed \"%s\": got %s, want %s", marker, buf, want);
}

/* Union of regimes over paragraphs, compared with a gold plan's reporting. */
static void expect_gold(const char *gold, const char *seed, const char *const *markers) {
  char path[256];
  snprintf(path, sizeof path, "data/gold/%s", gold);
  char *json = slurp(path);
  json_error_t jerr;
  json_t *doc = json_loads(json, 0, &jerr);
  free(json);
  assert_non_null(doc);
  snprintf(path, sizeof path, "data/seeds/%s", seed);
  char *text = slurp(path);
  char dues[NQ_PERIOD_KINDS][24];
  bool seen[NQ_PERIOD_KINDS] = {false};
  for (; *markers; markers++) {
    char *para = paragraph(text, *markers);
    nq_regime_item items[NQ_PERIOD_KINDS];
    size_t n = nq_regime_parse(para, items, NQ_PERIOD_KINDS);
    free(para);
    for (size_t i = 0; i < n; i++) {
      if (!seen[items[i].period] || !dues[items[i].period][0])
        memcpy(dues[items[i].period], items[i].due, sizeof items[i].due);
      seen[items[i].period] = true;
    }
  }
  free(text);
  json_t *reporting = json_object_get(doc, "reporting"), *row;
  size_t i, found = 0;
  json_array_foreach(reporting, i, row) {
    nq_period_kind k;
    assert_int_equal(nq_period_kind_from_name(json_string_value(json_object_get(row, "period")), &k, NULL), NQ_OK);
    const char *due = json_string_value(json_object_get(row, "due"));
    assert_true(seen[k]);
    assert_string_equal(dues[k], due ? due : "");
    found++;
  }
  size_t seen_count = 0;
  for (int k = 0; k < NQ_PERIOD_KINDS; k++) seen_count += seen[k];
  assert_int_equal(seen_count, found);
  json_decref(doc);
}

static void test_regime_seeds(void **state) {
  (void)state;
  static const char *const m000[] = {
    "Thuc hién ché do bao céo, so két", "Binh ky bao c4o tién do",
    "3. Vin phong UBND tinh theo ddi", NULL};
  expect_gold("000_706b1c236ce94349.json", "000_706b1c236ce94349.txt", m000);
  static const char *const m003[] = {"thị xã, thành phố theo chức năng, nhiệm vụ được giao xây dựng", NULL};
  expect_gold("003_88546ef2206df04c.json", "003_88546ef2206df04c.txt", m003);

  char *doc = slurp("data/seeds/004_f53984c10ee280ef.txt");
  expect_seed(doc, "- Cén ctr nhiém vu dugc giao trong K",
              "month:day 20,quarter:day 10 of last month,half:06-10,year:11-30,adhoc:");
  free(doc);
  doc = slurp("data/seeds/001_b480c6de519bf2d9.txt");
  expect_seed(doc, "doan kiém tra dinh ky, bdo cdo", "month:,quarter:,half:,year:");
  expect_seed(doc, "- Dinh k¥ 3 thang, 6 thang", "quarter:,half:,year:,adhoc:");
  expect_seed(doc, "hang thang, 3 théng, 6 thang, 1 nim", "month:,quarter:,half:,year:");
  free(doc);
  doc = slurp("data/seeds/000_706b1c236ce94349.txt");
  expect_seed(doc, "3. Vin phong UBND tinh theo ddi", "month:,quarter:,half:,nine_months:,year:,adhoc:");
  free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_month),
    cmocka_unit_test(test_quarter_half_nine_year),
    cmocka_unit_test(test_rejects),
    cmocka_unit_test(test_containing_and_between),
    cmocka_unit_test(test_regime_phrases),
    cmocka_unit_test(test_regime_seeds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
