/* test_docx.c: the Decree 30 report as a reader sees it: reopened with
** libzip + libxml2, converted to PDF by LibreOffice, page 1 rendered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readback.h"
#include "report/docx.h"
#include "report/report.h"

static char *write_sample(const char *dir, json_t **report_out) {
  json_t *report = rb_source_json("tests/report/sample_report.json");
  assert_non_null(report);
  char *path = malloc(strlen(dir) + 32);
  sprintf(path, "%s/report.docx", dir);
  nq_err err = {0};
  assert_int_equal(nq_docx_write(report, path, &err), NQ_OK);
  if (report_out) *report_out = report;
  else json_decref(report);
  return path;
}

static int has_string(const json_t *arr, const char *s) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) return (int)i + 1;
  return 0;
}

static const char *cell(const json_t *tables, size_t t, size_t r, size_t c) {
  return json_string_value(json_array_get(json_array_get(json_array_get(tables, t), r), c));
}

static void test_layout_and_text(void **state) {
  (void)state;
  char *dir = rb_tempdir();
  char *path = write_sample(dir, NULL);

  /* The package parts Word needs are all there. */
  const char *parts[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                         "word/_rels/document.xml.rels", "word/styles.xml", "word/header1.xml"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    char *p = rb_zip_entry(path, parts[i], NULL);
    assert_non_null(p);
    free(p);
  }
  char *styles = rb_zip_entry(path, "word/styles.xml", NULL);
  assert_non_null(strstr(styles, "w:ascii=\"Times New Roman\""));
  assert_non_null(strstr(styles, "<w:sz w:val=\"28\"/>"));
  free(styles);

  xmlDocPtr doc = rb_zip_xml(path, "word/document.xml");
  assert_non_null(doc);  /* well-formed XML despite <, &, quotes in the data */
  json_t *all = rb_docx_all_paragraphs(doc);
  json_t *body = rb_docx_paragraphs(doc);
  json_t *tables = rb_docx_tables(doc);

  /* Header table: issuing body left, national title right. */
  assert_string_equal(cell(tables, 0, 0, 0),
                      "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 125/BC-SKHCN");
  assert_string_equal(cell(tables, 0, 0, 1),
                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                      "An Giang, ngày 10 tháng 12 năm 2025");

  /* Title, then the five sections in order, then the appendix. */
  int kind = has_string(body, "BÁO CÁO");
  int subject = has_string(body, "Kết quả thực hiện Kế hoạch số 15-KH/ĐU quý III năm 2025");
  int s1 = has_string(body, "I. KẾT QUẢ THỰC HIỆN");
  int s2 = has_string(body, "II. TỒN TẠI, HẠN CHẾ");
  int s3 = has_string(body, "III. KHÓ KHĂN, VƯỚNG MẮC");
  int s4 = has_string(body, "IV. KIẾN NGHỊ, ĐỀ XUẤT");
  int s5 = has_string(body, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI");
  int appendix = has_string(body, "PHỤ LỤC");
  assert_true(kind && subject == kind + 1);
  assert_true(s1 > subject && s2 > s1 && s3 > s2 && s4 > s3 && s5 > s4 && appendix > s5);
  /* Escaped text comes back exactly; an empty section says so. */
  assert_true(has_string(body, "Chi phí <R&D> tăng 12% so với \"cùng kỳ\"; tỷ lệ 'đạt' cao."));
  int line1 = has_string(body, "Thiếu nhân lực chuyên trách về chuyển đổi số.");
  assert_true(line1 && has_string(body, "Hạ tầng mạng ở vùng sâu còn yếu.") == line1 + 1);
  assert_int_equal(has_string(body, "Không có."), s5 + 1);
  assert_true(has_string(body, "(Kèm theo Báo cáo số 125/BC-SKHCN ngày 10 tháng 12 năm 2025)"));
  assert_true(has_string(body, "Nguồn số liệu: 7 cập nhật của các đơn vị (mã: 11, 14, 15, 16, 21, 22, 23)."));

  /* Recipients and signature. */
  assert_true(has_string(all, "Nơi nhận:"));
  assert_true(has_string(all, "- Ban Chỉ đạo tỉnh;"));
  assert_string_equal(cell(tables, 1, 0, 1), "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An");

  /* Appendix tables: header row, then one row per task / indicator. */
  assert_int_equal(json_array_size(tables), 4);
  const char *task_head[] = {"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ (%)", "Trạng thái", "Kết quả"};
  for (size_t c = 0; c < 7; c++) assert_string_equal(cell(tables, 2, 0, c), task_head[c]);
  assert_int_equal(json_array_size(json_array_get(tables, 2)), 4);
  assert_string_equal(cell(tables, 2, 2, 1), "Xây dựng Trung tâm dữ liệu tỉnh");
  assert_string_equal(cell(tables, 2, 2, 4), "62,5");
  assert_string_equal(cell(tables, 2, 2, 5), "Đang thực hiện");
  assert_string_equal(cell(tables, 2, 3, 5), "Quá hạn chưa hoàn thành");
  assert_string_equal(cell(tables, 3, 0, 1), "Chỉ tiêu");
  assert_string_equal(cell(tables, 3, 1, 1), "Tỷ lệ phủ sóng 5G trên địa bàn");
  assert_string_equal(cell(tables, 3, 1, 3), ">=50");
  assert_string_equal(cell(tables, 3, 1, 4), "47,5");
  assert_string_equal(cell(tables, 3, 2, 5), "Đạt");

  /* Formatting Decree 30 fixes: motto underlined, date italic, A4 with
  ** its margins, page numbers from page 2. */
  char *xml = rb_zip_entry(path, "word/document.xml", NULL);
  assert_non_null(strstr(xml, "<w:u w:val=\"single\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr>"
                              "<w:t xml:space=\"preserve\">Độc lập - Tự do - Hạnh phúc"));
  assert_non_null(strstr(xml, "<w:i/><w:iCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>"
                              "<w:t xml:space=\"preserve\">An Giang, ngày 10"));
  assert_non_null(strstr(xml, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
  assert_non_null(strstr(xml, "w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""));
  assert_non_null(strstr(xml, "w:orient=\"landscape\""));
  assert_non_null(strstr(xml, "<w:titlePg/>"));
  free(xml);

  json_decref(all);
  json_decref(body);
  json_decref(tables);
  xmlFreeDoc(doc);
  unlink(path);
  rmdir(dir);
  free(path);
  free(dir);
}

static void test_rejects_bad_input(void **state) {
  (void)state;
  nq_buf out = NQ_BUF_INIT;
  nq_err err = {0};
  json_t *r = json_pack("{s:s, s:s}", "issuer", "SỞ", "date", "2025-13-01");
  assert_int_equal(nq_docx_render(r, &out, &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "2025-13-01"));
  json_decref(r);
  /* Invalid UTF-8 never reaches the document. */
  r = json_pack("{s:s, s:s#}", "date", "2025-12-10", "subject", "ab\xff", (size_t)3);
  if (r) {
    assert_int_equal(nq_docx_render(r, &out, &err), NQ_EINVAL);
    json_decref(r);
  }
  nq_buf_free(&out);
}

static void test_date_words(void **state) {
  (void)state;
  nq_buf b = NQ_BUF_INIT;
  assert_int_equal(nq_report_date_words("2025-02-05", &b, NULL), NQ_OK);
  assert_string_equal(b.data, "ngày 05 tháng 02 năm 2025");
  nq_buf_reset(&b);
  assert_int_equal(nq_report_date_words("2025-11-30", &b, NULL), NQ_OK);
  assert_string_equal(b.data, "ngày 30 tháng 11 năm 2025");
  nq_buf_reset(&b);
  assert_int_equal(nq_report_date_words("2025-3-1", &b, NULL), NQ_EINVAL);
  nq_report_number(62.5, &b);
  assert_string_equal(b.data, "62,5");
  nq_buf_reset(&b);
  nq_report_number(100.0, &b);
  assert_string_equal(b.data, "100");
  nq_buf_free(&b);
}

static int run(const char *cmd) {
  int rc = system(cmd);
  return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* LibreOffice must open the file and lay it out; page 1 becomes the
** screenshot in docs/. Skipped only where soffice is not installed. */
static void test_pdf_and_screenshot(void **state) {
  (void)state;
  if (run("command -v soffice >/dev/null 2>&1") != 0) {
    skip();
    return;
  }
  char *dir = rb_tempdir();
  char *path = write_sample(dir, NULL);
  char cmd[8192];
  snprintf(cmd, sizeof cmd,
           "cd '%s' && HOME='%s' timeout 180 soffice -env:UserInstallation=file://%s/lo --headless "
           "--convert-to pdf --outdir '%s' '%s' >/dev/null 2>&1",
           dir, dir, dir, dir, path);
  assert_int_equal(run(cmd), 0);
  char pdf[4096];
  snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
  struct stat st;
  assert_int_equal(stat(pdf, &st), 0);
  assert_true(st.st_size > 1000);

  /* The text survives layout: the national title and a task title. */
  if (run("command -v pdftotext >/dev/null 2>&1") == 0) {
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' '%s/report.txt'", pdf, dir);
    assert_int_equal(run(cmd), 0);
    char txt[4096];
    snprintf(txt, sizeof txt, "%s/report.txt", dir);
    FILE *f = fopen(txt, "r");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    assert_non_null(strstr(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert_non_null(strstr(text, "Xây dựng Trung tâm dữ liệu tỉnh"));
  }
  const char *root = getenv("NQ57_SOURCE_ROOT");
  snprintf(cmd, sizeof cmd,
           "mkdir -p '%s/docs/screenshots' && pdftoppm -png -r 70 -f 1 -l 1 -singlefile '%s' "
           "'%s/docs/screenshots/report-docx'", root ? root : ".", pdf, root ? root : ".");
  assert_int_equal(run(cmd), 0);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  run(cmd);
  free(path);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_date_words),
    cmocka_unit_test(test_layout_and_text),
    cmocka_unit_test(test_rejects_bad_input),
    cmocka_unit_test(test_pdf_and_screenshot),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
