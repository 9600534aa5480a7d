/*
** sqlite_scope.c: the scope-wide dashboard over SQLite (store_scope.h):
** overview, report timeliness and the indicator board of every plan a
** caller may read, each in a fixed number of statements.
**
** The overview makes one pass over the tasks in C rather than grouping on
** nq_task_status() in SQL: the pass reads only the covering index of the
** status facts (0008_scope.sql), keeps each task's status in a byte array
** indexed by task id, and the lead agencies are then counted from one scan
** of task_units against that array. The same pass counts tasks by field
** (core/field.h) from the covering index of 0009_field.sql. Statuses are core/status.h's, through
** the same fact reader as the SQL function (nq_sql_task_facts), so the
** figures equal /api/plans/:id/overview and the /api/tasks filters.
*/
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attain.h"
#include "core/date.h"
#include "core/field.h"
#include "core/planjson.h"
#include "core/status.h"
#include "store/sqlite_int.h"
#include "store/store_scope.h"
#include "util/buf.h"

#define OUT_OF_SCOPE 0xFF
#define TREND_POINTS 12
#define MAX_FIELDS 16 /* nq_field_count() is 9 */

/* ---- plans in reach ---------------------------------------------------------- */

/* Every plan by id: whether the query covers it, its start and number. */
typedef struct plan_table {
  int64_t max_id;
  bool *in;
  nq_date *start;
  char **number;
} plan_table;

static void plan_table_free(plan_table *pt) {
  for (int64_t i = 0; pt->number && i <= pt->max_id; i++) free(pt->number[i]);
  free(pt->number);
  free(pt->in);
  free(pt->start);
  memset(pt, 0, sizeof *pt);
}

static bool reach_lists_plan(const nq_reach *r, int64_t id) {
  if (r->n_plans == 0) return true;
  for (size_t i = 0; i < r->n_plans; i++)
    if (r->plan_ids[i] == id) return true;
  return false;
}

static nq_code max_id(nq_db *db, const char *sql, int64_t *out, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, sql);
  if (!st) return nq_db_error(db, err);
  int r = sqlite3_step(st);
  *out = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return r == SQLITE_ROW ? NQ_OK : nq_db_error(db, err);
}

/* Which plans q covers; NQ_ENOTFOUND when q names a plan that is not there. */
static nq_code plan_table_load(nq_db *db, const nq_scope_query *q, plan_table *pt, nq_err *err) {
  memset(pt, 0, sizeof *pt);
  nq_code rc = max_id(db, "SELECT coalesce(max(id), 0) FROM plans", &pt->max_id, err);
  if (rc) return rc;
  size_t n = (size_t)pt->max_id + 1;
  pt->in = nq_xcalloc(n, sizeof *pt->in);
  pt->start = nq_xcalloc(n, sizeof *pt->start);
  pt->number = nq_xcalloc(n, sizeof *pt->number);
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT id, date, public, number FROM plans");
  if (!st) return nq_db_error(db, err);
  bool named_found = q->plan_id == 0;
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    if (id <= 0 || id > pt->max_id) continue;
    pt->start[id] = nq_sql_value_date(sqlite3_column_value(st, 1));
    const char *number = nq_col_text(st, 3);
    if (number) pt->number[id] = nq_xstrdup(number);
    named_found |= id == q->plan_id;
    pt->in[id] = (q->plan_id == 0 || id == q->plan_id) &&
                 (!q->reach.public_only || sqlite3_column_int(st, 2) == 1) &&
                 reach_lists_plan(&q->reach, id);
  }
  sqlite3_reset(st);
  if (r != SQLITE_DONE) return nq_db_error(db, err);
  if (!named_found)
    return nq_fail(err, NQ_ENOTFOUND, "Không có kế hoạch số %lld.", (long long)q->plan_id);
  return NQ_OK;
}

static bool plan_in(const plan_table *pt, int64_t id) {
  return id > 0 && id <= pt->max_id && pt->in[id];
}

/* The unit restrictions of q: the reach's and the filter's (both apply). */
static size_t unit_filters(const nq_scope_query *q, int64_t units[2]) {
  size_t n = 0;
  if (q->reach.unit_id > 0) units[n++] = q->reach.unit_id;
  if (q->unit_id > 0 && q->unit_id != q->reach.unit_id) units[n++] = q->unit_id;
  return n;
}

static void bind_int(sqlite3_stmt *st, const char *name, int64_t v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i) sqlite3_bind_int64(st, i, v);
}

/* " WHERE ..." over tasks t for the plan and unit filters of q; false when
** there is none (the whole table). */
static bool task_where(const nq_scope_query *q, nq_buf *sql) {
  int64_t units[2];
  size_t nu = unit_filters(q, units);
  const char *glue = " WHERE ";
  if (q->plan_id) {
    nq_buf_printf(sql, "%st.plan_id=:plan", glue);
    glue = " AND ";
  }
  for (size_t i = 0; i < nu; i++) {
    nq_buf_printf(sql, "%st.id IN (SELECT task_id FROM task_units WHERE unit_id=:unit%zu)", glue, i);
    glue = " AND ";
  }
  return q->plan_id || nu;
}

static void bind_task_where(sqlite3_stmt *st, const nq_scope_query *q) {
  int64_t units[2];
  size_t nu = unit_filters(q, units);
  bind_int(st, ":plan", q->plan_id);
  for (size_t i = 0; i < nu; i++) {
    char name[16];
    snprintf(name, sizeof name, ":unit%zu", i);
    bind_int(st, name, units[i]);
  }
}

static nq_date query_day(const char *at_date) {
  char today[11];
  nq_date d = NQ_DATE_NONE;
  if (!at_date) {
    nq_today(today);
    at_date = today;
  }
  nq_date_parse_iso(at_date, &d, NULL);
  return d;
}

/* ---- overview ----------------------------------------------------------------- */

/* A task picked for a list, ordered by due date (none last), then id. */
typedef struct picked {
  int64_t id;
  nq_date due;
} picked;

typedef struct pick_list {
  picked items[NQ_SCOPE_TASKS_LISTED];
  size_t n;
} pick_list;

static bool picked_before(const picked *a, const picked *b) {
  bool an = nq_date_is_none(a->due), bn = nq_date_is_none(b->due);
  if (an != bn) return bn;
  int c = an ? 0 : nq_date_cmp(a->due, b->due);
  return c < 0 || (c == 0 && a->id < b->id);
}

static void pick(pick_list *l, int64_t id, nq_date due) {
  picked p = {id, due};
  if (l->n == NQ_SCOPE_TASKS_LISTED && !picked_before(&p, &l->items[l->n - 1])) return;
  size_t i = l->n < NQ_SCOPE_TASKS_LISTED ? l->n++ : l->n - 1;
  while (i > 0 && picked_before(&p, &l->items[i - 1])) {
    l->items[i] = l->items[i - 1];
    i--;
  }
  l->items[i] = p;
}

typedef struct unit_counts {
  int64_t total;
  int64_t by_status[NQ_STATUS_COUNT];
} unit_counts;

/* The counts of a set of tasks (one plan's, or a scope's) but their lead
** agencies. */
typedef struct figs {
  int64_t total, by_status[NQ_STATUS_COUNT];
  int64_t by_field[MAX_FIELDS][NQ_STATUS_COUNT];
  int64_t trend_done[TREND_POINTS + 1], trend_overdue[TREND_POINTS + 1]; /* difference arrays */
  pick_list overdue, at_risk;
} figs;

typedef struct overview_ctx {
  const nq_scope_query *q;
  nq_date today;
  plan_table plans;
  int64_t max_task;
  uint8_t *status;           /* by task id; OUT_OF_SCOPE */
  figs all;
  nq_date trend_at[TREND_POINTS];
  long trend_day[TREND_POINTS];  /* the same as day numbers: compared per task */
  int64_t max_unit;
  unit_counts *units;        /* by unit id */
  nq_scope_memo *memo;       /* counts kept per plan: the whole-scope path */
  json_t *out;
} overview_ctx;

/* The month-ends of the eleven months before today's, then today. */
static void trend_points(nq_date today, nq_date at[TREND_POINTS]) {
  for (int k = 0; k < TREND_POINTS - 1; k++) {
    nq_date m = nq_date_add_months(nq_date_make(today.y, today.m, 1), k - (TREND_POINTS - 1));
    at[k] = nq_date_last_of_month(m.y, m.m);
  }
  at[TREND_POINTS - 1] = today;
}

/* First point on or after day (TREND_POINTS when none). */
static int first_point_from(const long at[TREND_POINTS], long day) {
  int i = 0;
  while (i < TREND_POINTS && at[i] < day) i++;
  return i;
}

/* The task's part in the trend: done from the point its completion is
** known by (always, when its date is unknown), overdue at the points after
** its deadline until it is done -- status.h's rules at each month-end. */
static void trend_add(figs *g, const long trend_day[TREND_POINTS], const nq_task_facts *f) {
  int done_from = TREND_POINTS;
  if (f->done)
    done_from = nq_date_is_none(f->done_on) ? 0 : first_point_from(trend_day, nq_date_to_days(f->done_on));
  g->trend_done[done_from]++;
  const nq_schedule *s = &f->schedule;
  bool deadline = (s->kind == NQ_SCHED_ONCE || s->kind == NQ_SCHED_RANGE) && !nq_date_is_none(s->due);
  if (!deadline) return;
  int late_from = first_point_from(trend_day, nq_date_to_days(s->due) + 1);
  if (late_from < done_from) {
    g->trend_overdue[late_from]++;
    g->trend_overdue[done_from]--;
  }
}

