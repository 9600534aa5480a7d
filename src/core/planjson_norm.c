/*
** planjson_norm.c: plan JSON normalisation, the half of planjson.h the store
** runs before writing a plan (planjson.c holds the format's validation).
** Walks the document once, building the normalised copy as it goes and
** stopping at the first problem, named by its JSON path; the result then
** goes through nq_plan_validate so both halves' rules hold.
*/
#include "core/field.h"
#include "core/planjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

bool nq_iso_date_valid(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap);
}

static bool in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (strcmp(s, *list) == 0) return true;
  return false;
}

static const char *const top_keys[] = {"source", "plan", "tasks", "duties", "indicators",
                                       "reporting", NULL};

bool nq_planjson_known_top_key(const char *key) { return in_list(key, top_keys); }

/* JSON paths are built in fixed buffers; a path longer than PATH_MAX_LEN
** (never seen in practice) is cut, which only shortens a message. */
#define PATH_MAX_LEN 512
static void __attribute__((noinline, format(printf, 2, 3)))
path_fmt(char *dst, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (vsnprintf(dst, PATH_MAX_LEN, fmt, ap) >= PATH_MAX_LEN) dst[PATH_MAX_LEN - 1] = 0;
  va_end(ap);
}

static nq_code at(nq_err *err, const char *path, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

static nq_code at(nq_err *err, const char *path, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return nq_fail(err, NQ_EINVAL, "%s: %s", path, msg);
}

static json_t *nfc_string(const char *s) {
  char *n = vn_nfc(s);
  /* Trim only the ends: inner line breaks are meaningful in duty texts. */
  char *b = n;
  while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r') b++;
  size_t len = strlen(b);
  while (len && (b[len - 1] == ' ' || b[len - 1] == '\t' || b[len - 1] == '\n' ||
                 b[len - 1] == '\r'))
    len--;
  json_t *r = json_stringn(b, len);
  free(n);
  return r;
}

/* A string (required or nullable) under obj[key], normalised into dst. */
static nq_code take_string(const json_t *obj, const char *key, json_t *dst, const char *path,
                           bool required, nq_err *err) {
  json_t *v = json_object_get(obj, key);
  char p[PATH_MAX_LEN];
  path_fmt(p, "%s%s%s", path, *path ? "." : "", key);
  if (!v || json_is_null(v)) {
    if (required) return at(err, p, "thiếu trường bắt buộc");
    json_object_set_new(dst, key, json_null());
    return NQ_OK;
  }
  if (!json_is_string(v)) return at(err, p, "phải là chuỗi");
  json_t *n = nfc_string(json_string_value(v));
  if (required && json_string_length(n) == 0) {
    json_decref(n);
    return at(err, p, "không được để trống");
  }
  json_object_set_new(dst, key, n);
  return NQ_OK;
}

static nq_code take_date(const json_t *obj, const char *key, json_t *dst, const char *path,
                         nq_err *err) {
  json_t *v = json_object_get(obj, key);
  char p[PATH_MAX_LEN];
  path_fmt(p, "%s.%s", path, key);
  if (!v || json_is_null(v)) {
    json_object_set_new(dst, key, json_null());
    return NQ_OK;
  }
  if (!json_is_string(v) || !nq_iso_date_valid(json_string_value(v)))
    return at(err, p, "ngày không hợp lệ%s%s%s (cần dạng YYYY-MM-DD)",
              json_is_string(v) ? " \"" : "", json_is_string(v) ? json_string_value(v) : "",
              json_is_string(v) ? "\"" : "");
  json_object_set(dst, key, v);
  return NQ_OK;
}

/* An array of non-empty strings (default []). */
static nq_code take_names(const json_t *obj, const char *key, json_t *dst, const char *path,
                          bool keep_absent, nq_err *err) {
  json_t *v = json_object_get(obj, key);
  if (!v && keep_absent) return NQ_OK;
  json_t *arr = json_array();
  json_object_set_new(dst, key, arr);
  if (!v || json_is_null(v)) return NQ_OK;
  char p[PATH_MAX_LEN];
  path_fmt(p, "%s.%s", path, key);
  if (!json_is_array(v)) return at(err, p, "phải là mảng chuỗi");
  size_t i;
  json_t *e;
  json_array_foreach(v, i, e) {
    char pe[PATH_MAX_LEN];
    path_fmt(pe, "%s[%zu]", p, i);
    if (!json_is_string(e)) return at(err, pe, "phải là chuỗi");
    json_t *n = nfc_string(json_string_value(e));
    if (json_string_length(n) == 0) {
      json_decref(n);
      return at(err, pe, "không được để trống");
    }
    json_array_append_new(arr, n);
  }
  return NQ_OK;
}

static nq_code only_keys(const json_t *obj, const char *path, const char *const *allowed,
                         nq_err *err) {
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)obj, k, v) {
    if (!in_list(k, allowed)) {
      char p[PATH_MAX_LEN];
      path_fmt(p, "%s%s%s", path, *path ? "." : "", k);
      return at(err, p, "trường không được hỗ trợ");
    }
  }
  return NQ_OK;
}

