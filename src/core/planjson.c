/*
** planjson.c: validation of plan JSON documents (see planjson.h).
*/
#include "core/planjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/vntext.h"

typedef struct where {
  char path[160];
} where;

/* Appends to a path, truncating long paths rather than failing. */
static void path_append(where *w, const char *part) {
  size_t len = strlen(w->path), room = sizeof w->path - 1 - len, n = strlen(part);
  memcpy(w->path + len, part, n < room ? n : room);
  w->path[len + (n < room ? n : room)] = '\0';
}

static where at_key(const where *w, const char *key) {
  where sub = *w;
  if (sub.path[0]) path_append(&sub, ".");
  path_append(&sub, key);
  return sub;
}

static where at_index(const where *w, size_t i) {
  where sub = *w;
  char index[24];
  snprintf(index, sizeof index, "[%zu]", i);
  path_append(&sub, index);
  return sub;
}

static nq_code fault(nq_err *err, const where *w, const char *what) {
  return nq_fail(err, NQ_EUNPROCESSABLE, "%s: %s", w->path[0] ? w->path : "(gốc)", what);
}

/* Every string anywhere in the document must already be NFC. */
static nq_code check_nfc(const json_t *v, const where *w, nq_err *err) {
  if (json_is_string(v)) {
    char *nfc = vn_nfc(json_string_value(v));
    bool same = strcmp(nfc, json_string_value(v)) == 0;
    free(nfc);
    return same ? NQ_OK : fault(err, w, "văn bản chưa chuẩn hóa NFC");
  }
  if (json_is_object(v)) {
    const char *key;
    json_t *child;
    json_object_foreach((json_t *)v, key, child) {
      where sub = at_key(w, key);
      nq_code rc = check_nfc(child, &sub, err);
      if (rc) return rc;
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *child;
    json_array_foreach(v, i, child) {
      where sub = at_index(w, i);
      nq_code rc = check_nfc(child, &sub, err);
      if (rc) return rc;
    }
  }
  return NQ_OK;
}

static bool blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
  return true;
}

/* key must be absent, null or a string (non-blank when required_text). */
static nq_code opt_string(const json_t *obj, const char *key, bool nullable, const where *w,
                          nq_err *err) {
  json_t *v = json_object_get(obj, key);
  where sub = at_key(w, key);
  if (!v || json_is_null(v)) return nullable ? NQ_OK : fault(err, &sub, "thiếu giá trị");
  if (!json_is_string(v)) return fault(err, &sub, "phải là chuỗi");
  if (blank(json_string_value(v))) return fault(err, &sub, "không được để trống");
  return NQ_OK;
}

static nq_code opt_date(const json_t *obj, const char *key, nq_date *out, const where *w,
                        nq_err *err) {
  json_t *v = json_object_get(obj, key);
  where sub = at_key(w, key);
  *out = NQ_DATE_NONE;
  if (!v || json_is_null(v)) return NQ_OK;
  if (!json_is_string(v)) return fault(err, &sub, "ngày phải là chuỗi YYYY-MM-DD hoặc null");
  if (nq_date_parse_iso(json_string_value(v), out, NULL) != NQ_OK) {
    char msg[96];
    snprintf(msg, sizeof msg, "ngày không hợp lệ \"%.40s\"", json_string_value(v));
    return fault(err, &sub, msg);
  }
  return NQ_OK;
}

/* An array of distinct non-blank strings; seen (may be NULL) collects them
** across lists so one number is not both implemented and referenced. */
static nq_code string_list(const json_t *obj, const char *key, bool required, json_t *seen,
                           const where *w, nq_err *err) {
  json_t *arr = json_object_get(obj, key);
  where sub = at_key(w, key);
  if (!arr) return required ? fault(err, &sub, "thiếu danh sách") : NQ_OK;
  if (!json_is_array(arr)) return fault(err, &sub, "phải là mảng");
  json_t *mine = json_object();
  size_t i;
  json_t *v;
  nq_code rc = NQ_OK;
  json_array_foreach(arr, i, v) {
    where item = at_index(&sub, i);
    if (!json_is_string(v) || blank(json_string_value(v))) {
      rc = fault(err, &item, "phải là chuỗi không rỗng");
      break;
    }
    const char *s = json_string_value(v);
    if (json_object_get(mine, s) || (seen && json_object_get(seen, s))) {
      char msg[160];
      snprintf(msg, sizeof msg, "\"%.100s\" bị lặp", s);
      rc = fault(err, &item, msg);
      break;
    }
    json_object_set_new(mine, s, json_true());
    if (seen) json_object_set_new(seen, s, json_true());
  }
  json_decref(mine);
  return rc;
}

