/* test_task_table.c: appendix tables as OCR leaves them: task rows rebuilt
** from wrapped, interleaved cells (synthetic lines), the rows of seed 001's
** Phụ lục 2 and the target rows of its Phụ lục 1, checked by reading the
** scan's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import/agencies.h"
#include "import/import.h"
#include "import/task_table.h"

static json_t *find(json_t *tasks, const char *code) {
  size_t i;
  json_t *v;
  json_array_foreach(tasks, i, v) if (!strcmp(json_string_value(json_object_get(v, "code")), code)) return v;
  return NULL;
}

static bool has(json_t *task, const char *role, const char *name) {
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(task, role), i, v) if (!strcmp(json_string_value(v), name)) return true;
  return false;
}

static void test_synthetic(void **state) {
  (void)state;
  const char *L[] = {
      "PHỤ LỤC 2",
      "DANH MỤC CÁC NHIỆM VỤ",
      "TT Nhiệm vụ Cơ quan chủ trì Đơn vị chủ trì Thời gian",
      "tham mưu hoàn thành",
      "I | Công tác lãnh đạo",
      "1 | Thành lập Hội đồng tư vấn cấp tỉnh về phát triển khoa học, công | Đảng ủy UBND tỉnh | Sở Khoa học và Năm 2025",
      "nghệ, đổi mới sáng tạo và chuyển đổi số Công nghệ",
      "",
      "12",
      "2 | Đề án phát triển cây trồng | Đảng ủy UBND tỉnh | Sở Nông nghiệp Năm 2026",
      "chủ lực trên địa bàn tỉnh và Môi trường",
      /* two rows whose numbers OCR lost, then a part whose heading it lost */
      "Xây dựng quỹ hỗ trợ đổi mới sáng tạo | Đảng ủy UBND tỉnh | Sở Tài chính | Năm 2025-2026",
      "Phát triển hạ tầng số",
      "Xây dựng kế hoạch hạ tầng số | Đảng ủy UBND tỉnh | Công an tỉnh | Hằng năm",
      "2 | Nâng cấp trung tâm dữ liệu | Đảng ủy UBND tỉnh | Sở Y tế | Năm 2027",
      "III | Hợp tác quốc tế",
      "1 | Chương trình hợp tác quốc tế | Văn phòng Tỉnh ủy | Năm 2025-2028",
  };
  nq_agency_dir *dir = nq_agency_dir_default();
  json_t *rows = nq_task_table_read(L, (int)(sizeof L / sizeof L[0]), dir);
  assert_int_equal(json_array_size(rows), 6);
  json_t *r = find(rows, "PL2.I.1");
  assert_non_null(r);
  assert_true(has(r, "lead", "Sở Khoa học và Công nghệ"));
  assert_true(has(r, "oversight", "Đảng ủy Ủy ban nhân dân tỉnh"));
  assert_string_equal(json_string_value(json_object_get(r, "timeline")), "Năm 2025");
  /* the wrapped tail of the agency cell is not task text */
  assert_null(strstr(json_string_value(json_object_get(r, "text")), "Công nghệ"));
  r = find(rows, "PL2.I.2");
  assert_non_null(r);
  assert_true(has(r, "lead", "Sở Nông nghiệp và Môi trường"));
  assert_non_null(find(rows, "PL2.I.3"));
  /* numbering restarted: the unnumbered row before "2" opened part II */
  r = find(rows, "PL2.II.1");
  assert_non_null(r);
  assert_true(has(r, "lead", "Công an tỉnh"));
  assert_null(strstr(json_string_value(json_object_get(find(rows, "PL2.I.3"), "text")), "hạ tầng"));
  r = find(rows, "PL2.II.2");
  assert_non_null(r);
  assert_true(has(r, "lead", "Sở Y tế"));
  /* a party body alone in a row carries the task out */
  r = find(rows, "PL2.III.1");
  assert_non_null(r);
  assert_true(has(r, "lead", "Văn phòng Tỉnh ủy"));
  assert_int_equal(json_array_size(json_object_get(r, "oversight")), 0);
  json_decref(rows);
  nq_agency_dir_free(dir);
}

