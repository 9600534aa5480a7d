/* test_import.c: the text importer against the gold plans (the acceptance
** bar of score.h) and its parts on the cases that broke real documents:
** OCR-damaged document numbers, agency phrases, time phrases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import/agencies.h"
#include "import/docnum.h"
#include "import/import.h"
#include "import/restore.h"
#include "import/timeline.h"
#include "score.h"

static char *path_of(const char *rel) {
  static char buf[4][1024];
  static int k;
  const char *root = getenv("NQ57_SOURCE_ROOT");
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", root ? root : ".", rel);
  return buf[k];
}

static void check_gold(const char *name) {
  char seed[256], gold[256];
  snprintf(seed, sizeof seed, "data/seeds/%s.txt", name);
  snprintf(gold, sizeof gold, "data/gold/%s.json", name);
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_file(path_of(seed), NULL, &plan, &err), NQ_OK);
  json_t *g = json_load_file(path_of(gold), 0, NULL);
  assert_non_null(g);
  nq_score s;
  nq_score_compute(plan, g, &s);
  if (!nq_score_passes(&s)) nq_score_print(stderr, plan, g, &s, true);
  assert_true(s.tasks.f1 >= 0.95);
  assert_true(s.agencies.f1 >= 0.95);
  assert_true(s.kind_acc >= 0.95 && s.due_acc >= 0.95);
  assert_int_equal(s.meta_matched, 8);
  /* codes follow the document's numbering exactly, in document order */
  json_t *it = json_object_get(plan, "tasks"), *gt = json_object_get(g, "tasks");
  assert_int_equal(json_array_size(it), json_array_size(gt));
  for (size_t i = 0; i < json_array_size(gt); i++)
    assert_string_equal(json_string_value(json_object_get(json_array_get(it, i), "code")),
                        json_string_value(json_object_get(json_array_get(gt, i), "code")));
  json_decref(plan);
  json_decref(g);
}

static void test_gold_002(void **state) {
  (void)state;
  check_gold("002_0d321ddfd0dbe398");
}

static void test_gold_000(void **state) {
  (void)state;
  check_gold("000_706b1c236ce94349");
}

static void test_gold_003(void **state) {
  (void)state;
  check_gold("003_88546ef2206df04c");
}

static void expect_num(const char *in, const char *want) {
  char out[128] = "";
  size_t n = nq_docnum_parse(in, out, sizeof out);
  if (!want) {
    assert_int_equal(n, 0);
    return;
  }
  assert_true(n > 0);
  assert_string_equal(out, want);
}

static void test_docnum_repair(void **state) {
  (void)state;
  expect_num("57-N Q/TW, ngày", "57-NQ/TW");
  expect_num("5 7-NQ/T W", "57-NQ/TW");
  expect_num("204-QbB/TW?", "204-QĐ/TW");
  expect_num("71/NQ-CP2, Nghị", "71/NQ-CP");
  expect_num("193/2025/QH15°", "193/2025/QH15");
  expect_num("01-KH/BCDTW*", "01-KH/BCĐTW");
  expect_num("15-KH/DU", "15-KH/ĐU");
  expect_num("94-HD/BTGTU", "94-HD/BTGTU");
  expect_num("57- -NQ/TW ngày", "57-NQ/TW");
  expect_num("22/8/2025", NULL);
  expect_num("2025-2030", NULL);
  assert_true(nq_docnum_same("20/NQ-TW", "20-NQ/TW"));
  assert_true(nq_docnum_same("03/NQ", "03/NQ-CP"));
  assert_false(nq_docnum_same("57-NQ/TW", "57/NQ-CP"));
}

static void expect_sched(const char *phrase, const char *kind, const char *start, const char *due) {
  json_t *s = nq_timeline_schedule(phrase);
  assert_string_equal(json_string_value(json_object_get(s, "kind")), kind);
  json_t *a = json_object_get(s, "start"), *d = json_object_get(s, "due");
  if (start) assert_string_equal(json_string_value(a), start);
  else assert_true(json_is_null(a) || !a);
  if (due) assert_string_equal(json_string_value(d), due);
  else assert_true(json_is_null(d) || !d);
  json_decref(s);
}

