/*
** sqlite_monitor.c: monitor.h over SQLite: reporting periods, units'
** reports and their flow, roll-ups, report documents, scorecards, digest,
** warnings and audit trails (tables of 0003_monitor.sql).
**
** It follows store/sql.h: each public function runs one callback in
** nq_sql_read (a snapshot) or nq_sql_write (one audited, durable
** transaction). The rules themselves live in src/monitor (flow, scorecard,
** digest) and src/core (periods, status, attainment); this file gathers
** their facts with set-based, indexed queries and stores the outcome.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attain.h"
#include "core/date.h"
#include "core/field.h"
#include "core/period.h"
#include "core/status.h"
#include "core/vntext.h"
#include "monitor/digest.h"
#include "monitor/monitor.h"
#include "monitor/scorecard.h"
#include "report/report.h"
#include "store/sql.h"
#include "util/buf.h"

/* ---- small helpers ---------------------------------------------------------- */

static nq_code prep(nq_db *db, sqlite3_stmt **st, const char *sql, nq_err *err) {
  *st = nq_db_stmt(db, sql);
  return *st ? NQ_OK : nq_db_error(db, err);
}

/* Step once: *row tells whether a row came. */
static nq_code step(nq_db *db, sqlite3_stmt *st, bool *row, nq_err *err) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *row = true;
    return NQ_OK;
  }
  *row = false;
  if (rc == SQLITE_DONE) return NQ_OK;
  nq_code c = nq_db_error(db, err);
  sqlite3_reset(st);
  return c;
}

/* The first row as an object, or NQ_ENOTFOUND with msg. */
static nq_code one_row(nq_db *db, sqlite3_stmt *st, json_t **out, const char *msg, nq_err *err) {
  bool row;
  nq_code rc = step(db, st, &row, err);
  if (rc) return rc;
  if (!row) {
    sqlite3_reset(st);
    return nq_fail(err, NQ_ENOTFOUND, "%s", msg);
  }
  *out = nq_row_object(st);
  sqlite3_reset(st);
  return NQ_OK;
}