/* The columns a task is counted from (the covering indexes of 0008, 0009). */
#define TASK_FACT_COLUMNS \
  "SELECT t.id, t.plan_id, t.schedule_kind, t.start_date, t.due_date, t.done," \
  " t.done_date, t.percent, t.last_update_at, t.field FROM tasks t"

/* Count the task of a TASK_FACT_COLUMNS row into g; its status. */
static nq_status count_task(sqlite3_stmt *st, nq_date plan_start, nq_date today,
                            const long trend_day[TREND_POINTS], figs *g) {
  int64_t id = sqlite3_column_int64(st, 0);
  sqlite3_value *v[7];
  for (int k = 0; k < 7; k++) v[k] = sqlite3_column_value(st, 2 + k);
  nq_task_facts f;
  nq_sql_task_facts(v, plan_start, &f);
  nq_status s = nq_task_status(&f, today, NULL);
  g->total++;
  g->by_status[s]++;
  g->by_field[nq_sql_field_index(sqlite3_column_text(st, 9))][s]++;
  if (s == NQ_STATUS_OVERDUE) pick(&g->overdue, id, f.schedule.due);
  else if (s == NQ_STATUS_AT_RISK) pick(&g->at_risk, id, f.schedule.due);
  trend_add(g, trend_day, &f);
  return s;
}

static nq_code status_pass(nq_db *db, overview_ctx *c, nq_err *err) {
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_puts(&sql, TASK_FACT_COLUMNS);
  task_where(c->q, &sql);
  sqlite3_stmt *st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) return nq_db_error(db, err);
  bind_task_where(st, c->q);
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0), plan = sqlite3_column_int64(st, 1);
    if (id <= 0 || id > c->max_task || !plan_in(&c->plans, plan)) continue;
    c->status[id] = (uint8_t)count_task(st, c->plans.start[plan], c->today, c->trend_day, &c->all);
  }
  sqlite3_reset(st);
  return r == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

static nq_code lead_pass(nq_db *db, overview_ctx *c, nq_err *err) {
  nq_code rc = max_id(db, "SELECT coalesce(max(id), 0) FROM units", &c->max_unit, err);
  if (rc) return rc;
  c->units = nq_xcalloc((size_t)c->max_unit + 1, sizeof *c->units);
  /* Unfiltered: the range of 0008's task_units_role; filtered: the leads
  ** of the tasks the filter names, by task (the unary + keeps SQLite from
  ** scanning every lead and looking each task up: seconds at national scale). */
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_puts(&sql, "SELECT tu.task_id, tu.unit_id FROM task_units tu");
  nq_buf where = NQ_BUF_INIT;
  if (task_where(c->q, &where))
    nq_buf_printf(&sql, " WHERE +tu.role='lead' AND tu.task_id IN (SELECT t.id FROM tasks t%s)",
                  where.data);
  else
    nq_buf_puts(&sql, " WHERE tu.role='lead'");
  nq_buf_free(&where);
  sqlite3_stmt *st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) return nq_db_error(db, err);
  bind_task_where(st, c->q);
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t task = sqlite3_column_int64(st, 0), unit = sqlite3_column_int64(st, 1);
    if (task <= 0 || task > c->max_task || c->status[task] == OUT_OF_SCOPE) continue;
    if (unit <= 0 || unit > c->max_unit) continue;
    c->units[unit].total++;
    c->units[unit].by_status[c->status[task]]++;
  }
  sqlite3_reset(st);
  return r == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

static json_t *status_counts(const int64_t n[NQ_STATUS_COUNT]) {
  json_t *o = json_object();
  for (int s = 0; s < NQ_STATUS_COUNT; s++)
    json_object_set_new(o, nq_status_name((nq_status)s), json_integer(n[s]));
  return o;
}

typedef struct ranked_unit {
  int64_t id, total;
} ranked_unit;

static int by_total_desc(const void *a, const void *b) {
  const ranked_unit *x = a, *y = b;
  if (x->total != y->total) return x->total > y->total ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static nq_code by_lead_json(nq_db *db, overview_ctx *c, json_t **out, size_t *lead_count,
                            nq_err *err) {
  ranked_unit *ids = nq_xmalloc(((size_t)c->max_unit + 1) * sizeof *ids);
  size_t n = 0;
  for (int64_t u = 1; u <= c->max_unit; u++)
    if (c->units[u].total > 0) ids[n++] = (ranked_unit){u, c->units[u].total};
  qsort(ids, n, sizeof *ids, by_total_desc);
  json_t *arr = json_array();
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT name FROM units WHERE id=?1");
  if (!st) {
    free(ids);
    json_decref(arr);
    return nq_db_error(db, err);
  }
  unit_counts others = {0};
  size_t n_others = 0;
  for (size_t i = 0; i < n; i++) {
    const unit_counts *uc = &c->units[ids[i].id];
    if (i >= NQ_SCOPE_LEADS_NAMED) {
      others.total += uc->total;
      for (int s = 0; s < NQ_STATUS_COUNT; s++) others.by_status[s] += uc->by_status[s];
      n_others++;
      continue;
    }
    sqlite3_bind_int64(st, 1, ids[i].id);
    json_t *name = sqlite3_step(st) == SQLITE_ROW ? nq_col_json(st, 0) : json_null();
    sqlite3_reset(st);
    json_array_append_new(arr, json_pack("{s:I,s:o,s:I,s:o}", "unit_id", (json_int_t)ids[i].id,
                                         "name", name, "total", (json_int_t)uc->total,
                                         "by_status", status_counts(uc->by_status)));
  }
  if (n_others)
    json_array_append_new(arr, json_pack("{s:n,s:s,s:I,s:I,s:o}", "unit_id", "name",
                                         "Các cơ quan khác", "units", (json_int_t)n_others,
                                         "total", (json_int_t)others.total, "by_status",
                                         status_counts(others.by_status)));
  free(ids);
  *lead_count = n;
  *out = arr;
  return NQ_OK;
}

/* A listed task: the /api/tasks row shape, its plan, leads and reasons. */
static nq_code listed_task(nq_db *db, overview_ctx *c, int64_t id, nq_status s, json_t **out,
                           nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT t.schedule_kind, t.start_date, t.due_date, t.done, t.done_date, t.percent,"
    " t.last_update_at, t.id, t.plan_id, t.code, t.title, t.timeline, t.version, p.number"
    " FROM tasks t JOIN plans p ON p.id=t.plan_id WHERE t.id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return nq_db_error(db, err);
  }
  sqlite3_value *v[7];
  for (int k = 0; k < 7; k++) v[k] = sqlite3_column_value(st, k);
  int64_t plan = sqlite3_column_int64(st, 8);
  nq_task_facts f;
  nq_sql_task_facts(v, c->plans.start[plan], &f);
  json_t *reasons = json_array();
  if (s == NQ_STATUS_OVERDUE) {
    char due[16];
    json_array_append_new(reasons, json_sprintf("Quá hạn %ld ngày (hạn %s).",
                                                nq_date_diff(f.schedule.due, c->today),
                                                nq_date_format_vn(f.schedule.due, due)));
  } else {
    nq_warning w[NQ_WARN_MAX];
    size_t nw = nq_task_warnings(&f, c->today, NULL, w);
    for (size_t k = 0; k < nw; k++) json_array_append_new(reasons, json_string(w[k].message));
  }
  json_t *t = json_pack("{s:I,s:I,s:o,s:o,s:o,s:{s:o,s:o,s:o},s:b,s:o,s:o,s:o,s:o,s:s,s:o}",
    "id", (json_int_t)id, "plan_id", (json_int_t)plan, "plan_number", nq_col_json(st, 13),
    "code", nq_col_json(st, 9), "title", nq_col_json(st, 10),
    "schedule", "kind", nq_col_json(st, 0), "start", nq_col_json(st, 1), "due", nq_col_json(st, 2),
    "done", f.done, "done_date", nq_col_json(st, 4), "percent", nq_col_json(st, 5),
    "last_update_at", nq_col_json(st, 6), "timeline", nq_col_json(st, 11),
    "status", nq_status_name(s), "reasons", reasons);
  json_object_set_new(t, "version", nq_col_json(st, 12));
  sqlite3_reset(st);
  st = nq_db_stmt(db, "SELECT u.id, u.name FROM task_units tu JOIN units u ON u.id=tu.unit_id"
                      " WHERE tu.task_id=?1 AND tu.role='lead' ORDER BY tu.ordinal");
  if (!st) {
    json_decref(t);
    return nq_db_error(db, err);
  }
  sqlite3_bind_int64(st, 1, id);
  json_t *lead;
  nq_code rc = nq_db_rows(db, st, &lead, err);
  if (rc) {
    json_decref(t);
    return rc;
  }
  json_object_set_new(t, "lead", lead);
  *out = t;
  return NQ_OK;
}

static nq_code listed_tasks(nq_db *db, overview_ctx *c, const pick_list *l, nq_status s,
                            json_t **out, nq_err *err) {
  json_t *arr = json_array();
  for (size_t i = 0; i < l->n; i++) {
    json_t *t;
    nq_code rc = listed_task(db, c, l->items[i].id, s, &t, err);
    if (rc) {
      json_decref(arr);
      return rc;
    }
    json_array_append_new(arr, t);
  }
  *out = arr;
  return NQ_OK;
}

