/* xlsx.c: report tables as an Excel workbook via libxlsxwriter; see xlsx.h. */
#include "report/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report/report.h"

/* Order in which statuses are listed: what needs attention first. */
static const char *const STATUS_ORDER[] = {
  "overdue", "at_risk", "in_progress", "not_started", "done_late", "done_on_time", "done",
};
enum { NSTATUS = sizeof STATUS_ORDER / sizeof STATUS_ORDER[0] };

static int status_rank(const char *s) {
  for (int i = 0; i < NSTATUS; i++)
    if (s && strcmp(s, STATUS_ORDER[i]) == 0) return i;
  return NSTATUS;
}

typedef struct formats {
  lxw_format *title, *head, *text, *number, *center;
} formats;

static const char *str(const json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  return s ? s : "";
}

static void write_value(lxw_worksheet *ws, int row, int col, const json_t *v, const formats *f) {
  if (json_is_number(v)) {
    worksheet_write_number(ws, row, col, json_number_value(v), f->number);
  } else {
    nq_buf text = NQ_BUF_INIT;
    nq_report_value_text(v, &text);
    worksheet_write_string(ws, row, col, text.data ? text.data : "", f->text);
    nq_buf_free(&text);
  }
}

/* The progress-update ids a row came from, as "#12, #15". */
static void write_sources(lxw_worksheet *ws, int row, int col, const json_t *item, const formats *f) {
  const json_t *ids = json_object_get(item, "updates");
  nq_buf text = NQ_BUF_INIT;
  size_t i;
  const json_t *id;
  json_array_foreach(ids, i, id) {
    if (!json_is_integer(id)) continue;
    nq_buf_printf(&text, "%s#%lld", text.len ? ", " : "", (long long)json_integer_value(id));
  }
  const char *source = str(item, "source");
  if (*source) nq_buf_printf(&text, "%s%s", text.len ? "; " : "", source);
  worksheet_write_string(ws, row, col, text.data ? text.data : "", f->text);
  nq_buf_free(&text);
}

static void header(lxw_worksheet *ws, int row, const char *const *titles, const double *widths,
                   int n, const formats *f) {
  for (int c = 0; c < n; c++) {
    worksheet_set_column(ws, c, c, widths[c], NULL);
    worksheet_write_string(ws, row, c, titles[c], f->head);
  }
  worksheet_freeze_panes(ws, row + 1, 0);
}

static void title(lxw_worksheet *ws, const char *text, const json_t *r, const formats *f) {
  worksheet_write_string(ws, 0, 0, text, f->title);
  const char *period = str(json_object_get(r, "period"), "label");
  nq_buf sub = NQ_BUF_INIT;
  nq_buf_printf(&sub, "%s%s%s", str(r, "issuer"), *period ? " - " : "", period);
  worksheet_write_string(ws, 1, 0, sub.data, NULL);
  nq_buf_free(&sub);
}

typedef struct ranked {
  const json_t *task;
  int rank;
  size_t index;
} ranked;