static const char *jstr(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static int64_t jint(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static nq_date parse_date(const char *s) {
  nq_date d = NQ_DATE_NONE;
  if (s && strlen(s) >= 10) {
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    if (nq_date_parse_iso(day, &d, NULL) != NQ_OK) d = NQ_DATE_NONE;
  }
  return d;
}

static nq_date today_date(void) {
  char buf[11];
  nq_today(buf);
  return parse_date(buf);
}

/* "2025-07-31" -> "31/07/2025" (as reports print dates). */
static void vn_date(const char *iso, char out[NQ_DATE_ISO_LEN]) {
  nq_date d = parse_date(iso);
  if (nq_date_is_none(d)) out[0] = '\0';
  else nq_date_format_vn(d, out);
}

/* An act's moment: NULL -> the transaction's time; a date -> its midnight. */
static nq_code moment(nq_db *db, const char *at, char out[32], nq_err *err) {
  if (!at || !*at) {
    snprintf(out, 32, "%s", nq_db_now(db));
    return NQ_OK;
  }
  if (nq_date_is_none(parse_date(at)))
    return nq_fail(err, NQ_EINVAL, "thời điểm không hợp lệ: \"%s\"", at);
  if (strlen(at) == 10) snprintf(out, 32, "%sT00:00:00Z", at);
  else snprintf(out, 32, "%s", at);
  return NQ_OK;
}

static nq_code add_event(nq_db *db, int64_t report_id, const char *at, const char *action,
                         const char *from, const char *to, const char *comment, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "INSERT INTO report_events(report_id, at, action, from_state, to_state, user_id, user_name, comment)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
  if (rc) return rc;
  const nq_actor *who = nq_db_actor(db);
  sqlite3_bind_int64(st, 1, report_id);
  nq_bind_text(st, 2, at);
  nq_bind_text(st, 3, action);
  nq_bind_text(st, 4, from);
  nq_bind_text(st, 5, to);
  nq_bind_id(st, 6, who ? who->user_id : 0);
  nq_bind_text(st, 7, who ? who->name : NULL);
  nq_bind_text(st, 8, comment);
  return nq_db_step_done(db, st, err);
}

/* ---- who is who ---------------------------------------------------------------- */

typedef struct set_ctx {
  int64_t a, b;
  bool flag;
} set_ctx;

static nq_code do_set_aggregator(nq_db *db, void *vctx, nq_err *err) {
  set_ctx *c = vctx;
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "UPDATE plans SET aggregator_unit_id=?2, updated_at=?3 WHERE id=?1", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, c->a);
  sqlite3_bind_int64(st, 2, c->b);
  nq_bind_text(st, 3, nq_db_now(db));
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  if (sqlite3_changes(nq_db_handle(db)) == 0) return nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy kế hoạch %lld.", (long long)c->a);
  json_t *after = json_pack("{s:I}", "aggregator_unit_id", (json_int_t)c->b);
  rc = nq_db_audit(db, "update", "plan", c->a, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_monitor_set_aggregator(nq_store *s, const nq_actor *who, int64_t plan_id,
                                  int64_t unit_id, nq_err *err) {
  set_ctx c = {plan_id, unit_id, false};
  return nq_sql_write(s, who, do_set_aggregator, &c, err);
}

static nq_code do_set_head(nq_db *db, void *vctx, nq_err *err) {
  set_ctx *c = vctx;
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "INSERT INTO unit_heads(unit_id, user_id, acting, since) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT(unit_id, user_id) DO UPDATE SET acting=excluded.acting", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, c->a);
  sqlite3_bind_int64(st, 2, c->b);
  sqlite3_bind_int(st, 3, c->flag);
  nq_bind_text(st, 4, nq_db_now(db));
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  json_t *after = json_pack("{s:I, s:b}", "head_user_id", (json_int_t)c->b, "acting", c->flag);
  rc = nq_db_audit(db, "update", "unit", c->a, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_monitor_set_head(nq_store *s, const nq_actor *who, int64_t unit_id, int64_t user_id,
                            bool acting, nq_err *err) {
  set_ctx c = {unit_id, user_id, acting};
  return nq_sql_write(s, who, do_set_head, &c, err);
}

typedef struct list_ctx list_ctx;
static nq_code rows_of(nq_db *db, const char *sql, int64_t a, int64_t b, json_t **out, nq_err *err);
static nq_code plan_exists(nq_db *db, int64_t plan_id, nq_err *err);

struct assign_ctx {
  int64_t plan_id;
  json_t *out;
};

static nq_code do_assignments(nq_db *db, void *vctx, nq_err *err) {
  struct assign_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  if (rc) return rc;
  json_t *rows, *heads;
  if ((rc = rows_of(db,
        "SELECT u.id AS unit_id, u.name AS unit, u.kind, tu.role, t.id AS task_id, t.code, t.title, t.due_date"
        " FROM task_units tu JOIN tasks t ON t.id=tu.task_id JOIN units u ON u.id=tu.unit_id"
        " WHERE t.plan_id=?1 AND tu.role IN ('lead','support') ORDER BY u.sort_key, u.id, tu.role, t.ordinal",
        c->plan_id, 0, &rows, err)))
    return rc;
  if ((rc = rows_of(db,
        "SELECT h.unit_id, us.full_name, 0 AS rank, h.acting, h.since FROM unit_heads h JOIN users us ON us.id=h.user_id"
        " WHERE h.unit_id IN (SELECT tu.unit_id FROM task_units tu JOIN tasks t ON t.id=tu.task_id WHERE t.plan_id=?1)"
        " UNION ALL SELECT us.unit_id, us.full_name, 1, 0, us.created_at FROM users us WHERE us.role='head'"
        " AND us.disabled=0 AND us.unit_id IN (SELECT tu.unit_id FROM task_units tu JOIN tasks t ON t.id=tu.task_id"
        " WHERE t.plan_id=?1) ORDER BY 3, 4, 5", c->plan_id, 0, &heads, err))) {
    json_decref(rows);
    return rc;
  }
  c->out = json_array();
  json_t *cur = NULL;
  size_t i;
  json_t *r = NULL;
  json_array_foreach(rows, i, r) {
    if (!cur || json_integer_value(json_object_get(cur, "unit_id")) != json_integer_value(json_object_get(r, "unit_id"))) {
      const char *head = NULL;
      size_t k;
      json_t *h;
      json_array_foreach(heads, k, h)
        if (!head && json_integer_value(json_object_get(h, "unit_id")) == json_integer_value(json_object_get(r, "unit_id")))
          head = json_string_value(json_object_get(h, "full_name"));
      cur = json_pack("{s:O, s:O, s:O, s:s?, s:[], s:[]}", "unit_id", json_object_get(r, "unit_id"),
                      "unit", json_object_get(r, "unit"), "kind", json_object_get(r, "kind"), "head", head,
                      "lead", "support");
      json_array_append_new(c->out, cur);
    }
    json_array_append_new(json_object_get(cur, json_string_value(json_object_get(r, "role"))),
                          json_pack("{s:O, s:O, s:O, s:O}", "task_id", json_object_get(r, "task_id"),
                                    "code", json_object_get(r, "code"), "title", json_object_get(r, "title"),
                                    "due_date", json_object_get(r, "due_date")));
  }
  json_decref(rows);
  json_decref(heads);
  return NQ_OK;
}

nq_code nq_monitor_assignments(nq_store *s, int64_t plan_id, json_t **out, nq_err *err) {
  struct assign_ctx c = {plan_id, NULL};
  nq_code rc = nq_sql_read(s, do_assignments, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

/* ---- periods -------------------------------------------------------------------- */

static void period_code(const nq_period *p, char *out, size_t cap) {
  switch (p->kind) {
  case NQ_PERIOD_MONTH: snprintf(out, cap, "%04d-%02d", p->year, p->index); break;
  case NQ_PERIOD_QUARTER: snprintf(out, cap, "%04d-Q%d", p->year, p->index); break;
  case NQ_PERIOD_HALF: snprintf(out, cap, "%04d-H1", p->year); break;
  case NQ_PERIOD_NINE_MONTHS: snprintf(out, cap, "%04d-9M", p->year); break;
  default: snprintf(out, cap, "%04d", p->year); break;
  }
}

static nq_code insert_period(nq_db *db, int64_t plan_id, const nq_period *p, nq_err *err) {
  char code[24], title[64], start[NQ_DATE_ISO_LEN], end[NQ_DATE_ISO_LEN], cf[NQ_DATE_ISO_LEN],
    ct[NQ_DATE_ISO_LEN], due[NQ_DATE_ISO_LEN];
  period_code(p, code, sizeof code);
  nq_period_title(p, title, sizeof title);
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "INSERT INTO report_periods(plan_id, kind, code, title, start_date, end_date, cut_from, cut_to,"
    " due_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT(plan_id, code) DO NOTHING", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, plan_id);
  nq_bind_text(st, 2, nq_period_kind_name(p->kind));
  nq_bind_text(st, 3, code);
  nq_bind_text(st, 4, title);
  nq_bind_text(st, 5, nq_date_format_iso(p->start, start));
  nq_bind_text(st, 6, nq_date_format_iso(p->end, end));
  nq_bind_text(st, 7, nq_date_is_none(p->cut_from) ? NULL : nq_date_format_iso(p->cut_from, cf));
  nq_bind_text(st, 8, nq_date_is_none(p->cut_to) ? NULL : nq_date_format_iso(p->cut_to, ct));
  nq_bind_text(st, 9, nq_date_format_iso(p->due, due));
  nq_bind_text(st, 10, nq_db_now(db));
  return nq_db_step_done(db, st, err);
}

/* Every unit leading a task of the plan owes a report for each period that
** has none yet: the expected rows make missing reports visible. Collective
** addressees ("các sở, ban, ngành") are not a unit that can send one. */
static nq_code insert_expected_reports(nq_db *db, int64_t plan_id, const char *from,
                                       const char *to, int64_t only_period, int *changes,
                                       nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "INSERT INTO unit_reports(plan_id, unit_id, period_kind, period_start, period_end, due_date,"
    " state, created_at, updated_at, period_id)"
    " SELECT p.plan_id, lu.unit_id, p.kind, p.start_date, p.end_date, p.due_date, 'draft', ?4, ?4, p.id"
    " FROM report_periods p,"
    "  (SELECT DISTINCT tu.unit_id FROM task_units tu JOIN tasks t ON t.id=tu.task_id"
    "   JOIN units u ON u.id=tu.unit_id WHERE t.plan_id=?1 AND tu.role='lead' AND u.kind<>'collective') lu"
    " WHERE p.plan_id=?1 AND p.start_date>=?2 AND p.start_date<=?3 AND (?5 IS NULL OR p.id=?5)"
    " ON CONFLICT(plan_id, unit_id, period_kind, period_start) DO NOTHING", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, plan_id);
  nq_bind_text(st, 2, from);
  nq_bind_text(st, 3, to);
  nq_bind_text(st, 4, nq_db_now(db));
  nq_bind_id(st, 5, only_period);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  int created = sqlite3_changes(nq_db_handle(db));
  /* Reports written before their period existed (imports, older tools)
  ** join it by plan, kind and start. */
  if ((rc = prep(db, &st,
        "UPDATE unit_reports SET period_id=(SELECT p.id FROM report_periods p"
        " WHERE p.plan_id=unit_reports.plan_id AND p.kind=unit_reports.period_kind"
        " AND p.start_date=unit_reports.period_start)"
        " WHERE plan_id=?1 AND period_id IS NULL AND period_start>=?2 AND period_start<=?3", err)))
    return rc;
  sqlite3_bind_int64(st, 1, plan_id);
  nq_bind_text(st, 2, from);
  nq_bind_text(st, 3, to);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  *changes = created;
  return NQ_OK;
}

static nq_code plan_exists(nq_db *db, int64_t plan_id, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "SELECT id FROM plans WHERE id=?1", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, plan_id);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  sqlite3_reset(st);
  return row ? NQ_OK : nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy kế hoạch %lld.", (long long)plan_id);
}

static const char PERIOD_COLUMNS[] =
  "p.id, p.plan_id, p.kind, p.code, p.title, p.start_date, p.end_date, p.cut_from, p.cut_to,"
  " p.due_date, p.request,"
  " (SELECT COUNT(*) FROM unit_reports r WHERE r.period_id=p.id) AS expected,"
  " (SELECT COUNT(*) FROM unit_reports r WHERE r.period_id=p.id AND r.state IN ('submitted','accepted')) AS submitted,"
  " (SELECT COUNT(*) FROM unit_reports r WHERE r.period_id=p.id AND r.state='accepted') AS accepted";

struct list_ctx {
  int64_t plan_id, id, unit_id;
  int year;
  const char *text;
  json_t *out;
};

static nq_code periods_of(nq_db *db, int64_t plan_id, int year, json_t **out, nq_err *err) {
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_printf(&sql, "SELECT %s FROM report_periods p WHERE p.plan_id=?1"
                      " AND (?2=0 OR substr(p.start_date,1,4)=printf('%%04d', ?2))"
                      " ORDER BY p.start_date, p.end_date DESC, p.id", PERIOD_COLUMNS);
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, sql.data, err);
  nq_buf_free(&sql);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, plan_id);
  sqlite3_bind_int(st, 2, year);
  return nq_db_rows(db, st, out, err);
}

static nq_code do_generate(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  if (rc) return rc;
  sqlite3_stmt *st;
  if ((rc = prep(db, &st, "SELECT period, due FROM reporting_regimes WHERE plan_id=?1 ORDER BY ordinal", err)))
    return rc;
  sqlite3_bind_int64(st, 1, c->plan_id);
  json_t *regime = NULL;
  if ((rc = nq_db_rows(db, st, &regime, err))) return rc;
  if (json_array_size(regime) == 0) {
    /* Decree 09/2019/NĐ-CP: quarterly and yearly reports where a plan is silent. */
    json_array_append_new(regime, json_pack("{s:s, s:n}", "period", "quarter", "due"));
    json_array_append_new(regime, json_pack("{s:s, s:n}", "period", "year", "due"));
  }
  nq_date from = nq_date_make(c->year, 1, 1), to = nq_date_make(c->year, 12, 31);
  if (nq_date_is_none(from)) {
    json_decref(regime);
    return nq_fail(err, NQ_EINVAL, "Năm không hợp lệ: %d.", c->year);
  }
  int created = 0;
  size_t i;
  json_t *item;
  json_array_foreach(regime, i, item) {
    nq_period_kind kind;
    if (nq_period_kind_from_name(jstr(item, "period"), &kind, NULL) != NQ_OK || kind == NQ_PERIOD_ADHOC)
      continue;
    const char *due = jstr(item, "due");
    if (due && !nq_period_due_valid(due)) due = NULL;  /* an unreadable day: the default */
    nq_period periods[16];
    long n = nq_periods_between(kind, from, to, due, periods, 16);
    for (long k = 0; k < n && k < 16 && !rc; k++) {
      if (periods[k].start.y != c->year) continue;
      rc = insert_period(db, c->plan_id, &periods[k], err);
      created += sqlite3_changes(nq_db_handle(db));
    }
    if (rc) break;
  }
  json_decref(regime);
  if (rc) return rc;
  char f[NQ_DATE_ISO_LEN], t[NQ_DATE_ISO_LEN];
  int reports = 0;
  if ((rc = insert_expected_reports(db, c->plan_id, nq_date_format_iso(from, f),
                                    nq_date_format_iso(to, t), 0, &reports, err)))
    return rc;
  if (created || reports) {
    json_t *after = json_pack("{s:i, s:i, s:i}", "year", c->year, "periods_created", created,
                              "reports_expected", reports);
    rc = nq_db_audit(db, "create", "report_periods", c->plan_id, NULL, after, err);
    json_decref(after);
    if (rc) return rc;
  }
  return NQ_OK;
}

nq_code nq_monitor_periods_generate(nq_store *s, const nq_actor *who, int64_t plan_id, int year,
                                    json_t **out, nq_err *err) {
  list_ctx c = {.plan_id = plan_id, .year = year};
  nq_code rc = nq_sql_write(s, who, do_generate, &c, err);
  if (rc || !out) return rc;
  return nq_monitor_periods_list(s, plan_id, out, err) ? err->code : NQ_OK;
}

typedef struct adhoc_ctx {
  int64_t plan_id;
  const json_t *req;
  int64_t id;
} adhoc_ctx;

static nq_code do_adhoc(nq_db *db, void *vctx, nq_err *err) {
  adhoc_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  if (rc) return rc;
  const char *title = jstr(c->req, "title"), *request = jstr(c->req, "request");
  const char *start = jstr(c->req, "start"), *end = jstr(c->req, "end"), *due = jstr(c->req, "due");
  nq_date ds = parse_date(start), de = parse_date(end), dd = parse_date(due);
  if (!title || !*title) return nq_fail(err, NQ_EINVAL, "Báo cáo đột xuất cần tiêu đề (\"title\").");
  if (nq_date_is_none(ds) || nq_date_is_none(de) || nq_date_is_none(dd) || nq_date_cmp(ds, de) > 0)
    return nq_fail(err, NQ_EINVAL, "Báo cáo đột xuất cần \"start\" <= \"end\" và \"due\" dạng YYYY-MM-DD.");
  sqlite3_stmt *st;
  if ((rc = prep(db, &st, "SELECT COUNT(*) FROM report_periods WHERE plan_id=?1 AND kind='adhoc'", err)))
    return rc;
  sqlite3_bind_int64(st, 1, c->plan_id);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  int n = row ? sqlite3_column_int(st, 0) : 0;
  sqlite3_reset(st);
  char code[32];
  snprintf(code, sizeof code, "%04d-AH%d", ds.y, n + 1);
  if ((rc = prep(db, &st,
        "INSERT INTO report_periods(plan_id, kind, code, title, start_date, end_date, due_date,"
        " request, requested_by, created_at) VALUES (?1, 'adhoc', ?2, ?3, ?4, ?5, ?6, ?7,"
        " (SELECT unit_id FROM users WHERE id=?8), ?9)", err)))
    return rc;
  sqlite3_bind_int64(st, 1, c->plan_id);
  nq_bind_text(st, 2, code);
  nq_bind_text(st, 3, title);
  nq_bind_text(st, 4, start);
  nq_bind_text(st, 5, end);
  nq_bind_text(st, 6, due);
  nq_bind_text(st, 7, request);
  nq_bind_id(st, 8, nq_db_actor(db) ? nq_db_actor(db)->user_id : 0);
  nq_bind_text(st, 9, nq_db_now(db));
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  c->id = sqlite3_last_insert_rowid(nq_db_handle(db));
  int reports = 0;
  if ((rc = insert_expected_reports(db, c->plan_id, start, start, c->id, &reports, err))) return rc;
  json_t *after = json_pack("{s:s, s:s, s:s}", "code", code, "title", title, "due", due);
  rc = nq_db_audit(db, "create", "report_period", c->id, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_monitor_period_adhoc(nq_store *s, const nq_actor *who, int64_t plan_id,
                                const json_t *req, int64_t *id_out, nq_err *err) {
  adhoc_ctx c = {plan_id, req, 0};
  nq_code rc = nq_sql_write(s, who, do_adhoc, &c, err);
  if (!rc && id_out) *id_out = c.id;
  return rc;
}

static nq_code do_periods_list(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  return rc ? rc : periods_of(db, c->plan_id, 0, &c->out, err);
}

nq_code nq_monitor_periods_list(nq_store *s, int64_t plan_id, json_t **out, nq_err *err) {
  list_ctx c = {.plan_id = plan_id};
  nq_code rc = nq_sql_read(s, do_periods_list, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

static nq_code period_json(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_printf(&sql, "SELECT %s FROM report_periods p WHERE p.id=?1", PERIOD_COLUMNS);
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, sql.data, err);
  nq_buf_free(&sql);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  return one_row(db, st, out, "Không tìm thấy kỳ báo cáo.", err);
}

static nq_code do_period_get(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  return period_json(db, c->id, &c->out, err);
}

nq_code nq_monitor_period_get(nq_store *s, int64_t period_id, json_t **out, nq_err *err) {
  list_ctx c = {.id = period_id};
  nq_code rc = nq_sql_read(s, do_period_get, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

static nq_code do_period_find(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "SELECT id FROM report_periods WHERE plan_id=?1 AND code=?2", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, c->plan_id);
  nq_bind_text(st, 2, c->text);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  c->id = row ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return row ? NQ_OK : nq_fail(err, NQ_ENOTFOUND, "Kế hoạch %lld không có kỳ báo cáo \"%s\".",
                               (long long)c->plan_id, c->text);
}

nq_code nq_monitor_period_find(nq_store *s, int64_t plan_id, const char *code, int64_t *id_out,
                               nq_err *err) {
  list_ctx c = {.plan_id = plan_id, .text = code ? code : ""};
  nq_code rc = nq_sql_read(s, do_period_find, &c, err);
  if (!rc) *id_out = c.id;
  return rc;
}

static const char STATE_SENT[] = "r.state IN ('submitted','accepted')";

/* The reports a compilation for period ?1 draws on: those of the period and
** of the regular periods inside it (a quarter's compilation reads the
** monthly reports of its months), never another ad hoc request. */
static const char PERIODS_WITHIN[] =
  "r.period_id IN (SELECT q.id FROM report_periods q JOIN report_periods p0 ON p0.id=?1"
  " WHERE q.plan_id=p0.plan_id AND q.start_date>=p0.start_date AND q.end_date<=p0.end_date"
  " AND (q.kind<>'adhoc' OR q.id=p0.id))";

/* Keep the last row of each (k1, k2) pair: rows come oldest first, so a
** unit's latest report in the period speaks for it. */
static json_t *latest_per(json_t *rows, const char *k1, const char *k2) {
  json_t *index = json_object(), *out = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    char key[96];
    json_t *b = json_object_get(row, k2);
    snprintf(key, sizeof key, "%lld:%s", (long long)jint(row, k1),
             json_is_string(b) ? json_string_value(b) : "");
    if (json_is_integer(b)) snprintf(key, sizeof key, "%lld:%lld", (long long)jint(row, k1), (long long)json_integer_value(b));
    json_t *at = json_object_get(index, key);
    if (at) {
      json_array_set(out, (size_t)json_integer_value(at), row);
    } else {
      json_object_set_new(index, key, json_integer((json_int_t)json_array_size(out)));
      json_array_append(out, row);
    }
  }
  json_decref(index);
  json_decref(rows);
  return out;
}

/* ---- a unit's report ------------------------------------------------------------- */

typedef struct report_row {
  int64_t id, plan_id, unit_id, period_id;
  char state[16], due[11], period_code[24], period_end[11];
  bool approved;
  int64_t version;
} report_row;

static nq_code load_report(nq_db *db, int64_t id, report_row *r, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "SELECT r.id, r.plan_id, r.unit_id, r.period_id, r.state, r.due_date, p.code, p.end_date,"
    " r.approved_at IS NOT NULL, r.version"
    " FROM unit_reports r JOIN report_periods p ON p.id=r.period_id WHERE r.id=?1", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  if (!row) {
    sqlite3_reset(st);
    return nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy báo cáo %lld.", (long long)id);
  }
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(st, 0);
  r->plan_id = sqlite3_column_int64(st, 1);
  r->unit_id = sqlite3_column_int64(st, 2);
  r->period_id = sqlite3_column_int64(st, 3);
  snprintf(r->state, sizeof r->state, "%s", nq_col_text(st, 4) ? nq_col_text(st, 4) : "");
  snprintf(r->due, sizeof r->due, "%s", nq_col_text(st, 5) ? nq_col_text(st, 5) : "");
  snprintf(r->period_code, sizeof r->period_code, "%s", nq_col_text(st, 6) ? nq_col_text(st, 6) : "");
  snprintf(r->period_end, sizeof r->period_end, "%s", nq_col_text(st, 7) ? nq_col_text(st, 7) : "");
  r->approved = sqlite3_column_int(st, 8) != 0;
  r->version = sqlite3_column_int64(st, 9);
  sqlite3_reset(st);
  return NQ_OK;
}

static nq_code find_report(nq_db *db, int64_t period_id, int64_t unit_id, int64_t *id, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "SELECT id FROM unit_reports WHERE period_id=?1 AND unit_id=?2", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, period_id);
  sqlite3_bind_int64(st, 2, unit_id);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  *id = row ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return NQ_OK;
}

static nq_code do_report_open(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;  /* id: period, unit_id; out id in plan_id slot */
  nq_code rc = find_report(db, c->id, c->unit_id, &c->plan_id, err);
  if (rc || c->plan_id) return rc;
  json_t *p = NULL;
  if ((rc = period_json(db, c->id, &p, err))) return rc;
  int64_t plan_id = jint(p, "plan_id");
  sqlite3_stmt *st;
  if ((rc = prep(db, &st,
        "SELECT 1 FROM task_units tu JOIN tasks t ON t.id=tu.task_id"
        " WHERE tu.unit_id=?1 AND tu.role='lead' AND t.plan_id=?2 LIMIT 1", err))) {
    json_decref(p);
    return rc;
  }
  sqlite3_bind_int64(st, 1, c->unit_id);
  sqlite3_bind_int64(st, 2, plan_id);
  bool row;
  if ((rc = step(db, st, &row, err))) {
    json_decref(p);
    return rc;
  }
  sqlite3_reset(st);
  if (!row) {
    json_decref(p);
    return nq_fail(err, NQ_EUNPROCESSABLE, "Đơn vị %lld không chủ trì nhiệm vụ nào của kế hoạch này.",
                   (long long)c->unit_id);
  }
  if ((rc = prep(db, &st,
        "INSERT INTO unit_reports(plan_id, unit_id, period_kind, period_start, period_end, due_date,"
        " state, created_at, updated_at, period_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?7, ?8)",
        err))) {
    json_decref(p);
    return rc;
  }
  sqlite3_bind_int64(st, 1, plan_id);
  sqlite3_bind_int64(st, 2, c->unit_id);
  nq_bind_text(st, 3, jstr(p, "kind"));
  nq_bind_text(st, 4, jstr(p, "start_date"));
  nq_bind_text(st, 5, jstr(p, "end_date"));
  nq_bind_text(st, 6, jstr(p, "due_date"));
  nq_bind_text(st, 7, nq_db_now(db));
  sqlite3_bind_int64(st, 8, c->id);
  json_decref(p);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  c->plan_id = sqlite3_last_insert_rowid(nq_db_handle(db));
  if ((rc = add_event(db, c->plan_id, nq_db_now(db), "create", NULL, "draft", NULL, err))) return rc;
  return nq_db_audit(db, "create", "unit_report", c->plan_id, NULL, NULL, err);
}

nq_code nq_monitor_report_open(nq_store *s, const nq_actor *who, int64_t period_id,
                               int64_t unit_id, int64_t *id_out, nq_err *err) {
  list_ctx c = {.id = period_id, .unit_id = unit_id};
  nq_code rc = nq_sql_write(s, who, do_report_open, &c, err);
  if (!rc) *id_out = c.plan_id;
  return rc;
}

static nq_code do_report_find(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  nq_code rc = find_report(db, c->id, c->unit_id, &c->plan_id, err);
  if (!rc && !c->plan_id) rc = nq_fail(err, NQ_ENOTFOUND, "Đơn vị chưa có báo cáo cho kỳ này.");
  return rc;
}

nq_code nq_monitor_report_find(nq_store *s, int64_t period_id, int64_t unit_id, int64_t *id_out,
                               nq_err *err) {
  list_ctx c = {.id = period_id, .unit_id = unit_id};
  nq_code rc = nq_sql_read(s, do_report_find, &c, err);
  if (!rc) *id_out = c.plan_id;
  return rc;
}

/* on_time | late | missing | pending, and days late, judged on the first
** submission against the report's own due date. */
static const char *timeliness(const char *due, const char *first_submitted, nq_date today, long *days_late) {
  nq_date d = parse_date(due), sub = parse_date(first_submitted);
  *days_late = 0;
  if (nq_date_is_none(d)) return nq_date_is_none(sub) ? "pending" : "on_time";
  if (!nq_date_is_none(sub)) {
    long late = nq_date_diff(d, sub);
    *days_late = late > 0 ? late : 0;
    return late > 0 ? "late" : "on_time";
  }
  long over = nq_date_diff(d, today);
  if (over > 0) {
    *days_late = over;
    return "missing";
  }
  return "pending";
}

static const char *timeliness_label(const char *t) {
  if (strcmp(t, "on_time") == 0) return "Đúng hạn";
  if (strcmp(t, "late") == 0) return "Chậm";
  if (strcmp(t, "missing") == 0) return "Chưa gửi (quá hạn)";
  return "Chưa đến hạn";
}

static nq_code report_json(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "SELECT r.id, r.plan_id, r.unit_id, u.name AS unit, r.period_id, r.state,"
    " r.approved_at IS NOT NULL AS approved, r.approved_at, r.due_date, r.submitted_at,"
    " COALESCE(r.first_submitted_at, r.submitted_at) AS first_submitted_at, r.accepted_at, r.returned_at,"
    " r.return_comment, r.submit_count, r.version,"
    " p.code AS period_code, p.title AS period_title, p.kind AS period_kind, p.start_date, p.end_date"
    " FROM unit_reports r JOIN units u ON u.id=r.unit_id JOIN report_periods p ON p.id=r.period_id"
    " WHERE r.id=?1", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  json_t *r = NULL;
  if ((rc = one_row(db, st, &r, "Không tìm thấy báo cáo.", err))) return rc;
  json_object_set_new(r, "approved", json_boolean(jint(r, "approved")));
  json_object_set_new(r, "period", json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
    "id", json_object_get(r, "period_id"), "kind", json_object_get(r, "period_kind"),
    "code", json_object_get(r, "period_code"), "title", json_object_get(r, "period_title"),
    "start_date", json_object_get(r, "start_date"), "end_date", json_object_get(r, "end_date"),
    "due_date", json_object_get(r, "due_date")));
  nq_report_state state;
  if (nq_report_state_from_name(jstr(r, "state"), &state))
    json_object_set_new(r, "state_label", json_string(nq_report_state_label(state)));
  long days;
  const char *t = timeliness(jstr(r, "due_date"), jstr(r, "first_submitted_at"), today_date(), &days);
  json_object_set_new(r, "timeliness", json_string(t));
  json_object_set_new(r, "days_late", json_integer(days));
  int64_t plan_id = jint(r, "plan_id"), unit_id = jint(r, "unit_id");
  int year = atoi(jstr(r, "end_date") ? jstr(r, "end_date") : "0");

  /* One item per task the unit leads, with what it wrote so far. */
  json_t *items = NULL, *inds = NULL, *secs = NULL, *events = NULL;
  if ((rc = prep(db, &st,
        "SELECT t.id AS task_id, t.code, t.title, t.due_date, t.schedule_kind, t.percent AS previous_percent,"
        " ri.status, ri.percent, ri.results, ri.evidence, ri.difficulties, ri.proposals, ri.update_id"
        " FROM tasks t LEFT JOIN report_items ri ON ri.task_id=t.id AND ri.report_id=?1"
        " WHERE t.plan_id=?2 AND EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id=t.id"
        "  AND tu.unit_id=?3 AND tu.role='lead') ORDER BY t.ordinal", err)))
    goto fail;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, plan_id);
  sqlite3_bind_int64(st, 3, unit_id);
  if ((rc = nq_db_rows(db, st, &items, err))) goto fail;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    const char *ev = jstr(it, "evidence");
    json_t *parsed = ev && ev[0] == '[' ? json_loads(ev, 0, NULL) : NULL;
    if (parsed) json_object_set_new(it, "evidence", parsed);  /* else the text as written */
  }
  if ((rc = prep(db, &st,
        "SELECT i.id AS indicator_id, i.code, i.name, i.measure AS unit,"
        " (SELECT target FROM indicator_targets g WHERE g.indicator_id=i.id AND g.year>=?3"
        "  ORDER BY g.year LIMIT 1) AS target,"
        " v.value, v.value_text, v.source, v.note, v.value_id"
        " FROM indicators i LEFT JOIN report_indicator_values v ON v.indicator_id=i.id AND v.report_id=?1"
        " WHERE i.plan_id=?2 ORDER BY i.ordinal", err)))
    goto fail;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, plan_id);
  sqlite3_bind_int(st, 3, year);
  if ((rc = nq_db_rows(db, st, &inds, err))) goto fail;
  if ((rc = prep(db, &st, "SELECT section, body FROM report_sections WHERE report_id=?1", err))) goto fail;
  sqlite3_bind_int64(st, 1, id);
  secs = json_object();
  bool row;
  while (!(rc = step(db, st, &row, err)) && row)
    json_object_set_new(secs, nq_col_text(st, 0), json_string(nq_col_text(st, 1)));
  sqlite3_reset(st);
  if (rc) goto fail;
  if ((rc = prep(db, &st,
        "SELECT at, action, from_state, to_state, user_name, comment FROM report_events"
        " WHERE report_id=?1 ORDER BY id", err)))
    goto fail;
  sqlite3_bind_int64(st, 1, id);
  if ((rc = nq_db_rows(db, st, &events, err))) goto fail;
  json_object_set_new(r, "items", items);
  json_object_set_new(r, "indicators", inds);
  json_object_set_new(r, "sections", secs);
  json_object_set_new(r, "events", events);
  *out = r;
  return NQ_OK;
