/* test_schedule.c: time phrases of the seed plans to schedules. Every
** timeline/schedule pair of each data/gold file must be reproduced exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/schedule.h"

static const char *iso(nq_date d, char *buf) {
  nq_date_format_iso(d, buf);
  return buf[0] ? buf : "null";
}

static void expect(const char *phrase, nq_sched_kind kind, const char *start, const char *due) {
  nq_schedule s = nq_schedule_parse(phrase);
  char a[NQ_DATE_ISO_LEN], b[NQ_DATE_ISO_LEN];
  if (s.kind != kind || strcmp(iso(s.start, a), start ? start : "null") != 0 ||
      strcmp(iso(s.due, b), due ? due : "null") != 0) {
    print_error("\"%s\": got %s %s..%s, want %s %s..%s\n", phrase, nq_sched_kind_name(s.kind),
                a, b, nq_sched_kind_name(kind), start ? start : "null", due ? due : "null");
    fail();
  }
}

static void test_brief_phrases(void **state) {
  (void)state;
  expect("Trong tháng 7/2025", NQ_SCHED_ONCE, NULL, "2025-07-31");
  expect("Tháng 12/2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("Trong tháng 12 năm 2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("Tháng 2/2028", NQ_SCHED_ONCE, NULL, "2028-02-29");
  expect("Quý III/2025", NQ_SCHED_ONCE, NULL, "2025-09-30");
  expect("Quý IV năm 2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("Quý 1/2026", NQ_SCHED_ONCE, NULL, "2026-03-31");
  expect("6 tháng đầu năm 2026", NQ_SCHED_ONCE, NULL, "2026-06-30");
  expect("9 tháng đầu năm 2026", NQ_SCHED_ONCE, NULL, "2026-09-30");
  expect("Năm 2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("Trong năm 2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("2025-2030", NQ_SCHED_RANGE, "2025-01-01", "2030-12-31");
  expect("Giai đoạn 2026 - 2030", NQ_SCHED_RANGE, "2026-01-01", "2030-12-31");
  expect("Giai đoạn 2026 – 2030", NQ_SCHED_RANGE, "2026-01-01", "2030-12-31");
  expect("Từ năm 2025 đến năm 2030", NQ_SCHED_RANGE, "2025-01-01", "2030-12-31");
  expect("Từ tháng 7/2025 đến hết năm 2026", NQ_SCHED_RANGE, "2025-07-01", "2026-12-31");
  expect("Đến năm 2030", NQ_SCHED_ONCE, NULL, "2030-12-31");
  expect("Trước ngày 30/6/2025", NQ_SCHED_ONCE, NULL, "2025-06-30");
  expect("Trước năm 2030", NQ_SCHED_ONCE, NULL, "2029-12-31");
  expect("31/12/2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("ngày 22 tháng 12 năm 2025", NQ_SCHED_ONCE, NULL, "2025-12-22");
  expect("Quý IV/2025 và năm 2026", NQ_SCHED_ONCE, NULL, "2026-12-31");
  expect("Thường xuyên", NQ_SCHED_RECURRING, NULL, NULL);
  expect("Thường xuyên, hằng năm", NQ_SCHED_RECURRING, NULL, NULL);
  expect("Hằng tháng", NQ_SCHED_RECURRING, NULL, NULL);
  expect("Định kỳ hàng năm (trước ngày 15/11)", NQ_SCHED_RECURRING, NULL, NULL);
  expect("định kỳ hoặc đột xuất", NQ_SCHED_RECURRING, NULL, NULL);
  expect("Thường xuyên, giai đoạn 2025 - 2030", NQ_SCHED_RECURRING, "2025-01-01", "2030-12-31");
  expect("Sau khi có hướng dẫn của Trung ương", NQ_SCHED_CONDITIONAL, NULL, NULL);
  expect("Khi có chỉ đạo của cấp có thẩm quyền", NQ_SCHED_CONDITIONAL, NULL, NULL);
  expect("Trong tháng 7/2025 (nội dung đã hoàn thành) và khi có chỉ đạo của cấp có thẩm quyền",
         NQ_SCHED_ONCE, NULL, "2025-07-31");
  expect(NULL, NQ_SCHED_NONE, NULL, NULL);
  expect("", NQ_SCHED_NONE, NULL, NULL);
  expect("Tiếp tục triển khai", NQ_SCHED_NONE, NULL, NULL);
  expect("Trước ngày 30/6", NQ_SCHED_NONE, NULL, NULL);
  expect("Tháng 13/2025", NQ_SCHED_ONCE, NULL, "2025-12-31"); /* bad month: the year still counts */
}

