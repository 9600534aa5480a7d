/*
** sqlite_tasks.c: tasks over SQLite: the filtered, paged task list (by plan,
** unit, status at a date, due range, accent-insensitive text through the
** task_fts index), one task with its units and recent progress, and
** optimistic-concurrency updates (If-Match on tasks.version).
*/
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/planjson.h"
#include "core/schedule.h"
#include "core/status.h"
#include "core/vntext.h"
#include "store/sqlite_int.h"
#include "util/buf.h"

/* A task's status is computed by src/core/status.h (the same rules the
** monitor applies), exposed to SQL as nq_task_status() on every
** connection so list filters and overview counts agree with it. */
const char nq_sql_task_status[] =
  "nq_task_status(t.schedule_kind, t.start_date, t.due_date, t.done, t.done_date, t.percent,"
  " t.last_update_at, (SELECT p.date FROM plans p WHERE p.id=t.plan_id), :at)";

nq_date nq_sql_value_date(sqlite3_value *v) {
  nq_date d = NQ_DATE_NONE;
  const char *s = (const char *)sqlite3_value_text(v);
  /* Timestamps ("2025-06-01T08:00:00Z") count by their day. */
  if (s && strlen(s) >= 10) {
    char day[11];
    memcpy(day, s, 10);
    day[10] = 0;
    if (nq_date_parse_iso(day, &d, NULL) != NQ_OK) d = NQ_DATE_NONE;
  }
  return d;
}

void nq_sql_task_facts(sqlite3_value *const v[7], nq_date plan_start, nq_task_facts *f) {
  memset(f, 0, sizeof *f);
  const char *kind = (const char *)sqlite3_value_text(v[0]);
  if (!kind || nq_sched_kind_from_name(kind, &f->schedule.kind, NULL) != NQ_OK)
    f->schedule.kind = NQ_SCHED_NONE;
  f->schedule.start = nq_sql_value_date(v[1]);
  f->schedule.due = nq_sql_value_date(v[2]);
  f->done = sqlite3_value_int(v[3]) != 0;
  f->done_on = nq_sql_value_date(v[4]);
  f->last_update = nq_sql_value_date(v[6]);
  f->percent = sqlite3_value_int(v[5]);
  if (f->percent == 0 && nq_date_is_none(f->last_update)) f->percent = -1; /* never reported */
  f->plan_start = plan_start;
}

static void sql_task_status(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  nq_task_facts f;
  nq_sql_task_facts(argv, nq_sql_value_date(argv[7]), &f);
  nq_date today = nq_sql_value_date(argv[8]);
  sqlite3_result_text(ctx, nq_status_name(nq_task_status(&f, today, NULL)), -1, SQLITE_STATIC);
}

void nq_sqlite_register_status(sqlite3 *conn) {
  sqlite3_create_function(conn, "nq_task_status", 9,
                          SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                          sql_task_status, NULL, NULL);
}

void nq_bind_status_dates(sqlite3_stmt *st, const char *at_date) {
  char at[11];
  if (at_date) snprintf(at, sizeof at, "%s", at_date);
  else nq_today(at);
  int i = sqlite3_bind_parameter_index(st, ":at");
  if (i) sqlite3_bind_text(st, i, at, -1, SQLITE_TRANSIENT);
}

static bool valid_status(const char *s) {
  nq_status ignored;
  return nq_status_from_name(s, &ignored, NULL) == NQ_OK;
}

#define TASK_COLUMNS \
  "t.id, t.plan_id, t.code, t.title, t.timeline, t.schedule_kind, t.start_date, t.due_date," \
  " t.done, t.done_date, t.percent, t.last_update_at, t.version, t.body, t.parent_task_id"