static json_t *trend_json(const overview_ctx *c) {
  json_t *arr = json_array();
  int64_t done = 0, overdue = 0;
  for (int k = 0; k < TREND_POINTS; k++) {
    done += c->all.trend_done[k];
    overdue += c->all.trend_overdue[k];
    char period[8], at[11];
    snprintf(period, sizeof period, "%04d-%02d", c->trend_at[k].y, c->trend_at[k].m);
    double share = c->all.total ? round(1000.0 * (double)done / (double)c->all.total) / 1000.0 : 0;
    json_array_append_new(arr, json_pack("{s:s,s:s,s:I,s:I,s:I,s:f}", "period", period, "at",
                                         nq_date_format_iso(c->trend_at[k], at), "total",
                                         (json_int_t)c->all.total, "done", (json_int_t)done,
                                         "overdue", (json_int_t)overdue, "share_done", share));
  }
  return arr;
}

/* Every field in display order, with its label, even when it has no task:
** the chart keeps its shape from one scope to the next. */
static json_t *by_field_json(const overview_ctx *c) {
  json_t *arr = json_array();
  for (size_t f = 0; f < nq_field_count() && f < MAX_FIELDS; f++) {
    int64_t n = 0;
    for (int s = 0; s < NQ_STATUS_COUNT; s++) n += c->all.by_field[f][s];
    const char *code = nq_field_code_at(f);
    json_array_append_new(arr, json_pack("{s:s,s:s,s:I,s:o}", "field", code, "label",
                                         nq_field_label(code), "total", (json_int_t)n,
                                         "by_status", status_counts(c->all.by_field[f])));
  }
  return arr;
}

/* ---- counts kept per plan (the memo) --------------------------------------------
**
** The whole scope's overview is the sum of its plans' counts, and a write
** changes the counts of the plans it touches only. So the store keeps each
** plan's counts between requests (struct nq_scope_memo), recounts just the
** plans written since (sqlite.c's change notes), and adds up the plans in
** the caller's reach: after a report is accepted, the whole country's
** overview costs one plan's recount and a sum over 3,500 plans, not a pass
** over 500,000 tasks. Counts hold for one day (statuses move with the
** date); a new day, a change of unknown extent or a recount of many plans
** counts everything again in one pass. Only the default question uses it:
** today, every plan in reach, no unit filter (one plan's or one unit's
** view is cheap, a past date rare). */

typedef struct lead_tally {
  int64_t unit;
  int64_t n[NQ_STATUS_COUNT];
} lead_tally;

typedef struct plan_memo {
  figs f;
  lead_tally *leads;         /* by unit id */
  size_t n_leads;
} plan_memo;

/* What each kept set (the counts, the board's rows) holds besides its
** figures: the notes taken from the store but not yet applied, and the
** day and year its figures are for. */
typedef struct kept_state {
  nq_changes pending;
  bool built;
  nq_date today;
  int year;                  /* the board's; 0 for the counts */
} kept_state;

struct nq_scope_memo {
  pthread_mutex_t mu;        /* one refresh at a time; held across its read */
  kept_state counts_state;
  int64_t max_plan;
  plan_memo *plans;          /* by plan id */
  /* the indicator board (below): judged rows by plan */
  kept_state board_state;
  int64_t board_max_plan;
  struct board *board_parts; /* by plan id */
};

/* Beyond this many plans written since the last request, one pass over
** everything is cheaper than recounting plan by plan. */
#define MEMO_RECOUNT_MAX 256

nq_scope_memo *nq_scope_memo_new(void) {
  nq_scope_memo *m = nq_xcalloc(1, sizeof *m);
  pthread_mutex_init(&m->mu, NULL);
  return m;
}

static void plan_memo_clear(plan_memo *p) {
  free(p->leads);
  memset(p, 0, sizeof *p);
}

static void board_parts_free(nq_scope_memo *m);

void nq_scope_memo_free(nq_scope_memo *m) {
  if (!m) return;
  nq_changes_free(&m->counts_state.pending);
  nq_changes_free(&m->board_state.pending);
  board_parts_free(m);
  for (int64_t i = 0; m->plans && i <= m->max_plan; i++) plan_memo_clear(&m->plans[i]);
  free(m->plans);
  pthread_mutex_destroy(&m->mu);
  free(m);
}

/* Grow arr, elements of size by plan id and *max the highest, to hold
** plan max_plan; the new elements zeroed. */
static void *grow_by_plan(void *arr, size_t size, int64_t *max, int64_t max_plan) {
  size_t have = arr ? (size_t)*max + 1 : 0, want = (size_t)max_plan + 1;
  if (want <= have) return arr;
  arr = nq_xrealloc(arr, want * size);
  memset((char *)arr + have * size, 0, (want - have) * size);
  *max = max_plan;
  return arr;
}

/* One lead of one task: the plan, the unit, the task's status. */
typedef struct lead_row {
  int32_t plan, unit;        /* 12 bytes: half a million of them at national scale */
  uint8_t status;
} lead_row;

static int lead_row_by_unit(const void *a, const void *b) {
  const lead_row *x = a, *y = b;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Each plan's rows (sorted by plan, runs of one plan) tallied by unit. */
static void memo_put_leads(nq_scope_memo *m, lead_row *rows, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && rows[j].plan == rows[i].plan) j++;
    qsort(rows + i, j - i, sizeof *rows, lead_row_by_unit);
    plan_memo *p = &m->plans[rows[i].plan];
    size_t units = 0;
    for (size_t k = i; k < j; k++) units += k == i || rows[k].unit != rows[k - 1].unit;
    p->leads = nq_xcalloc(units, sizeof *p->leads);
    p->n_leads = 0;
    for (size_t k = i; k < j; k++) {
      if (k == i || rows[k].unit != rows[k - 1].unit) p->leads[p->n_leads++].unit = rows[k].unit;
      p->leads[p->n_leads - 1].n[rows[k].status]++;
    }
    i = j;
  }
}

/* Count one plan (plan > 0) or every plan (0) into the memo afresh (a
** recount_fn; ctx the overview_ctx). */
static nq_code memo_count(nq_db *db, void *ctx, int64_t plan, nq_err *err) {
  const overview_ctx *c = ctx;
  nq_scope_memo *m = c->memo;
  const plan_table *pt = &c->plans;
  if (plan) {
    plan_memo_clear(&m->plans[plan]);
  } else {
    for (int64_t i = 0; i <= m->max_plan; i++) plan_memo_clear(&m->plans[i]);
  }
  /* The tasks' ids span [lo, hi]: their statuses are kept by id - lo. */
  sqlite3_stmt *st = nq_db_stmt(db, plan ? "SELECT min(id), max(id) FROM tasks WHERE plan_id=?1"
                                         : "SELECT min(id), max(id) FROM tasks");
  if (!st) return nq_db_error(db, err);
  if (plan) sqlite3_bind_int64(st, 1, plan);
  int r = sqlite3_step(st);
  int64_t lo = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  int64_t hi = r == SQLITE_ROW ? sqlite3_column_int64(st, 1) : -1;
  bool none = r != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL;
  sqlite3_reset(st);
  if (r != SQLITE_ROW) return nq_db_error(db, err);
  if (none) return NQ_OK;
  size_t span = (size_t)(hi - lo + 1);
  uint8_t *status = nq_xmalloc(span);
  int32_t *task_plan = nq_xcalloc(span, sizeof *task_plan);
  memset(status, OUT_OF_SCOPE, span);

  st = nq_db_stmt(db, plan ? TASK_FACT_COLUMNS " WHERE t.plan_id=?1" : TASK_FACT_COLUMNS);
  nq_code rc = NQ_OK;
  if (!st) rc = nq_db_error(db, err);
  else {
    if (plan) sqlite3_bind_int64(st, 1, plan);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
      int64_t id = sqlite3_column_int64(st, 0), p = sqlite3_column_int64(st, 1);
      if (id < lo || id > hi || p <= 0 || p > m->max_plan) continue;
      status[id - lo] = (uint8_t)count_task(st, pt->start[p], c->today, c->trend_day, &m->plans[p].f);
      task_plan[id - lo] = (int32_t)p;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) rc = nq_db_error(db, err);
  }

  /* The leads, gathered by plan (a counting sort: every plan at once costs
  ** one pass, not a sort of half a million rows). */
  lead_row *rows = NULL;
  size_t n = 0, cap = 0;
  if (!rc) {
    st = nq_db_stmt(db, plan ? "SELECT tu.task_id, tu.unit_id FROM tasks t JOIN task_units tu"
                               " ON tu.task_id=t.id AND tu.role='lead' WHERE t.plan_id=?1"
                             : "SELECT tu.task_id, tu.unit_id FROM task_units tu WHERE tu.role='lead'");
    if (!st) rc = nq_db_error(db, err);
  }
  if (!rc) {
    if (plan) sqlite3_bind_int64(st, 1, plan);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
      int64_t task = sqlite3_column_int64(st, 0), unit = sqlite3_column_int64(st, 1);
      if (task < lo || task > hi || status[task - lo] == OUT_OF_SCOPE || unit <= 0 || unit > INT32_MAX)
        continue;
      if (n == cap) {
        cap = cap ? 2 * cap : 256;
        rows = nq_xrealloc(rows, cap * sizeof *rows);
      }
      rows[n++] = (lead_row){task_plan[task - lo], (int32_t)unit, status[task - lo]};
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) rc = nq_db_error(db, err);
  }
  if (!rc && n) {
    lead_row *sorted = rows;
    if (!plan) {
      size_t *start = nq_xcalloc((size_t)m->max_plan + 2, sizeof *start);
      for (size_t i = 0; i < n; i++) start[rows[i].plan + 1]++;
      for (int64_t p = 0; p <= m->max_plan; p++) start[p + 1] += start[p];
      sorted = nq_xmalloc(n * sizeof *sorted);
      for (size_t i = 0; i < n; i++) sorted[start[rows[i].plan]++] = rows[i];
      free(start);
    }
    memo_put_leads(m, sorted, n);
    if (sorted != rows) free(sorted);
  }
  free(rows);
  free(status);
  free(task_plan);
  return rc;
}