fail:
  json_decref(items);
  json_decref(inds);
  json_decref(secs);
  json_decref(events);
  json_decref(r);
  return rc;
}

static nq_code do_report_get(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  return report_json(db, c->id, &c->out, err);
}

nq_code nq_monitor_report_get(nq_store *s, int64_t report_id, json_t **out, nq_err *err) {
  list_ctx c = {.id = report_id};
  nq_code rc = nq_sql_read(s, do_report_get, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

/* What the acting user is for this report (flow.h). The head is a
** unit_heads row (acting heads included) or an account with the auth role
** "head" in that unit. The aggregator is an account with the auth role
** "aggregator" that either belongs to the plan's aggregating unit or is
** scoped to the plan (every plan, or this one in user_plan_scopes), so an
** account without a unit reviews the plans it was given, and a unit's
** other staff (officers of the aggregating body) do not review: the same
** rule as the permission policy (auth/policy.h) and the plans it scopes
** (store/sqlite_auth.c). */
static nq_code actor_role(nq_db *db, const report_row *r, nq_report_actor_role *role, nq_err *err) {
  memset(role, 0, sizeof *role);
  const nq_actor *who = nq_db_actor(db);
  if (!who || who->user_id == 0) return NQ_OK;
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "SELECT u.unit_id,"
    " EXISTS (SELECT 1 FROM unit_heads h WHERE h.unit_id=?2 AND h.user_id=u.id)"
    "  OR (u.role='head' AND u.unit_id=?2),"
    " u.role='aggregator' AND (u.scope_all=1"
    "  OR u.unit_id=(SELECT COALESCE(aggregator_unit_id, issuer_unit_id) FROM plans WHERE id=?3)"
    "  OR EXISTS (SELECT 1 FROM user_plan_scopes ps WHERE ps.user_id=u.id AND ps.plan_id=?3))"
    " FROM users u WHERE u.id=?1 AND u.disabled=0", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, who->user_id);
  sqlite3_bind_int64(st, 2, r->unit_id);
  sqlite3_bind_int64(st, 3, r->plan_id);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  if (row) {
    bool has_unit = sqlite3_column_type(st, 0) != SQLITE_NULL;
    role->unit_head = sqlite3_column_int(st, 1) != 0;
    role->unit_member = role->unit_head || (has_unit && sqlite3_column_int64(st, 0) == r->unit_id);
    role->aggregator = sqlite3_column_int(st, 2) != 0;
  }
  sqlite3_reset(st);
  return NQ_OK;
}

static bool valid_item_status(const char *s) {
  static const char *const names[] = {"not_started", "in_progress", "done", "paused", NULL};
  for (int i = 0; names[i]; i++)
    if (strcmp(s, names[i]) == 0) return true;
  return false;
}

static json_t *optional_text(const json_t *o, const char *k) {
  const json_t *v = json_object_get(o, k);
  return json_is_string(v) ? (json_t *)v : NULL;
}

static nq_code save_items(nq_db *db, const report_row *r, const json_t *items, nq_err *err) {
  sqlite3_stmt *lead, *up;
  size_t i;
  const json_t *it;
  json_array_foreach(items, i, it) {
    int64_t task_id = jint(it, "task_id");
    nq_code rc = prep(db, &lead,
      "SELECT 1 FROM tasks t WHERE t.id=?1 AND t.plan_id=?2 AND EXISTS (SELECT 1 FROM task_units tu"
      " WHERE tu.task_id=t.id AND tu.unit_id=?3 AND tu.role='lead')", err);
    if (rc) return rc;
    sqlite3_bind_int64(lead, 1, task_id);
    sqlite3_bind_int64(lead, 2, r->plan_id);
    sqlite3_bind_int64(lead, 3, r->unit_id);
    bool row;
    if ((rc = step(db, lead, &row, err))) return rc;
    sqlite3_reset(lead);
    if (!row)
      return nq_fail(err, NQ_EUNPROCESSABLE, "items[%zu]: nhiệm vụ %lld không do đơn vị này chủ trì trong kế hoạch.",
                     i, (long long)task_id);
    const json_t *pct = json_object_get(it, "percent");
    if (pct && !json_is_null(pct) &&
        (!json_is_integer(pct) || json_integer_value(pct) < 0 || json_integer_value(pct) > 100))
      return nq_fail(err, NQ_EINVAL, "items[%zu].percent: cần số nguyên 0-100.", i);
    const char *status = jstr(it, "status");
    if (status && !valid_item_status(status))
      return nq_fail(err, NQ_EINVAL, "items[%zu].status: \"%s\" không hợp lệ (not_started, in_progress, done, paused).",
                     i, status);
    /* Evidence: references as an array ([{"kind","ref","title"}]) or the
    ** unit's own text (document numbers, links), kept as given. */
    const json_t *ev = json_object_get(it, "evidence");
    if (ev && !json_is_array(ev) && !json_is_string(ev) && !json_is_null(ev))
      return nq_fail(err, NQ_EINVAL, "items[%zu].evidence: cần một mảng hoặc văn bản.", i);
    char *ev_text = json_is_array(ev) ? json_dumps(ev, JSON_COMPACT)
                  : json_is_string(ev) && *json_string_value(ev) ? nq_xstrdup(json_string_value(ev)) : NULL;
    if ((rc = prep(db, &up,
          "INSERT INTO report_items(report_id, task_id, status, percent, results, evidence, difficulties, proposals)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
          " ON CONFLICT(report_id, task_id) DO UPDATE SET status=excluded.status, percent=excluded.percent,"
          " results=excluded.results, evidence=excluded.evidence, difficulties=excluded.difficulties,"
          " proposals=excluded.proposals", err))) {
      free(ev_text);
      return rc;
    }
    sqlite3_bind_int64(up, 1, r->id);
    sqlite3_bind_int64(up, 2, task_id);
    nq_bind_text(up, 3, status);
    if (json_is_integer(pct)) sqlite3_bind_int64(up, 4, json_integer_value(pct));
    else sqlite3_bind_null(up, 4);
    nq_bind_json_text(up, 5, optional_text(it, "results"));
    nq_bind_text(up, 6, ev_text);
    nq_bind_json_text(up, 7, optional_text(it, "difficulties"));
    nq_bind_json_text(up, 8, optional_text(it, "proposals"));
    rc = nq_db_step_done(db, up, err);
    free(ev_text);
    if (rc) return rc;
  }
  return NQ_OK;
}

static nq_code save_values(nq_db *db, const report_row *r, const json_t *values, nq_err *err) {
  size_t i;
  const json_t *v;
  json_array_foreach(values, i, v) {
    int64_t ind = jint(v, "indicator_id");
    sqlite3_stmt *st;
    nq_code rc = prep(db, &st, "SELECT 1 FROM indicators WHERE id=?1 AND plan_id=?2", err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, ind);
    sqlite3_bind_int64(st, 2, r->plan_id);
    bool row;
    if ((rc = step(db, st, &row, err))) return rc;
    sqlite3_reset(st);
    if (!row)
      return nq_fail(err, NQ_EUNPROCESSABLE, "indicators[%zu]: chỉ tiêu %lld không thuộc kế hoạch.", i, (long long)ind);
    const json_t *value = json_object_get(v, "value");
    if (value && !json_is_number(value) && !json_is_null(value))
      return nq_fail(err, NQ_EINVAL, "indicators[%zu].value: cần một số (văn bản: \"value_text\").", i);
    if ((rc = prep(db, &st,
          "INSERT INTO report_indicator_values(report_id, indicator_id, value, value_text, source, note)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(report_id, indicator_id) DO UPDATE SET"
          " value=excluded.value, value_text=excluded.value_text, source=excluded.source, note=excluded.note",
          err)))
      return rc;
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, ind);
    if (json_is_number(value)) sqlite3_bind_double(st, 3, json_number_value(value));
    else sqlite3_bind_null(st, 3);
    nq_bind_json_text(st, 4, optional_text(v, "value_text"));
    nq_bind_json_text(st, 5, optional_text(v, "source"));
    nq_bind_json_text(st, 6, optional_text(v, "note"));
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  return NQ_OK;
}

static nq_code save_sections(nq_db *db, const report_row *r, const json_t *sections, nq_err *err) {
  static const char *const names[] = {"results", "shortcomings", "difficulties", "proposals", "next"};
  const char *key;
  const json_t *v;
  json_object_foreach((json_t *)sections, key, v) {
    bool known = false;
    for (size_t i = 0; i < 5; i++) known |= strcmp(key, names[i]) == 0;
    if (!known || !(json_is_string(v) || json_is_null(v)))
      return nq_fail(err, NQ_EINVAL, "sections.%s: mục không hợp lệ (results, shortcomings, difficulties, proposals, next; văn bản).", key);
    sqlite3_stmt *st;
    nq_code rc = prep(db, &st, json_is_null(v) || !*json_string_value(v)
      ? "DELETE FROM report_sections WHERE report_id=?1 AND section=?2"
      : "INSERT INTO report_sections(report_id, section, body) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(report_id, section) DO UPDATE SET body=excluded.body", err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, r->id);
    nq_bind_text(st, 2, key);
    if (json_is_string(v) && *json_string_value(v)) nq_bind_text(st, 3, json_string_value(v));
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  return NQ_OK;
}

typedef struct save_ctx {
  int64_t id;
  const json_t *body;
  nq_report_action action;
  const char *comment, *at;
} save_ctx;

static nq_code do_report_save(nq_db *db, void *vctx, nq_err *err) {
  save_ctx *c = vctx;
  report_row r;
  nq_code rc = load_report(db, c->id, &r, err);
  if (rc) return rc;
  nq_report_actor_role role;
  if ((rc = actor_role(db, &r, &role, err))) return rc;
  nq_report_state state = NQ_REPORT_DRAFT, next;
  bool approved_next;
  nq_report_state_from_name(r.state, &state);
  if ((rc = nq_report_transition(state, r.approved, NQ_ACT_SAVE, &role, NULL, &next, &approved_next, err)))
    return rc;
  if (!json_is_object(c->body)) return nq_fail(err, NQ_EINVAL, "Nội dung báo cáo phải là một đối tượng JSON.");
  const json_t *items = json_object_get(c->body, "items"), *values = json_object_get(c->body, "indicators"),
               *sections = json_object_get(c->body, "sections");
  if ((items && !json_is_array(items)) || (values && !json_is_array(values)) ||
      (sections && !json_is_object(sections)))
    return nq_fail(err, NQ_EINVAL, "\"items\" và \"indicators\" phải là mảng, \"sections\" là đối tượng.");
  if (items && (rc = save_items(db, &r, items, err))) return rc;
  if (values && (rc = save_values(db, &r, values, err))) return rc;
  if (sections && (rc = save_sections(db, &r, sections, err))) return rc;
  sqlite3_stmt *st;
  if ((rc = prep(db, &st,
        "UPDATE unit_reports SET approved_at=NULL, approved_by=NULL, version=version+1, updated_at=?2"
        " WHERE id=?1", err)))
    return rc;
  sqlite3_bind_int64(st, 1, r.id);
  nq_bind_text(st, 2, nq_db_now(db));
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  if ((rc = add_event(db, r.id, nq_db_now(db), "save", r.state, r.state, NULL, err))) return rc;
  return nq_db_audit(db, "update", "unit_report", r.id, NULL, c->body, err);
}

nq_code nq_monitor_report_save(nq_store *s, const nq_actor *who, int64_t report_id,
                               const json_t *body, nq_err *err) {
  save_ctx c = {.id = report_id, .body = body};
  return nq_sql_write(s, who, do_report_save, &c, err);
}

/* Submitting: each item becomes a progress update and each value an
** indicator value, tied to the report, and the items remember their ids. */
static nq_code record_updates(nq_db *db, const report_row *r, const char *at, nq_err *err) {
  const nq_actor *who = nq_db_actor(db);
  static const char *const sql[] = {
    "INSERT INTO progress_updates(task_id, unit_id, at, period, status, percent, results, difficulties,"
    " proposals, user_id, report_id, evidence)"
    " SELECT ri.task_id, ?2, ?3, ?4, ri.status, ri.percent, ri.results, ri.difficulties, ri.proposals,"
    " (SELECT id FROM users WHERE id=?5), ?1, ri.evidence FROM report_items ri WHERE ri.report_id=?1",
    "UPDATE report_items SET update_id=(SELECT MAX(pu.id) FROM progress_updates pu"
    " WHERE pu.report_id=report_items.report_id AND pu.task_id=report_items.task_id) WHERE report_id=?1",
    "INSERT INTO indicator_values(indicator_id, unit_id, year, period, value, value_text, source, note,"
    " at, user_id, report_id)"
    " SELECT v.indicator_id, ?2, ?6, ?4, v.value, v.value_text, v.source, v.note, ?3,"
    " (SELECT id FROM users WHERE id=?5), ?1 FROM report_indicator_values v"
    " WHERE v.report_id=?1 AND (v.value IS NOT NULL OR v.value_text IS NOT NULL)",
    "UPDATE report_indicator_values SET value_id=(SELECT MAX(iv.id) FROM indicator_values iv"
    " WHERE iv.report_id=report_indicator_values.report_id"
    " AND iv.indicator_id=report_indicator_values.indicator_id) WHERE report_id=?1",
  };
  for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
    sqlite3_stmt *st;
    nq_code rc = prep(db, &st, sql[i], err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, r->id);
    if (sqlite3_bind_parameter_count(st) >= 2) {
      sqlite3_bind_int64(st, 2, r->unit_id);
      nq_bind_text(st, 3, at);
      nq_bind_text(st, 4, r->period_code);
      nq_bind_id(st, 5, who ? who->user_id : 0);
      if (sqlite3_bind_parameter_count(st) >= 6) sqlite3_bind_int(st, 6, atoi(r->period_end));
    }
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  return NQ_OK;
}

/* Accepting: the items become the tasks' official progress. A task is done
** when its lead unit says so (or reports 100%), on the day of the act. */
static nq_code apply_to_tasks(nq_db *db, const report_row *r, const char *at, json_t **applied, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "SELECT task_id, status, percent FROM report_items WHERE report_id=?1 ORDER BY task_id", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, r->id);
  json_t *rows = NULL;
  if ((rc = nq_db_rows(db, st, &rows, err))) return rc;
  *applied = json_array();
  char day[11];
  snprintf(day, sizeof day, "%.10s", at);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *status = jstr(row, "status");
    json_t *p = json_object_get(row, "percent");
    bool has_pct = json_is_integer(p);
    int pct = has_pct ? (int)json_integer_value(p) : 0;
    bool done = (status && strcmp(status, "done") == 0) || (has_pct && pct == 100);
    if (!has_pct && !done) continue;  /* nothing measurable to apply */
    if ((rc = prep(db, &st,
          "UPDATE tasks SET percent=?2, done=CASE WHEN ?3 THEN 1 ELSE done END,"
          " done_date=CASE WHEN ?3 AND done=0 THEN ?4 ELSE done_date END,"
          " last_update_at=?5, version=version+1, updated_at=?6 WHERE id=?1", err)))
      break;
    sqlite3_bind_int64(st, 1, jint(row, "task_id"));
    sqlite3_bind_int(st, 2, done ? 100 : pct);
    sqlite3_bind_int(st, 3, done);
    nq_bind_text(st, 4, day);
    nq_bind_text(st, 5, at);
    nq_bind_text(st, 6, nq_db_now(db));
    if ((rc = nq_db_step_done(db, st, err))) break;
    json_array_append_new(*applied, json_pack("{s:I, s:i, s:b}", "task_id", (json_int_t)jint(row, "task_id"),
                                              "percent", done ? 100 : pct, "done", done));
  }
  json_decref(rows);
  return rc;
}