/* A task row (TASK_COLUMNS then the status) as API JSON. */
static json_t *task_from_row(sqlite3_stmt *st, bool full) {
  json_t *t = json_object();
  json_object_set_new_nocheck(t, "id", nq_col_json(st, 0));
  json_object_set_new_nocheck(t, "plan_id", nq_col_json(st, 1));
  json_object_set_new_nocheck(t, "code", nq_col_json(st, 2));
  json_object_set_new_nocheck(t, "title", nq_col_json(st, 3));
  json_object_set_new_nocheck(t, "timeline", nq_col_json(st, 4));
  json_t *schedule = json_object();
  json_object_set_new_nocheck(schedule, "kind", nq_col_json(st, 5));
  json_object_set_new_nocheck(schedule, "start", nq_col_json(st, 6));
  json_object_set_new_nocheck(schedule, "due", nq_col_json(st, 7));
  json_object_set_new_nocheck(t, "schedule", schedule);
  json_object_set_new_nocheck(t, "done", json_boolean(sqlite3_column_int(st, 8)));
  json_object_set_new_nocheck(t, "done_date", nq_col_json(st, 9));
  json_object_set_new_nocheck(t, "percent", nq_col_json(st, 10));
  json_object_set_new_nocheck(t, "last_update_at", nq_col_json(st, 11));
  json_object_set_new_nocheck(t, "version", nq_col_json(st, 12));
  if (full) {
    json_object_set_new_nocheck(t, "body", nq_col_json(st, 13));
    json_object_set_new_nocheck(t, "parent_task_id", nq_col_json(st, 14));
  }
  json_object_set_new_nocheck(t, "status", nq_col_json(st, 15));
  return t;
}

/* ---- query ----------------------------------------------------------------- */

typedef struct query_ctx {
  const nq_task_filter *f;
  char *fts;  /* FTS5 expression or NULL */
  char *like; /* the same search as a LIKE pattern over ' ' || search_key */
  json_t *out;
} query_ctx;

static void bind_named_text(sqlite3_stmt *st, const char *name, const char *v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_named_int(sqlite3_stmt *st, const char *name, int64_t v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i) sqlite3_bind_int64(st, i, v);
}

static void bind_filter(sqlite3_stmt *st, const query_ctx *ctx) {
  const nq_task_filter *f = ctx->f;
  bind_named_int(st, ":plan", f->plan_id);
  bind_named_int(st, ":unit", f->unit_id);
  bind_named_text(st, ":status", f->status);
  bind_named_text(st, ":due_from", f->due_from);
  bind_named_text(st, ":due_to", f->due_to);
  bind_named_text(st, ":q", ctx->fts);
  bind_named_text(st, ":like", ctx->like);
  bind_named_int(st, ":limit", f->limit);
  bind_named_int(st, ":offset", f->offset);
  nq_bind_status_dates(st, f->at_date);
}

/* Status filters. overdue, done_on_time and done_late depend on columns
** only, so they are written out in SQL (indexable: tasks_done_kind_due),
** following nq_task_status in src/core/status.c (a deadline = once/range
** with a due date; done with an unknown date counts as on time);
** test_store checks them against the function. The others need the
** warnings, so the function decides after a cheap necessary condition.
** `c` is "t." or "+t.": the unary plus keeps the planner from driving the
** query by these columns when a plan, a unit or the text index bounds it. */
static void status_where(nq_buf *b, const char *status, const char *c) {
  if (strcmp(status, "overdue") == 0) {
    nq_buf_printf(b, " AND %sdone=0 AND %sschedule_kind IN ('once','range')"
                     " AND %sdue_date IS NOT NULL AND %sdue_date<:at", c, c, c, c);
    return;
  }
  nq_buf late = NQ_BUF_INIT;
  nq_buf_printf(&late, "%sschedule_kind IN ('once','range') AND %sdue_date IS NOT NULL"
                       " AND %sdone_date IS NOT NULL AND %sdone_date>%sdue_date", c, c, c, c, c);
  if (strcmp(status, "done_late") == 0)
    nq_buf_printf(b, " AND %sdone=1 AND %s", c, late.data);
  else if (strcmp(status, "done_on_time") == 0)
    nq_buf_printf(b, " AND %sdone=1 AND NOT (%s)", c, late.data);
  else
    nq_buf_printf(b, " AND %sdone=0 AND %s=:status", c, nq_sql_task_status);
  nq_buf_free(&late);
}