static int cmp_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Append to ids[*n] the plan of each of the n_keys rows sql (one ?1 key,
** one plan_id column) finds; a row gone adds nothing. */
static nq_code plans_of(nq_db *db, const char *sql, const int64_t *keys, size_t n_keys,
                        int64_t *ids, size_t *n, nq_err *err) {
  sqlite3_stmt *st = n_keys ? nq_db_stmt(db, sql) : NULL;
  if (n_keys && !st) return nq_db_error(db, err);
  for (size_t i = 0; i < n_keys; i++) {
    sqlite3_bind_int64(st, 1, keys[i]);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) return nq_db_error(db, err);
  }
  return NQ_OK;
}

/* The plans to recount: those noted, those of the noted tasks and, for
** the board, of the noted indicators (a task or indicator gone was noted
** with its plan when it went). Sorted, without repeats. */
static nq_code changed_plans(nq_db *db, const nq_changes *ch, bool indicators, int64_t **out,
                             size_t *n_out, nq_err *err) {
  size_t n_ind = indicators ? ch->n_indicators : 0;
  int64_t *ids = nq_xmalloc((ch->n_plans + ch->n_tasks + n_ind + 1) * sizeof *ids);
  size_t n = 0;
  for (size_t i = 0; i < ch->n_plans; i++) ids[n++] = ch->plans[i];
  nq_code rc = plans_of(db, "SELECT plan_id FROM tasks WHERE id=?1", ch->tasks, ch->n_tasks, ids,
                        &n, err);
  if (!rc)
    rc = plans_of(db, "SELECT plan_id FROM indicators WHERE id=?1", ch->indicators, n_ind, ids,
                  &n, err);
  if (rc) {
    free(ids);
    return rc;
  }
  qsort(ids, n, sizeof *ids, cmp_id);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (k == 0 || ids[i] != ids[k - 1]) ids[k++] = ids[i];
  *out = ids;
  *n_out = k;
  return NQ_OK;
}

static int64_t *ids_append(int64_t *to, size_t n_to, const int64_t *from, size_t n_from) {
  if (!n_from) return to;
  to = nq_xrealloc(to, (n_to + n_from) * sizeof *to);
  memcpy(to + n_to, from, n_from * sizeof *from);
  return to;
}

static void changes_append(nq_changes *p, const nq_changes *ch) {
  p->plans = ids_append(p->plans, p->n_plans, ch->plans, ch->n_plans);
  p->n_plans += ch->n_plans;
  p->tasks = ids_append(p->tasks, p->n_tasks, ch->tasks, ch->n_tasks);
  p->n_tasks += ch->n_tasks;
  p->indicators = ids_append(p->indicators, p->n_indicators, ch->indicators, ch->n_indicators);
  p->n_indicators += ch->n_indicators;
  p->all |= ch->all;
}

/* Take the store's change notes into the memo's (memo lock held), for the
** overview and for the board each: before the read that recounts begins,
** so whatever they name is in its snapshot. */
static void memo_take_changes(nq_store *s, nq_scope_memo *m) {
  nq_changes ch;
  nq_sql_take_changes(s, &ch);
  changes_append(&m->counts_state.pending, &ch);
  changes_append(&m->board_state.pending, &ch);
  nq_changes_free(&ch);
}

/* Recount one plan (> 0) or every plan (0) of a kept set. */
typedef nq_code (*recount_fn)(nq_db *db, void *ctx, int64_t plan, nq_err *err);

/* Bring a kept set up to date within the caller's read transaction: all of
** it when it was never built, when the notes say so, on another day or
** year, or when more than MEMO_RECOUNT_MAX plans changed; else the plans
** the notes name (with indicators: those of noted indicators too), up to
** max_plan. The notes are dropped only once applied. */
static nq_code kept_refresh(nq_db *db, kept_state *k, bool indicators, nq_date today, int year,
                            int64_t max_plan, recount_fn recount, void *ctx, nq_err *err) {
  const nq_changes *ch = &k->pending;
  bool whole = !k->built || ch->all || nq_date_cmp(k->today, today) != 0 || k->year != year;
  int64_t *ids = NULL;
  size_t n = 0;
  nq_code rc = NQ_OK;
  if (!whole) {
    rc = changed_plans(db, ch, indicators, &ids, &n, err);
    whole = !rc && n > MEMO_RECOUNT_MAX;
  }
  k->built = false;
  if (!rc && whole) rc = recount(db, ctx, 0, err);
  for (size_t i = 0; !rc && !whole && i < n; i++)
    if (ids[i] > 0 && ids[i] <= max_plan) rc = recount(db, ctx, ids[i], err);
  free(ids);
  if (rc) return rc;
  k->built = true;
  k->today = today;
  k->year = year;
  nq_changes_free(&k->pending);
  return NQ_OK;
}

/* The store's kept figures, locked and with the writes since taken, when q
** asks the default question: today, every plan in reach, no unit filter.
** NULL otherwise: the caller counts from the tables. */
static nq_scope_memo *memo_open(nq_store *s, const nq_scope_query *q, nq_date today) {
  int64_t units[2];
  if (q->recount || q->plan_id || unit_filters(q, units) || nq_date_cmp(today, query_day(NULL)) != 0)
    return NULL;
  nq_scope_memo *m = nq_sql_scope_memo(s);
  if (!m) return NULL;
  pthread_mutex_lock(&m->mu);
  memo_take_changes(s, m);
  return m;
}

static void figs_add(figs *to, const figs *from) {
  to->total += from->total;
  for (int s = 0; s < NQ_STATUS_COUNT; s++) to->by_status[s] += from->by_status[s];
  for (int f = 0; f < MAX_FIELDS; f++)
    for (int s = 0; s < NQ_STATUS_COUNT; s++) to->by_field[f][s] += from->by_field[f][s];
  for (int k = 0; k <= TREND_POINTS; k++) {
    to->trend_done[k] += from->trend_done[k];
    to->trend_overdue[k] += from->trend_overdue[k];
  }
  for (size_t i = 0; i < from->overdue.n; i++)
    pick(&to->overdue, from->overdue.items[i].id, from->overdue.items[i].due);
  for (size_t i = 0; i < from->at_risk.n; i++)
    pick(&to->at_risk, from->at_risk.items[i].id, from->at_risk.items[i].due);
}

/* The scope's counts: the sum of its plans'. */
static nq_code memo_merge(nq_db *db, const nq_scope_memo *m, overview_ctx *c, nq_err *err) {
  nq_code rc = max_id(db, "SELECT coalesce(max(id), 0) FROM units", &c->max_unit, err);
  if (rc) return rc;
  c->units = nq_xcalloc((size_t)c->max_unit + 1, sizeof *c->units);
  for (int64_t p = 1; p <= m->max_plan && p <= c->plans.max_id; p++) {
    if (!c->plans.in[p]) continue;
    const plan_memo *pm = &m->plans[p];
    figs_add(&c->all, &pm->f);
    for (size_t i = 0; i < pm->n_leads; i++) {
      const lead_tally *l = &pm->leads[i];
      if (l->unit <= 0 || l->unit > c->max_unit) continue;
      unit_counts *u = &c->units[l->unit];
      for (int s = 0; s < NQ_STATUS_COUNT; s++) {
        u->total += l->n[s];
        u->by_status[s] += l->n[s];
      }
    }
  }
  return NQ_OK;
}

static nq_code overview_in(nq_db *db, void *vctx, nq_err *err) {
  overview_ctx *c = vctx;
  nq_code rc = plan_table_load(db, c->q, &c->plans, err);
  if (!rc) rc = max_id(db, "SELECT coalesce(max(id), 0) FROM tasks", &c->max_task, err);
  if (rc) return rc;
  trend_points(c->today, c->trend_at);
  for (int k = 0; k < TREND_POINTS; k++) c->trend_day[k] = nq_date_to_days(c->trend_at[k]);
  if (c->memo) {
    nq_scope_memo *m = c->memo;
    m->plans = grow_by_plan(m->plans, sizeof *m->plans, &m->max_plan, c->plans.max_id);
    rc = kept_refresh(db, &m->counts_state, false, c->today, 0, m->max_plan, memo_count, c, err);
    if (!rc) rc = memo_merge(db, m, c, err);
  } else {
    c->status = nq_xmalloc((size_t)c->max_task + 1);
    memset(c->status, OUT_OF_SCOPE, (size_t)c->max_task + 1);
    if (!(rc = status_pass(db, c, err))) rc = lead_pass(db, c, err);
  }
  if (rc) return rc;
  json_t *by_lead = NULL, *overdue = NULL, *at_risk = NULL;
  size_t lead_count = 0;
  if (!rc) rc = by_lead_json(db, c, &by_lead, &lead_count, err);
  if (!rc) rc = listed_tasks(db, c, &c->all.overdue, NQ_STATUS_OVERDUE, &overdue, err);
  if (!rc) rc = listed_tasks(db, c, &c->all.at_risk, NQ_STATUS_AT_RISK, &at_risk, err);
  if (rc) {
    json_decref(by_lead);
    json_decref(overdue);
    return rc;
  }
  char at[11];
  c->out = json_pack("{s:s,s:I,s:o,s:o,s:I,s:o,s:o,s:o}", "at",
                     nq_date_format_iso(c->today, at), "total", (json_int_t)c->all.total,
                     "by_status", status_counts(c->all.by_status), "by_lead", by_lead,
                     "lead_count", (json_int_t)lead_count, "overdue", overdue, "at_risk",
                     at_risk, "trend", trend_json(c));
  json_object_set_new(c->out, "by_field", by_field_json(c));
  if (c->q->plan_id) json_object_set_new(c->out, "plan_id", json_integer(c->q->plan_id));
  if (c->q->unit_id) json_object_set_new(c->out, "unit_id", json_integer(c->q->unit_id));
  return NQ_OK;
}