static nq_code check_plan(const json_t *in, json_t *out, nq_err *err) {
  static const char *const keys[] = {"kind", "number", "issuer", "place", "date", "title",
                                     "implements", "references", NULL};
  if (!json_is_object(in)) return at(err, "plan", "phải là đối tượng");
  nq_code rc = only_keys(in, "plan", keys, err);
  if (!rc) rc = take_string(in, "kind", out, "plan", false, err);
  if (!rc) rc = take_string(in, "number", out, "plan", false, err);
  if (!rc) rc = take_string(in, "issuer", out, "plan", false, err);
  if (!rc) rc = take_string(in, "place", out, "plan", false, err);
  if (!rc) rc = take_date(in, "date", out, "plan", err);
  if (!rc) rc = take_string(in, "title", out, "plan", true, err);
  if (!rc) rc = take_names(in, "implements", out, "plan", false, err);
  if (!rc) rc = take_names(in, "references", out, "plan", false, err);
  return rc;
}

static nq_code check_schedule(const json_t *in, json_t *out, const char *path, nq_err *err) {
  static const char *const keys[] = {"kind", "start", "due", NULL};
  static const char *const kinds[] = {"once", "range", "recurring", "conditional", "none", NULL};
  if (!in || json_is_null(in)) {
    json_object_set_new(out, "kind", json_string("none"));
    json_object_set_new(out, "start", json_null());
    json_object_set_new(out, "due", json_null());
    return NQ_OK;
  }
  if (!json_is_object(in)) return at(err, path, "phải là đối tượng");
  nq_code rc = only_keys(in, path, keys, err);
  if (rc) return rc;
  json_t *kind = json_object_get(in, "kind");
  char p[PATH_MAX_LEN];
  path_fmt(p, "%s.kind", path);
  if (!json_is_string(kind) || !in_list(json_string_value(kind), kinds))
    return at(err, p, "phải là một trong once, range, recurring, conditional, none");
  json_object_set(out, "kind", kind);
  if ((rc = take_date(in, "start", out, path, err))) return rc;
  if ((rc = take_date(in, "due", out, path, err))) return rc;
  const char *start = json_string_value(json_object_get(out, "start"));
  const char *due = json_string_value(json_object_get(out, "due"));
  path_fmt(p, "%s.due", path);
  if (strcmp(json_string_value(kind), "once") == 0 && !due)
    return at(err, p, "nhiệm vụ có thời hạn (once) cần ngày đến hạn");
  if (start && due && strcmp(start, due) > 0)
    return at(err, p, "ngày đến hạn %s trước ngày bắt đầu %s", due, start);
  return NQ_OK;
}