/* Which index drives the query. A plan (tasks_plan) or a unit
** (task_units_unit) bounds it to a few thousand tasks at most, tested one by
** one; text alone is driven by task_fts, whose matches come in rowid order
** so a page stops after `limit` rows; otherwise status and due dates use
** their own indexes. */
static bool text_driven(const query_ctx *ctx) {
  return ctx->fts && !ctx->f->plan_id && !ctx->f->unit_id;
}

/* FROM and WHERE from fixed fragments: a few dozen distinct texts at most,
** so each variant is prepared once per connection and cached. */
static void build_from_where(nq_buf *b, const query_ctx *ctx) {
  const nq_task_filter *f = ctx->f;
  bool by_text = text_driven(ctx);
  if (by_text)
    nq_buf_puts(b, " FROM task_fts JOIN tasks t ON t.id=task_fts.rowid WHERE task_fts MATCH :q");
  else
    nq_buf_puts(b, " FROM tasks t WHERE 1=1");
  const char *c = f->plan_id || f->unit_id || by_text ? "+t." : "t.";
  if (f->plan_id) nq_buf_puts(b, " AND t.plan_id=:plan");
  if (f->unit_id) nq_buf_puts(b, " AND t.id IN (SELECT task_id FROM task_units WHERE unit_id=:unit)");
  if (f->status) status_where(b, f->status, c);
  if (f->due_from) nq_buf_printf(b, " AND %sdue_date>=:due_from", c);
  if (f->due_to) nq_buf_printf(b, " AND %sdue_date<=:due_to", c);
  /* Within a plan or a unit, testing each of its few hundred or thousand
  ** tasks beats collecting every match in the country from the index; the
  ** LIKE pattern matches as the FTS expression does (words, last a prefix). */
  if (ctx->fts && !by_text) nq_buf_puts(b, " AND (' ' || t.search_key) LIKE :like");
}

/* The total without touching task rows when one index answers it. */
static void build_count(nq_buf *b, const query_ctx *ctx) {
  const nq_task_filter *f = ctx->f;
  bool only_unit = f->unit_id && !f->plan_id && !f->status && !f->due_from && !f->due_to && !ctx->fts;
  bool only_text = ctx->fts && !f->plan_id && !f->unit_id && !f->status && !f->due_from && !f->due_to;
  if (only_unit) {
    nq_buf_puts(b, "SELECT count(DISTINCT task_id) FROM task_units WHERE unit_id=:unit");
  } else if (only_text) {
    nq_buf_puts(b, "SELECT count(*) FROM task_fts WHERE task_fts MATCH :q");
  } else {
    nq_buf_puts(b, "SELECT count(*)");
    build_from_where(b, ctx);
  }
}

/* The units of a page of tasks in one query, added to each task as "lead"
** and "support" (and "oversight" when asked): one statement instead of one
** per task. */
static nq_code add_units_page(nq_db *db, json_t *items, bool with_oversight, nq_err *err) {
  size_t n = json_array_size(items);
  if (!n) return NQ_OK;
  nq_buf ids = NQ_BUF_INIT;
  size_t i;
  json_t *t;
  json_array_foreach(items, i, t) {
    nq_buf_printf(&ids, "%c%" JSON_INTEGER_FORMAT, i ? ',' : '[',
                  json_integer_value(json_object_get(t, "id")));
    json_object_set_new_nocheck(t, "lead", json_array());
    json_object_set_new_nocheck(t, "support", json_array());
    if (with_oversight) json_object_set_new_nocheck(t, "oversight", json_array());
  }
  nq_buf_putc(&ids, ']');
  char *id_list = nq_buf_detach(&ids);
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT tu.task_id, tu.role, u.id, u.name FROM task_units tu JOIN units u ON u.id=tu.unit_id"
    " WHERE tu.task_id IN (SELECT value FROM json_each(?1)) ORDER BY tu.task_id, tu.role, tu.ordinal");
  if (!st) {
    free(id_list);
    return nq_db_error(db, err);
  }
  sqlite3_bind_text(st, 1, id_list, -1, free);
  /* Items are few (<= 500): find each row's task by a linear walk that
  ** restarts only when the task id changes. */
  json_t *cur = NULL;
  int64_t cur_id = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t task_id = sqlite3_column_int64(st, 0);
    if (!cur || task_id != cur_id) {
      cur = NULL;
      json_array_foreach(items, i, t) {
        if (json_integer_value(json_object_get(t, "id")) == task_id) {
          cur = t;
          break;
        }
      }
      cur_id = task_id;
    }
    if (!cur) continue;
    json_t *list = json_object_get(cur, nq_col_text(st, 1));
    if (!list) continue; /* oversight, not asked for */
    json_t *unit = json_object();
    json_object_set_new_nocheck(unit, "id", json_integer(sqlite3_column_int64(st, 2)));
    json_object_set_new_nocheck(unit, "name", nq_col_json(st, 3));
    json_array_append_new(list, unit);
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

