/* report.c: formatting rules shared by the report writers; see report.h. */
#include "report/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "core/vntext.h"

nq_code nq_report_date_words(const char *iso_date, nq_buf *out, nq_err *err) {
  int y, m, d;
  char tail;
  if (!iso_date || sscanf(iso_date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      strlen(iso_date) != 10 || m < 1 || m > 12 || d < 1 || d > 31)
    return nq_fail(err, NQ_EINVAL, "ngày không hợp lệ: \"%s\" (cần YYYY-MM-DD)",
                   iso_date ? iso_date : "");
  /* Decree 30, appendix I: pad days 1-9 and months 1-2 with a zero so the
  ** handwritten additions cannot change them. */
  nq_buf_printf(out, "ngày %02d tháng %s%d năm %d", d, m <= 2 ? "0" : "", m, y);
  return NQ_OK;
}

static const struct {
  const char *name;
  const char *label;
} status_labels[] = {
  {"done_on_time", "Hoàn thành đúng hạn"},
  {"done_late", "Hoàn thành quá hạn"},
  {"done", "Hoàn thành"},
  {"in_progress", "Đang thực hiện"},
  {"at_risk", "Có nguy cơ chậm"},
  {"overdue", "Quá hạn chưa hoàn thành"},
  {"not_started", "Chưa triển khai"},
  {"recurring", "Thường xuyên"},
  {"conditional", "Chờ điều kiện"},
};

const char *nq_report_status_label(const char *status) {
  if (!status) return "";
  for (size_t i = 0; i < sizeof status_labels / sizeof status_labels[0]; i++)
    if (strcmp(status, status_labels[i].name) == 0) return status_labels[i].label;
  return status;
}

void nq_report_number(double v, nq_buf *out) {
  char tmp[64];
  if (!isfinite(v)) {
    nq_buf_puts(out, "");
    return;
  }
  snprintf(tmp, sizeof tmp, "%.2f", v);
  char *dot = strchr(tmp, '.');
  if (dot) {
    char *end = tmp + strlen(tmp) - 1;
    while (end > dot && *end == '0') *end-- = '\0';
    if (end == dot) *end = '\0';
    else *dot = ',';
  }
  if (strcmp(tmp, "-0") == 0) strcpy(tmp, "0");
  nq_buf_puts(out, tmp);
}

void nq_report_value_text(const json_t *v, nq_buf *out) {
  if (json_is_string(v)) nq_buf_puts(out, json_string_value(v));
  else if (json_is_integer(v)) nq_buf_printf(out, "%lld", (long long)json_integer_value(v));
  else if (json_is_real(v)) nq_report_number(json_real_value(v), out);
  else if (json_is_true(v)) nq_buf_puts(out, "Có");
  else if (json_is_false(v)) nq_buf_puts(out, "Không");
}

static nq_code normalise(const json_t *in, json_t **out, const char *where, nq_err *err) {
  if (json_is_string(in)) {
    const char *s = json_string_value(in);
    size_t n = json_string_length(in);
    if (!vn_valid_utf8(s, n) || strlen(s) != n)
      return nq_fail(err, NQ_EINVAL, "báo cáo: văn bản không phải UTF-8 hợp lệ tại %s", where);
    char *nfc = vn_nfc(s);
    *out = json_string(nfc);
    free(nfc);
    if (!*out) return nq_fail(err, NQ_EINVAL, "báo cáo: văn bản không hợp lệ tại %s", where);
    return NQ_OK;
  }
  if (json_is_array(in)) {
    json_t *arr = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(in, i, item) {
      json_t *copy;
      nq_code rc = normalise(item, &copy, where, err);
      if (rc) {
        json_decref(arr);
        return rc;
      }
      json_array_append_new(arr, copy);
    }
    *out = arr;
    return NQ_OK;
  }
  if (json_is_object(in)) {
    json_t *obj = json_object();
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)in, key, val) {
      json_t *copy;
      nq_code rc = normalise(val, &copy, key, err);
      if (rc) {
        json_decref(obj);
        return rc;
      }
      json_object_set_new(obj, key, copy);
    }
    *out = obj;
    return NQ_OK;
  }
  *out = json_deep_copy(in);
  return NQ_OK;
}

nq_code nq_report_normalise(const json_t *report, json_t **out, nq_err *err) {
  *out = NULL;
  if (!json_is_object(report))
    return nq_fail(err, NQ_EINVAL, "báo cáo: cần một đối tượng JSON");
  return normalise(report, out, "(gốc)", err);
}

nq_code nq_report_write_file(const char *path, const void *data, size_t len, nq_err *err) {
  nq_buf tmp = NQ_BUF_INIT;
  nq_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
  nq_code rc = NQ_OK;
  FILE *f = fopen(tmp.data, "wb");
  if (!f) {
    rc = nq_fail(err, NQ_EIO, "%s: không ghi được: %s", path, strerror(errno));
  } else {
    size_t wrote = len ? fwrite(data, 1, len, f) : 0;
    int closed = fclose(f);
    if (wrote != len || closed != 0 || rename(tmp.data, path) != 0) {
      rc = nq_fail(err, NQ_EIO, "%s: không ghi được: %s", path, strerror(errno));
      unlink(tmp.data);
    }
  }
  nq_buf_free(&tmp);
  return rc;
}

nq_code nq_report_read_file(const char *path, nq_buf *out, nq_err *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return nq_fail(err, NQ_EIO, "%s: không đọc được: %s", path, strerror(errno));
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) nq_buf_append(out, chunk, n);
  int failed = ferror(f);
  fclose(f);
  if (failed) return nq_fail(err, NQ_EIO, "%s: lỗi khi đọc", path);
  return NQ_OK;
}

char *nq_report_upper(const char *s) {
  nq_buf out = NQ_BUF_INIT;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
  utf8proc_int32_t cp;
  for (;;) {
    utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
    if (n <= 0 || cp == 0) break;
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    nq_buf_append(&out, enc, (size_t)m);
    p += n;
  }
  if (!out.data) return nq_xstrdup("");
  return nq_buf_detach(&out);
}