static void test_ocr_phrases(void **state) {
  (void)state;
  /* seed 000/004 spellings after OCR without the Vietnamese model */
  expect("Trong thang 7/2025 (noi dung da hoan thanh)", NQ_SCHED_ONCE, NULL, "2025-07-31");
  expect("Trong thang 7/2025 (noi dung da hoan thanh) va khi co chi dao cua cap co tham quyen",
         NQ_SCHED_ONCE, NULL, "2025-07-31");
  expect("Thuong xuyén, hang nam", NQ_SCHED_RECURRING, NULL, NULL);
  expect("sau khi Chinh phu ban hanh Nghi dinh huong dan", NQ_SCHED_CONDITIONAL, NULL, NULL);
  expect("Quy III/2025", NQ_SCHED_ONCE, NULL, "2025-09-30");
  expect("Trong thing 12 niim 2025", NQ_SCHED_ONCE, NULL, "2025-12-31");
  expect("Giai doan 2026 - 2030", NQ_SCHED_RANGE, "2026-01-01", "2030-12-31");
  expect("trude ngay 30/6/2025", NQ_SCHED_ONCE, NULL, "2025-06-30");
  /* invalid UTF-8 bytes are separators, not a crash */
  expect("N\xff\xfem 2025 \xc3", NQ_SCHED_ONCE, NULL, "2025-12-31");
  /* decomposed (NFD) input */
  expect("Thu\xcc\x9bo\xcc\x9b\xcc\x80ng xuye\xcc\x82n", NQ_SCHED_RECURRING, NULL, NULL);
}

static void test_frequency_and_anchor(void **state) {
  (void)state;
  nq_schedule s = nq_schedule_parse("Định kỳ hàng năm (trước ngày 15/11)");
  assert_int_equal(s.every, NQ_FREQ_YEARLY);
  assert_int_equal(s.anchor_month, 11);
  assert_int_equal(s.anchor_day, 15);
  assert_int_equal(nq_schedule_parse("Thường xuyên, hằng năm").every, NQ_FREQ_YEARLY);
  assert_int_equal(nq_schedule_parse("Thường xuyên").every, NQ_FREQ_CONTINUOUS);
  assert_int_equal(nq_schedule_parse("Hằng tháng").every, NQ_FREQ_MONTHLY);
  assert_int_equal(nq_schedule_parse("định kỳ hoặc đột xuất").every, NQ_FREQ_PERIODIC);
  assert_int_equal(nq_schedule_parse("Trong năm 2025").every, NQ_FREQ_NONE);
  assert_string_equal(nq_freq_name(NQ_FREQ_QUARTERLY), "quarterly");
}

static void test_says_done(void **state) {
  (void)state;
  assert_true(nq_phrase_says_done("Trong tháng 7/2025 (nội dung đã hoàn thành)"));
  assert_true(nq_phrase_says_done("Trong thang 7/2025 (noi dung da hoan thanh)"));
  assert_false(nq_phrase_says_done("Chưa hoàn thành"));
  assert_false(nq_phrase_says_done("Hoàn thành trong năm 2025"));
  assert_false(nq_phrase_says_done(NULL));
}

static void test_kind_names(void **state) {
  (void)state;
  nq_sched_kind k;
  nq_err err = {0};
  for (int i = NQ_SCHED_NONE; i <= NQ_SCHED_CONDITIONAL; i++) {
    assert_int_equal(nq_sched_kind_from_name(nq_sched_kind_name((nq_sched_kind)i), &k, &err), NQ_OK);
    assert_int_equal(k, i);
  }
  assert_int_equal(nq_sched_kind_from_name("weekly", &k, &err), NQ_EINVAL);
  assert_int_equal(nq_sched_kind_from_name(NULL, &k, &err), NQ_EINVAL);
}

