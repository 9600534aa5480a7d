/* csv.c: RFC 4180 CSV of one report table; see csv.h. */
#include "report/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

bool nq_csv_table_from_name(const char *name, nq_csv_table *out) {
  if (!name) return false;
  if (strcmp(name, "tasks") == 0) *out = NQ_CSV_TASKS;
  else if (strcmp(name, "indicators") == 0) *out = NQ_CSV_INDICATORS;
  else if (strcmp(name, "timeliness") == 0) *out = NQ_CSV_TIMELINESS;
  else return false;
  return true;
}

static bool looks_numeric(const char *s) {
  char *end;
  strtod(s, &end);
  return end != s && *end == '\0';
}

void nq_csv_field(nq_buf *out, const char *text, bool first) {
  const char *s = text ? text : "";
  if (!first) nq_buf_putc(out, ',');
  bool formula = strchr("=+-@", s[0]) && s[0] && !looks_numeric(s);
  bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
  if (quote) nq_buf_putc(out, '"');
  if (formula) nq_buf_putc(out, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '"') nq_buf_putc(out, '"');
    nq_buf_putc(out, *p);
  }
  if (quote) nq_buf_putc(out, '"');
}

void nq_csv_row_end(nq_buf *out) { nq_buf_puts(out, "\r\n"); }

static const char *str(const json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  return s ? s : "";
}

static void value_field(nq_buf *out, const json_t *v) {
  /* CSV keeps numbers machine-readable (decimal point), unlike the DOCX. */
  nq_buf text = NQ_BUF_INIT;
  if (json_is_real(v)) nq_buf_printf(&text, "%g", json_real_value(v));
  else nq_report_value_text(v, &text);
  nq_csv_field(out, text.data ? text.data : "", false);
  nq_buf_free(&text);
}

static void updates_field(nq_buf *out, const json_t *item) {
  nq_buf ids = NQ_BUF_INIT;
  size_t i;
  const json_t *id;
  json_array_foreach(json_object_get(item, "updates"), i, id)
    if (json_is_integer(id))
      nq_buf_printf(&ids, "%s%lld", ids.len ? " " : "", (long long)json_integer_value(id));
  nq_csv_field(out, ids.data ? ids.data : "", false);
  nq_buf_free(&ids);
}

static void header(nq_buf *out, const char *const *titles, int n) {
  for (int i = 0; i < n; i++) nq_csv_field(out, titles[i], i == 0);
  nq_csv_row_end(out);
}

nq_code nq_csv_render(const json_t *report, nq_csv_table table, nq_buf *out, nq_err *err) {
  json_t *r;
  nq_code rc = nq_report_normalise(report, &r, err);
  if (rc) return rc;
  nq_buf_puts(out, "\xEF\xBB\xBF");
  size_t i;
  const json_t *item;
  char stt[32];
  switch (table) {
  case NQ_CSV_TASKS: {
    static const char *const t[] = {"STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn",
                                    "Tiến độ (%)", "Trạng thái", "Kết quả", "Mã cập nhật"};
    header(out, t, 9);
    json_array_foreach(json_object_get(r, "tasks"), i, item) {
      snprintf(stt, sizeof stt, "%zu", i + 1);
      nq_csv_field(out, stt, true);
      nq_csv_field(out, str(item, "code"), false);
      nq_csv_field(out, str(item, "title"), false);
      nq_csv_field(out, str(item, "lead"), false);
      nq_csv_field(out, str(item, "due"), false);
      value_field(out, json_object_get(item, "percent"));
      nq_csv_field(out, nq_report_status_label(str(item, "status")), false);
      nq_csv_field(out, str(item, "result"), false);
      updates_field(out, item);
      nq_csv_row_end(out);
    }
    break;
  }
  case NQ_CSV_INDICATORS: {
    static const char *const t[] = {"STT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu",
                                    "Giá trị", "Đánh giá", "Nguồn", "Mã cập nhật"};
    header(out, t, 9);
    json_array_foreach(json_object_get(r, "indicators"), i, item) {
      snprintf(stt, sizeof stt, "%zu", i + 1);
      nq_csv_field(out, stt, true);
      nq_csv_field(out, str(item, "code"), false);
      nq_csv_field(out, str(item, "name"), false);
      nq_csv_field(out, str(item, "unit"), false);
      value_field(out, json_object_get(item, "target"));
      value_field(out, json_object_get(item, "value"));
      nq_csv_field(out, str(item, "assessment"), false);
      nq_csv_field(out, str(item, "source"), false);
      updates_field(out, item);
      nq_csv_row_end(out);
    }
    break;
  }
  case NQ_CSV_TIMELINESS: {
    static const char *const t[] = {"STT", "Đơn vị", "Kỳ báo cáo", "Hạn gửi", "Ngày gửi",
                                    "Trạng thái", "Đánh giá", "Số ngày chậm"};
    header(out, t, 8);
    json_array_foreach(json_object_get(r, "timeliness"), i, item) {
      snprintf(stt, sizeof stt, "%zu", i + 1);
      nq_csv_field(out, stt, true);
      nq_csv_field(out, str(item, "unit"), false);
      nq_csv_field(out, str(item, "period"), false);
      nq_csv_field(out, str(item, "due"), false);
      nq_csv_field(out, str(item, "submitted_at"), false);
      nq_csv_field(out, str(item, "state"), false);
      nq_csv_field(out, str(item, "timeliness"), false);
      value_field(out, json_object_get(item, "days_late"));
      nq_csv_row_end(out);
    }
    break;
  }
  default:
    rc = nq_fail(err, NQ_EINVAL, "CSV: bảng không hợp lệ");
  }
  json_decref(r);
  return rc;
}

nq_code nq_csv_write(const json_t *report, nq_csv_table table, const char *path, nq_err *err) {
  nq_buf bytes = NQ_BUF_INIT;
  nq_code rc = nq_csv_render(report, table, &bytes, err);
  if (!rc) rc = nq_report_write_file(path, bytes.data, bytes.len, err);
  nq_buf_free(&bytes);
  return rc;
}