static nq_code do_report_act(nq_db *db, void *vctx, nq_err *err) {
  save_ctx *c = vctx;
  report_row r;
  nq_code rc = load_report(db, c->id, &r, err);
  if (rc) return rc;
  nq_report_actor_role role;
  if ((rc = actor_role(db, &r, &role, err))) return rc;
  nq_report_state state = NQ_REPORT_DRAFT, next;
  bool approved_next;
  nq_report_state_from_name(r.state, &state);
  if ((rc = nq_report_transition(state, r.approved, c->action, &role, c->comment, &next, &approved_next, err)))
    return rc;
  char at[32];
  if ((rc = moment(db, c->at, at, err))) return rc;
  const nq_actor *who = nq_db_actor(db);
  sqlite3_stmt *st;
  const char *sql = NULL;
  switch (c->action) {
  case NQ_ACT_APPROVE:
    sql = "UPDATE unit_reports SET approved_at=?2, approved_by=(SELECT id FROM users WHERE id=?3),"
          " updated_at=?4, version=version+1 WHERE id=?1";
    break;
  case NQ_ACT_SUBMIT:
    sql = "UPDATE unit_reports SET state='submitted', submitted_at=?2,"
          " first_submitted_at=COALESCE(first_submitted_at, ?2), submit_count=submit_count+1,"
          " updated_at=?4, version=version+1 WHERE id=?1";
    break;
  case NQ_ACT_ACCEPT:
    sql = "UPDATE unit_reports SET state='accepted', accepted_at=?2, updated_at=?4, version=version+1"
          " WHERE id=?1";
    break;
  case NQ_ACT_RETURN:
    sql = "UPDATE unit_reports SET state='returned', returned_at=?2, return_comment=?5,"
          " approved_at=NULL, approved_by=NULL, updated_at=?4, version=version+1"
          " WHERE id=?1";
    break;
  default:
    return nq_fail(err, NQ_EINVAL, "Thao tác không hợp lệ.");
  }
  if ((rc = prep(db, &st, sql, err))) return rc;
  sqlite3_bind_int64(st, 1, r.id);
  nq_bind_text(st, 2, at);
  nq_bind_id(st, 3, who ? who->user_id : 0);
  nq_bind_text(st, 4, nq_db_now(db));
  if (c->action == NQ_ACT_RETURN) nq_bind_text(st, 5, c->comment);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  json_t *applied = NULL;
  if (c->action == NQ_ACT_SUBMIT) rc = record_updates(db, &r, at, err);
  else if (c->action == NQ_ACT_ACCEPT) rc = apply_to_tasks(db, &r, at, &applied, err);
  if (rc) {
    json_decref(applied);
    return rc;
  }
  const char *to = nq_report_state_name(next);
  if ((rc = add_event(db, r.id, at, nq_report_action_name(c->action), r.state, to, c->comment, err))) {
    json_decref(applied);
    return rc;
  }
  json_t *before = json_pack("{s:s, s:b}", "state", r.state, "approved", r.approved);
  json_t *after = json_pack("{s:s, s:s, s:b, s:s}", "action", nq_report_action_name(c->action),
                            "state", to, "approved", approved_next, "at", at);
  if (c->comment) json_object_set_new(after, "comment", json_string(c->comment));
  if (applied) json_object_set_new(after, "applied_tasks", applied);
  rc = nq_db_audit(db, "update", "unit_report", r.id, before, after, err);
  json_decref(before);
  json_decref(after);
  return rc;
}

nq_code nq_monitor_report_act(nq_store *s, const nq_actor *who, int64_t report_id,
                              nq_report_action action, const char *comment, const char *at,
                              nq_err *err) {
  if (action == NQ_ACT_SAVE) return nq_fail(err, NQ_EINVAL, "Dùng nq_monitor_report_save để lưu báo cáo.");
  save_ctx c = {.id = report_id, .action = action, .comment = comment, .at = at};
  return nq_sql_write(s, who, do_report_act, &c, err);
}

/* within: also the reports of the regular periods inside this one. */
static nq_code timeliness_rows(nq_db *db, int64_t period_id, int64_t unit_id, bool within,
                               json_t **out, nq_err *err) {
  sqlite3_stmt *st;
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_printf(&sql,
    "SELECT r.id AS report_id, r.unit_id, u.name AS unit, r.state, r.due_date, r.submitted_at,"
    " COALESCE(r.first_submitted_at, r.submitted_at) AS first_submitted_at, r.submit_count, p.code AS period"
    " FROM unit_reports r JOIN units u ON u.id=r.unit_id JOIN report_periods p ON p.id=r.period_id"
    " WHERE %s AND (?2 IS NULL OR r.unit_id=?2) ORDER BY p.start_date, p.end_date DESC, u.sort_key, r.id",
    within ? PERIODS_WITHIN : "r.period_id=?1");
  nq_code rc = prep(db, &st, sql.data, err);
  nq_buf_free(&sql);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, period_id);
  nq_bind_id(st, 2, unit_id);
  if ((rc = nq_db_rows(db, st, out, err))) return rc;
  nq_date today = today_date();
  size_t i;
  json_t *row;
  json_array_foreach(*out, i, row) {
    long days;
    const char *t = timeliness(jstr(row, "due_date"), jstr(row, "first_submitted_at"), today, &days);
    json_object_set_new(row, "timeliness", json_string(t));
    json_object_set_new(row, "timeliness_label", json_string(timeliness_label(t)));
    json_object_set_new(row, "days_late", json_integer(days));
    nq_report_state state;
    if (nq_report_state_from_name(jstr(row, "state"), &state))
      json_object_set_new(row, "state_label", json_string(nq_report_state_label(state)));
  }
  return NQ_OK;
}

static nq_code do_reports_list(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  json_t *p = NULL;
  nq_code rc = period_json(db, c->id, &p, err);
  if (rc) return rc;
  json_decref(p);
  return timeliness_rows(db, c->id, 0, false, &c->out, err);
}

nq_code nq_monitor_reports_list(nq_store *s, int64_t period_id, json_t **out, nq_err *err) {
  list_ctx c = {.id = period_id};
  nq_code rc = nq_sql_read(s, do_reports_list, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

/* ---- roll-up ---------------------------------------------------------------------- */

static nq_code rows_of(nq_db *db, const char *sql, int64_t a, int64_t b, json_t **out, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, sql, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, a);
  nq_bind_id(st, 2, b);
  return nq_db_rows(db, st, out, err);
}

/* Group an array of rows into {"<key>": [rows]} by an integer column. */
static json_t *group_by(json_t *rows, const char *key) {
  json_t *g = json_object();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    char k[32];
    snprintf(k, sizeof k, "%lld", (long long)jint(row, key));
    json_t *arr = json_object_get(g, k);
    if (!arr) {
      arr = json_array();
      json_object_set_new(g, k, arr);
    }
    json_array_append(arr, row);
  }
  return g;
}

static json_t *group_get(json_t *g, int64_t id) {
  char k[32];
  snprintf(k, sizeof k, "%lld", (long long)id);
  return json_object_get(g, k);
}

static nq_period period_struct(const json_t *p) {
  nq_period out;
  memset(&out, 0, sizeof out);
  nq_period_kind_from_name(jstr(p, "kind"), &out.kind, NULL);
  out.start = parse_date(jstr(p, "start_date"));
  out.end = parse_date(jstr(p, "end_date"));
  out.cut_from = parse_date(jstr(p, "cut_from"));
  out.cut_to = parse_date(jstr(p, "cut_to"));
  out.due = parse_date(jstr(p, "due_date"));
  out.year = out.end.y;
  return out;
}

static nq_status task_status_at(const json_t *t, const json_t *items, const nq_period *p,
                                nq_date plan_start, nq_date at) {
  nq_task_facts f;
  memset(&f, 0, sizeof f);
  nq_sched_kind_from_name(jstr(t, "schedule_kind"), &f.schedule.kind, NULL);
  f.schedule.start = parse_date(jstr(t, "start_date"));
  f.schedule.due = parse_date(jstr(t, "due_date"));
  f.done = jint(t, "done") != 0;
  f.done_on = parse_date(jstr(t, "done_date"));
  f.percent = (int)jint(t, "percent");
  f.last_update = parse_date(jstr(t, "last_update_at"));
  f.plan_start = plan_start;
  bool reported = json_array_size(items) > 0, said_done = false;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    const char *s = jstr(it, "status");
    if ((s && strcmp(s, "done") == 0) || jint(it, "percent") == 100) said_done = true;
    if (json_is_integer(json_object_get(it, "percent")) && jint(it, "percent") > f.percent)
      f.percent = (int)jint(it, "percent");
  }
  if (f.schedule.kind == NQ_SCHED_RECURRING)
    return nq_status_in_period(p, reported, parse_date(jstr(json_array_get(items, 0), "submitted_at")), at);
  if (said_done && !f.done) {
    f.done = true;
    f.done_on = parse_date(jstr(json_array_get(items, 0), "submitted_at"));
  }
  return nq_task_status(&f, at, NULL);
}

static void add_unique_id(json_t *arr, const json_t *v) {
  if (!json_is_integer(v)) return;
  size_t i;
  json_t *x;
  json_array_foreach(arr, i, x) if (json_integer_value(x) == json_integer_value(v)) return;
  json_array_append_new(arr, json_integer(json_integer_value(v)));
}

static json_t *task_rows(const json_t *tasks, json_t *leads, json_t *items, json_t *children,
                         const nq_period *p, nq_date plan_start, nq_date at, json_t *counts,
                         json_t *all_updates) {
  json_t *out = json_array();
  size_t i;
  json_t *t;
  json_array_foreach(tasks, i, t) {
    int64_t id = jint(t, "id");
    json_t *its = group_get(items, id), *kids = group_get(children, id), *ls = group_get(leads, id);
    nq_buf lead = NQ_BUF_INIT, result = NQ_BUF_INIT;
    size_t k;
    json_t *x;
    json_array_foreach(ls, k, x) nq_buf_printf(&lead, "%s%s", lead.len ? "; " : "", jstr(x, "name"));
    json_t *updates = json_array();
    double sum = 0;
    int n = 0;
    json_array_foreach(its, k, x) {
      if (json_is_integer(json_object_get(x, "percent"))) {
        sum += (double)jint(x, "percent");
        n++;
      }
      const char *res = jstr(x, "results");
      if (res && *res) {
        if (json_array_size(its) > 1) nq_buf_printf(&result, "%s%s: %s", result.len ? "\n" : "", jstr(x, "unit"), res);
        else nq_buf_puts(&result, res);
      }
      add_unique_id(updates, json_object_get(x, "update_id"));
      add_unique_id(all_updates, json_object_get(x, "update_id"));
    }
    json_t *cascade = json_null();
    double kid_sum = 0;
    int kid_n = 0;
    json_array_foreach(kids, k, x) {
      kid_sum += jint(x, "done") ? 100.0 : (double)jint(x, "percent");
      kid_n++;
    }
    if (kid_n) cascade = json_pack("{s:i, s:f}", "children", kid_n, "percent", round(kid_sum / kid_n * 10) / 10);
    double percent = n ? sum / n : kid_n ? kid_sum / kid_n : (double)jint(t, "percent");
    const char *source = n ? "reports" : kid_n ? "cascade" : "task";
    nq_status st = task_status_at(t, its, p, plan_start, at);
    json_object_set_new(counts, nq_status_name(st),
                        json_integer(json_integer_value(json_object_get(counts, nq_status_name(st))) + 1));
    json_t *row = json_pack("{s:I, s:O, s:O, s:s, s:O, s:f, s:s, s:s, s:s, s:s, s:o, s:i, s:o}",
                            "task_id", (json_int_t)id, "code", json_object_get(t, "code"),
                            "title", json_object_get(t, "title"), "lead", lead.data ? lead.data : "",
                            "due_date", json_object_get(t, "due_date"), "percent", round(percent * 10) / 10,
                            "percent_source", source, "status", nq_status_name(st),
                            "status_label", nq_status_label(st), "result", result.data ? result.data : "",
                            "updates", updates, "units_reported", n, "cascade", cascade);
    json_array_append_new(out, row);
    nq_buf_free(&lead);
    nq_buf_free(&result);
  }
  return out;
}

static double year_elapsed(nq_date end) {
  nq_date jan1 = nq_date_make(end.y, 1, 1), dec31 = nq_date_make(end.y, 12, 31);
  return (double)(nq_date_diff(jan1, end) + 1) / (double)(nq_date_diff(jan1, dec31) + 1);
}