/* Every task of every gold plan: timeline -> schedule and done flag. */
static void test_gold_pairs(void **state) {
  (void)state;
  static const char *const gold[] = {"000_706b1c236ce94349", "002_0d321ddfd0dbe398",
                                     "003_88546ef2206df04c"};
  const char *root = getenv("NQ57_SOURCE_ROOT");
  assert_non_null(root);
  int pairs = 0, agree = 0;
  for (size_t g = 0; g < sizeof gold / sizeof *gold; g++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/gold/%s.json", root, gold[g]);
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc) fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    size_t i;
    json_t *task;
    json_array_foreach(json_object_get(doc, "tasks"), i, task) {
      const char *timeline = json_string_value(json_object_get(task, "timeline"));
      json_t *sched = json_object_get(task, "schedule");
      const char *kind = json_string_value(json_object_get(sched, "kind"));
      const char *start = json_string_value(json_object_get(sched, "start"));
      const char *due = json_string_value(json_object_get(sched, "due"));
      bool done = json_is_true(json_object_get(task, "done"));
      nq_schedule s = nq_schedule_parse(timeline);
      char a[NQ_DATE_ISO_LEN], b[NQ_DATE_ISO_LEN];
      pairs++;
      if (strcmp(nq_sched_kind_name(s.kind), kind) == 0 &&
          strcmp(iso(s.start, a), start ? start : "null") == 0 &&
          strcmp(iso(s.due, b), due ? due : "null") == 0 && nq_phrase_says_done(timeline) == done)
        agree++;
      else
        print_error("%s %s \"%s\": got %s %s..%s\n", gold[g],
                    json_string_value(json_object_get(task, "code")), timeline ? timeline : "null",
                    nq_sched_kind_name(s.kind), a, b);
    }
    json_decref(doc);
  }
  print_message("gold timeline pairs: %d/%d\n", agree, pairs);
  assert_true(pairs >= 100);
  assert_int_equal(agree, pairs);
}


/* The raw OCR of seed 000, before any diacritic restoration: each
** "Thoi gian thuc hién: ..." line (up to the full stop ending its sentence)
** must give the schedule and done flag of the same task in gold 000. */
static void test_raw_ocr_seed(void **state) {
  (void)state;
  const char *root = getenv("NQ57_SOURCE_ROOT");
  char path[1024];
  snprintf(path, sizeof path, "%s/data/seeds/000_706b1c236ce94349.txt", root);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char text[65536];
  size_t len = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[len] = '\0';
  snprintf(path, sizeof path, "%s/data/gold/000_706b1c236ce94349.json", root);
  json_error_t jerr;
  json_t *doc = json_load_file(path, 0, &jerr);
  assert_non_null(doc);
  json_t *tasks = json_object_get(doc, "tasks");

  size_t found = 0, agree = 0;
  for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    char *eol = strchr(line, '\n');
    char *colon = strstr(line, "hién:");
    if (!colon || (eol && colon > eol) || !strstr(line, "gian th")) continue;
    char *start = colon + strlen("hién:"), *end = start;
    while (*end && !(end[0] == '.' && (end[1] == '\n' || end[1] == '\0'))) end++;
    char phrase[256];
    snprintf(phrase, sizeof phrase, "%.*s", (int)(end - start), start);
    json_t *task = json_array_get(tasks, found++);
    assert_non_null(task);
    json_t *sched = json_object_get(task, "schedule");
    const char *due = json_string_value(json_object_get(sched, "due"));
    nq_schedule s = nq_schedule_parse(phrase);
    char b[NQ_DATE_ISO_LEN];
    if (strcmp(nq_sched_kind_name(s.kind), json_string_value(json_object_get(sched, "kind"))) == 0 &&
        strcmp(iso(s.due, b), due ? due : "null") == 0 &&
        nq_phrase_says_done(phrase) == json_is_true(json_object_get(task, "done")))
      agree++;
    else
      print_error("raw \"%s\": got %s ..%s\n", phrase, nq_sched_kind_name(s.kind), b);
  }
  json_decref(doc);
  print_message("raw OCR timelines of seed 000: %zu/%zu\n", agree, found);
  assert_int_equal(found, 28);
  assert_int_equal(agree, found);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_brief_phrases),
    cmocka_unit_test(test_ocr_phrases),
    cmocka_unit_test(test_frequency_and_anchor),
    cmocka_unit_test(test_says_done),
    cmocka_unit_test(test_kind_names),
    cmocka_unit_test(test_gold_pairs),
    cmocka_unit_test(test_raw_ocr_seed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