static void test_timeline(void **state) {
  (void)state;
  expect_sched("Trong tháng 7/2025 (nội dung đã hoàn thành) và khi có chỉ đạo", "once", NULL, "2025-07-31");
  expect_sched("Trong thang 12 nam 2025", "once", NULL, "2025-12-31");
  expect_sched("2025-2030", "range", "2025-01-01", "2030-12-31");
  expect_sched("Thường xuyên, hằng năm", "recurring", NULL, NULL);
  expect_sched("sau khi Chính phủ ban hành Nghị định hướng dẫn", "conditional", NULL, NULL);
  expect_sched("Quý IV/2025", "once", NULL, "2025-12-31");
  assert_true(nq_timeline_done("Trong thang 7/2025 (noi dung da hoan thanh)"));
  char *t = nq_timeline_find("lồng ghép vào kế hoạch 5 năm, hằng năm của tỉnh");
  assert_null(t);
  t = nq_timeline_find("Tổ chức các đoàn tham gia hàng năm; hoạt động");
  assert_non_null(t);
  assert_string_equal(t, "hàng năm");
  free(t);
}

static void expect_agencies(nq_agency_dir *d, const char *text, const char *want) {
  vn_toks t;
  vn_toks_make(&t, text);
  json_t *arr = json_array();
  nq_agency_list(d, &t, 0, t.n, arr);
  char got[1024] = "";
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    if (i) strcat(got, "; ");
    strncat(got, json_string_value(v), sizeof got - strlen(got) - 1);
  }
  assert_string_equal(got, want);
  json_decref(arr);
  vn_toks_free(&t);
}

static void test_agencies(void **state) {
  (void)state;
  nq_agency_dir *d = nq_agency_dir_default();
  expect_agencies(d, "Đảng ủy Văn phòng UBND tỉnh", "Đảng ủy Văn phòng Ủy ban nhân dân tỉnh");
  expect_agencies(d, "các Sở, ngành có liên quan, Ủy ban nhân dân các huyện, thị xã, thành phố:",
                  "Các sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố");
  expect_agencies(d, "Sở Khoa học và Công nghệ, các cơ quan, đơn vị và địa phương có liên quan tham mưu",
                  "Sở Khoa học và Công nghệ; Các sở, ban, ngành, địa phương");
  expect_agencies(d, "Sở KH&CN và Sở Nội vụ", "Sở Khoa học và Công nghệ; Sở Nội vụ");
  expect_agencies(d, "Liên hiệp các Hội khoa học kỹ thuật tỉnh chủ trì",
                  "Liên hiệp các Hội khoa học và kỹ thuật tỉnh");
  expect_agencies(d, "tăng cường sự lãnh đạo", "");
  nq_agency_dir_free(d);
}

/* A plan written for this test: field lines and a "X chủ trì" sentence
** naming agencies the directory lacks, which become proposals. */
static void test_unknown_agencies(void **state) {
  (void)state;
  const char *text =
    "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\n\n"
    "I. NHIỆM VỤ\n"
    "1. Xây dựng kho dữ liệu dùng chung của tỉnh.\n"
    "- Cơ quan chủ trì: Trung tâm Dữ liệu tỉnh.\n"
    "- Cơ quan phối hợp: Sở Tài chính, Công an tỉnh.\n"
    "- Thời gian thực hiện: Quý II/2026.\n"
    "2. Trung tâm Hành chính công tỉnh chủ trì, phối hợp với Sở Nội vụ rà soát thủ tục hành chính; "
    "thường xuyên cập nhật.\n";
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_text(text, "t.txt", NULL, &plan, &err), NQ_OK);
  json_t *tasks = json_object_get(plan, "tasks");
  assert_int_equal(json_array_size(tasks), 2);
  json_t *t1 = json_array_get(tasks, 0), *t2 = json_array_get(tasks, 1);
  assert_string_equal(json_string_value(json_object_get(t1, "code")), "I.1");
  assert_string_equal(json_string_value(json_array_get(json_object_get(t1, "lead"), 0)), "Trung tâm Dữ liệu tỉnh");
  assert_int_equal(json_array_size(json_object_get(t1, "support")), 2);
  assert_string_equal(json_string_value(json_object_get(json_object_get(t1, "schedule"), "due")), "2026-06-30");
  assert_string_equal(json_string_value(json_array_get(json_object_get(t2, "lead"), 0)),
                      "Trung tâm Hành chính công tỉnh");
  assert_string_equal(json_string_value(json_array_get(json_object_get(t2, "support"), 0)), "Sở Nội vụ");
  assert_string_equal(json_string_value(json_object_get(json_object_get(t2, "schedule"), "kind")), "recurring");
  json_t *na = json_object_get(plan, "new_agencies");
  assert_int_equal(json_array_size(na), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(na, 0), "name")), "Trung tâm Dữ liệu tỉnh");
  json_decref(plan);
}