static json_t *indicator_rows(const json_t *inds, json_t *values, nq_date period_end, json_t *all_updates) {
  json_t *out = json_array();
  size_t i;
  json_t *ind;
  double elapsed = year_elapsed(period_end);
  json_array_foreach(inds, i, ind) {
    json_t *vs = group_get(values, jint(ind, "id"));
    size_t n = json_array_size(vs), k;
    char **texts = nq_xcalloc(n + 1, sizeof *texts);
    json_t *updates = json_array(), *x;
    json_array_foreach(vs, k, x) {
      json_t *v = json_object_get(x, "value");
      if (json_is_number(v)) {
        char num[64];
        snprintf(num, sizeof num, "%.10g", json_number_value(v));
        texts[k] = nq_xstrdup(num);
      } else if (jstr(x, "value_text")) {
        texts[k] = nq_xstrdup(jstr(x, "value_text"));
      }
      add_unique_id(updates, json_object_get(x, "value_id"));
      add_unique_id(all_updates, json_object_get(x, "value_id"));
    }
    nq_rollup r = nq_indicator_rollup(jstr(ind, "unit"), jstr(ind, "aggregation"), jstr(ind, "target"),
                                      texts, n, elapsed);
    json_t *value = r.value;
    nq_agg_rule rule = r.rule;
    nq_eval ev = r.ev;
    size_t used = r.used;
    json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:I, s:s, s:s, s:s, s:s, s:o}",
      "indicator_id", json_object_get(ind, "id"), "code", json_object_get(ind, "code"),
      "name", json_object_get(ind, "name"), "unit", json_object_get(ind, "unit"),
      "target", json_object_get(ind, "target"), "value", value, "units_reported", (json_int_t)used,
      "rule", nq_agg_rule_name(rule), "attained", nq_attain_name(ev.attained),
      "assessment", used ? nq_attain_label(ev.attained) : "Chưa có số liệu",
      "light", nq_light_name(ev.light), "updates", updates));
    for (k = 0; k < n; k++) free(texts[k]);
    free(texts);
  }
  return out;
}

static json_t *digest_of(json_t *items, json_t *sections, const char *field) {
  size_t n = json_array_size(items) + json_array_size(sections), k = 0, i;
  nq_digest_input *in = nq_xcalloc(n + 1, sizeof *in);
  json_t *x;
  json_array_foreach(items, i, x) {
    const char *t = jstr(x, field);
    if (t && *t) in[k++] = (nq_digest_input){t, jint(x, "unit_id"), jint(x, "update_id")};
  }
  json_array_foreach(sections, i, x) {
    const char *t = jstr(x, "body");
    if (t && *t && strcmp(jstr(x, "section"), field) == 0)
      in[k++] = (nq_digest_input){t, jint(x, "unit_id"), 0};
  }
  json_t *out = nq_digest_cluster(in, k, 0);
  free(in);
  return out;
}

typedef struct compile_ctx {
  int64_t period_id, unit_id;
  bool save;
  json_t *out;
} compile_ctx;

static nq_code build_compilation(nq_db *db, compile_ctx *c, nq_err *err) {
  json_t *period = NULL, *plan = NULL, *tasks = NULL, *leads = NULL, *items = NULL, *kids = NULL,
         *inds = NULL, *values = NULL, *secs = NULL, *tl = NULL, *issuer = NULL;
  json_t *g_leads = NULL, *g_items = NULL, *g_kids = NULL, *g_values = NULL;
  nq_code rc = period_json(db, c->period_id, &period, err);
  if (rc) return rc;
  int64_t plan_id = jint(period, "plan_id");
  sqlite3_stmt *st;
  nq_buf sql = NQ_BUF_INIT;
  if ((rc = prep(db, &st, "SELECT id, kind, number, issuer, place, date, title,"
                          " COALESCE(aggregator_unit_id, issuer_unit_id) AS aggregator_unit_id"
                          " FROM plans WHERE id=?1", err)))
    goto done;
  sqlite3_bind_int64(st, 1, plan_id);
  if ((rc = one_row(db, st, &plan, "Không tìm thấy kế hoạch.", err))) goto done;
  if ((rc = rows_of(db,
        "SELECT t.id, t.code, t.title, t.due_date, t.start_date, t.schedule_kind, t.done, t.done_date,"
        " t.percent, t.last_update_at FROM tasks t WHERE t.plan_id=?1 AND (?2 IS NULL OR EXISTS"
        " (SELECT 1 FROM task_units tu WHERE tu.task_id=t.id AND tu.role='lead' AND tu.unit_id=?2))"
        " ORDER BY t.ordinal", plan_id, c->unit_id, &tasks, err)))
    goto done;
  if ((rc = rows_of(db,
        "SELECT tu.task_id, u.name FROM task_units tu JOIN tasks t ON t.id=tu.task_id"
        " JOIN units u ON u.id=tu.unit_id WHERE t.plan_id=?1 AND tu.role='lead'"
        " ORDER BY tu.task_id, tu.ordinal", plan_id, 0, &leads, err)))
    goto done;
  nq_buf_printf(&sql,
    "SELECT ri.task_id, r.unit_id, u.name AS unit, ri.status, ri.percent, ri.results, ri.difficulties,"
    " ri.proposals, ri.update_id, r.first_submitted_at AS submitted_at"
    " FROM report_items ri JOIN unit_reports r ON r.id=ri.report_id JOIN units u ON u.id=r.unit_id"
    " WHERE %s AND %s AND (?2 IS NULL OR r.unit_id=?2)"
    " ORDER BY ri.task_id, u.sort_key, r.period_end, r.first_submitted_at, r.id", PERIODS_WITHIN, STATE_SENT);
  if ((rc = rows_of(db, sql.data, c->period_id, c->unit_id, &items, err))) goto done;
  items = latest_per(items, "task_id", "unit_id");
  if ((rc = rows_of(db,
        "SELECT c.parent_task_id, c.id, c.code, c.percent, c.done, p.number AS plan_number"
        " FROM tasks c JOIN tasks pt ON pt.id=c.parent_task_id JOIN plans p ON p.id=c.plan_id"
        " WHERE pt.plan_id=?1 ORDER BY c.parent_task_id, c.id",
        plan_id, 0, &kids, err)))
    goto done;
  if ((rc = prep(db, &st,
        "SELECT i.id, i.code, i.name, i.measure AS unit, i.aggregation,"
        " (SELECT target FROM indicator_targets g WHERE g.indicator_id=i.id AND g.year>=?2"
        "  ORDER BY g.year LIMIT 1) AS target FROM indicators i WHERE i.plan_id=?1 ORDER BY i.ordinal", err)))
    goto done;
  sqlite3_bind_int64(st, 1, plan_id);
  sqlite3_bind_int(st, 2, atoi(jstr(period, "end_date")));
  if ((rc = nq_db_rows(db, st, &inds, err))) goto done;
  nq_buf_reset(&sql);
  nq_buf_printf(&sql,
    "SELECT v.indicator_id, v.value, v.value_text, v.value_id, r.unit_id FROM report_indicator_values v"
    " JOIN unit_reports r ON r.id=v.report_id WHERE %s AND %s AND (?2 IS NULL OR r.unit_id=?2)"
    " ORDER BY v.indicator_id, r.unit_id, r.period_end, r.first_submitted_at, r.id", PERIODS_WITHIN, STATE_SENT);
  if ((rc = rows_of(db, sql.data, c->period_id, c->unit_id, &values, err))) goto done;
  values = latest_per(values, "indicator_id", "unit_id");
  nq_buf_reset(&sql);
  nq_buf_printf(&sql,
    "SELECT s.section, s.body, r.unit_id, u.name AS unit FROM report_sections s"
    " JOIN unit_reports r ON r.id=s.report_id JOIN units u ON u.id=r.unit_id"
    " WHERE %s AND %s AND (?2 IS NULL OR r.unit_id=?2)"
    " ORDER BY u.sort_key, r.period_end, r.first_submitted_at, r.id", PERIODS_WITHIN, STATE_SENT);
  if ((rc = rows_of(db, sql.data, c->period_id, c->unit_id, &secs, err))) goto done;
  secs = latest_per(secs, "unit_id", "section");
  if ((rc = timeliness_rows(db, c->period_id, c->unit_id, true, &tl, err))) goto done;
  /* Who issues the document: the unit, or the plan's aggregator. */
  int64_t issuer_id = c->unit_id ? c->unit_id : jint(plan, "aggregator_unit_id");
  if ((rc = prep(db, &st,
        "SELECT u.id, u.name, pu.name AS parent,"
        " COALESCE((SELECT us.full_name FROM unit_heads h JOIN users us ON us.id=h.user_id WHERE h.unit_id=u.id"
        "  ORDER BY h.acting, h.since LIMIT 1), (SELECT us.full_name FROM users us WHERE us.unit_id=u.id"
        "  AND us.role='head' AND us.disabled=0 ORDER BY us.id LIMIT 1)) AS head"
        " FROM units u LEFT JOIN units pu ON pu.id=u.parent_id"
        " WHERE u.id=?1", err)))
    goto done;
  sqlite3_bind_int64(st, 1, issuer_id);
  if (one_row(db, st, &issuer, "", NULL) != NQ_OK) issuer = json_object();

  nq_period p = period_struct(period);
  nq_date today = today_date(), at = p.end;
  if (nq_date_cmp(today, at) < 0) at = today;
  char at_iso[NQ_DATE_ISO_LEN];
  g_leads = group_by(leads, "task_id");
  g_items = group_by(items, "task_id");
  g_kids = group_by(kids, "parent_task_id");
  g_values = group_by(values, "indicator_id");
  json_t *counts = json_object(), *all_updates = json_array();
  for (int s = 0; s < NQ_STATUS_COUNT; s++) json_object_set_new(counts, nq_status_name((nq_status)s), json_integer(0));
  json_t *trows = task_rows(tasks, g_leads, g_items, g_kids, &p, parse_date(jstr(plan, "date")), at,
                            counts, all_updates);
  json_t *irows = indicator_rows(inds, g_values, p.end, all_updates);
  int on_time = 0, late = 0, missing = 0, pending = 0, accepted = 0, returned = 0;
  size_t i;
  json_t *x;
  json_array_foreach(tl, i, x) {
    const char *t = jstr(x, "timeliness"), *s = jstr(x, "state");
    on_time += strcmp(t, "on_time") == 0;
    late += strcmp(t, "late") == 0;
    missing += strcmp(t, "missing") == 0;
    pending += strcmp(t, "pending") == 0;
    accepted += strcmp(s, "accepted") == 0;
    returned += strcmp(s, "returned") == 0;
  }
  json_t *by_section = json_object();
  json_array_foreach(secs, i, x) {
    json_t *arr = json_object_get(by_section, jstr(x, "section"));
    if (!arr) json_object_set_new(by_section, jstr(x, "section"), arr = json_array());
    json_array_append_new(arr, json_pack("{s:O, s:O, s:O}", "unit_id", json_object_get(x, "unit_id"),
                                         "unit", json_object_get(x, "unit"), "text", json_object_get(x, "body")));
  }
  c->out = json_pack("{s:O, s:O, s:o, s:s, s:o, s:{s:I, s:o, s:{s:I, s:i, s:i, s:i, s:i, s:i, s:i}},"
                     " s:o, s:o, s:O, s:{s:o, s:o}, s:o, s:o}",
    "plan", plan, "period", period, "unit_id", c->unit_id ? json_integer(c->unit_id) : json_null(),
    "at", nq_date_format_iso(at, at_iso), "issuer", issuer,
    "summary", "tasks", (json_int_t)json_array_size(trows), "by_status", counts,
    "reports", "expected", (json_int_t)json_array_size(tl), "on_time", on_time, "late", late,
    "missing", missing, "pending", pending, "accepted", accepted, "returned", returned,
    "tasks", trows, "indicators", irows, "timeliness", tl,
    "digest", "difficulties", digest_of(items, secs, "difficulties"),
    "proposals", digest_of(items, secs, "proposals"),
    "sections", by_section, "updates", all_updates);
  issuer = NULL;
  if (!c->out) rc = nq_fail(err, NQ_EINTERNAL, "Không tạo được bản tổng hợp.");
done:
  nq_buf_free(&sql);
  json_decref(period);
  json_decref(plan);
  json_decref(tasks);
  json_decref(leads);
  json_decref(items);
  json_decref(kids);
  json_decref(inds);
  json_decref(values);
  json_decref(secs);
  json_decref(tl);
  json_decref(issuer);
  json_decref(g_leads);
  json_decref(g_items);
  json_decref(g_kids);
  json_decref(g_values);
  return rc;
}

static nq_code do_compile_read(nq_db *db, void *vctx, nq_err *err) {
  return build_compilation(db, vctx, err);
}