static nq_code check_task(const json_t *in, json_t *out, const char *path, nq_err *err) {
  static const char *const keys[] = {"code", "title", "body", "lead", "support", "oversight",
                                     "timeline", "schedule", "done", "field", NULL};
  if (!json_is_object(in)) return at(err, path, "phải là đối tượng");
  nq_code rc = only_keys(in, path, keys, err);
  if (!rc) rc = take_string(in, "code", out, path, true, err);
  if (!rc) rc = take_string(in, "title", out, path, true, err);
  if (!rc && json_object_get(in, "body")) rc = take_string(in, "body", out, path, false, err);
  if (!rc) rc = take_names(in, "lead", out, path, false, err);
  if (!rc) rc = take_names(in, "support", out, path, false, err);
  if (!rc) rc = take_names(in, "oversight", out, path, true, err);
  if (!rc) rc = take_string(in, "timeline", out, path, false, err);
  if (rc) return rc;
  char p[PATH_MAX_LEN];
  path_fmt(p, "%s.schedule", path);
  json_t *sched = json_object();
  json_object_set_new(out, "schedule", sched);
  if ((rc = check_schedule(json_object_get(in, "schedule"), sched, p, err))) return rc;
  json_t *done = json_object_get(in, "done");
  path_fmt(p, "%s.done", path);
  if (done && !json_is_boolean(done) && !json_is_null(done))
    return at(err, p, "phải là true hoặc false");
  json_object_set_new(out, "done", json_boolean(json_is_true(done)));
  /* nq57 extension (docs/api.md): the field an official chose. */
  json_t *field = json_object_get(in, "field");
  if (field && !json_is_null(field)) {
    path_fmt(p, "%s.field", path);
    if (!nq_field_valid(json_string_value(field)))
      return at(err, p, "không phải mã lĩnh vực (awareness, institutions, infrastructure, "
                        "human_resources, digital_government, enterprise_innovation, "
                        "international, security, other)");
    json_object_set_new(out, "field", json_string(json_string_value(field)));
  }
  return NQ_OK;
}

static nq_code check_duty(const json_t *in, json_t *out, const char *path, nq_err *err) {
  static const char *const keys[] = {"unit", "text", NULL};
  if (!json_is_object(in)) return at(err, path, "phải là đối tượng");
  nq_code rc = only_keys(in, path, keys, err);
  if (!rc) rc = take_string(in, "unit", out, path, true, err);
  if (!rc) rc = take_string(in, "text", out, path, true, err);
  return rc;
}

static nq_code check_indicator(const json_t *in, json_t *out, const char *path, nq_err *err) {
  static const char *const keys[] = {"code", "group", "name", "unit", "targets", "direction",
                                     "aggregation", NULL};
  static const char *const directions[] = {"up", "down", NULL};
  static const char *const rules[] = {"sum", "mean", "min", "max", "latest", "share_yes", NULL};
  if (!json_is_object(in)) return at(err, path, "phải là đối tượng");
  nq_code rc = only_keys(in, path, keys, err);
  if (!rc) rc = take_string(in, "code", out, path, false, err);
  if (!rc) rc = take_string(in, "group", out, path, false, err);
  if (!rc) rc = take_string(in, "name", out, path, true, err);
  if (!rc) rc = take_string(in, "unit", out, path, false, err);
  if (rc) return rc;
  char p[PATH_MAX_LEN];
  json_t *dir = json_object_get(in, "direction");
  if (dir) {
    path_fmt(p, "%s.direction", path);
    if (!json_is_string(dir) || !in_list(json_string_value(dir), directions))
      return at(err, p, "phải là up hoặc down");
    json_object_set(out, "direction", dir);
  }
  json_t *agg = json_object_get(in, "aggregation");
  if (agg) {
    path_fmt(p, "%s.aggregation", path);
    if (!json_is_string(agg) || !in_list(json_string_value(agg), rules))
      return at(err, p, "phải là một trong sum, mean, min, max, latest, share_yes");
    json_object_set(out, "aggregation", agg);
  }
  json_t *targets = json_object_get(in, "targets");
  json_t *t = json_object();
  json_object_set_new(out, "targets", t);
  path_fmt(p, "%s.targets", path);
  if (!targets || json_is_null(targets)) return NQ_OK;
  if (!json_is_object(targets)) return at(err, p, "phải là đối tượng {năm: chỉ tiêu}");
  const char *year;
  json_t *v;
  json_object_foreach(targets, year, v) {
    char py[PATH_MAX_LEN];
    path_fmt(py, "%s.%s", p, year);
    char *end = NULL;
    long y = strtol(year, &end, 10);
    if (!*year || *end || y < 1900 || y > 2200) return at(err, py, "năm không hợp lệ");
    if (!json_is_string(v)) return at(err, py, "chỉ tiêu phải là chuỗi (\">=50\", \"100\", \"yes\")");
    json_object_set_new(t, year, nfc_string(json_string_value(v)));
  }
  return NQ_OK;
}