static nq_code tasks_query_in(nq_db *db, void *vctx, nq_err *err) {
  query_ctx *ctx = vctx;
  nq_buf sql = NQ_BUF_INIT;
  build_count(&sql, ctx);
  sqlite3_stmt *st = nq_db_stmt(db, sql.data);
  if (!st) {
    nq_buf_free(&sql);
    return nq_db_error(db, err);
  }
  bind_filter(st, ctx);
  if (sqlite3_step(st) != SQLITE_ROW) {
    nq_buf_free(&sql);
    return nq_db_error(db, err);
  }
  json_int_t total = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);

  /* Order: within a plan, document order (tasks_plan index, no sort).
  ** Across plans, by id: a plan's tasks are numbered in document order when
  ** it is stored, so this is plan then document order, and a unit's or a
  ** search's matches come out of their indexes already sorted, letting
  ** LIMIT stop early. Ids are paged first and rows built for the page only,
  ** so the status and columns are computed for `limit` rows, not all. */
  const char *order = ctx->f->plan_id ? " ORDER BY t.plan_id, t.ordinal" : " ORDER BY t.id";
  nq_buf_reset(&sql);
  nq_buf_printf(&sql, "SELECT " TASK_COLUMNS ", %s FROM tasks t WHERE t.id IN (SELECT t.id",
                nq_sql_task_status);
  build_from_where(&sql, ctx);
  nq_buf_printf(&sql, "%s LIMIT :limit OFFSET :offset)%s",
                text_driven(ctx) ? " ORDER BY task_fts.rowid" : order, order);
  st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) return nq_db_error(db, err);
  bind_filter(st, ctx);
  json_t *items = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(items, task_from_row(st, false));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    json_decref(items);
    return nq_db_error(db, err);
  }
  nq_code c = add_units_page(db, items, false, err);
  if (c) {
    json_decref(items);
    return c;
  }
  ctx->out = json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", total, "offset",
                       ctx->f->offset, "limit", ctx->f->limit);
  return NQ_OK;
}

/* "khoa hoc" -> "\"khoa hoc\"*": the folded words as a phrase, the last one
** a prefix, so results appear while the user is still typing. */
static char *fts_expression(const char *q) {
  char *key = vn_search_key(q);
  if (!*key) {
    free(key);
    return NULL;
  }
  nq_buf b = NQ_BUF_INIT;
  nq_buf_putc(&b, '"');
  for (const char *p = key; *p; p++) {
    if (*p == '"') nq_buf_putc(&b, '"');
    nq_buf_putc(&b, *p);
  }
  nq_buf_puts(&b, "\"*");
  free(key);
  return nq_buf_detach(&b);
}

