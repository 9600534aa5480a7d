/* test_xlsx_csv.c: the XLSX workbook read back cell by cell, and the CSV
** tables byte by byte (BOM, quoting, CRLF, formula guard). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readback.h"
#include "report/csv.h"
#include "report/xlsx.h"

static const json_t *at(const json_t *rows, size_t r, size_t c) {
  return json_array_get(json_array_get(rows, r), c);
}

static const char *s_at(const json_t *rows, size_t r, size_t c) {
  const char *s = json_string_value(at(rows, r, c));
  return s ? s : "";
}

static void test_xlsx_readback(void **state) {
  (void)state;
  json_t *report = rb_source_json("tests/report/sample_report.json");
  assert_non_null(report);
  char *dir = rb_tempdir();
  char path[4096];
  snprintf(path, sizeof path, "%s/report.xlsx", dir);
  nq_err err = {0};
  assert_int_equal(nq_xlsx_write(report, path, &err), NQ_OK);

  /* Summary: counts by status add up to the number of tasks. */
  json_t *sum = rb_xlsx_sheet(path, "Tổng hợp");
  assert_non_null(sum);
  assert_string_equal(s_at(sum, 3, 0), "Trạng thái");
  double counted = 0;
  int overdue_row = -1;
  for (size_t r = 4; r < json_array_size(sum); r++) {
    if (strcmp(s_at(sum, r, 0), "Tổng số") == 0) {
      assert_true(json_real_value(at(sum, r, 1)) == 3.0);
      break;
    }
    counted += json_real_value(at(sum, r, 1));
    if (strcmp(s_at(sum, r, 0), "Quá hạn chưa hoàn thành") == 0) overdue_row = (int)r;
  }
  assert_true(counted == 3.0);
  assert_true(overdue_row == 4);  /* what needs attention comes first */
  assert_true(json_real_value(at(sum, 4, 1)) == 1.0);

  /* Tasks, grouped by status (overdue first), percent as a number, and the
  ** update ids they came from. */
  json_t *tasks = rb_xlsx_sheet(path, "Nhiệm vụ");
  assert_non_null(tasks);
  assert_string_equal(s_at(tasks, 3, 5), "Tiến độ (%)");
  assert_string_equal(s_at(tasks, 4, 1), "III.2.1");
  assert_string_equal(s_at(tasks, 4, 6), "Quá hạn chưa hoàn thành");
  assert_true(json_real_value(at(tasks, 4, 5)) == 40.0);
  assert_string_equal(s_at(tasks, 5, 2), "Xây dựng Trung tâm dữ liệu tỉnh");
  assert_true(json_real_value(at(tasks, 5, 5)) == 62.5);
  assert_string_equal(s_at(tasks, 6, 8), "#11, #14");

  json_t *inds = rb_xlsx_sheet(path, "Chỉ tiêu");
  assert_non_null(inds);
  assert_string_equal(s_at(inds, 4, 2), "Tỷ lệ phủ sóng 5G trên địa bàn");
  assert_string_equal(s_at(inds, 4, 4), ">=50");
  assert_true(json_real_value(at(inds, 4, 5)) == 47.5);
  assert_string_equal(s_at(inds, 4, 7), "#21, #22; Sở KH&CN");
  assert_string_equal(s_at(inds, 5, 5), "Có");

  json_t *tl = rb_xlsx_sheet(path, "Tình hình báo cáo");
  assert_non_null(tl);
  assert_string_equal(s_at(tl, 5, 1), "Sở Tài chính");
  assert_true(json_real_value(at(tl, 5, 7)) == 3.0);
  assert_string_equal(s_at(tl, 6, 6), "Chưa gửi");

  /* In-memory rendering gives a workbook too. */
  nq_buf bytes = NQ_BUF_INIT;
  assert_int_equal(nq_xlsx_render(report, &bytes, &err), NQ_OK);
  assert_true(bytes.len > 1000 && memcmp(bytes.data, "PK", 2) == 0);
  nq_buf_free(&bytes);

  json_decref(sum);
  json_decref(tasks);
  json_decref(inds);
  json_decref(tl);
  json_decref(report);
  unlink(path);
  rmdir(dir);
  free(dir);
}

static void test_csv(void **state) {
  (void)state;
  json_t *report = rb_source_json("tests/report/sample_report.json");
  nq_buf out = NQ_BUF_INIT;
  nq_err err = {0};
  assert_int_equal(nq_csv_render(report, NQ_CSV_TASKS, &out, &err), NQ_OK);
  assert_memory_equal(out.data, "\xEF\xBB\xBFSTT,Mã,Nhiệm vụ,", strlen("\xEF\xBB\xBFSTT,Mã,Nhiệm vụ,"));
  /* Commas force quotes; a leading "=" is neutralised; rows end in CRLF. */
  assert_non_null(strstr(out.data, "\r\n2,III.1.2,Xây dựng Trung tâm dữ liệu tỉnh,Sở Khoa học và Công nghệ,"
                                   "31/12/2025,62.5,Đang thực hiện,\"Đã phê duyệt chủ trương, đang lựa chọn nhà thầu\",15\r\n"));
  assert_non_null(strstr(out.data, ",\"'=SUM(A1) chưa xong, còn 60%\",16\r\n"));
  assert_non_null(strstr(out.data, ",11 14\r\n"));
  nq_buf_reset(&out);

  nq_csv_field(&out, "a \"quoted\"\nline", true);
  nq_csv_field(&out, "-5", false);
  nq_csv_field(&out, "-x", false);
  nq_csv_row_end(&out);
  assert_string_equal(out.data, "\"a \"\"quoted\"\"\nline\",-5,\"'-x\"\r\n");
  nq_buf_reset(&out);

  assert_int_equal(nq_csv_render(report, NQ_CSV_TIMELINESS, &out, &err), NQ_OK);
  assert_non_null(strstr(out.data, "\r\n3,Phường Long Xuyên,2025-09,2025-09-20,,Chưa gửi,Chưa gửi,\r\n"));
  nq_csv_table t;
  assert_true(nq_csv_table_from_name("indicators", &t) && t == NQ_CSV_INDICATORS);
  assert_false(nq_csv_table_from_name("bogus", &t));
  nq_buf_free(&out);
  json_decref(report);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_xlsx_readback),
    cmocka_unit_test(test_csv),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