static nq_code schedule_at(const json_t *obj, nq_schedule *out, const where *w, nq_err *err) {
  if (!json_is_object(obj)) return fault(err, w, "phải là đối tượng {kind, start, due}");
  memset(out, 0, sizeof *out);
  where kw = at_key(w, "kind");
  const char *kind = json_string_value(json_object_get(obj, "kind"));
  if (!kind || nq_sched_kind_from_name(kind, &out->kind, NULL) != NQ_OK)
    return fault(err, &kw, "phải là none, once, range, recurring hoặc conditional");
  nq_code rc = opt_date(obj, "start", &out->start, w, err);
  if (!rc) rc = opt_date(obj, "due", &out->due, w, err);
  if (rc) return rc;
  bool has_start = !nq_date_is_none(out->start), has_due = !nq_date_is_none(out->due);
  switch (out->kind) {
  case NQ_SCHED_NONE:
  case NQ_SCHED_CONDITIONAL:
    if (has_start || has_due) return fault(err, w, "loại này không có ngày bắt đầu/hạn");
    break;
  case NQ_SCHED_ONCE:
    if (!has_due) return fault(err, w, "loại once phải có hạn (due)");
    if (has_start) return fault(err, w, "loại once không có ngày bắt đầu");
    break;
  case NQ_SCHED_RANGE:
    if (!has_start || !has_due) return fault(err, w, "loại range phải có start và due");
    break;
  case NQ_SCHED_RECURRING: break;
  }
  if (has_start && has_due && nq_date_cmp(out->start, out->due) > 0)
    return fault(err, w, "ngày bắt đầu sau hạn");
  return NQ_OK;
}

nq_code nq_schedule_from_json(const json_t *obj, nq_schedule *out, nq_err *err) {
  where w = {"schedule"};
  return schedule_at(obj, out, &w, err);
}

static json_t *date_json(nq_date d) {
  char buf[NQ_DATE_ISO_LEN];
  return nq_date_is_none(d) ? json_null() : json_string(nq_date_format_iso(d, buf));
}

json_t *nq_schedule_to_json(const nq_schedule *s) {
  return json_pack("{s:s, s:o, s:o}", "kind", nq_sched_kind_name(s->kind), "start",
                   date_json(s->start), "due", date_json(s->due));
}

static nq_code array_of_objects(const json_t *doc, const char *key, bool required,
                                const json_t **out, const where *root, nq_err *err) {
  json_t *arr = json_object_get(doc, key);
  where w = at_key(root, key);
  *out = arr;
  if (!arr) return required ? fault(err, &w, "thiếu mảng") : NQ_OK;
  if (!json_is_array(arr)) return fault(err, &w, "phải là mảng");
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    if (!json_is_object(v)) {
      where item = at_index(&w, i);
      return fault(err, &item, "phải là đối tượng");
    }
  }
  return NQ_OK;
}

static nq_code check_plan(const json_t *plan, const where *root, nq_err *err) {
  where w = at_key(root, "plan");
  if (!json_is_object(plan)) return fault(err, &w, "thiếu đối tượng plan");
  static const char *const optional[] = {"kind", "number", "issuer", "place"};
  for (size_t i = 0; i < sizeof optional / sizeof *optional; i++) {
    nq_code rc = opt_string(plan, optional[i], true, &w, err);
    if (rc) return rc;
  }
  nq_date date;
  nq_code rc = opt_date(plan, "date", &date, &w, err);
  if (!rc) rc = opt_string(plan, "title", false, &w, err);
  if (rc) return rc;
  json_t *numbers = json_object();
  rc = string_list(plan, "implements", false, numbers, &w, err);
  if (!rc) rc = string_list(plan, "references", false, numbers, &w, err);
  json_decref(numbers);
  return rc;
}

static nq_code check_tasks(const json_t *tasks, const where *root, nq_err *err) {
  where w = at_key(root, "tasks");
  json_t *codes = json_object();
  nq_code rc = NQ_OK;
  size_t i;
  json_t *t;
  json_array_foreach(tasks, i, t) {
    where tw = at_index(&w, i);
    rc = opt_string(t, "code", false, &tw, err);
    if (!rc) {
      const char *code = json_string_value(json_object_get(t, "code"));
      if (json_object_get(codes, code)) {
        where cw = at_key(&tw, "code");
        char msg[96];
        snprintf(msg, sizeof msg, "mã nhiệm vụ \"%.40s\" bị lặp", code);
        rc = fault(err, &cw, msg);
      }
      json_object_set_new(codes, code, json_true());
    }
    if (!rc) rc = opt_string(t, "title", false, &tw, err);
    if (!rc) rc = string_list(t, "lead", true, NULL, &tw, err);
    if (!rc) rc = string_list(t, "support", true, NULL, &tw, err);
    if (!rc) rc = string_list(t, "oversight", false, NULL, &tw, err);
    if (!rc) rc = opt_string(t, "timeline", true, &tw, err);
    nq_schedule s;
    where sw = at_key(&tw, "schedule");
    if (!rc) rc = schedule_at(json_object_get(t, "schedule"), &s, &sw, err);
    json_t *done = json_object_get(t, "done");
    if (!rc && done && !json_is_boolean(done)) {
      where dw = at_key(&tw, "done");
      rc = fault(err, &dw, "phải là true hoặc false");
    }
    if (rc) break;
  }
  json_decref(codes);
  return rc;
}