static nq_code check_query(const nq_scope_query *q, nq_err *err) {
  if (q->at_date && !nq_iso_date_valid(q->at_date))
    return nq_fail(err, NQ_EINVAL, "Ngày không hợp lệ \"%s\" (cần dạng YYYY-MM-DD).", q->at_date);
  if (q->plan_id < 0 || q->unit_id < 0)
    return nq_fail(err, NQ_EINVAL, "Mã số kế hoạch, đơn vị phải là số dương.");
  return NQ_OK;
}

nq_code nq_store_scope_overview(nq_store *s, const nq_scope_query *q, json_t **out,
                                nq_err *err) {
  nq_code rc = check_query(q, err);
  if (rc) return rc;
  overview_ctx c;
  memset(&c, 0, sizeof c);
  c.q = q;
  c.today = query_day(q->at_date);
  c.memo = memo_open(s, q, c.today);
  rc = nq_sql_read(s, overview_in, &c, err);
  if (c.memo) pthread_mutex_unlock(&c.memo->mu);
  plan_table_free(&c.plans);
  free(c.status);
  free(c.units);
  if (!rc) *out = c.out;
  return rc;
}

/* ---- timeliness ------------------------------------------------------------------ */

typedef struct timeliness_ctx {
  const nq_scope_query *q;
  nq_date today;
  json_t *out;
} timeliness_ctx;

/* A late or missing report, kept while the statement runs: only the
** NQ_SCOPE_UNITS_LISTED most days late become JSON (the whole country has
** tens of thousands). */
typedef struct late_report {
  int64_t unit, plan;
  long days;
  const char *kind;          /* "late" or "missing" */
  char *unit_name, *period, *due;
} late_report;

typedef struct late_list {
  late_report items[NQ_SCOPE_UNITS_LISTED];
  size_t n;
  size_t total;              /* every late or missing one */
} late_list;

static void late_report_free(late_report *r) {
  free(r->unit_name);
  free(r->period);
  free(r->due);
}

/* A text column as an owned string; NULL for NULL. */
static char *col_dup(sqlite3_stmt *st, int col) {
  const char *t = nq_col_text(st, col);
  return t ? nq_xstrdup(t) : NULL;
}

/* Keep the report if it is among the most days late; among equals, the
** first seen stays first. */
static void late_keep(late_list *l, sqlite3_stmt *st, int64_t plan, const char *kind, long days) {
  l->total++;
  if (l->n == NQ_SCOPE_UNITS_LISTED && days <= l->items[l->n - 1].days) return;
  if (l->n == NQ_SCOPE_UNITS_LISTED) late_report_free(&l->items[--l->n]);
  size_t i = l->n++;
  while (i > 0 && l->items[i - 1].days < days) {
    l->items[i] = l->items[i - 1];
    i--;
  }
  l->items[i] = (late_report){sqlite3_column_int64(st, 2), plan, days, kind, col_dup(st, 3),
                              col_dup(st, 1), col_dup(st, 4)};
}

static int by_plans_desc(const void *a, const void *b) {
  json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "plans"));
  json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "plans"));
  return x > y ? -1 : x < y;
}

/* Sort a json array in place with cmp over its elements. */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *)) {
  size_t n = json_array_size(arr);
  json_t **items = nq_xmalloc((n + 1) * sizeof *items);
  for (size_t i = 0; i < n; i++) items[i] = json_incref(json_array_get(arr, i));
  qsort(items, n, sizeof *items, cmp);
  json_array_clear(arr);
  for (size_t i = 0; i < n; i++) json_array_append_new(arr, items[i]);
  free(items);
}

static nq_code timeliness_in(nq_db *db, void *vctx, nq_err *err) {
  timeliness_ctx *c = vctx;
  plan_table plans;
  nq_code rc = plan_table_load(db, c->q, &plans, err);
  if (rc) {
    plan_table_free(&plans);
    return rc;
  }
  int64_t units[2];
  size_t nu = unit_filters(c->q, units);
  nq_buf sql = NQ_BUF_INIT;
  /* One statement for every plan: each plan's current period (the last
  ** regular one whose due date has passed, by 0008's index), its reports. */
  nq_buf_puts(&sql,
    "SELECT pl.id, rp.code, r.unit_id, u.name, r.due_date,"
    " coalesce(r.first_submitted_at, r.submitted_at)"
    " FROM plans pl JOIN report_periods rp ON rp.id=(SELECT p2.id FROM report_periods p2"
    "   WHERE p2.plan_id=pl.id AND p2.due_date<=:today AND p2.kind<>'adhoc'"
    "   ORDER BY p2.due_date DESC, p2.start_date DESC LIMIT 1)"
    " JOIN unit_reports r ON r.period_id=rp.id JOIN units u ON u.id=r.unit_id");
  const char *glue = " WHERE ";
  if (c->q->plan_id) {
    nq_buf_printf(&sql, "%spl.id=:plan", glue);
    glue = " AND ";
  }
  for (size_t i = 0; i < nu; i++) {
    nq_buf_printf(&sql, "%sr.unit_id=:unit%zu", glue, i);
    glue = " AND ";
  }
  sqlite3_stmt *st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) {
    plan_table_free(&plans);
    return nq_db_error(db, err);
  }
  bind_task_where(st, c->q);
  char today[11];
  nq_date_format_iso(c->today, today);
  int i = sqlite3_bind_parameter_index(st, ":today");
  sqlite3_bind_text(st, i, today, -1, SQLITE_TRANSIENT);

  int64_t on_time = 0, late = 0, missing = 0, pending = 0, expected = 0;
  late_list *kept = nq_xcalloc(1, sizeof *kept);
  json_t *periods = json_object(), *plans_seen = json_object();
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t plan = sqlite3_column_int64(st, 0);
    if (!plan_in(&plans, plan)) continue;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)plan);
    const char *code = nq_col_text(st, 1);
    if (!json_object_get(plans_seen, key)) {
      json_object_set_new(plans_seen, key, json_true());
      json_t *n = json_object_get(periods, code ? code : "");
      json_object_set_new(periods, code ? code : "", json_integer(json_integer_value(n) + 1));
    }
    expected++;
    /* The monitor's rule (sqlite_monitor.c): judged on the first
    ** submission against the report's own due date. */
    nq_date due = nq_sql_value_date(sqlite3_column_value(st, 4));
    nq_date sent = nq_sql_value_date(sqlite3_column_value(st, 5));
    const char *kind;
    long days = 0;
    if (!nq_date_is_none(sent)) {
      days = nq_date_is_none(due) ? 0 : nq_date_diff(due, sent);
      kind = days > 0 ? "late" : "on_time";
      if (days > 0) late++;
      else on_time++;
    } else if (!nq_date_is_none(due) && nq_date_diff(due, c->today) > 0) {
      days = nq_date_diff(due, c->today);
      kind = "missing";
      missing++;
    } else {
      kind = "pending";
      pending++;
    }
    if (strcmp(kind, "late") && strcmp(kind, "missing")) continue;
    late_keep(kept, st, plan, kind, days);
  }
  sqlite3_reset(st);
  json_t *listed = json_array();
  for (size_t k = 0; k < kept->n; k++) {
    const late_report *l = &kept->items[k];
    json_array_append_new(listed, json_pack("{s:I,s:s?,s:I,s:s?,s:s?,s:s?,s:s,s:I}",
      "unit_id", (json_int_t)l->unit, "unit", l->unit_name, "plan_id", (json_int_t)l->plan,
      "plan_number", plans.number[l->plan], "period", l->period, "due_date", l->due,
      "timeliness", l->kind, "days_late", (json_int_t)l->days));
  }
  size_t units_total = kept->total;
  for (size_t k = 0; k < kept->n; k++) late_report_free(&kept->items[k]);
  free(kept);
  plan_table_free(&plans);
  if (r != SQLITE_DONE) {
    json_decref(listed);
    json_decref(periods);
    json_decref(plans_seen);
    return nq_db_error(db, err);
  }
  json_t *period_list = json_array();
  const char *code;
  json_t *n;
  json_object_foreach(periods, code, n)
    json_array_append_new(period_list, json_pack("{s:s,s:O}", "code", code, "plans", n));
  sort_array(period_list, by_plans_desc);
  c->out = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:I}", "at", today, "plans",
                     (json_int_t)json_object_size(plans_seen), "expected", (json_int_t)expected,
                     "on_time", (json_int_t)on_time, "late", (json_int_t)late, "missing",
                     (json_int_t)missing, "pending", (json_int_t)pending, "periods",
                     period_list, "units", listed, "units_total", (json_int_t)units_total);
  json_decref(periods);
  json_decref(plans_seen);
  return NQ_OK;
}

nq_code nq_store_scope_timeliness(nq_store *s, const nq_scope_query *q, json_t **out,
                                  nq_err *err) {
  nq_code rc = check_query(q, err);
  if (rc) return rc;
  timeliness_ctx c = {q, query_day(q->at_date), NULL};
  rc = nq_sql_read(s, timeliness_in, &c, err);
  if (!rc) *out = c.out;
  return rc;
}

/* ---- indicators ------------------------------------------------------------------ */

/* Which target an indicator is judged on in a year: that year's, else the
** next one set (the one being worked towards), with the share of its span
** gone at today: the year itself, or from the plan's date to the end of the
** target's year. Past years are over (1). */
typedef struct judged_target {
  int year;                  /* 0: none */
  const char *text;
  double elapsed;
} judged_target;