static nq_code do_compile_write(nq_db *db, void *vctx, nq_err *err) {
  compile_ctx *c = vctx;
  nq_code rc = build_compilation(db, c, err);
  if (rc) return rc;
  char *figures = json_dumps(c->out, JSON_COMPACT);
  sqlite3_stmt *st;
  if ((rc = prep(db, &st, "INSERT INTO compilations(plan_id, period_id, at, user_id, figures)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)", err))) {
    free(figures);
    return rc;
  }
  sqlite3_bind_int64(st, 1, jint(json_object_get(c->out, "plan"), "id"));
  sqlite3_bind_int64(st, 2, c->period_id);
  nq_bind_text(st, 3, nq_db_now(db));
  nq_bind_id(st, 4, nq_db_actor(db) ? nq_db_actor(db)->user_id : 0);
  nq_bind_text(st, 5, figures);
  free(figures);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  int64_t id = sqlite3_last_insert_rowid(nq_db_handle(db));
  json_object_set_new(c->out, "compilation_id", json_integer(id));
  json_t *after = json_pack("{s:I, s:O}", "period_id", (json_int_t)c->period_id, "summary",
                            json_object_get(c->out, "summary"));
  rc = nq_db_audit(db, "create", "compilation", id, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_monitor_compile(nq_store *s, const nq_actor *who, int64_t period_id,
                           int64_t unit_id, json_t **out, nq_err *err) {
  compile_ctx c = {period_id, unit_id, who != NULL, NULL};
  nq_code rc = who ? nq_sql_write(s, who, do_compile_write, &c, err)
                   : nq_sql_read(s, do_compile_read, &c, err);
  if (rc) {
    json_decref(c.out);
    c.out = NULL;
  }
  *out = c.out;
  return rc;
}

/* ---- the report document -------------------------------------------------------- */

static void add_para(json_t *arr, nq_buf *b) {
  if (b->len) json_array_append_new(arr, json_string(b->data));
  nq_buf_reset(b);
}

static void unit_sections(json_t *arr, const json_t *secs, bool name_units) {
  size_t i;
  json_t *x;
  json_array_foreach(secs, i, x) {
    nq_buf b = NQ_BUF_INIT;
    if (name_units) nq_buf_printf(&b, "%s: ", jstr(x, "unit"));
    nq_buf_puts(&b, jstr(x, "text"));
    add_para(arr, &b);
    nq_buf_free(&b);
  }
}

static const char *unit_name(const json_t *timeliness, json_int_t id) {
  size_t i;
  json_t *x;
  json_array_foreach(timeliness, i, x) if (jint(x, "unit_id") == id) return jstr(x, "unit");
  return "?";
}

static void digest_paras(json_t *arr, const json_t *groups, const json_t *timeliness, bool name_units) {
  size_t i;
  json_t *g;
  json_array_foreach(groups, i, g) {
    if (i >= 10) break;
    nq_buf b = NQ_BUF_INIT;
    nq_buf_printf(&b, "- %s", jstr(g, "text"));
    if (name_units) {
      nq_buf_printf(&b, " (%lld ý kiến; ", (long long)jint(g, "count"));
      size_t k;
      json_t *u;
      json_array_foreach(json_object_get(g, "units"), k, u)
        nq_buf_printf(&b, "%s%s", k ? ", " : "", unit_name(timeliness, json_integer_value(u)));
      nq_buf_puts(&b, ")");
    }
    nq_buf_puts(&b, ".");
    add_para(arr, &b);
    nq_buf_free(&b);
  }
}

/* "Lead: Unit A (2025-07, 2025-08); Unit B (2025-Q3)." for the reports of
** one timeliness kind, each unit once. */
static void unit_periods(json_t *paras, const json_t *tl, const char *kind, const char *lead) {
  json_t *by_unit = json_object(), *order = json_array();
  size_t i;
  json_t *x;
  json_array_foreach(tl, i, x) {
    if (strcmp(jstr(x, "timeliness"), kind) != 0) continue;
    json_t *codes = json_object_get(by_unit, jstr(x, "unit"));
    if (!codes) {
      json_object_set_new(by_unit, jstr(x, "unit"), codes = json_array());
      json_array_append_new(order, json_string(jstr(x, "unit")));
    }
    json_array_append(codes, json_object_get(x, "period"));
  }
  if (json_array_size(order)) {
    nq_buf b = NQ_BUF_INIT;
    nq_buf_printf(&b, "%s: ", lead);
    json_array_foreach(order, i, x) {
      nq_buf_printf(&b, "%s%s (", i ? "; " : "", json_string_value(x));
      size_t k;
      json_t *code;
      json_array_foreach(json_object_get(by_unit, json_string_value(x)), k, code)
        nq_buf_printf(&b, "%s%s", k ? ", " : "", json_string_value(code));
      nq_buf_puts(&b, ")");
    }
    nq_buf_puts(&b, ".");
    add_para(paras, &b);
    nq_buf_free(&b);
  }
  json_decref(by_unit);
  json_decref(order);
}

nq_code nq_monitor_document(nq_store *s, int64_t period_id, int64_t unit_id, const char *date,
                            json_t **out, nq_err *err) {
  json_t *c = NULL;
  *out = NULL;
  nq_code rc = nq_monitor_compile(s, NULL, period_id, unit_id, &c, err);
  if (rc) return rc;
  const json_t *plan = json_object_get(c, "plan"), *period = json_object_get(c, "period"),
               *issuer = json_object_get(c, "issuer"), *sum = json_object_get(c, "summary"),
               *tl = json_object_get(c, "timeliness"), *secs = json_object_get(c, "sections");
  bool whole_plan = unit_id == 0;
  char today[11];
  nq_today(today);
  nq_buf b = NQ_BUF_INIT;
  json_t *doc = json_object();
  char *up = nq_report_upper(jstr(issuer, "name") ? jstr(issuer, "name") : "");
  json_object_set_new(doc, "issuer", json_string(up));
  free(up);
  if (jstr(issuer, "parent")) {
    up = nq_report_upper(jstr(issuer, "parent"));
    json_object_set_new(doc, "issuer_parent", json_string(up));
    free(up);
  }
  json_object_set_new(doc, "place", json_string(jstr(plan, "place") ? jstr(plan, "place") : ""));
  json_object_set_new(doc, "date", json_string(date && *date ? date : today));
  nq_buf_printf(&b, "%s thực hiện %s%s%s, %s", whole_plan ? "Tổng hợp kết quả" : "Kết quả",
                jstr(plan, "kind") ? jstr(plan, "kind") : "Kế hoạch",
                jstr(plan, "number") ? " số " : "", jstr(plan, "number") ? jstr(plan, "number") : "",
                jstr(period, "title"));
  json_object_set_new(doc, "subject", json_string(b.data));
  nq_buf_reset(&b);
  json_object_set_new(doc, "period", json_pack("{s:O, s:O}", "code", json_object_get(period, "code"),
                                               "label", json_object_get(period, "title")));

  /* I. Results: the figures, then what the units wrote. */
  json_t *results = json_array(), *counts = json_object_get(sum, "by_status");
  json_array_append_new(results, json_pack("{s:s}", "heading", "1. Tình hình thực hiện nhiệm vụ"));
  nq_buf_printf(&b, "Tổng số nhiệm vụ: %lld, trong đó: hoàn thành đúng hạn %lld; hoàn thành quá hạn %lld;"
                    " đang thực hiện %lld; có nguy cơ chậm %lld; quá hạn chưa hoàn thành %lld;"
                    " chưa triển khai %lld.",
                (long long)jint(sum, "tasks"), (long long)jint(counts, "done_on_time"),
                (long long)jint(counts, "done_late"), (long long)jint(counts, "in_progress"),
                (long long)jint(counts, "at_risk"), (long long)jint(counts, "overdue"),
                (long long)jint(counts, "not_started"));
  add_para(results, &b);
  unit_sections(results, json_object_get(secs, "results"), whole_plan);
  int attained = 0, not_attained = 0, with_data = 0;
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(c, "indicators"), i, x) {
    with_data += jint(x, "units_reported") > 0;
    attained += strcmp(jstr(x, "attained"), "attained") == 0;
    not_attained += strcmp(jstr(x, "attained"), "not_attained") == 0;
  }
  json_array_append_new(results, json_pack("{s:s}", "heading", "2. Kết quả thực hiện chỉ tiêu"));
  nq_buf_printf(&b, "Số chỉ tiêu có số liệu: %d/%zu; đạt: %d; chưa đạt: %d (chi tiết tại Phụ lục).",
                with_data, json_array_size(json_object_get(c, "indicators")), attained, not_attained);
  add_para(results, &b);
  if (whole_plan) {
    const json_t *rep = json_object_get(sum, "reports");
    json_array_append_new(results, json_pack("{s:s}", "heading", "3. Tình hình gửi báo cáo của các đơn vị"));
    nq_buf_printf(&b, "Số đơn vị phải báo cáo: %lld; đã gửi đúng hạn: %lld; gửi chậm: %lld;"
                      " chưa gửi (quá hạn): %lld; chưa đến hạn: %lld.",
                  (long long)jint(rep, "expected"), (long long)jint(rep, "on_time"), (long long)jint(rep, "late"),
                  (long long)jint(rep, "missing"), (long long)jint(rep, "pending"));
    add_para(results, &b);
  }
  json_t *shortcomings = json_array();
  int overdue = 0;
  json_array_foreach(json_object_get(c, "tasks"), i, x) {
    if (strcmp(jstr(x, "status"), "overdue") != 0) continue;
    if (!overdue++) {
      nq_buf_printf(&b, "Còn %lld nhiệm vụ quá hạn chưa hoàn thành:", (long long)jint(counts, "overdue"));
      add_para(shortcomings, &b);
    }
    nq_buf_printf(&b, "- %s%s%s (%s).", jstr(x, "code") ? jstr(x, "code") : "", jstr(x, "code") ? " " : "",
                  jstr(x, "title"), jstr(x, "lead"));
    add_para(shortcomings, &b);
  }
  if (whole_plan) {
    unit_periods(shortcomings, tl, "late", "Đơn vị gửi báo cáo chậm");
    unit_periods(shortcomings, tl, "missing", "Đơn vị chưa gửi báo cáo");
  }
  unit_sections(shortcomings, json_object_get(secs, "shortcomings"), whole_plan);
  json_t *difficulties = json_array(), *proposals = json_array(), *next = json_array();
  digest_paras(difficulties, json_object_get(json_object_get(c, "digest"), "difficulties"), tl, whole_plan);
  digest_paras(proposals, json_object_get(json_object_get(c, "digest"), "proposals"), tl, whole_plan);
  unit_sections(next, json_object_get(secs, "next"), whole_plan);
  json_object_set_new(doc, "sections", json_pack("{s:o, s:o, s:o, s:o, s:o}", "results", results,
                                                 "shortcomings", shortcomings, "difficulties", difficulties,
                                                 "proposals", proposals, "next", next));
  json_t *recipients = json_array();
  if (!whole_plan) {
    json_array_append_new(recipients, json_string("Cơ quan tổng hợp của kế hoạch;"));
  } else if (jstr(plan, "issuer")) {
    nq_buf_printf(&b, "%s;", jstr(plan, "issuer"));
    add_para(recipients, &b);
  }
  json_array_append_new(recipients, json_string("Lưu: VT."));
  json_object_set_new(doc, "recipients", recipients);
  json_object_set_new(doc, "signer", json_pack("{s:s, s:s}", "title", "THỦ TRƯỞNG CƠ QUAN", "name",
                                               jstr(issuer, "head") ? jstr(issuer, "head") : ""));
  /* Appendix rows, keeping the update ids behind each figure. */
  json_t *trows = json_array();
  json_array_foreach(json_object_get(c, "tasks"), i, x) {
    char due[NQ_DATE_ISO_LEN];
    vn_date(jstr(x, "due_date"), due);
    json_array_append_new(trows, json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:O}",
      "code", json_object_get(x, "code"), "title", json_object_get(x, "title"), "lead", json_object_get(x, "lead"),
      "due", due, "percent", json_object_get(x, "percent"), "status", json_object_get(x, "status"),
      "result", json_object_get(x, "result"), "updates", json_object_get(x, "updates")));
  }
  json_t *irows = json_array();
  json_array_foreach(json_object_get(c, "indicators"), i, x) {
    json_array_append_new(irows, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
      "code", json_object_get(x, "code"), "name", json_object_get(x, "name"), "unit", json_object_get(x, "unit"),
      "target", json_object_get(x, "target"), "value", json_object_get(x, "value"),
      "assessment", json_object_get(x, "assessment"), "updates", json_object_get(x, "updates")));
  }
  json_t *trow = json_array();
  json_array_foreach(tl, i, x) {
    char due[NQ_DATE_ISO_LEN], sent[NQ_DATE_ISO_LEN];
    vn_date(jstr(x, "due_date"), due);
    vn_date(jstr(x, "first_submitted_at"), sent);
    json_array_append_new(trow, json_pack("{s:O, s:O, s:s, s:s, s:O, s:O, s:O}",
      "unit", json_object_get(x, "unit"), "period", json_object_get(x, "period"), "due", due,
      "submitted_at", sent, "state", json_object_get(x, "state_label"),
      "timeliness", json_object_get(x, "timeliness_label"), "days_late", json_object_get(x, "days_late")));
  }
  json_object_set_new(doc, "tasks", trows);
  json_object_set_new(doc, "indicators", irows);
  json_object_set_new(doc, "timeliness", trow);
  json_object_set(doc, "updates", json_object_get(c, "updates"));
  nq_buf_free(&b);
  json_decref(c);
  *out = doc;
  return NQ_OK;
}

/* ---- scorecards ------------------------------------------------------------------- */

typedef struct score_ctx {
  int64_t plan_id;
  int year;
  const json_t *weights;
  json_t *out;
} score_ctx;

static nq_code do_scorecards(nq_db *db, void *vctx, nq_err *err) {
  score_ctx *c = vctx;
  char from[11], to[11], today[11];
  snprintf(from, sizeof from, "%04d-01-01", c->year);
  snprintf(to, sizeof to, "%04d-12-31", c->year);
  nq_today(today);
  const char *cutoff = strcmp(today, to) < 0 ? today : to;
  nq_score_weights w = nq_score_weights_default();
  sqlite3_stmt *st;
  nq_code rc;
  if (c->plan_id) {
    if ((rc = prep(db, &st, "SELECT weights FROM scorecard_weights WHERE plan_id=?1 AND year=?2", err))) return rc;
    sqlite3_bind_int64(st, 1, c->plan_id);
    sqlite3_bind_int(st, 2, c->year);
    bool row;
    if ((rc = step(db, st, &row, err))) return rc;
    json_t *j = row ? json_loads(nq_col_text(st, 0), 0, NULL) : NULL;
    sqlite3_reset(st);
    if (j) {
      nq_score_weights_from_json(j, &w, NULL);
      json_decref(j);
    }
  }
  /* Units evaluated: those leading tasks (of the plan, or of any plan). */
  json_t *units, *tasks, *reports, *values;
  /* Two spellings, so each uses its index: a plan's tasks (tasks_plan), or
  ** every unit probing task_units_unit. */
  if ((rc = prep(db, &st, c->plan_id
        ? "SELECT u.id, u.name FROM units u WHERE u.kind<>'collective' AND u.id IN (SELECT tu.unit_id"
          " FROM task_units tu JOIN tasks t ON t.id=tu.task_id WHERE tu.role='lead' AND t.plan_id=?1)"
          " ORDER BY u.id"
        : "SELECT u.id, u.name FROM units u WHERE u.kind<>'collective' AND (?1 IS NULL) AND EXISTS"
          " (SELECT 1 FROM task_units tu WHERE tu.unit_id=u.id AND tu.role='lead') ORDER BY u.id", err)))
    return rc;
  nq_bind_id(st, 1, c->plan_id);
  if ((rc = nq_db_rows(db, st, &units, err))) return rc;
#define TASK_FIGURES \
  "SELECT tu.unit_id, COUNT(*) AS due," \
  " SUM(CASE WHEN t.done=1 AND (t.done_date IS NULL OR t.done_date<=t.due_date) THEN 1 ELSE 0 END) AS on_time," \
  " SUM(CASE WHEN t.done=1 AND t.done_date>t.due_date THEN 1 ELSE 0 END) AS late," \
  " SUM(CASE WHEN t.done=0 AND t.due_date<?4 THEN 1 ELSE 0 END) AS overdue" \
  " FROM task_units tu JOIN tasks t ON t.id=tu.task_id" \
  " WHERE tu.role='lead' AND t.due_date>=?2 AND t.due_date<=?3"
  if ((rc = prep(db, &st, c->plan_id ? TASK_FIGURES " AND t.plan_id=?1 GROUP BY tu.unit_id"
                                     : TASK_FIGURES " AND ?1 IS NULL GROUP BY tu.unit_id", err))) {
    json_decref(units);
    return rc;
  }
  nq_bind_id(st, 1, c->plan_id);
  nq_bind_text(st, 2, from);
  nq_bind_text(st, 3, cutoff);
  nq_bind_text(st, 4, today);
  if ((rc = nq_db_rows(db, st, &tasks, err))) {
    json_decref(units);
    return rc;
  }
  if ((rc = prep(db, &st,
        "SELECT r.unit_id, COUNT(*) AS due,"
        " SUM(CASE WHEN r.sent IS NOT NULL AND substr(r.sent,1,10)<=r.due_date THEN 1 ELSE 0 END) AS on_time,"
        " SUM(CASE WHEN r.sent IS NOT NULL AND substr(r.sent,1,10)>r.due_date THEN 1 ELSE 0 END) AS late,"
        " SUM(CASE WHEN r.sent IS NULL THEN 1 ELSE 0 END) AS missing"
        " FROM (SELECT unit_id, plan_id, due_date, COALESCE(first_submitted_at, submitted_at) AS sent"
        "  FROM unit_reports) r WHERE r.due_date>=?2 AND r.due_date<?3 AND (?1 IS NULL OR r.plan_id=?1)"
        " GROUP BY r.unit_id", err))) {
    json_decref(units);
    json_decref(tasks);
    return rc;
  }
  nq_bind_id(st, 1, c->plan_id);
  nq_bind_text(st, 2, from);
  nq_bind_text(st, 3, strcmp(today, to) < 0 ? today : "9999-12-31");
  if ((rc = nq_db_rows(db, st, &reports, err))) {
    json_decref(units);
    json_decref(tasks);
    return rc;
  }
  if ((rc = prep(db, &st,
        "SELECT iv.unit_id, iv.indicator_id, iv.value, iv.value_text,"
        " (SELECT target FROM indicator_targets g WHERE g.indicator_id=iv.indicator_id AND g.year>=?2"
        "  ORDER BY g.year LIMIT 1) AS target"
        " FROM indicator_values iv JOIN indicators i ON i.id=iv.indicator_id"
        " WHERE iv.year=?2 AND (?1 IS NULL OR i.plan_id=?1) ORDER BY iv.unit_id, iv.indicator_id, iv.at, iv.id",
        err))) {
    json_decref(units);
    json_decref(tasks);
    json_decref(reports);
    return rc;
  }
  nq_bind_id(st, 1, c->plan_id);
  sqlite3_bind_int(st, 2, c->year);
  if ((rc = nq_db_rows(db, st, &values, err))) {
    json_decref(units);
    json_decref(tasks);
    json_decref(reports);
    return rc;
  }
  json_t *gt = group_by(tasks, "unit_id"), *gr = group_by(reports, "unit_id"), *gv = group_by(values, "unit_id");
  size_t n = json_array_size(units), i;
  nq_score_input *in = nq_xcalloc(n + 1, sizeof *in);
  nq_score_result *res = nq_xcalloc(n + 1, sizeof *res);
  nq_date end = parse_date(cutoff);
  double elapsed = year_elapsed(end);
  json_t *u;
  json_array_foreach(units, i, u) {
    int64_t id = jint(u, "id");
    in[i].unit_id = id;
    json_t *t = json_array_get(group_get(gt, id), 0), *r = json_array_get(group_get(gr, id), 0);
    in[i].tasks_due = (int)jint(t, "due");
    in[i].done_on_time = (int)jint(t, "on_time");
    in[i].done_late = (int)jint(t, "late");
    in[i].overdue = (int)jint(t, "overdue");
    in[i].reports_due = (int)jint(r, "due");
    in[i].reports_on_time = (int)jint(r, "on_time");
    in[i].reports_late = (int)jint(r, "late");
    in[i].reports_missing = (int)jint(r, "missing");
    /* Attainment: the latest value of each indicator the unit reported. */
    json_t *vs = group_get(gv, id), *v;
    size_t k;
    double sum = 0;
    int count = 0;
    json_array_foreach(vs, k, v) {
      json_t *nextv = json_array_get(vs, k + 1);
      if (nextv && jint(nextv, "indicator_id") == jint(v, "indicator_id")) continue;
      char text[64];
      json_t *num = json_object_get(v, "value");
      if (json_is_number(num)) snprintf(text, sizeof text, "%.10g", json_number_value(num));
      else snprintf(text, sizeof text, "%s", jstr(v, "value_text") ? jstr(v, "value_text") : "");
      nq_target target = nq_target_parse(jstr(v, "target"));
      nq_eval ev = nq_target_eval(&target, text, elapsed);
      if (ev.attained == NQ_ATTAIN_NOT_EVALUABLE || ev.ratio < 0) continue;
      sum += ev.ratio > 1 ? 1 : ev.ratio;
      count++;
    }
    in[i].indicators_assessed = count;
    in[i].indicator_attainment = count ? sum / count : 0;
  }
  nq_scorecard_compute(in, n, &w, res);
  json_t *rows = json_array();
  json_array_foreach(units, i, u) {
    json_t *row = nq_score_result_json(&in[i], &res[i]);
    json_object_set(row, "unit", json_object_get(u, "name"));
    json_array_append_new(rows, row);
  }
  /* Best first: ranks are 1..n with ties, so a stable counting pass. */
  size_t m = json_array_size(rows);
  size_t *at_rank = nq_xcalloc(m + 2, sizeof *at_rank);
  for (size_t k = 0; k < m; k++) at_rank[res[k].rank]++;
  for (size_t r2 = 1, acc = 0; r2 <= m + 1; r2++) {
    size_t here = at_rank[r2];
    at_rank[r2] = acc;
    acc += here;
  }
  json_t **slots = nq_xcalloc(m + 1, sizeof *slots);
  for (size_t k = 0; k < m; k++) slots[at_rank[res[k].rank]++] = json_array_get(rows, k);
  json_t *sorted = json_array();
  for (size_t k = 0; k < m; k++) json_array_append(sorted, slots[k]);
  free(slots);
  free(at_rank);
  json_decref(rows);
  c->out = json_pack("{s:i, s:o, s:s, s:{s:f, s:f, s:f, s:f, s:f, s:f, s:f}, s:o}", "year", c->year,
                     "plan_id", c->plan_id ? json_integer(c->plan_id) : json_null(), "cutoff", cutoff,
                     "weights", "completion", w.completion, "punctuality", w.punctuality,
                     "timeliness", w.timeliness, "indicators", w.indicators, "excellent", w.excellent,
                     "good", w.good, "done", w.done, "units", sorted);
  free(in);
  free(res);
  json_decref(gt);
  json_decref(gr);
  json_decref(gv);
  json_decref(units);
  json_decref(tasks);
  json_decref(reports);
  json_decref(values);
  return NQ_OK;
}