static nq_code check_duties(const json_t *duties, const where *root, nq_err *err) {
  where w = at_key(root, "duties");
  size_t i;
  json_t *d;
  json_array_foreach(duties, i, d) {
    where dw = at_index(&w, i);
    nq_code rc = opt_string(d, "unit", false, &dw, err);
    if (!rc) rc = opt_string(d, "text", false, &dw, err);
    if (rc) return rc;
  }
  return NQ_OK;
}

static nq_code check_indicators(const json_t *indicators, const where *root, nq_err *err) {
  where w = at_key(root, "indicators");
  size_t i;
  json_t *ind;
  json_array_foreach(indicators, i, ind) {
    where iw = at_index(&w, i);
    nq_code rc = opt_string(ind, "code", true, &iw, err);
    if (!rc) rc = opt_string(ind, "group", true, &iw, err);
    if (!rc) rc = opt_string(ind, "name", false, &iw, err);
    if (!rc) rc = opt_string(ind, "unit", true, &iw, err);
    if (rc) return rc;
    json_t *targets = json_object_get(ind, "targets");
    where tw = at_key(&iw, "targets");
    if (!json_is_object(targets)) return fault(err, &tw, "phải là đối tượng {năm: chỉ tiêu}");
    const char *year;
    json_t *target;
    json_object_foreach(targets, year, target) {
      where yw = at_key(&tw, year);
      int y = atoi(year);
      if (strlen(year) != 4 || y < 1900 || y > 2199) return fault(err, &yw, "khóa phải là năm");
      if (!json_is_string(target) || blank(json_string_value(target)))
        return fault(err, &yw, "chỉ tiêu phải là chuỗi không rỗng");
    }
  }
  return NQ_OK;
}

static nq_code check_reporting(const json_t *reporting, const where *root, nq_err *err) {
  where w = at_key(root, "reporting");
  bool seen[NQ_PERIOD_KINDS] = {false};
  size_t i;
  json_t *r;
  json_array_foreach(reporting, i, r) {
    where rw = at_index(&w, i), pw = at_key(&rw, "period"), dw = at_key(&rw, "due");
    nq_period_kind kind;
    const char *period = json_string_value(json_object_get(r, "period"));
    if (!period || nq_period_kind_from_name(period, &kind, NULL) != NQ_OK)
      return fault(err, &pw, "phải là month, quarter, half, nine_months, year hoặc adhoc");
    if (seen[kind]) return fault(err, &pw, "kỳ báo cáo bị lặp");
    seen[kind] = true;
    json_t *due = json_object_get(r, "due");
    if (due && !json_is_null(due)) {
      if (!json_is_string(due) || !nq_period_due_valid(json_string_value(due)))
        return fault(err, &dw, "hạn phải là \"day N\", \"day N of last month\", "
                               "\"day N of next month\", \"MM-DD\" hoặc null");
      if (kind == NQ_PERIOD_ADHOC) return fault(err, &dw, "kỳ đột xuất không có hạn cố định");
    }
  }
  return NQ_OK;
}

nq_code nq_plan_validate(const json_t *doc, nq_err *err) {
  where root = {""};
  if (!json_is_object(doc)) return fault(err, &root, "tài liệu kế hoạch phải là đối tượng JSON");
  const json_t *tasks, *duties, *indicators, *reporting;
  nq_code rc = opt_string(doc, "source", true, &root, err);
  if (!rc) rc = check_plan(json_object_get(doc, "plan"), &root, err);
  if (!rc) rc = array_of_objects(doc, "tasks", true, &tasks, &root, err);
  if (!rc) rc = array_of_objects(doc, "duties", false, &duties, &root, err);
  if (!rc) rc = array_of_objects(doc, "indicators", false, &indicators, &root, err);
  if (!rc) rc = array_of_objects(doc, "reporting", false, &reporting, &root, err);
  if (!rc) rc = check_tasks(tasks, &root, err);
  if (!rc && duties) rc = check_duties(duties, &root, err);
  if (!rc && indicators) rc = check_indicators(indicators, &root, err);
  if (!rc && reporting) rc = check_reporting(reporting, &root, err);
  if (!rc) rc = check_nfc(doc, &root, err);
  return rc;
}