static double share_between(nq_date from, nq_date to, nq_date today) {
  long span = nq_date_diff(from, to) + 1;
  if (span <= 0) return 1;
  double gone = (double)(nq_date_diff(from, today) + 1) / (double)span;
  return gone < 0 ? 0 : gone > 1 ? 1 : gone;
}

/* The share of the target's span gone at today (see judged_target). */
static double target_elapsed(int target_year, int year, nq_date plan_start, nq_date today) {
  if (today.y > target_year || year < today.y) return 1;
  nq_date from = target_year == year || nq_date_is_none(plan_start) ? nq_date_make(year, 1, 1)
                                                                   : plan_start;
  return share_between(from, nq_date_make(target_year, 12, 31), today);
}

static judged_target judge_target(json_t *targets, int year, nq_date plan_start, nq_date today) {
  judged_target j = {0, NULL, 1};
  const char *key;
  json_t *v;
  json_object_foreach(targets, key, v) {
    int y = atoi(key);
    if (y < year || !json_is_string(v)) continue;
    if (j.year == 0 || y < j.year) {
      j.year = y;
      j.text = json_string_value(v);
    }
  }
  if (j.year) j.elapsed = target_elapsed(j.year, year, plan_start, today);
  return j;
}

/* An indicator's figure for a year: the units' values rolled up and judged. */
typedef struct judgement {
  json_t *value;             /* owned; null when nothing was reported */
  size_t used;               /* units whose value was taken */
  nq_eval ev;
} judgement;

/* Units' values rolled up by the indicator's rule and judged: the
** monitor's roll-up (sqlite_monitor.c) applied to the latest value each
** unit reported. */
static judgement judge(const char *measure, const char *aggregation, const judged_target *t,
                       char **texts, size_t n) {
  nq_rollup r = nq_indicator_rollup(measure, aggregation, t->text, texts, n, t->elapsed);
  return (judgement){r.value, r.used, r.ev};
}

/* Write the judgement (its value stolen, or shared when keep) and its
** target into an object. */
static void judgement_put(judgement *j, const judged_target *t, json_t *into, bool keep) {
  json_object_set_new(into, "target", t->text ? json_string(t->text) : json_null());
  json_object_set_new(into, "target_year", t->year ? json_integer(t->year) : json_null());
  if (keep) {
    json_object_set(into, "value", j->value ? j->value : json_null());
  } else {
    json_object_set_new(into, "value", j->value);
    j->value = NULL;
  }
  json_object_set_new(into, "units_reported", json_integer((json_int_t)j->used));
  json_object_set_new(into, "attained", json_string(nq_attain_name(j->ev.attained)));
  json_object_set_new(into, "light", json_string(nq_light_name(j->ev.light)));
}

/* judge() for an indicator row as JSON ("unit", "aggregation"). */
static void judge_into(json_t *ind, const judged_target *t, char **texts, size_t n, json_t *into) {
  judgement j = judge(json_string_value(json_object_get(ind, "unit")),
                      json_string_value(json_object_get(ind, "aggregation")), t, texts, n);
  judgement_put(&j, t, into, false);
}

/* One value as text for nq_aggregate: the number, else what was written. */
static char *value_text(sqlite3_stmt *st, int num_col, int text_col) {
  if (sqlite3_column_type(st, num_col) != SQLITE_NULL) {
    char num[64];
    double v = sqlite3_column_double(st, num_col);
    /* Whole numbers (most values) as integers: what "%.10g" writes for
    ** them below 1e10, without the floating-point printer (a quarter of the
    ** whole-country board's CPU). */
    if (v == (double)(long long)v && fabs(v) < 1e10 && !(v == 0 && signbit(v)))
      snprintf(num, sizeof num, "%lld", (long long)v);
    else
      snprintf(num, sizeof num, "%.10g", v);
    return nq_xstrdup(num);
  }
  return col_dup(st, text_col);
}

/* Latest value per unit of one indicator and year, gathered in order. */
typedef struct value_set {
  char **texts;
  int64_t *units;
  size_t n, cap;
} value_set;

static void value_set_put(value_set *v, int64_t unit, char *text) {
  if (v->n && v->units[v->n - 1] == unit) { /* rows come by unit, oldest first */
    free(v->texts[v->n - 1]);
    v->texts[v->n - 1] = text;
    return;
  }
  if (v->n == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 8;
    v->texts = nq_xrealloc(v->texts, v->cap * sizeof *v->texts);
    v->units = nq_xrealloc(v->units, v->cap * sizeof *v->units);
  }
  v->texts[v->n] = text;
  v->units[v->n++] = unit;
}

static void value_set_clear(value_set *v) {
  for (size_t i = 0; i < v->n; i++) free(v->texts[i]);
  v->n = 0;
}

static void value_set_free(value_set *v) {
  value_set_clear(v);
  free(v->texts);
  free(v->units);
}

static const char INDICATOR_COLUMNS[] =
  "SELECT i.id, i.plan_id, i.code, i.group_name, i.name, i.measure, i.direction, i.aggregation";

static json_t *indicator_row(sqlite3_stmt *st, const plan_table *pt) {
  int64_t plan = sqlite3_column_int64(st, 1);
  return json_pack("{s:o,s:I,s:s?,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", nq_col_json(st, 0),
                   "plan_id", (json_int_t)plan, "plan_number",
                   plan > 0 && plan <= pt->max_id ? pt->number[plan] : NULL, "code",
                   nq_col_json(st, 2), "group", nq_col_json(st, 3), "name", nq_col_json(st, 4),
                   "unit", nq_col_json(st, 5), "direction", nq_col_json(st, 6), "aggregation",
                   nq_col_json(st, 7), "targets", json_object());
}

/* An indicator's targets by year into its row's "targets". */
static nq_code attach_targets_one(nq_db *db, json_t *ind, int64_t id, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT year, target FROM indicator_targets"
                                    " WHERE indicator_id=?1 ORDER BY year");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  json_t *targets = json_object_get(ind, "targets");
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    char year[16];
    snprintf(year, sizeof year, "%d", sqlite3_column_int(st, 0));
    json_object_set_new(targets, year, nq_col_json(st, 1));
  }
  sqlite3_reset(st);
  return r == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

/* Plans in which every unit of the filters leads or supports a task: the
** indicators a unit-scoped caller sees are those of its plans. */
static nq_code keep_unit_plans(nq_db *db, const nq_scope_query *q, plan_table *pt, nq_err *err) {
  int64_t units[2];
  size_t nu = unit_filters(q, units);
  for (size_t k = 0; k < nu; k++) {
    bool *has = nq_xcalloc((size_t)pt->max_id + 1, sizeof *has);
    sqlite3_stmt *st = nq_db_stmt(db, "SELECT DISTINCT t.plan_id FROM task_units tu"
                                      " JOIN tasks t ON t.id=tu.task_id WHERE tu.unit_id=?1");
    if (!st) {
      free(has);
      return nq_db_error(db, err);
    }
    sqlite3_bind_int64(st, 1, units[k]);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
      int64_t p = sqlite3_column_int64(st, 0);
      if (p > 0 && p <= pt->max_id) has[p] = true;
    }
    sqlite3_reset(st);
    for (int64_t p = 0; p <= pt->max_id; p++) pt->in[p] = pt->in[p] && has[p];
    free(has);
    if (r != SQLITE_DONE) return nq_db_error(db, err);
  }
  return NQ_OK;
}

/* " AND v.unit_id=..." for the unit filters of q, bound as ?2, ?3. */
static void value_unit_where(const nq_scope_query *q, nq_buf *sql) {
  int64_t units[2];
  size_t nu = unit_filters(q, units);
  for (size_t k = 0; k < nu; k++) nq_buf_printf(sql, " AND v.unit_id=?%zu", k + 2);
}

static void bind_value_units(sqlite3_stmt *st, const nq_scope_query *q) {
  int64_t units[2];
  size_t nu = unit_filters(q, units);
  for (size_t k = 0; k < nu; k++) sqlite3_bind_int64(st, (int)k + 2, units[k]);
}

typedef struct indicators_ctx {
  const nq_scope_query *q;
  int64_t id;                /* detail: the indicator */
  nq_date today;
  int year;
  json_t *out;
  nq_scope_memo *memo;       /* the board from rows kept per plan */
} indicators_ctx;

/* One indicator of the board while it is judged: kept in C, not JSON, so
** the whole country's 18,000 indicators cost a few allocations each; only
** the page asked for becomes JSON. */
typedef struct board_row {
  int64_t id, plan;
  size_t order;
  char *measure, *aggregation;
  judged_target target;      /* text owned */
  judgement j;
} board_row;

typedef struct board {
  board_row *rows;
  size_t n, cap;
  int64_t max_id;
  int32_t *at;               /* by indicator id: index in rows + 1, 0 = none */
  bool borrowed;             /* rows copied from the memo: their text and values are its */
} board;

static void board_free(board *b) {
  for (size_t i = 0; i < b->n && !b->borrowed; i++) {
    free(b->rows[i].measure);
    free(b->rows[i].aggregation);
    free((char *)b->rows[i].target.text);
    json_decref(b->rows[i].j.value);
  }
  free(b->rows);
  free(b->at);
}

static board_row *board_find(board *b, int64_t id) {
  return id > 0 && id <= b->max_id && b->at[id] ? &b->rows[b->at[id] - 1] : NULL;
}

static int light_rank(nq_light l) {
  return l == NQ_LIGHT_RED ? 0 : l == NQ_LIGHT_AMBER ? 1 : l == NQ_LIGHT_GREEN ? 2 : 3;
}