nq_code nq_monitor_scorecards(nq_store *s, int64_t plan_id, int year, json_t **out, nq_err *err) {
  score_ctx c = {plan_id, year, NULL, NULL};
  if (year < 2000 || year > 2100) return nq_fail(err, NQ_EINVAL, "Năm không hợp lệ: %d.", year);
  nq_code rc = nq_sql_read(s, do_scorecards, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

static nq_code do_set_weights(nq_db *db, void *vctx, nq_err *err) {
  score_ctx *c = vctx;
  nq_score_weights w;
  nq_code rc = nq_score_weights_from_json(c->weights, &w, err);
  if (rc) return rc;
  if ((rc = plan_exists(db, c->plan_id, err))) return rc;
  char *text = json_dumps(c->weights, JSON_COMPACT | JSON_SORT_KEYS);
  sqlite3_stmt *st;
  if ((rc = prep(db, &st, "INSERT INTO scorecard_weights(plan_id, year, weights, updated_at) VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT(plan_id, year) DO UPDATE SET weights=excluded.weights,"
                          " updated_at=excluded.updated_at", err))) {
    free(text);
    return rc;
  }
  sqlite3_bind_int64(st, 1, c->plan_id);
  sqlite3_bind_int(st, 2, c->year);
  nq_bind_text(st, 3, text);
  nq_bind_text(st, 4, nq_db_now(db));
  free(text);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  return nq_db_audit(db, "update", "scorecard_weights", c->plan_id, NULL, c->weights, err);
}

nq_code nq_monitor_set_weights(nq_store *s, const nq_actor *who, int64_t plan_id, int year,
                               const json_t *weights, nq_err *err) {
  score_ctx c = {plan_id, year, weights, NULL};
  return nq_sql_write(s, who, do_set_weights, &c, err);
}

/* ---- digest, warnings, audit ------------------------------------------------------ */

/* "unit_names" beside the unit ids of every digest group. */
static nq_code name_units(nq_db *db, json_t *digest, nq_err *err) {
  static const char *const kinds[] = {"difficulties", "proposals"};
  for (int k = 0; k < 2; k++) {
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(digest, kinds[k]), i, g) {
      json_t *names = json_array();
      size_t j;
      json_t *id;
      json_array_foreach(json_object_get(g, "units"), j, id) {
        sqlite3_stmt *st;
        nq_code rc = prep(db, &st, "SELECT name FROM units WHERE id=?1", err);
        if (rc) {
          json_decref(names);
          return rc;
        }
        sqlite3_bind_int64(st, 1, json_integer_value(id));
        bool row;
        if ((rc = step(db, st, &row, err))) {
          json_decref(names);
          return rc;
        }
        json_array_append_new(names, json_string(row ? nq_col_text(st, 0) : "?"));
        sqlite3_reset(st);
      }
      json_object_set_new(g, "unit_names", names);
    }
  }
  return NQ_OK;
}

static nq_code do_digest(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  if (rc) return rc;
  json_t *items, *secs;
  if ((rc = rows_of(db,
        "SELECT r.unit_id, ri.difficulties, ri.proposals, ri.update_id FROM report_items ri"
        " JOIN unit_reports r ON r.id=ri.report_id WHERE r.plan_id=?1 AND (?2 IS NULL OR r.period_id=?2)"
        " AND r.state IN ('submitted','accepted') ORDER BY r.first_submitted_at, ri.id",
        c->plan_id, c->id, &items, err)))
    return rc;
  if ((rc = rows_of(db,
        "SELECT r.unit_id, s.section, s.body FROM report_sections s JOIN unit_reports r ON r.id=s.report_id"
        " WHERE r.plan_id=?1 AND (?2 IS NULL OR r.period_id=?2) AND r.state IN ('submitted','accepted')"
        " AND s.section IN ('difficulties','proposals') ORDER BY r.first_submitted_at",
        c->plan_id, c->id, &secs, err))) {
    json_decref(items);
    return rc;
  }
  c->out = json_pack("{s:o, s:o}", "difficulties", digest_of(items, secs, "difficulties"),
                     "proposals", digest_of(items, secs, "proposals"));
  json_decref(items);
  json_decref(secs);
  return name_units(db, c->out, err);
}

nq_code nq_monitor_digest(nq_store *s, int64_t plan_id, int64_t period_id, json_t **out, nq_err *err) {
  list_ctx c = {.plan_id = plan_id, .id = period_id};
  nq_code rc = nq_sql_read(s, do_digest, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

static nq_code do_warnings(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  if (rc) return rc;
  json_t *tasks, *leads, *plan;
  if ((rc = rows_of(db,
        "SELECT t.id, t.code, t.title, t.due_date, t.start_date, t.schedule_kind, t.done, t.done_date,"
        " t.percent, t.last_update_at FROM tasks t WHERE t.plan_id=?1 AND t.done=0 ORDER BY t.ordinal",
        c->plan_id, 0, &tasks, err)))
    return rc;
  if ((rc = rows_of(db,
        "SELECT tu.task_id, u.name FROM task_units tu JOIN tasks t ON t.id=tu.task_id"
        " JOIN units u ON u.id=tu.unit_id WHERE t.plan_id=?1 AND tu.role='lead' ORDER BY tu.task_id, tu.ordinal",
        c->plan_id, 0, &leads, err))) {
    json_decref(tasks);
    return rc;
  }
  if ((rc = rows_of(db, "SELECT date FROM plans WHERE id=?1", c->plan_id, 0, &plan, err))) {
    json_decref(tasks);
    json_decref(leads);
    return rc;
  }
  nq_date at = c->text ? parse_date(c->text) : today_date();
  if (nq_date_is_none(at)) at = today_date();
  nq_date plan_start = parse_date(jstr(json_array_get(plan, 0), "date"));
  json_t *gl = group_by(leads, "task_id");
  c->out = json_array();
  size_t i;
  json_t *t;
  json_array_foreach(tasks, i, t) {
    nq_task_facts f;
    memset(&f, 0, sizeof f);
    nq_sched_kind_from_name(jstr(t, "schedule_kind"), &f.schedule.kind, NULL);
    f.schedule.start = parse_date(jstr(t, "start_date"));
    f.schedule.due = parse_date(jstr(t, "due_date"));
    f.percent = jstr(t, "last_update_at") || jint(t, "percent") ? (int)jint(t, "percent") : -1;
    f.last_update = parse_date(jstr(t, "last_update_at"));
    f.plan_start = plan_start;
    nq_warning w[NQ_WARN_MAX];
    size_t nw = nq_task_warnings(&f, at, NULL, w);
    nq_status st = nq_task_status(&f, at, NULL);
    if (!nw && st != NQ_STATUS_OVERDUE) continue;
    json_t *reasons = json_array(), *codes = json_array();
    if (st == NQ_STATUS_OVERDUE) {
      json_array_append_new(reasons, json_string("Đã quá thời hạn mà chưa hoàn thành."));
      json_array_append_new(codes, json_string("overdue"));
    }
    for (size_t k = 0; k < nw; k++) {
      json_array_append_new(reasons, json_string(w[k].message));
      json_array_append_new(codes, json_string(nq_warn_code_name(w[k].code)));
    }
    nq_buf lead = NQ_BUF_INIT;
    size_t k;
    json_t *x;
    json_array_foreach(group_get(gl, jint(t, "id")), k, x) nq_buf_printf(&lead, "%s%s", lead.len ? "; " : "", jstr(x, "name"));
    json_t *days = json_null();
    if (!nq_date_is_none(f.schedule.due)) days = json_integer(nq_date_diff(at, f.schedule.due));
    json_array_append_new(c->out, json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:o, s:s, s:s, s:o, s:o}",
      "task_id", json_object_get(t, "id"), "code", json_object_get(t, "code"), "title", json_object_get(t, "title"),
      "lead", lead.data ? lead.data : "", "due_date", json_object_get(t, "due_date"),
      "percent", json_object_get(t, "percent"), "days_left", days, "status", nq_status_name(st),
      "status_label", nq_status_label(st), "reasons", reasons, "codes", codes));
    nq_buf_free(&lead);
  }
  json_decref(gl);
  json_decref(tasks);
  json_decref(leads);
  json_decref(plan);
  return NQ_OK;
}

nq_code nq_monitor_warnings(nq_store *s, int64_t plan_id, const char *at_date, json_t **out,
                            nq_err *err) {
  list_ctx c = {.plan_id = plan_id, .text = at_date};
  nq_code rc = nq_sql_read(s, do_warnings, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

typedef struct audit_ctx {
  const nq_audit_query *q;
  json_t *out;
} audit_ctx;

static nq_code do_audit(nq_db *db, void *vctx, nq_err *err) {
  audit_ctx *c = vctx;
  const nq_audit_query *q = c->q;
  int limit = q->limit > 0 && q->limit <= 1000 ? q->limit : 200;
  /* One fixed statement: absent filters are NULL and match everything. */
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "SELECT id, at, actor_id, actor_name, origin, action, entity, entity_id, before_json, after_json"
    " FROM audit_log WHERE"
    " (?1 IS NULL OR (entity='task' AND entity_id=?1)"
    "  OR (entity='unit_report' AND entity_id IN (SELECT report_id FROM report_items WHERE task_id=?1)))"
    " AND (?2 IS NULL OR (entity='unit' AND entity_id=?2)"
    "  OR (entity='unit_report' AND entity_id IN (SELECT id FROM unit_reports WHERE unit_id=?2))"
    "  OR actor_id IN (SELECT id FROM users WHERE unit_id=?2))"
    " AND (?3 IS NULL OR actor_id=?3)"
    " ORDER BY id DESC LIMIT ?4", err);
  if (rc) return rc;
  nq_bind_id(st, 1, q->task_id);
  nq_bind_id(st, 2, q->unit_id);
  nq_bind_id(st, 3, q->user_id);
  sqlite3_bind_int(st, 4, limit);
  if ((rc = nq_db_rows(db, st, &c->out, err))) return rc;
  size_t i;
  json_t *row;
  json_array_foreach(c->out, i, row) {
    static const char *const keys[] = {"before_json", "after_json"};
    for (int k = 0; k < 2; k++) {
      const char *text = jstr(row, keys[k]);
      json_t *parsed = text ? json_loads(text, 0, NULL) : NULL;
      json_object_set_new(row, k ? "after" : "before", parsed ? parsed : json_null());
      json_object_del(row, keys[k]);
    }
    /* The names the web app's audit view reads. */
    json_object_set(row, "actor", json_object_get(row, "actor_name"));
    json_object_set(row, "detail", json_object_get(row, "after"));
  }
  return NQ_OK;
}

static nq_code do_task_updates(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "SELECT id FROM tasks WHERE id=?1", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, c->id);
  bool row;
  if ((rc = step(db, st, &row, err))) return rc;
  sqlite3_reset(st);
  if (!row) return nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy nhiệm vụ %lld.", (long long)c->id);
  return rows_of(db,
    "SELECT pu.id, pu.at, pu.period, u.name AS unit, us.full_name AS author, pu.status, pu.percent,"
    " pu.results, pu.difficulties, pu.proposals, pu.evidence, pu.report_id"
    " FROM progress_updates pu JOIN units u ON u.id=pu.unit_id LEFT JOIN users us ON us.id=pu.user_id"
    " WHERE pu.task_id=?1 ORDER BY pu.at DESC, pu.id DESC LIMIT 500", c->id, 0, &c->out, err);
}

nq_code nq_monitor_task_updates(nq_store *s, int64_t task_id, json_t **out, nq_err *err) {
  list_ctx c = {.id = task_id};
  nq_code rc = nq_sql_read(s, do_task_updates, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

nq_code nq_monitor_audit(nq_store *s, const nq_audit_query *q, json_t **out, nq_err *err) {
  audit_ctx c = {q, NULL};
  nq_code rc = nq_sql_read(s, do_audit, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}

/* ---- plan amendments -------------------------------------------------------------- */

typedef struct amend_ctx {
  int64_t plan_id;
  const json_t *change;
  int64_t id;
  json_t *out;
} amend_ctx;

static nq_code task_units_json(nq_db *db, int64_t task_id, json_t **out, nq_err *err) {
  return rows_of(db, "SELECT unit_id, role FROM task_units WHERE task_id=?1 AND role IN ('lead','support')"
                     " ORDER BY role, ordinal", task_id, 0, out, err);
}

static nq_code check_task(nq_db *db, int64_t plan_id, int64_t task_id, json_t **row, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "SELECT id, code, title, start_date, due_date, schedule_kind FROM tasks"
                             " WHERE id=?1 AND plan_id=?2", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, task_id);
  sqlite3_bind_int64(st, 2, plan_id);
  return one_row(db, st, row, "Không tìm thấy nhiệm vụ trong kế hoạch.", err);
}

static nq_code set_units(nq_db *db, int64_t task_id, const char *role, const json_t *ids, nq_err *err) {
  sqlite3_stmt *st;
  size_t i;
  const json_t *id;
  json_array_foreach(ids, i, id) {
    if (!json_is_integer(id)) return nq_fail(err, NQ_EINVAL, "%s[%zu]: cần mã đơn vị (số).", role, i);
    nq_code rc = prep(db, &st, "INSERT INTO task_units(task_id, unit_id, role, ordinal)"
                               " SELECT ?1, id, ?3, ?4 FROM units WHERE id=?2", err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, task_id);
    sqlite3_bind_int64(st, 2, json_integer_value(id));
    nq_bind_text(st, 3, role);
    sqlite3_bind_int(st, 4, (int)i);
    if ((rc = nq_db_step_done(db, st, err))) return rc;
    if (sqlite3_changes(nq_db_handle(db)) == 0)
      return nq_fail(err, NQ_EUNPROCESSABLE, "%s[%zu]: không có đơn vị %lld.", role, i,
                     (long long)json_integer_value(id));
  }
  return NQ_OK;
}

static nq_code insert_task(nq_db *db, int64_t plan_id, const json_t *t, int64_t *id_out, nq_err *err) {
  const char *code = jstr(t, "code"), *title = jstr(t, "title"), *due = jstr(t, "due");
  if (!code || !*code || !title || !*title) return nq_fail(err, NQ_EINVAL, "Nhiệm vụ mới cần \"code\" và \"title\".");
  if (due && nq_date_is_none(parse_date(due))) return nq_fail(err, NQ_EINVAL, "\"due\" phải là ngày YYYY-MM-DD.");
  if (!json_is_array(json_object_get(t, "lead")) || !json_array_size(json_object_get(t, "lead")))
    return nq_fail(err, NQ_EUNPROCESSABLE, "Nhiệm vụ mới cần ít nhất một đơn vị chủ trì (\"lead\").");
  nq_buf b = NQ_BUF_INIT;
  nq_buf_printf(&b, "%s %s", code, title);
  char *key = vn_search_key(b.data);
  nq_buf_free(&b);
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st,
    "INSERT INTO tasks(plan_id, code, ordinal, title, schedule_kind, due_date, search_key, created_at, updated_at, field)"
    " VALUES (?1, ?2, (SELECT COALESCE(MAX(ordinal),0)+1 FROM tasks WHERE plan_id=?1), ?3, ?4, ?5, ?6, ?7, ?7, ?8)", err);
  if (rc) {
    free(key);
    return rc;
  }
  sqlite3_bind_int64(st, 1, plan_id);
  nq_bind_text(st, 2, code);
  nq_bind_text(st, 3, title);
  nq_bind_text(st, 4, due ? "once" : "none");
  nq_bind_text(st, 5, due);
  nq_bind_text(st, 6, key);
  nq_bind_text(st, 7, nq_db_now(db));
  nq_bind_text(st, 8, nq_task_field(title, NULL));
  rc = nq_db_step_done(db, st, err);
  free(key);
  if (rc) return rc == NQ_ECONFLICT ? nq_fail(err, NQ_ECONFLICT, "Mã nhiệm vụ \"%s\" đã có trong kế hoạch.", code) : rc;
  *id_out = sqlite3_last_insert_rowid(nq_db_handle(db));
  if ((rc = set_units(db, *id_out, "lead", json_object_get(t, "lead"), err))) return rc;
  return set_units(db, *id_out, "support", json_object_get(t, "support"), err);
}

static nq_code bump_task(nq_db *db, int64_t task_id, nq_err *err) {
  sqlite3_stmt *st;
  nq_code rc = prep(db, &st, "UPDATE tasks SET version=version+1, updated_at=?2 WHERE id=?1", err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, task_id);
  nq_bind_text(st, 2, nq_db_now(db));
  return nq_db_step_done(db, st, err);
}

static nq_code do_amend(nq_db *db, void *vctx, nq_err *err) {
  amend_ctx *c = vctx;
  const json_t *ch = c->change;
  const char *kind = jstr(ch, "kind"), *reason = jstr(ch, "reason");
  nq_code rc = plan_exists(db, c->plan_id, err);
  if (rc) return rc;
  if (!json_is_object(ch) || !kind) return nq_fail(err, NQ_EINVAL, "Cần \"kind\" của điều chỉnh.");
  if (!reason || !*reason) return nq_fail(err, NQ_EUNPROCESSABLE, "Điều chỉnh kế hoạch cần ghi rõ lý do (\"reason\").");
  int64_t task_id = jint(ch, "task_id"), indicator_id = jint(ch, "indicator_id");
  json_t *before = NULL, *after = NULL, *task = NULL;
  sqlite3_stmt *st;
  char today[11];
  nq_today(today);
  if (strcmp(kind, "deadline") == 0) {
    const char *due = jstr(ch, "due"), *start = jstr(ch, "start");
    if (nq_date_is_none(parse_date(due)) || (start && nq_date_is_none(parse_date(start))))
      return nq_fail(err, NQ_EINVAL, "\"due\" (và \"start\") phải là ngày YYYY-MM-DD.");
    if ((rc = check_task(db, c->plan_id, task_id, &task, err))) return rc;
    before = json_pack("{s:O, s:O}", "start", json_object_get(task, "start_date"), "due", json_object_get(task, "due_date"));
    after = json_pack("{s:s?, s:s}", "start", start, "due", due);
    if (!(rc = prep(db, &st, "UPDATE tasks SET due_date=?2, start_date=COALESCE(?3, start_date),"
                             " schedule_kind=CASE WHEN schedule_kind IN ('none','conditional') THEN 'once'"
                             " ELSE schedule_kind END WHERE id=?1", err))) {
      sqlite3_bind_int64(st, 1, task_id);
      nq_bind_text(st, 2, due);
      nq_bind_text(st, 3, start);
      rc = nq_db_step_done(db, st, err);
    }
    if (!rc) rc = bump_task(db, task_id, err);
  } else if (strcmp(kind, "reassign") == 0) {
    const json_t *lead = json_object_get(ch, "lead"), *support = json_object_get(ch, "support");
    if (!json_is_array(lead) || !json_array_size(lead))
      return nq_fail(err, NQ_EUNPROCESSABLE, "Giao lại nhiệm vụ cần ít nhất một đơn vị chủ trì (\"lead\").");
    if ((rc = check_task(db, c->plan_id, task_id, &task, err))) return rc;
    if ((rc = task_units_json(db, task_id, &before, err))) goto done;
    if (!(rc = prep(db, &st, "DELETE FROM task_units WHERE task_id=?1 AND role IN ('lead','support')", err))) {
      sqlite3_bind_int64(st, 1, task_id);
      rc = nq_db_step_done(db, st, err);
    }
    if (!rc) rc = set_units(db, task_id, "lead", lead, err);
    if (!rc && support) rc = set_units(db, task_id, "support", support, err);
    if (!rc) rc = task_units_json(db, task_id, &after, err);
    if (!rc) rc = bump_task(db, task_id, err);
  } else if (strcmp(kind, "target") == 0) {
    const char *target = jstr(ch, "target");
    int year = (int)jint(ch, "year");
    if (!target || !*target || year < 2000 || year > 2100)
      return nq_fail(err, NQ_EINVAL, "Điều chỉnh chỉ tiêu cần \"year\" và \"target\".");
    if (!(rc = prep(db, &st, "SELECT target FROM indicator_targets t JOIN indicators i ON i.id=t.indicator_id"
                             " WHERE t.indicator_id=?1 AND t.year=?2 AND i.plan_id=?3", err))) {
      sqlite3_bind_int64(st, 1, indicator_id);
      sqlite3_bind_int(st, 2, year);
      sqlite3_bind_int64(st, 3, c->plan_id);
      bool row;
      if (!(rc = step(db, st, &row, err))) {
        before = json_pack("{s:i, s:s?}", "year", year, "target", row ? nq_col_text(st, 0) : NULL);
        sqlite3_reset(st);
      }
    }
    if (!rc && !(rc = prep(db, &st, "INSERT INTO indicator_targets(indicator_id, year, target)"
                                    " SELECT id, ?2, ?3 FROM indicators WHERE id=?1 AND plan_id=?4"
                                    " ON CONFLICT(indicator_id, year) DO UPDATE SET target=excluded.target", err))) {
      sqlite3_bind_int64(st, 1, indicator_id);
      sqlite3_bind_int(st, 2, year);
      nq_bind_text(st, 3, target);
      sqlite3_bind_int64(st, 4, c->plan_id);
      rc = nq_db_step_done(db, st, err);
      if (!rc && sqlite3_changes(nq_db_handle(db)) == 0)
        rc = nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy chỉ tiêu trong kế hoạch.");
    }
    if (!rc) after = json_pack("{s:i, s:s}", "year", year, "target", target);
  } else if (strcmp(kind, "add_task") == 0 || strcmp(kind, "split") == 0) {
    bool split = kind[0] == 's';
    const json_t *tasks = split ? json_object_get(ch, "into") : NULL;
    json_t *one = NULL;
    if (split) {
      if (!json_is_array(tasks) || json_array_size(tasks) < 2)
        return nq_fail(err, NQ_EUNPROCESSABLE, "Tách nhiệm vụ cần ít nhất hai nhiệm vụ mới (\"into\").");
      if ((rc = check_task(db, c->plan_id, task_id, &task, err))) return rc;
      before = json_pack("{s:O, s:O}", "code", json_object_get(task, "code"), "title", json_object_get(task, "title"));
    } else {
      if (!json_is_object(json_object_get(ch, "task"))) return nq_fail(err, NQ_EINVAL, "Cần \"task\".");
      tasks = one = json_pack("[O]", json_object_get(ch, "task"));
    }
    json_t *ids = json_array();
    size_t i;
    const json_t *t;
    json_array_foreach(tasks, i, t) {
      int64_t id = 0;
      if ((rc = insert_task(db, c->plan_id, t, &id, err))) break;
      json_array_append_new(ids, json_integer(id));
    }
    json_decref(one);
    after = json_pack("{s:o}", "tasks", ids);
    if (!rc && split) rc = bump_task(db, task_id, err);
  } else {
    return nq_fail(err, NQ_EINVAL, "\"kind\" không hợp lệ: %s (deadline, reassign, target, add_task, split).", kind);
  }
  if (rc) goto done;
  /* New lead units owe reports for the periods still to come. */
  int reports = 0;
  if (!(rc = insert_expected_reports(db, c->plan_id, today, "9999-12-31", 0, &reports, err)) &&
      !(rc = prep(db, &st, "UPDATE plans SET version=version+1, updated_at=?2 WHERE id=?1", err))) {
    sqlite3_bind_int64(st, 1, c->plan_id);
    nq_bind_text(st, 2, nq_db_now(db));
    rc = nq_db_step_done(db, st, err);
  }
  if (rc) goto done;
  if (!(rc = prep(db, &st,
        "INSERT INTO plan_amendments(plan_id, version, at, user_id, user_name, kind, task_id, indicator_id,"
        " reason, document, before_json, after_json)"
        " VALUES (?1, (SELECT version FROM plans WHERE id=?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err))) {
    const nq_actor *who = nq_db_actor(db);
    char *b = before ? json_dumps(before, JSON_COMPACT) : NULL, *a = after ? json_dumps(after, JSON_COMPACT) : NULL;
    sqlite3_bind_int64(st, 1, c->plan_id);
    nq_bind_text(st, 2, nq_db_now(db));
    nq_bind_id(st, 3, who ? who->user_id : 0);
    nq_bind_text(st, 4, who ? who->name : NULL);
    nq_bind_text(st, 5, kind);
    nq_bind_id(st, 6, strcmp(kind, "add_task") == 0 ? 0 : task_id);
    nq_bind_id(st, 7, indicator_id);
    nq_bind_text(st, 8, reason);
    nq_bind_text(st, 9, jstr(ch, "document"));
    nq_bind_text(st, 10, b);
    nq_bind_text(st, 11, a);
    rc = nq_db_step_done(db, st, err);
    free(b);
    free(a);
  }
  if (rc) goto done;
  c->id = sqlite3_last_insert_rowid(nq_db_handle(db));
  json_t *audit_after = json_pack("{s:s, s:s, s:O}", "amendment", kind, "reason", reason, "change", after ? after : json_null());
  rc = nq_db_audit(db, "update", "plan", c->plan_id, before, audit_after, err);
  json_decref(audit_after);
  if (!rc && task_id && strcmp(kind, "add_task") != 0) {
    json_t *t_after = json_pack("{s:s, s:I}", "amendment", kind, "amendment_id", (json_int_t)c->id);
    rc = nq_db_audit(db, "update", "task", task_id, before, t_after, err);
    json_decref(t_after);
  }
done:
  json_decref(before);
  json_decref(after);
  json_decref(task);
  return rc;
}

static nq_code amendments_rows(nq_db *db, int64_t plan_id, int64_t only_id, json_t **out, nq_err *err) {
  nq_code rc = rows_of(db,
    "SELECT id, version, at, user_id, user_name, kind, task_id, indicator_id, reason, document,"
    " before_json, after_json FROM plan_amendments WHERE plan_id=?1 AND (?2 IS NULL OR id=?2)"
    " ORDER BY id DESC", plan_id, only_id, out, err);
  if (rc) return rc;
  size_t i;
  json_t *row;
  json_array_foreach(*out, i, row) {
    static const char *const keys[] = {"before_json", "after_json"};
    for (int k = 0; k < 2; k++) {
      const char *text = jstr(row, keys[k]);
      json_t *parsed = text ? json_loads(text, 0, NULL) : NULL;
      json_object_set_new(row, k ? "after" : "before", parsed ? parsed : json_null());
      json_object_del(row, keys[k]);
    }
  }
  return NQ_OK;
}

static nq_code do_amendments_one(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  return amendments_rows(db, c->plan_id, c->id, &c->out, err);
}

nq_code nq_monitor_amend(nq_store *s, const nq_actor *who, int64_t plan_id, const json_t *change,
                         json_t **out, nq_err *err) {
  amend_ctx c = {plan_id, change, 0, NULL};
  nq_code rc = nq_sql_write(s, who, do_amend, &c, err);
  if (rc || !out) return rc;
  list_ctx l = {.plan_id = plan_id, .id = c.id};
  rc = nq_sql_read(s, do_amendments_one, &l, err);
  *out = rc ? NULL : json_incref(json_array_get(l.out, 0));
  json_decref(l.out);
  return rc;
}

static nq_code do_amendments(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *c = vctx;
  nq_code rc = plan_exists(db, c->plan_id, err);
  return rc ? rc : amendments_rows(db, c->plan_id, c->id, &c->out, err);
}

nq_code nq_monitor_amendments(nq_store *s, int64_t plan_id, json_t **out, nq_err *err) {
  list_ctx c = {.plan_id = plan_id};
  nq_code rc = nq_sql_read(s, do_amendments, &c, err);
  *out = rc ? NULL : c.out;
  return rc;
}