/* OCR lines of the kind seed 000 has, restored to Vietnamese with marks. */
static void test_restore(void **state) {
  (void)state;
  nq_restorer *r = nq_restorer_new();
  const char *ocr = "- Thoi gian thuc hién: Thurong xuyén, hang ném.\n"
                    "- Co quan chu tri: Pang 1y S¢ Khoa hoc va Céng nghé.\n"
                    "KE HOACH\n";
  char *out = nq_restore_text(r, ocr);
  assert_string_equal(out, "- Thời gian thực hiện: Thường xuyên, hằng năm.\n"
                           "- Cơ quan chủ trì: Đảng ủy Sở Khoa học và Công nghệ.\n"
                           "KẾ HOẠCH\n");
  free(out);
  /* numbers, document numbers and acronyms are left alone */
  out = nq_restore_text(r, "theo Nghi quyet so 57-N Q/TW cua UBND tinh ngay 22/12/2024");
  assert_non_null(strstr(out, "57-N Q/TW"));
  assert_non_null(strstr(out, "UBND"));
  assert_non_null(strstr(out, "22/12/2024"));
  assert_non_null(strstr(out, "Nghị quyết số"));
  free(out);
  nq_restorer_free(r);
  assert_true(nq_text_lacks_diacritics("Ke hoach nay duoc xay dung de trien khai thuc hien nghi quyet "
                                       "cua tinh ve phat trien khoa hoc cong nghe doi moi sang tao va "
                                       "chuyen doi so trong giai doan moi den nam hai nghin ba muoi"));
  assert_false(nq_text_lacks_diacritics("Kế hoạch này được xây dựng để triển khai thực hiện nghị quyết "
                                        "của tỉnh về phát triển khoa học công nghệ đổi mới sáng tạo và "
                                        "chuyển đổi số trong giai đoạn mới đến năm hai nghìn ba mươi"));
}