static nq_code check_reporting(const json_t *in, json_t *out, const char *path, nq_err *err) {
  static const char *const keys[] = {"period", "due", NULL};
  static const char *const periods[] = {"month", "quarter", "half", "nine_months", "year",
                                        "adhoc", NULL};
  if (!json_is_object(in)) return at(err, path, "phải là đối tượng");
  nq_code rc = only_keys(in, path, keys, err);
  if (rc) return rc;
  json_t *period = json_object_get(in, "period");
  char p[PATH_MAX_LEN];
  path_fmt(p, "%s.period", path);
  if (!json_is_string(period) || !in_list(json_string_value(period), periods))
    return at(err, p, "phải là một trong month, quarter, half, nine_months, year, adhoc");
  json_object_set(out, "period", period);
  return take_string(in, "due", out, path, false, err);
}

typedef nq_code (*item_check)(const json_t *in, json_t *out, const char *path, nq_err *err);

static nq_code check_list(const json_t *doc, const char *key, json_t *out, item_check fn,
                          nq_err *err) {
  json_t *arr = json_array();
  json_object_set_new(out, key, arr);
  json_t *v = json_object_get(doc, key);
  if (!v || json_is_null(v)) return NQ_OK;
  if (!json_is_array(v)) return at(err, key, "phải là mảng");
  size_t i;
  json_t *e;
  json_array_foreach(v, i, e) {
    char p[PATH_MAX_LEN];
    path_fmt(p, "%s[%zu]", key, i);
    json_t *item = json_object();
    json_array_append_new(arr, item);
    nq_code rc = fn(e, item, p, err);
    if (rc) return rc;
  }
  return NQ_OK;
}

nq_code nq_planjson_normalize(const json_t *in, json_t **out, nq_err *err) {
  *out = NULL;
  if (!json_is_object(in))
    return nq_fail(err, NQ_EINVAL, "(gốc): kế hoạch phải là một đối tượng JSON");
  json_t *doc = json_object();
  nq_code rc = take_string(in, "source", doc, "", false, err);
  json_t *plan = json_object();
  json_object_set_new(doc, "plan", plan);
  if (!rc) {
    json_t *p = json_object_get(in, "plan");
    rc = p ? check_plan(p, plan, err) : at(err, "plan", "thiếu trường bắt buộc");
  }
  if (!rc && !json_object_get(in, "tasks")) rc = at(err, "tasks", "thiếu trường bắt buộc");
  if (!rc) rc = check_list(in, "tasks", doc, check_task, err);
  if (!rc) rc = check_list(in, "duties", doc, check_duty, err);
  if (!rc) rc = check_list(in, "indicators", doc, check_indicator, err);
  if (!rc) rc = check_list(in, "reporting", doc, check_reporting, err);
  if (!rc) {
    /* Codes identify tasks within a plan (links, URLs, progress imports). */
    json_t *seen = json_object();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(doc, "tasks"), i, t) {
      const char *code = json_string_value(json_object_get(t, "code"));
      json_t *first = json_object_get(seen, code);
      if (first) {
        char p[PATH_MAX_LEN];
        path_fmt(p, "tasks[%zu].code", i);
        rc = at(err, p, "mã \"%s\" trùng với tasks[%lld]", code,
                (long long)json_integer_value(first));
        break;
      }
      json_object_set_new(seen, code, json_integer((json_int_t)i));
    }
    json_decref(seen);
  }
  if (!rc) {
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)in, k, v) {
      if (!nq_planjson_known_top_key(k)) json_object_set_new(doc, k, json_deep_copy(v));
    }
  }
  if (!rc) rc = nq_plan_validate(doc, err);
  if (rc) {
    json_decref(doc);
    return rc;
  }
  *out = doc;
  return NQ_OK;
}