static int by_rank(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void summary_sheet(lxw_workbook *wb, const json_t *r, const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp");
  title(ws, "TỔNG HỢP NHIỆM VỤ THEO TRẠNG THÁI", r, f);
  static const char *const titles[] = {"Trạng thái", "Số nhiệm vụ", "Tỷ lệ (%)"};
  static const double widths[] = {32, 14, 12};
  header(ws, 3, titles, widths, 3, f);
  const json_t *tasks = json_object_get(r, "tasks");
  size_t total = json_array_size(tasks);
  int counts[NSTATUS + 1] = {0};
  size_t i;
  const json_t *t;
  json_array_foreach(tasks, i, t) counts[status_rank(str(t, "status"))]++;
  int row = 4;
  for (int s = 0; s <= NSTATUS; s++) {
    if (s == NSTATUS && counts[s] == 0) break;
    worksheet_write_string(ws, row, 0, s < NSTATUS ? nq_report_status_label(STATUS_ORDER[s]) : "Khác", f->text);
    worksheet_write_number(ws, row, 1, counts[s], f->number);
    worksheet_write_number(ws, row, 2, total ? 100.0 * counts[s] / (double)total : 0, f->number);
    row++;
  }
  worksheet_write_string(ws, row, 0, "Tổng số", f->head);
  worksheet_write_number(ws, row, 1, (double)total, f->head);
}

static void task_sheet(lxw_workbook *wb, const json_t *r, const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Nhiệm vụ");
  title(ws, "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", r, f);
  static const char *const titles[] = {"STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn",
                                       "Tiến độ (%)", "Trạng thái", "Kết quả", "Nguồn số liệu"};
  static const double widths[] = {6, 10, 60, 30, 12, 11, 24, 50, 18};
  header(ws, 3, titles, widths, 9, f);
  const json_t *tasks = json_object_get(r, "tasks");
  size_t n = json_array_size(tasks);
  ranked *order = nq_xcalloc(n, sizeof *order);
  for (size_t i = 0; i < n; i++) {
    order[i].task = json_array_get(tasks, i);
    order[i].rank = status_rank(str(order[i].task, "status"));
    order[i].index = i;
  }
  qsort(order, n, sizeof *order, by_rank);
  for (size_t i = 0; i < n; i++) {
    const json_t *t = order[i].task;
    int row = 4 + (int)i;
    worksheet_write_number(ws, row, 0, (double)(i + 1), f->center);
    worksheet_write_string(ws, row, 1, str(t, "code"), f->text);
    worksheet_write_string(ws, row, 2, str(t, "title"), f->text);
    worksheet_write_string(ws, row, 3, str(t, "lead"), f->text);
    worksheet_write_string(ws, row, 4, str(t, "due"), f->center);
    write_value(ws, row, 5, json_object_get(t, "percent"), f);
    worksheet_write_string(ws, row, 6, nq_report_status_label(str(t, "status")), f->text);
    worksheet_write_string(ws, row, 7, str(t, "result"), f->text);
    write_sources(ws, row, 8, t, f);
  }
  free(order);
  if (n) worksheet_autofilter(ws, 3, 0, 3 + (int)n, 8);
}

static void indicator_sheet(lxw_workbook *wb, const json_t *r, const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Chỉ tiêu");
  title(ws, "KẾT QUẢ THỰC HIỆN CHỈ TIÊU", r, f);
  static const char *const titles[] = {"STT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu",
                                       "Giá trị", "Đánh giá", "Nguồn số liệu"};
  static const double widths[] = {6, 10, 60, 12, 14, 14, 24, 30};
  header(ws, 3, titles, widths, 8, f);
  size_t i;
  const json_t *ind;
  json_array_foreach(json_object_get(r, "indicators"), i, ind) {
    int row = 4 + (int)i;
    worksheet_write_number(ws, row, 0, (double)(i + 1), f->center);
    worksheet_write_string(ws, row, 1, str(ind, "code"), f->text);
    worksheet_write_string(ws, row, 2, str(ind, "name"), f->text);
    worksheet_write_string(ws, row, 3, str(ind, "unit"), f->center);
    write_value(ws, row, 4, json_object_get(ind, "target"), f);
    write_value(ws, row, 5, json_object_get(ind, "value"), f);
    worksheet_write_string(ws, row, 6, str(ind, "assessment"), f->text);
    write_sources(ws, row, 7, ind, f);
  }
}

static void timeliness_sheet(lxw_workbook *wb, const json_t *r, const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Tình hình báo cáo");
  title(ws, "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ", r, f);
  static const char *const titles[] = {"STT", "Đơn vị", "Kỳ báo cáo", "Hạn gửi", "Ngày gửi",
                                       "Trạng thái", "Đánh giá", "Số ngày chậm"};
  static const double widths[] = {6, 40, 16, 12, 20, 16, 16, 13};
  header(ws, 3, titles, widths, 8, f);
  size_t i;
  const json_t *t;
  json_array_foreach(json_object_get(r, "timeliness"), i, t) {
    int row = 4 + (int)i;
    worksheet_write_number(ws, row, 0, (double)(i + 1), f->center);
    worksheet_write_string(ws, row, 1, str(t, "unit"), f->text);
    worksheet_write_string(ws, row, 2, str(t, "period"), f->center);
    worksheet_write_string(ws, row, 3, str(t, "due"), f->center);
    worksheet_write_string(ws, row, 4, str(t, "submitted_at"), f->center);
    worksheet_write_string(ws, row, 5, str(t, "state"), f->text);
    worksheet_write_string(ws, row, 6, str(t, "timeliness"), f->text);
    write_value(ws, row, 7, json_object_get(t, "days_late"), f);
  }
}

static lxw_format *fmt(lxw_workbook *wb, int bold, int border, int align, const char *num) {
  lxw_format *x = workbook_add_format(wb);
  format_set_font_name(x, "Times New Roman");
  format_set_font_size(x, 12);
  format_set_text_wrap(x);
  format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
  if (bold) format_set_bold(x);
  if (border) format_set_border(x, LXW_BORDER_THIN);
  if (align) format_set_align(x, (uint8_t)align);
  if (num) format_set_num_format(x, num);
  return x;
}

static nq_code write_to(const json_t *report, const char *path, nq_err *err) {
  json_t *r;
  nq_code rc = nq_report_normalise(report, &r, err);
  if (rc) return rc;
  lxw_workbook *wb = workbook_new(path);
  if (!wb) {
    json_decref(r);
    return nq_fail(err, NQ_EIO, "%s: không tạo được tệp XLSX", path);
  }
  formats f = {
    .title = fmt(wb, 1, 0, 0, NULL),
    .head = fmt(wb, 1, 1, LXW_ALIGN_CENTER, NULL),
    .text = fmt(wb, 0, 1, 0, NULL),
    .number = fmt(wb, 0, 1, LXW_ALIGN_CENTER, "0.##"),
    .center = fmt(wb, 0, 1, LXW_ALIGN_CENTER, NULL),
  };
  format_set_font_size(f.title, 14);
  format_set_text_wrap(f.title);  /* harmless; keeps all formats alike */
  summary_sheet(wb, r, &f);
  task_sheet(wb, r, &f);
  indicator_sheet(wb, r, &f);
  timeliness_sheet(wb, r, &f);
  lxw_error e = workbook_close(wb);
  json_decref(r);
  if (e != LXW_NO_ERROR)
    return nq_fail(err, NQ_EIO, "%s: không ghi được XLSX: %s", path, lxw_strerror(e));
  return NQ_OK;
}

nq_code nq_xlsx_write(const json_t *report, const char *path, nq_err *err) {
  nq_buf tmp = NQ_BUF_INIT;
  nq_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
  nq_code rc = write_to(report, tmp.data, err);
  if (!rc && rename(tmp.data, path) != 0)
    rc = nq_fail(err, NQ_EIO, "%s: không ghi được", path);
  if (rc) unlink(tmp.data);
  nq_buf_free(&tmp);
  return rc;
}

nq_code nq_xlsx_render(const json_t *report, nq_buf *out, nq_err *err) {
  /* libxlsxwriter writes files only; go through a private temporary one. */
  const char *dir = getenv("TMPDIR");
  nq_buf path = NQ_BUF_INIT;
  nq_buf_printf(&path, "%s/nq57-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path.data);
  if (fd < 0) {
    nq_buf_free(&path);
    return nq_fail(err, NQ_EIO, "không tạo được tệp tạm cho XLSX");
  }
  close(fd);
  nq_code rc = write_to(report, path.data, err);
  if (!rc) rc = nq_report_read_file(path.data, out, err);
  unlink(path.data);
  nq_buf_free(&path);
  return rc;
}