/* Target and task tables as DOCX tables come out (cells split by '|'). */
static void test_tables(void **state) {
  (void)state;
  const char *text =
    "KẾ HOẠCH\nChuyển đổi số phường năm 2026\n\n"
    "I. MỤC TIÊU\n"
    "STT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030\n"
    "I | Phát triển hạ tầng\n"
    "1 | Tỷ lệ phủ sóng 5G trên địa bàn | % | ≥ 50% | 100%\n"
    "2 | Có trung tâm giám sát an ninh mạng |  | Có | 42-45%\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
    "1. Công an phường theo dõi việc thực hiện; định kỳ 6 tháng, hằng năm báo cáo kết quả.\n\n"
    "PHỤ LỤC 2\n"
    "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện\n"
    "I | Hạ tầng số\n"
    "1 | Lắp đặt camera giám sát giao thông | Công an phường | Phòng Kinh tế, Hạ tầng và Đô thị phường | Quý IV/2026\n";
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_text(text, "t.txt", NULL, &plan, &err), NQ_OK);
  json_t *ind = json_object_get(plan, "indicators");
  assert_int_equal(json_array_size(ind), 2);
  json_t *i1 = json_array_get(ind, 0), *i2 = json_array_get(ind, 1);
  assert_string_equal(json_string_value(json_object_get(i1, "group")), "Phát triển hạ tầng");
  assert_string_equal(json_string_value(json_object_get(i1, "unit")), "%");
  assert_string_equal(json_string_value(json_object_get(json_object_get(i1, "targets"), "2025")), ">=50");
  assert_string_equal(json_string_value(json_object_get(json_object_get(i1, "targets"), "2030")), "100");
  assert_string_equal(json_string_value(json_object_get(json_object_get(i2, "targets"), "2025")), "yes");
  assert_string_equal(json_string_value(json_object_get(json_object_get(i2, "targets"), "2030")), "42-45");
  json_t *tasks = json_object_get(plan, "tasks");
  assert_int_equal(json_array_size(tasks), 1);
  json_t *t = json_array_get(tasks, 0);
  assert_string_equal(json_string_value(json_object_get(t, "code")), "PL2.I.1");
  assert_string_equal(json_string_value(json_array_get(json_object_get(t, "lead"), 0)), "Công an phường");
  assert_string_equal(json_string_value(json_array_get(json_object_get(t, "support"), 0)),
                      "Phòng Kinh tế, Hạ tầng và Đô thị phường");
  assert_string_equal(json_string_value(json_object_get(json_object_get(t, "schedule"), "due")), "2026-12-31");
  json_t *rep = json_object_get(plan, "reporting");
  assert_int_equal(json_array_size(rep), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(rep, 0), "period")), "half");
  assert_int_equal(json_array_size(json_object_get(plan, "duties")), 1);
  json_decref(plan);
}

/* Seed 004: OCR read item "5." as "S." (the repair made it "Sở."); its
** bullets are tasks of part III.5, not more bullets of III.4. */
static void test_ocr_numeral_five(void **state) {
  (void)state;
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_file(path_of("data/seeds/004_f53984c10ee280ef.txt"), NULL, &plan, &err), NQ_OK);
  int in5 = 0, beyond = 0;
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(plan, "tasks"), i, v) {
    const char *code = json_string_value(json_object_get(v, "code"));
    in5 += !strncmp(code, "III.5.", 6);
    beyond += !strcmp(code, "III.4.10");
  }
  assert_int_equal(in5, 3);
  assert_int_equal(beyond, 0);
  json_decref(plan);
}

/* Seed 004's regime, OCR without diacritics: "bao cao Quy truoc ngay 10
** thang cudi Quy" once came out "báo cáo Ủy ... tháng của Ủy" and the
** quarterly report was lost. All four periods and their deadlines. */
static void test_ocr_regime_004(void **state) {
  (void)state;
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_file(path_of("data/seeds/004_f53984c10ee280ef.txt"), NULL, &plan, &err), NQ_OK);
  const char *want[][2] = {{"month", "day 20"}, {"quarter", "day 10 of last month"},
                           {"half", "06-10"}, {"year", "11-30"}};
  json_t *rep = json_object_get(plan, "reporting");
  for (size_t w = 0; w < 4; w++) {
    int found = 0;
    size_t i;
    json_t *v;
    json_array_foreach(rep, i, v) {
      if (strcmp(json_string_value(json_object_get(v, "period")), want[w][0])) continue;
      assert_string_equal(json_string_value(json_object_get(v, "due")), want[w][1]);
      found = 1;
    }
    assert_true(found);
  }
  json_decref(plan);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ocr_regime_004),
    cmocka_unit_test(test_docnum_repair),
    cmocka_unit_test(test_timeline),
    cmocka_unit_test(test_agencies),
    cmocka_unit_test(test_unknown_agencies),
    cmocka_unit_test(test_restore),
    cmocka_unit_test(test_tables),
    cmocka_unit_test(test_ocr_numeral_five),
    cmocka_unit_test(test_gold_000),
    cmocka_unit_test(test_gold_002),
    cmocka_unit_test(test_gold_003),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