nq_code nq_sqlite_tasks_query(nq_store *s, const nq_task_filter *in, json_t **out, nq_err *err) {
  nq_task_filter f = *in;
  if (f.limit <= 0) f.limit = 50;
  if (f.limit > 500) return nq_fail(err, NQ_EINVAL, "limit: tối đa 500 nhiệm vụ một trang.");
  if (f.offset < 0) return nq_fail(err, NQ_EINVAL, "offset: không được âm.");
  if (f.status && !*f.status) f.status = NULL;
  if (f.status && !valid_status(f.status))
    return nq_fail(err, NQ_EINVAL,
                   "status: phải là done_on_time, done_late, in_progress, at_risk, overdue "
                   "hoặc not_started.");
  const char *dates[] = {f.due_from, f.due_to, f.at_date};
  for (int i = 0; i < 3; i++)
    if (dates[i] && !nq_iso_date_valid(dates[i]))
      return nq_fail(err, NQ_EINVAL, "Ngày không hợp lệ \"%s\" (cần dạng YYYY-MM-DD).", dates[i]);
  query_ctx ctx = {&f, f.q ? fts_expression(f.q) : NULL, NULL, NULL};
  if (ctx.fts) {
    char *key = vn_search_key(f.q);
    nq_buf like = NQ_BUF_INIT;
    nq_buf_printf(&like, "%% %s%%", key);
    ctx.like = nq_buf_detach(&like);
    free(key);
  }
  nq_code rc = nq_sql_read(s, tasks_query_in, &ctx, err);
  free(ctx.fts);
  free(ctx.like);
  if (!rc) *out = ctx.out;
  return rc;
}

/* ---- one task -------------------------------------------------------------- */

static nq_code task_json(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  nq_buf sql = NQ_BUF_INIT;
  /* Named parameters: the status expression's :at/:soon come first. */
  nq_buf_printf(&sql, "SELECT " TASK_COLUMNS ", %s FROM tasks t WHERE t.id=:id",
                nq_sql_task_status);
  sqlite3_stmt *st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
  nq_bind_status_dates(st, NULL);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_reset(st);
    return r == SQLITE_DONE
      ? nq_fail(err, NQ_ENOTFOUND, "Không có nhiệm vụ số %lld.", (long long)id)
      : nq_db_error(db, err);
  }
  json_t *t = task_from_row(st, true);
  sqlite3_reset(st);
  json_t *one = json_pack("[O]", t);
  nq_code rc = add_units_page(db, one, true, err);
  json_decref(one);
  if (!rc) {
    st = nq_db_stmt(db, "SELECT id, number, title FROM plans WHERE id=?1");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(t, "plan_id")));
      if (sqlite3_step(st) == SQLITE_ROW) json_object_set_new(t, "plan", nq_row_object(st));
      sqlite3_reset(st);
    }
  }
  if (!rc) {
    st = nq_db_stmt(db,
      "SELECT id, unit_id, at, period, status, percent, results, difficulties, proposals, user_id"
      " FROM progress_updates WHERE task_id=?1 ORDER BY at DESC, id DESC LIMIT 20");
    json_t *progress;
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, id);
      if (!(rc = nq_db_rows(db, st, &progress, err)))
        json_object_set_new(t, "progress", progress);
    }
  }
  if (rc) {
    json_decref(t);
    return rc;
  }
  *out = t;
  return NQ_OK;
}

typedef struct task_ctx {
  int64_t id, if_version;
  json_t *patch;
  json_t *out;
} task_ctx;

static nq_code task_get_in(nq_db *db, void *vctx, nq_err *err) {
  task_ctx *ctx = vctx;
  return task_json(db, ctx->id, &ctx->out, err);
}