static int by_light(const void *a, const void *b) {
  const board_row *x = a, *y = b;
  int rx = light_rank(x->j.ev.light), ry = light_rank(y->j.ev.light);
  if (rx != ry) return rx - ry;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The indicators of the plans in pt (of plan only, when not 0), in plan and
** then document order, with the target each is judged on this year. */
static nq_code board_rows(nq_db *db, indicators_ctx *c, const plan_table *pt, int64_t plan,
                          board *b, nq_err *err) {
  nq_code rc = max_id(db, "SELECT coalesce(max(id), 0) FROM indicators", &b->max_id, err);
  if (rc) return rc;
  b->at = nq_xcalloc((size_t)b->max_id + 1, sizeof *b->at);
  sqlite3_stmt *st = nq_db_stmt(db, plan
    ? "SELECT i.id, i.plan_id, i.measure, i.aggregation FROM indicators i WHERE i.plan_id=?1"
      " ORDER BY i.plan_id, i.ordinal"
    : "SELECT i.id, i.plan_id, i.measure, i.aggregation FROM indicators i ORDER BY i.plan_id, i.ordinal");
  if (!st) return nq_db_error(db, err);
  if (plan) sqlite3_bind_int64(st, 1, plan);
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0), plan = sqlite3_column_int64(st, 1);
    if (!plan_in(pt, plan) || id <= 0 || id > b->max_id) continue;
    if (b->n == b->cap) {
      b->cap = b->cap ? 2 * b->cap : 256;
      b->rows = nq_xrealloc(b->rows, b->cap * sizeof *b->rows);
    }
    b->rows[b->n] = (board_row){id, plan, b->n, col_dup(st, 2), col_dup(st, 3),
                                {0, NULL, 1}, {NULL, 0, {NQ_ATTAIN_NOT_EVALUABLE, -1, NQ_LIGHT_NONE}}};
    b->at[id] = (int32_t)++b->n;
  }
  sqlite3_reset(st);
  if (r != SQLITE_DONE) return nq_db_error(db, err);
  /* The target each is judged on this year. */
  if (!(st = nq_db_stmt(db, plan ? "SELECT indicator_id, year, target FROM indicator_targets"
                                   " WHERE year>=?1 AND indicator_id IN"
                                   " (SELECT id FROM indicators WHERE plan_id=?2)"
                                 : "SELECT indicator_id, year, target FROM indicator_targets"
                                   " WHERE year>=?1")))
    return nq_db_error(db, err);
  sqlite3_bind_int(st, 1, c->year);
  if (plan) sqlite3_bind_int64(st, 2, plan);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    board_row *row = board_find(b, sqlite3_column_int64(st, 0));
    int y = sqlite3_column_int(st, 1);
    const char *text = nq_col_text(st, 2);
    if (!row || !text || (row->target.year && row->target.year <= y)) continue;
    free((char *)row->target.text);
    row->target.year = y;
    row->target.text = nq_xstrdup(text);
  }
  sqlite3_reset(st);
  if (r != SQLITE_DONE) return nq_db_error(db, err);
  for (size_t i = 0; i < b->n; i++)
    if (b->rows[i].target.year)
      b->rows[i].target.elapsed = target_elapsed(b->rows[i].target.year, c->year,
                                                 pt->start[b->rows[i].plan], c->today);
  return NQ_OK;
}

/* The latest value of each unit in the year, judged indicator by indicator
** (of plan's indicators only, when not 0). */
static nq_code board_values(nq_db *db, indicators_ctx *c, int64_t plan, board *b, nq_err *err) {
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_puts(&sql, "SELECT v.indicator_id, v.unit_id, v.value, v.value_text FROM indicator_values v"
                    " WHERE v.year=?1");
  value_unit_where(c->q, &sql);
  if (plan) nq_buf_puts(&sql, " AND v.indicator_id IN (SELECT id FROM indicators WHERE plan_id=?4)");
  nq_buf_puts(&sql, " ORDER BY v.indicator_id, v.unit_id, v.at, v.id");
  sqlite3_stmt *st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int(st, 1, c->year);
  bind_value_units(st, c->q);
  if (plan) sqlite3_bind_int64(st, 4, plan);
  value_set vs = {0};
  int64_t cur = 0;
  int r;
  for (;;) {
    r = sqlite3_step(st);
    int64_t id = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (id != cur && cur) {
      board_row *row = board_find(b, cur);
      if (row) row->j = judge(row->measure, row->aggregation, &row->target, vs.texts, vs.n);
      value_set_clear(&vs);
    }
    if (r != SQLITE_ROW) break;
    cur = id;
    if (board_find(b, id)) value_set_put(&vs, sqlite3_column_int64(st, 1), value_text(st, 2, 3));
  }
  value_set_free(&vs);
  sqlite3_reset(st);
  if (r != SQLITE_DONE) return nq_db_error(db, err);
  for (size_t i = 0; i < b->n; i++)
    if (!b->rows[i].j.value) b->rows[i].j = judge(b->rows[i].measure, b->rows[i].aggregation,
                                                  &b->rows[i].target, NULL, 0);
  return NQ_OK;
}

/* The page of the board as JSON rows. */
static nq_code board_page(nq_db *db, indicators_ctx *c, const plan_table *pt, board *b,
                          json_t **out, nq_err *err) {
  json_t *items = json_array();
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_printf(&sql, "%s FROM indicators i WHERE i.id=?1", INDICATOR_COLUMNS);
  size_t from = (size_t)c->q->offset, to = from + (size_t)c->q->limit;
  nq_code rc = NQ_OK;
  for (size_t k = from; k < b->n && k < to && !rc; k++) {
    board_row *row = &b->rows[k];
    sqlite3_stmt *st = nq_db_stmt(db, sql.data);
    if (!st) {
      rc = nq_db_error(db, err);
      break;
    }
    sqlite3_bind_int64(st, 1, row->id);
    if (sqlite3_step(st) != SQLITE_ROW) {
      sqlite3_reset(st);
      rc = nq_db_error(db, err);
      break;
    }
    json_t *ind = indicator_row(st, pt);
    sqlite3_reset(st);
    rc = attach_targets_one(db, ind, row->id, err);
    judgement_put(&row->j, &row->target, ind, b->borrowed);
    json_array_append_new(items, ind);
  }
  nq_buf_free(&sql);
  if (rc) {
    json_decref(items);
    return rc;
  }
  *out = items;
  return NQ_OK;
}

/* ---- the indicator board from rows kept per plan ------------------------------
**
** As the overview (the memo above): each plan's indicators judged for the
** current year stay in memory and only the plans written since are judged
** again; the board of a reach is then the kept rows of its plans, sorted
** by light. */

static void board_parts_free(nq_scope_memo *m) {
  for (int64_t i = 0; m->board_parts && i <= m->board_max_plan; i++) board_free(&m->board_parts[i]);
  free(m->board_parts);
}

/* What judging a plan's indicators into the memo needs (a recount_fn's ctx). */
typedef struct board_job {
  indicators_ctx *c;
  const plan_table *pt;
} board_job;

/* Judge plan's indicators (0: every plan's) into the memo afresh. */
static nq_code board_memo_judge(nq_db *db, void *ctx, int64_t plan, nq_err *err) {
  const board_job *job = ctx;
  indicators_ctx *c = job->c;
  nq_scope_memo *m = c->memo;
  /* Every plan counts here, whatever the caller's reach. */
  bool *all_in = nq_xmalloc(((size_t)job->pt->max_id + 1) * sizeof *all_in);
  for (int64_t p = 0; p <= job->pt->max_id; p++) all_in[p] = p > 0;
  plan_table every = *job->pt;
  every.in = all_in;
  board fresh = {0};
  nq_code rc = board_rows(db, c, &every, plan, &fresh, err);
  if (!rc) rc = board_values(db, c, plan, &fresh, err);
  free(all_in);
  if (rc) {
    board_free(&fresh);
    return rc;
  }
  for (int64_t p = plan ? plan : 1; p <= (plan ? plan : m->board_max_plan); p++) {
    board_free(&m->board_parts[p]);
    memset(&m->board_parts[p], 0, sizeof m->board_parts[p]);
  }
  /* Rows come by plan, each in 1..pt->max_id (board_rows keeps only plans
  ** of `every`), and the parts were grown to pt->max_id: hand each plan
  ** its run. */
  for (size_t i = 0; i < fresh.n;) {
    size_t j = i;
    while (j < fresh.n && fresh.rows[j].plan == fresh.rows[i].plan) j++;
    board *part = &m->board_parts[fresh.rows[i].plan];
    part->rows = nq_xmalloc((j - i) * sizeof *part->rows);
    memcpy(part->rows, fresh.rows + i, (j - i) * sizeof *part->rows);
    part->n = part->cap = j - i;
    i = j;
  }
  free(fresh.rows);
  free(fresh.at);
  return NQ_OK;
}

static nq_code board_memo_refresh(nq_db *db, indicators_ctx *c, const plan_table *pt,
                                  nq_err *err) {
  nq_scope_memo *m = c->memo;
  m->board_parts = grow_by_plan(m->board_parts, sizeof *m->board_parts, &m->board_max_plan,
                                pt->max_id);
  board_job job = {c, pt};
  return kept_refresh(db, &m->board_state, true, c->today, c->year, m->board_max_plan,
                      board_memo_judge, &job, err);
}