static void test_seed_001(void **state) {
  (void)state;
  char path[1024];
  const char *root = getenv("NQ57_SOURCE_ROOT");
  snprintf(path, sizeof path, "%s/data/seeds/001_b480c6de519bf2d9.txt", root ? root : ".");
  json_t *plan = NULL;
  nq_err err = {0};
  assert_int_equal(nq_import_file(path, NULL, &plan, &err), NQ_OK);
  json_t *tasks = json_object_get(plan, "tasks");
  /* the document assigns agencies only in its appendix: the body's items
  ** are not tasks, the appendix rows are */
  size_t i;
  json_t *v;
  size_t with_lead = 0;
  json_array_foreach(tasks, i, v) {
    assert_memory_equal(json_string_value(json_object_get(v, "code")), "PL2.", 4);
    with_lead += json_array_size(json_object_get(v, "lead")) > 0;
    /* the table names UBND tỉnh only as "Đảng ủy UBND tỉnh", often
    ** wrapped after "Đảng ủy": never the state body alone */
    assert_false(has(v, "lead", "Ủy ban nhân dân tỉnh"));
  }
  assert_true(json_array_size(tasks) >= 50);
  assert_true(with_lead >= 45);
  struct {
    const char *code, *lead, *oversight, *due, *kind;
  } pins[] = {
      {"PL2.I.2", "Sở Khoa học và Công nghệ", "Đảng ủy Ủy ban nhân dân tỉnh", "2025-12-31", "once"},
      {"PL2.IV.3", "Công an tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh", "2025-12-31", "once"},
      {"PL2.IV.10", "Sở Y tế", "Đảng ủy Ủy ban nhân dân tỉnh", "2025-12-31", "once"},
      {"PL2.V.8", "Sở Nông nghiệp và Môi trường", "Đảng ủy Ủy ban nhân dân tỉnh", "2025-12-31", "once"},
      {"PL2.VI.1", "Sở Nội vụ", "Đảng ủy Ủy ban nhân dân tỉnh", "2027-12-31", "once"},
      {"PL2.VIII.2", "Công an tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh", NULL, "recurring"},
      {"PL2.III.1", "Sở Khoa học và Công nghệ", "Đảng ủy Ủy ban nhân dân tỉnh", NULL, "recurring"},
      {"PL2.IX.1", "Sở Ngoại vụ", "Đảng ủy Ủy ban nhân dân tỉnh", "2025-12-31", "once"},
  };
  for (size_t k = 0; k < sizeof pins / sizeof pins[0]; k++) {
    json_t *t = find(tasks, pins[k].code);
    if (!t) fail_msg("no task %s", pins[k].code);
    assert_true(has(t, "lead", pins[k].lead));
    assert_true(has(t, "oversight", pins[k].oversight));
    json_t *sc = json_object_get(t, "schedule");
    assert_string_equal(json_string_value(json_object_get(sc, "kind")), pins[k].kind);
    if (pins[k].due) assert_string_equal(json_string_value(json_object_get(sc, "due")), pins[k].due);
  }
  /* part IV lost its heading in the scan; its first rows lost their numbers */
  assert_non_null(find(tasks, "PL2.IV.1"));
  assert_non_null(find(tasks, "PL2.IV.14"));
  assert_null(find(tasks, "PL2.III.7"));

  /* Phụ lục 1: targets kept only where every year reads cleanly */
  json_t *ind = json_object_get(plan, "indicators");
  assert_true(json_array_size(ind) >= 10);
  struct {
    const char *code, *unit, *y2025, *y2045;
  } rows[] = {
      {"III.16", "%", ">40", ">95"},
      {"V.34", "", ">0.60", "1.0"},
      {"V.37", "%", ">=70", "100"},
      {"V.51", "%", "42-45", ">55"},
  };
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    json_t *t = find(ind, rows[k].code);
    if (!t) fail_msg("no indicator %s", rows[k].code);
    assert_string_equal(json_string_value(json_object_get(t, "unit")), rows[k].unit);
    json_t *tg = json_object_get(t, "targets");
    assert_int_equal(json_object_size(tg), 5);
    assert_string_equal(json_string_value(json_object_get(tg, "2025")), rows[k].y2025);
    assert_string_equal(json_string_value(json_object_get(tg, "2045")), rows[k].y2045);
  }
  assert_string_equal(json_string_value(json_object_get(find(ind, "V.34"), "group")), "Phát triển chuyển đổi số");
  /* "2300" there is "≥300" misread: the row is left out, not guessed */
  assert_null(find(ind, "III.14"));
  /* "6G (50%)" is no target: row 1 is left out */
  assert_null(find(ind, "I.1"));
  json_decref(plan);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_synthetic),
      cmocka_unit_test(test_seed_001),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