nq_code nq_sqlite_task_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  task_ctx ctx = {id, 0, NULL, NULL};
  nq_code rc = nq_sql_read(s, task_get_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

/* ---- update ---------------------------------------------------------------- */

/* The merged, validated values a patch leads to. Strings point into
** `before`, the patch, or owned (normalised) copies freed with the struct. */
typedef struct task_values {
  char *title, *body, *timeline, *kind, *start, *due, *done_date;
  bool done;
  int percent;
  int64_t parent;
} task_values;

static void values_free(task_values *v) {
  free(v->title);
  free(v->body);
  free(v->timeline);
  free(v->kind);
  free(v->start);
  free(v->due);
  free(v->done_date);
}

static char *dup_or_null(const json_t *v) {
  return json_is_string(v) ? vn_nfc(json_string_value(v)) : NULL;
}

static nq_code patch_string(json_t *patch, const char *key, bool required, char **dst,
                            nq_err *err) {
  json_t *v = json_object_get(patch, key);
  if (!v) return NQ_OK;
  if (json_is_null(v) && !required) {
    free(*dst);
    *dst = NULL;
    return NQ_OK;
  }
  if (!json_is_string(v)) return nq_fail(err, NQ_EINVAL, "%s: phải là chuỗi.", key);
  char *n = vn_nfc(json_string_value(v));
  vn_squeeze_space(n);
  if (required && !*n) {
    free(n);
    return nq_fail(err, NQ_EINVAL, "%s: không được để trống.", key);
  }
  free(*dst);
  *dst = n;
  return NQ_OK;
}

static nq_code patch_date(const json_t *v, const char *path, char **dst, nq_err *err) {
  if (!v) return NQ_OK;
  if (json_is_null(v)) {
    free(*dst);
    *dst = NULL;
    return NQ_OK;
  }
  if (!json_is_string(v) || !nq_iso_date_valid(json_string_value(v)))
    return nq_fail(err, NQ_EINVAL, "%s: ngày không hợp lệ (cần dạng YYYY-MM-DD).", path);
  free(*dst);
  *dst = nq_xstrdup(json_string_value(v));
  return NQ_OK;
}

static nq_code apply_patch(nq_db *db, json_t *before, json_t *patch, task_values *v,
                           nq_err *err) {
  static const char *const editable[] = {"title", "body", "timeline", "schedule", "done",
                                         "done_date", "percent", "parent_task_id", "lead",
                                         "support", "oversight", NULL};
  const char *k;
  json_t *val;
  json_object_foreach(patch, k, val) {
    bool ok = false;
    for (int i = 0; editable[i]; i++) ok = ok || strcmp(k, editable[i]) == 0;
    if (!ok) return nq_fail(err, NQ_EINVAL, "%s: trường này không sửa được.", k);
  }
  json_t *sched = json_object_get(before, "schedule");
  v->title = dup_or_null(json_object_get(before, "title"));
  v->body = dup_or_null(json_object_get(before, "body"));
  v->timeline = dup_or_null(json_object_get(before, "timeline"));
  v->kind = dup_or_null(json_object_get(sched, "kind"));
  v->start = dup_or_null(json_object_get(sched, "start"));
  v->due = dup_or_null(json_object_get(sched, "due"));
  v->done_date = dup_or_null(json_object_get(before, "done_date"));
  v->done = json_is_true(json_object_get(before, "done"));
  v->percent = (int)json_integer_value(json_object_get(before, "percent"));
  v->parent = json_integer_value(json_object_get(before, "parent_task_id"));

  nq_code rc = patch_string(patch, "title", true, &v->title, err);
  if (!rc) rc = patch_string(patch, "body", false, &v->body, err);
  if (!rc) rc = patch_string(patch, "timeline", false, &v->timeline, err);
  if (rc) return rc;
  json_t *ps = json_object_get(patch, "schedule");
  if (ps) {
    if (!json_is_object(ps)) return nq_fail(err, NQ_EINVAL, "schedule: phải là đối tượng.");
    json_t *kind = json_object_get(ps, "kind");
    if (kind) {
      static const char *const kinds[] = {"once", "range", "recurring", "conditional", "none", NULL};
      bool ok = false;
      for (int i = 0; json_is_string(kind) && kinds[i]; i++)
        ok = ok || strcmp(json_string_value(kind), kinds[i]) == 0;
      if (!ok)
        return nq_fail(err, NQ_EINVAL,
                       "schedule.kind: phải là once, range, recurring, conditional hoặc none.");
      free(v->kind);
      v->kind = nq_xstrdup(json_string_value(kind));
    }
    if ((rc = patch_date(json_object_get(ps, "start"), "schedule.start", &v->start, err))) return rc;
    if ((rc = patch_date(json_object_get(ps, "due"), "schedule.due", &v->due, err))) return rc;
  }
  if (v->start && v->due && strcmp(v->start, v->due) > 0)
    return nq_fail(err, NQ_EINVAL, "schedule.due: ngày đến hạn trước ngày bắt đầu.");
  if (strcmp(v->kind, "once") == 0 && !v->due)
    return nq_fail(err, NQ_EINVAL, "schedule.due: nhiệm vụ có thời hạn (once) cần ngày đến hạn.");
  json_t *done = json_object_get(patch, "done");
  if (done) {
    if (!json_is_boolean(done)) return nq_fail(err, NQ_EINVAL, "done: phải là true hoặc false.");
    v->done = json_is_true(done);
    if (!v->done) {
      free(v->done_date);
      v->done_date = NULL;
    } else if (!v->done_date && !json_object_get(patch, "done_date")) {
      v->done_date = nq_xstrndup(nq_db_now(db), 10); /* finished today */
    }
  }
  if ((rc = patch_date(json_object_get(patch, "done_date"), "done_date", &v->done_date, err)))
    return rc;
  json_t *pct = json_object_get(patch, "percent");
  if (pct) {
    if (!json_is_integer(pct) || json_integer_value(pct) < 0 || json_integer_value(pct) > 100)
      return nq_fail(err, NQ_EINVAL, "percent: phải là số nguyên từ 0 đến 100.");
    v->percent = (int)json_integer_value(pct);
  }
  json_t *parent = json_object_get(patch, "parent_task_id");
  if (parent) {
    if (!json_is_null(parent) && !json_is_integer(parent))
      return nq_fail(err, NQ_EINVAL, "parent_task_id: phải là số hoặc null.");
    v->parent = json_integer_value(parent);
    if (v->parent == json_integer_value(json_object_get(before, "id")))
      return nq_fail(err, NQ_EINVAL, "parent_task_id: nhiệm vụ không thể là cấp trên của chính nó.");
  }
  return NQ_OK;
}

static nq_code replace_units(nq_db *db, int64_t task_id, const char *role, json_t *list,
                             nq_err *err) {
  if (!list) return NQ_OK;
  if (!json_is_array(list)) return nq_fail(err, NQ_EINVAL, "%s: phải là mảng.", role);
  sqlite3_stmt *st = nq_db_stmt(db, "DELETE FROM task_units WHERE task_id=?1 AND role=?2");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, task_id);
  nq_bind_text(st, 2, role);
  nq_code rc = nq_db_step_done(db, st, err);
  size_t i;
  json_t *e;
  json_array_foreach(list, i, e) {
    if (rc) break;
    int64_t unit_id = 0;
    if (json_is_integer(e)) {
      json_t *u = NULL;
      unit_id = json_integer_value(e);
      if ((rc = nq_db_unit_json(db, unit_id, &u, err))) {
        nq_err_prefix(err, "%s[%zu]: ", role, i);
        break;
      }
      json_decref(u);
    } else if (json_is_string(e)) {
      if ((rc = nq_db_unit_resolve(db, json_string_value(e), true, &unit_id, err))) {
        nq_err_prefix(err, "%s[%zu]: ", role, i);
        break;
      }
    } else {
      rc = nq_fail(err, NQ_EINVAL, "%s[%zu]: phải là mã đơn vị hoặc tên đơn vị.", role, i);
      break;
    }
    st = nq_db_stmt(db,
      "INSERT INTO task_units(task_id, unit_id, role, ordinal) VALUES (?1,?2,?3,?4)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, task_id);
    sqlite3_bind_int64(st, 2, unit_id);
    nq_bind_text(st, 3, role);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)i + 1);
    rc = nq_db_step_done(db, st, err);
  }
  return rc;
}