/* The board of the plans in pt, borrowing the memo's rows. */
static void board_memo_view(const nq_scope_memo *m, const plan_table *pt, board *b) {
  memset(b, 0, sizeof *b);
  b->borrowed = true;
  size_t n = 0;
  for (int64_t p = 1; p <= m->board_max_plan && p <= pt->max_id; p++)
    if (pt->in[p]) n += m->board_parts[p].n;
  b->rows = nq_xmalloc((n + 1) * sizeof *b->rows);
  for (int64_t p = 1; p <= m->board_max_plan && p <= pt->max_id; p++) {
    if (!pt->in[p]) continue;
    for (size_t i = 0; i < m->board_parts[p].n; i++) {
      b->rows[b->n] = m->board_parts[p].rows[i];
      b->rows[b->n].order = b->n;
      b->n++;
    }
  }
  b->cap = n;
}

static nq_code board_in(nq_db *db, void *vctx, nq_err *err) {
  indicators_ctx *c = vctx;
  plan_table pt;
  board b = {0};
  json_t *items = NULL;
  nq_code rc = plan_table_load(db, c->q, &pt, err);
  if (!rc) rc = keep_unit_plans(db, c->q, &pt, err);
  if (c->memo) {
    if (!rc) rc = board_memo_refresh(db, c, &pt, err);
    if (!rc) board_memo_view(c->memo, &pt, &b);
  } else {
    if (!rc) rc = board_rows(db, c, &pt, c->q->plan_id, &b, err);
    if (!rc) rc = board_values(db, c, c->q->plan_id, &b, err);
  }
  int64_t lights[4] = {0};
  if (!rc) {
    for (size_t i = 0; i < b.n; i++) lights[light_rank(b.rows[i].j.ev.light)]++;
    if (b.n) qsort(b.rows, b.n, sizeof *b.rows, by_light);
    rc = board_page(db, c, &pt, &b, &items, err);
  }
  if (!rc)
    c->out = json_pack("{s:i,s:I,s:i,s:i,s:{s:I,s:I,s:I,s:I},s:o}", "year", c->year, "total",
                       (json_int_t)b.n, "offset", c->q->offset, "limit", c->q->limit, "lights",
                       "red", (json_int_t)lights[0], "amber", (json_int_t)lights[1], "green",
                       (json_int_t)lights[2], "none", (json_int_t)lights[3], "items", items);
  plan_table_free(&pt);
  board_free(&b);
  return rc;
}

static int board_year(const nq_scope_query *q, nq_date today) {
  return q->year ? q->year : today.y;
}

nq_code nq_store_scope_indicators(nq_store *s, const nq_scope_query *q, json_t **out,
                                  nq_err *err) {
  nq_code rc = check_query(q, err);
  if (rc) return rc;
  if (q->limit < 1 || q->limit > 500 || q->offset < 0)
    return nq_fail(err, NQ_EINVAL, "Tham số phân trang không hợp lệ (limit 1..500, offset >= 0).");
  if (q->year && (q->year < 1900 || q->year > 2200))
    return nq_fail(err, NQ_EINVAL, "Năm không hợp lệ: %d.", q->year);
  indicators_ctx c = {q, 0, query_day(q->at_date), 0, NULL, NULL};
  c.year = board_year(q, c.today);
  if (c.year == c.today.y) c.memo = memo_open(s, q, c.today);
  rc = nq_sql_read(s, board_in, &c, err);
  if (c.memo) pthread_mutex_unlock(&c.memo->mu);
  if (!rc) *out = c.out;
  return rc;
}

static int by_at(const void *a, const void *b) {
  const char *x = json_string_value(json_object_get(*(json_t *const *)a, "at"));
  const char *y = json_string_value(json_object_get(*(json_t *const *)b, "at"));
  return strcmp(x ? x : "", y ? y : "");
}

static int by_year(const void *a, const void *b) {
  json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "year"));
  json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "year"));
  return x < y ? -1 : x > y;
}

static nq_code detail_in(nq_db *db, void *vctx, nq_err *err) {
  indicators_ctx *c = vctx;
  nq_scope_query all = {0};
  plan_table pt;
  nq_code rc = plan_table_load(db, &all, &pt, err);
  nq_buf sql = NQ_BUF_INIT;
  nq_buf_printf(&sql, "%s FROM indicators i WHERE i.id=?1", INDICATOR_COLUMNS);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db, sql.data);
  nq_buf_reset(&sql);
  if (!rc && !st) rc = nq_db_error(db, err);
  json_t *ind = NULL;
  if (!rc) {
    sqlite3_bind_int64(st, 1, c->id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) ind = indicator_row(st, &pt);
    sqlite3_reset(st);
    if (r == SQLITE_DONE) rc = nq_fail(err, NQ_ENOTFOUND, "Không có chỉ tiêu số %lld.", (long long)c->id);
    else if (r != SQLITE_ROW) rc = nq_db_error(db, err);
  }
  if (!rc) rc = attach_targets_one(db, ind, c->id, err);
  if (!rc) {
    nq_buf_puts(&sql, "SELECT v.year, v.unit_id, u.name, v.value, v.value_text, v.period, v.at"
                      " FROM indicator_values v JOIN units u ON u.id=v.unit_id WHERE v.indicator_id=?1");
    value_unit_where(c->q, &sql);
    nq_buf_puts(&sql, " ORDER BY v.year, u.sort_key, v.unit_id, v.at, v.id");
    if (!(st = nq_db_stmt(db, sql.data))) rc = nq_db_error(db, err);
  }
  nq_buf_free(&sql);
  json_t *years = json_array();
  nq_date plan_start = NQ_DATE_NONE;
  if (!rc) {
    sqlite3_bind_int64(st, 1, c->id);
    bind_value_units(st, c->q);
    int64_t plan = json_integer_value(json_object_get(ind, "plan_id"));
    if (plan > 0 && plan <= pt.max_id) plan_start = pt.start[plan];
    json_t *targets = json_object_get(ind, "targets");
    /* Years with a target or a value, in order; values grouped per year. */
    json_t *by_year = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(targets, key, v)
      json_object_set_new(by_year, key, json_pack("{s:i,s:[]}", "year", atoi(key), "values"));
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
      char y[16];
      snprintf(y, sizeof y, "%d", sqlite3_column_int(st, 0));
      json_t *yr = json_object_get(by_year, y);
      if (!yr) {
        yr = json_pack("{s:i,s:[]}", "year", sqlite3_column_int(st, 0), "values");
        json_object_set_new(by_year, y, yr);
      }
      char *text = value_text(st, 3, 4);
      json_array_append_new(json_object_get(yr, "values"),
        json_pack("{s:i,s:I,s:o,s:o,s:o,s:o,s:o}", "year", sqlite3_column_int(st, 0), "unit_id",
                  (json_int_t)sqlite3_column_int64(st, 1), "unit_name", nq_col_json(st, 2),
                  "value", text ? json_string(text) : json_null(), "value_text",
                  nq_col_json(st, 4), "period", nq_col_json(st, 5), "at", nq_col_json(st, 6)));
      free(text);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) rc = nq_db_error(db, err);
    json_object_foreach(by_year, key, v) {
      /* The latest value of each unit (rows come by unit, oldest first). */
      value_set vs = {0};
      size_t i;
      json_t *x;
      json_array_foreach(json_object_get(v, "values"), i, x) {
        const char *t = json_string_value(json_object_get(x, "value"));
        value_set_put(&vs, json_integer_value(json_object_get(x, "unit_id")),
                      t ? nq_xstrdup(t) : NULL);
      }
      judged_target t = judge_target(targets, atoi(key), plan_start, c->today);
      judge_into(ind, &t, vs.texts, vs.n, v);
      value_set_free(&vs);
      json_array_append(years, v);
    }
    json_decref(by_year);
  }
  plan_table_free(&pt);
  if (rc) {
    json_decref(ind);
    json_decref(years);
    return rc;
  }
  sort_array(years, by_year); /* they came in the object's key order */
  /* The indicator's own figures are those of the query's year. */
  json_t *now = NULL;
  size_t i;
  json_t *yr;
  json_array_foreach(years, i, yr)
    if (json_integer_value(json_object_get(yr, "year")) == c->year) now = yr;
  if (now) {
    static const char *const copied[] = {"target", "target_year", "value", "units_reported",
                                         "attained", "light"};
    for (size_t k = 0; k < sizeof copied / sizeof copied[0]; k++) {
      json_t *x = json_object_get(now, copied[k]);
      if (x) json_object_set(ind, copied[k], x);
    }
  } else {
    judged_target t = judge_target(json_object_get(ind, "targets"), c->year, plan_start, c->today);
    judge_into(ind, &t, NULL, 0, ind);
  }
  /* Every value on one time line, as reported. */
  json_t *values = json_array();
  json_array_foreach(years, i, yr) {
    size_t k;
    json_t *x;
    json_array_foreach(json_object_get(yr, "values"), k, x) json_array_append(values, x);
  }
  sort_array(values, by_at);
  json_t *last = json_array_get(values, json_array_size(values) - 1);
  json_object_set(ind, "value_at", last ? json_object_get(last, "at") : json_null());
  json_object_set_new(ind, "values", values);
  json_object_set_new(ind, "year", json_integer(c->year));
  json_object_set_new(ind, "years", years);
  c->out = ind;
  return NQ_OK;
}

nq_code nq_store_indicator_detail(nq_store *s, int64_t id, const nq_scope_query *q,
                                  json_t **out, nq_err *err) {
  nq_code rc = check_query(q, err);
  if (rc) return rc;
  indicators_ctx c = {q, id, query_day(q->at_date), 0, NULL, NULL};
  c.year = board_year(q, c.today);
  rc = nq_sql_read(s, detail_in, &c, err);
  if (!rc) *out = c.out;
  return rc;
}