static nq_code task_update_in(nq_db *db, void *vctx, nq_err *err) {
  task_ctx *ctx = vctx;
  if (!json_is_object(ctx->patch))
    return nq_fail(err, NQ_EINVAL, "Nội dung sửa phải là một đối tượng JSON.");
  json_t *before = NULL;
  nq_code rc = task_json(db, ctx->id, &before, err);
  if (rc) return rc;
  int64_t version = json_integer_value(json_object_get(before, "version"));
  if (ctx->if_version >= 0 && version != ctx->if_version) {
    json_decref(before);
    return nq_fail(err, NQ_EPRECOND,
                   "Nhiệm vụ đã được người khác sửa (phiên bản hiện tại %lld, bạn sửa từ phiên "
                   "bản %lld); hãy tải lại rồi sửa.", (long long)version,
                   (long long)ctx->if_version);
  }
  task_values v = {0};
  rc = apply_patch(db, before, ctx->patch, &v, err);
  if (!rc && v.parent) {
    sqlite3_stmt *st = nq_db_stmt(db, "SELECT 1 FROM tasks WHERE id=?1");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, v.parent);
      int r = sqlite3_step(st);
      sqlite3_reset(st);
      if (r != SQLITE_ROW)
        rc = nq_fail(err, NQ_EINVAL, "parent_task_id: không có nhiệm vụ số %lld.", (long long)v.parent);
    }
  }
  if (!rc) {
    nq_buf k = NQ_BUF_INIT;
    nq_buf_printf(&k, "%s %s", json_string_value(json_object_get(before, "code")), v.title);
    char *key = vn_search_key(k.data);
    nq_buf_free(&k);
    sqlite3_stmt *st = nq_db_stmt(db,
      "UPDATE tasks SET title=?1, body=?2, timeline=?3, schedule_kind=?4, start_date=?5,"
      " due_date=?6, done=?7, done_date=?8, percent=?9, parent_task_id=?10, search_key=?11,"
      " version=version+1, updated_at=?12 WHERE id=?13 AND version=?14");
    if (!st) rc = nq_db_error(db, err);
    else {
      nq_bind_text(st, 1, v.title);
      nq_bind_text(st, 2, v.body);
      nq_bind_text(st, 3, v.timeline);
      nq_bind_text(st, 4, v.kind);
      nq_bind_text(st, 5, v.start);
      nq_bind_text(st, 6, v.due);
      sqlite3_bind_int(st, 7, v.done);
      nq_bind_text(st, 8, v.done_date);
      sqlite3_bind_int(st, 9, v.percent);
      nq_bind_id(st, 10, v.parent);
      nq_bind_text(st, 11, key);
      nq_bind_text(st, 12, nq_db_now(db));
      sqlite3_bind_int64(st, 13, ctx->id);
      sqlite3_bind_int64(st, 14, version);
      rc = nq_db_step_done(db, st, err);
    }
    free(key);
  }
  values_free(&v);
  static const char *const roles[] = {"lead", "support", "oversight"};
  for (int r = 0; r < 3 && !rc; r++)
    rc = replace_units(db, ctx->id, roles[r], json_object_get(ctx->patch, roles[r]), err);
  json_t *after = NULL;
  if (!rc) rc = task_json(db, ctx->id, &after, err);
  if (!rc) {
    /* Progress history is not part of the edit; keep audit rows small. */
    json_object_del(before, "progress");
    json_t *a = json_deep_copy(after);
    json_object_del(a, "progress");
    rc = nq_db_audit(db, "update", "task", ctx->id, before, a, err);
    json_decref(a);
  }
  json_decref(before);
  if (rc) {
    json_decref(after);
    return rc;
  }
  ctx->out = after;
  return NQ_OK;
}

nq_code nq_sqlite_task_update(nq_store *s, const nq_actor *who, int64_t id,
                              int64_t if_version, json_t *patch, json_t **out, nq_err *err) {
  task_ctx ctx = {id, if_version, patch, NULL};
  nq_code rc = nq_sql_write(s, who, task_update_in, &ctx, err);
  if (!rc) {
    if (out) *out = ctx.out;
    else json_decref(ctx.out);
  }
  return rc;
}
