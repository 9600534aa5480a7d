/*
** sqlite_plans.c: plans over SQLite: storing a validated plan JSON document
** (tasks, agencies linked to units, duties, indicators, reporting regime,
** links to the plans it carries out), exporting it back as the same JSON,
** listing, and the per-plan overview of task statuses.
*/
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/planjson.h"
#include "core/status.h"
#include "core/vntext.h"
#include "store/sqlite_int.h"
#include "store/store_auth.h"
#include "util/buf.h"

/* ---- create ---------------------------------------------------------------- */

typedef struct create_ctx {
  json_t *doc; /* normalised plan JSON */
  int64_t id;
} create_ctx;

static nq_code insert_links(nq_db *db, int64_t plan_id, const char *relation, json_t *numbers,
                            nq_err *err) {
  size_t i;
  json_t *n;
  json_array_foreach(numbers, i, n) {
    sqlite3_stmt *st = nq_db_stmt(db,
      "INSERT INTO plan_links(plan_id, relation, ordinal, doc_number, target_plan_id)"
      " VALUES (?1, ?2, ?3, ?4,"
      "  (SELECT min(id) FROM plans WHERE number=?4 AND id<>?1))");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, plan_id);
    nq_bind_text(st, 2, relation);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
    nq_bind_json_text(st, 4, n);
    nq_code rc = nq_db_step_done(db, st, err);
    if (rc) return rc;
  }
  return NQ_OK;
}

static nq_code insert_task_units(nq_db *db, int64_t task_id, const char *role, json_t *names,
                                 const char *path, nq_err *err) {
  size_t i;
  json_t *n;
  json_array_foreach(names, i, n) {
    int64_t unit_id;
    nq_code rc = nq_db_unit_resolve(db, json_string_value(n), true, &unit_id, err);
    if (rc) {
      nq_err_prefix(err, "%s.%s[%zu]: ", path, role, i);
      return rc;
    }
    sqlite3_stmt *st = nq_db_stmt(db,
      "INSERT INTO task_units(task_id, unit_id, role, ordinal) VALUES (?1,?2,?3,?4)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, task_id);
    sqlite3_bind_int64(st, 2, unit_id);
    nq_bind_text(st, 3, role);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)i + 1);
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  return NQ_OK;
}

static char *task_search_key(const char *code, const char *title) {
  nq_buf b = NQ_BUF_INIT;
  nq_buf_printf(&b, "%s %s", code ? code : "", title ? title : "");
  char *k = vn_search_key(b.data);
  nq_buf_free(&b);
  return k;
}

static nq_code insert_task(nq_db *db, int64_t plan_id, size_t i, json_t *t, nq_err *err) {
  json_t *sched = json_object_get(t, "schedule");
  const char *code = json_string_value(json_object_get(t, "code"));
  const char *title = json_string_value(json_object_get(t, "title"));
  char *key = task_search_key(code, title);
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO tasks(plan_id, code, ordinal, title, body, timeline, schedule_kind,"
    " start_date, due_date, done, search_key, created_at, updated_at, field)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12,?13)");
  if (!st) {
    free(key);
    return nq_db_error(db, err);
  }
  sqlite3_bind_int64(st, 1, plan_id);
  nq_bind_text(st, 2, code);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
  nq_bind_text(st, 4, title);
  nq_bind_json_text(st, 5, json_object_get(t, "body"));
  nq_bind_json_text(st, 6, json_object_get(t, "timeline"));
  nq_bind_json_text(st, 7, json_object_get(sched, "kind"));
  nq_bind_json_text(st, 8, json_object_get(sched, "start"));
  nq_bind_json_text(st, 9, json_object_get(sched, "due"));
  sqlite3_bind_int(st, 10, json_is_true(json_object_get(t, "done")));
  nq_bind_text(st, 11, key);
  nq_bind_text(st, 12, nq_db_now(db));
  /* An exported plan carries the field an official chose (an nq57
  ** extension of plan JSON); anything else is guessed afresh. */
  const char *field = json_string_value(json_object_get(t, "field"));
  if (!nq_field_valid(field))
    field = nq_task_field(title, json_string_value(json_object_get(t, "body")));
  nq_bind_text(st, 13, field);
  nq_code rc = nq_db_step_done(db, st, err);
  free(key);
  if (rc) return rc;
  int64_t task_id = sqlite3_last_insert_rowid(nq_db_handle(db));
  char path[48];
  snprintf(path, sizeof path, "tasks[%zu]", i);
  static const char *const roles[] = {"lead", "support", "oversight"};
  for (int r = 0; r < 3 && !rc; r++)
    rc = insert_task_units(db, task_id, roles[r], json_object_get(t, roles[r]), path, err);
  return rc;
}

static nq_code insert_rest(nq_db *db, int64_t plan_id, json_t *doc, nq_err *err) {
  size_t i;
  json_t *e;
  nq_code rc = NQ_OK;
  json_array_foreach(json_object_get(doc, "duties"), i, e) {
    int64_t unit_id;
    if ((rc = nq_db_unit_resolve(db, json_string_value(json_object_get(e, "unit")), true,
                                 &unit_id, err))) {
      nq_err_prefix(err, "duties[%zu].unit: ", i);
      return rc;
    }
    sqlite3_stmt *st = nq_db_stmt(db,
      "INSERT INTO duties(plan_id, ordinal, unit_id, text) VALUES (?1,?2,?3,?4)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, plan_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
    sqlite3_bind_int64(st, 3, unit_id);
    nq_bind_json_text(st, 4, json_object_get(e, "text"));
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  json_array_foreach(json_object_get(doc, "indicators"), i, e) {
    sqlite3_stmt *st = nq_db_stmt(db,
      "INSERT INTO indicators(plan_id, ordinal, code, group_name, name, measure, direction,"
      " aggregation) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, plan_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
    nq_bind_json_text(st, 3, json_object_get(e, "code"));
    nq_bind_json_text(st, 4, json_object_get(e, "group"));
    nq_bind_json_text(st, 5, json_object_get(e, "name"));
    nq_bind_json_text(st, 6, json_object_get(e, "unit"));
    nq_bind_json_text(st, 7, json_object_get(e, "direction"));
    nq_bind_json_text(st, 8, json_object_get(e, "aggregation"));
    if ((rc = nq_db_step_done(db, st, err))) return rc;
    int64_t ind_id = sqlite3_last_insert_rowid(nq_db_handle(db));
    const char *year;
    json_t *target;
    json_object_foreach(json_object_get(e, "targets"), year, target) {
      st = nq_db_stmt(db,
        "INSERT INTO indicator_targets(indicator_id, year, target) VALUES (?1,?2,?3)");
      if (!st) return nq_db_error(db, err);
      sqlite3_bind_int64(st, 1, ind_id);
      sqlite3_bind_int(st, 2, atoi(year));
      nq_bind_json_text(st, 3, target);
      if ((rc = nq_db_step_done(db, st, err))) return rc;
    }
  }
  json_array_foreach(json_object_get(doc, "reporting"), i, e) {
    sqlite3_stmt *st = nq_db_stmt(db,
      "INSERT INTO reporting_regimes(plan_id, ordinal, period, due) VALUES (?1,?2,?3,?4)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, plan_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
    nq_bind_json_text(st, 3, json_object_get(e, "period"));
    nq_bind_json_text(st, 4, json_object_get(e, "due"));
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  return NQ_OK;
}

/* The issuer's unit: its name as written, or without the place suffix
** ("Ủy ban nhân dân tỉnh An Giang" -> "Ủy ban nhân dân tỉnh"). */
static int64_t issuer_unit(nq_db *db, const char *issuer, const char *place) {
  if (!issuer) return 0;
  int64_t id = 0;
  nq_err ignored;
  if (nq_db_unit_resolve(db, issuer, false, &id, &ignored) == NQ_OK) return id;
  size_t li = strlen(issuer), lp = place ? strlen(place) : 0;
  if (lp && li > lp + 1 && strcmp(issuer + li - lp, place) == 0 && issuer[li - lp - 1] == ' ') {
    char *base = nq_xstrndup(issuer, li - lp - 1);
    if (nq_db_unit_resolve(db, base, false, &id, &ignored) != NQ_OK) id = 0;
    free(base);
  }
  return id;
}

static nq_code plan_create_in(nq_db *db, void *vctx, nq_err *err) {
  create_ctx *ctx = vctx;
  json_t *doc = ctx->doc, *plan = json_object_get(doc, "plan");
  const char *number = json_string_value(json_object_get(plan, "number"));
  const char *issuer = json_string_value(json_object_get(plan, "issuer"));
  nq_code rc;
  if (number) {
    sqlite3_stmt *st = nq_db_stmt(db,
      "SELECT id FROM plans WHERE number=?1 AND coalesce(issuer,'')=coalesce(?2,'')");
    if (!st) return nq_db_error(db, err);
    nq_bind_text(st, 1, number);
    nq_bind_text(st, 2, issuer);
    int r = sqlite3_step(st);
    int64_t dup = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (dup)
      return nq_fail(err, NQ_ECONFLICT, "Đã có kế hoạch số %s của %s (mã %lld).", number,
                     issuer ? issuer : "cùng cơ quan", (long long)dup);
  }
  json_t *extra = json_object();
  const char *k;
  json_t *v;
  json_object_foreach(doc, k, v) {
    if (!nq_planjson_known_top_key(k)) json_object_set(extra, k, v);
  }
  char *extra_text = json_object_size(extra) ? json_dumps(extra, JSON_COMPACT) : NULL;
  json_decref(extra);
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO plans(kind, number, issuer, issuer_unit_id, place, date, title, source, extra,"
    " status, version, created_at, updated_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'published',1,?10,?10)");
  if (!st) {
    free(extra_text);
    return nq_db_error(db, err);
  }
  nq_bind_json_text(st, 1, json_object_get(plan, "kind"));
  nq_bind_text(st, 2, number);
  nq_bind_text(st, 3, issuer);
  nq_bind_id(st, 4, issuer_unit(db, issuer, json_string_value(json_object_get(plan, "place"))));
  nq_bind_json_text(st, 5, json_object_get(plan, "place"));
  nq_bind_json_text(st, 6, json_object_get(plan, "date"));
  nq_bind_json_text(st, 7, json_object_get(plan, "title"));
  nq_bind_json_text(st, 8, json_object_get(doc, "source"));
  nq_bind_text(st, 9, extra_text);
  nq_bind_text(st, 10, nq_db_now(db));
  rc = nq_db_step_done(db, st, err);
  free(extra_text);
  if (rc) return rc;
  int64_t id = sqlite3_last_insert_rowid(nq_db_handle(db));
  rc = insert_links(db, id, "implements", json_object_get(plan, "implements"), err);
  if (!rc) rc = insert_links(db, id, "references", json_object_get(plan, "references"), err);
  if (!rc && number) {
    /* Plans already stored that cite this one now link to it. */
    st = nq_db_stmt(db,
      "UPDATE plan_links SET target_plan_id=?1 WHERE doc_number=?2 AND target_plan_id IS NULL"
      " AND plan_id<>?1");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, id);
    nq_bind_text(st, 2, number);
    rc = nq_db_step_done(db, st, err);
  }
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(doc, "tasks"), i, t) {
    if (rc) break;
    rc = insert_task(db, id, i, t, err);
  }
  if (!rc) rc = insert_rest(db, id, doc, err);
  if (rc) return rc;
  char *snapshot = json_dumps(doc, JSON_COMPACT);
  st = nq_db_stmt(db,
    "INSERT INTO plan_versions(plan_id, version, at, user_id, user_name, reason, snapshot)"
    " VALUES (?1, 1, ?2, ?3, ?4, 'create', ?5)");
  if (!st) {
    free(snapshot);
    return nq_db_error(db, err);
  }
  sqlite3_bind_int64(st, 1, id);
  nq_bind_text(st, 2, nq_db_now(db));
  nq_bind_id(st, 3, nq_db_actor(db)->user_id);
  nq_bind_text(st, 4, nq_db_actor(db)->name);
  nq_bind_text(st, 5, snapshot);
  rc = nq_db_step_done(db, st, err);
  free(snapshot);
  if (rc) return rc;
  /* The full document is in plan_versions; the audit row says what it was. */
  json_t *after = json_pack("{s:I,s:O,s:O,s:O,s:I}", "id", (json_int_t)id,
                            "number", json_object_get(plan, "number"),
                            "issuer", json_object_get(plan, "issuer"),
                            "title", json_object_get(plan, "title"),
                            "task_count", (json_int_t)json_array_size(json_object_get(doc, "tasks")));
  rc = nq_db_audit(db, "create", "plan", id, NULL, after, err);
  json_decref(after);
  ctx->id = id;
  return rc;
}

nq_code nq_db_plan_insert(nq_db *db, json_t *normalized, int64_t *id_out, nq_err *err) {
  create_ctx ctx = {normalized, 0};
  nq_code rc = plan_create_in(db, &ctx, err);
  if (!rc) *id_out = ctx.id;
  return rc;
}

nq_code nq_sqlite_plan_create(nq_store *s, const nq_actor *who, json_t *plan,
                              int64_t *id_out, nq_err *err) {
  create_ctx ctx = {NULL, 0};
  nq_code rc = nq_planjson_normalize(plan, &ctx.doc, err);
  if (rc) return rc;
  rc = nq_sql_write(s, who, plan_create_in, &ctx, err);
  json_decref(ctx.doc);
  if (!rc && id_out) *id_out = ctx.id;
  return rc;
}

/* ---- export ---------------------------------------------------------------- */

typedef struct plan_ctx {
  int64_t id;
  const char *at_date;
  json_t *out;
} plan_ctx;

static nq_code text_column_array(nq_db *db, const char *sql, int64_t id, json_t **out,
                                 nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, sql);
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  json_t *arr = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, nq_col_json(st, 0));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    json_decref(arr);
    return nq_db_error(db, err);
  }
  *out = arr;
  return NQ_OK;
}

static nq_code links(nq_db *db, int64_t id, const char *relation, json_t **out, nq_err *err) {
  const char *sql = strcmp(relation, "implements") == 0
    ? "SELECT doc_number FROM plan_links WHERE plan_id=?1 AND relation='implements' ORDER BY ordinal"
    : "SELECT doc_number FROM plan_links WHERE plan_id=?1 AND relation='references' ORDER BY ordinal";
  return text_column_array(db, sql, id, out, err);
}

static nq_code export_tasks(nq_db *db, int64_t plan_id, json_t *tasks, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, code, title, body, timeline, schedule_kind, start_date, due_date, done, field"
    " FROM tasks WHERE plan_id=?1 ORDER BY ordinal");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, plan_id);
  json_t *rows = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    json_t *t = json_object();
    json_object_set_new(t, "id", json_integer(sqlite3_column_int64(st, 0)));
    json_object_set_new(t, "code", nq_col_json(st, 1));
    json_object_set_new(t, "title", nq_col_json(st, 2));
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) json_object_set_new(t, "body", nq_col_json(st, 3));
    json_object_set_new(t, "timeline", nq_col_json(st, 4));
    json_object_set_new(t, "schedule", json_pack("{s:o,s:o,s:o}", "kind", nq_col_json(st, 5),
                                                 "start", nq_col_json(st, 6), "due",
                                                 nq_col_json(st, 7)));
    json_object_set_new(t, "done", json_boolean(sqlite3_column_int(st, 8)));
    /* nq57 extension of plan JSON (docs/api.md): the field an official
    ** chose, when it is not what the words give (import takes it back).
    ** A guessed field is left out, so a plan round-trips unchanged. */
    const char *field = (const char *)sqlite3_column_text(st, 9);
    if (field && strcmp(field, nq_task_field((const char *)sqlite3_column_text(st, 2),
                                             (const char *)sqlite3_column_text(st, 3))) != 0)
      json_object_set_new(t, "field", json_string(field));
    json_array_append_new(rows, t);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    json_decref(rows);
    return nq_db_error(db, err);
  }
  size_t i;
  json_t *t;
  json_array_foreach(rows, i, t) {
    int64_t task_id = json_integer_value(json_object_get(t, "id"));
    json_object_del(t, "id");
    json_t *roles[3] = {json_array(), json_array(), json_array()};
    st = nq_db_stmt(db,
      "SELECT tu.role, u.name FROM task_units tu JOIN units u ON u.id=tu.unit_id"
      " WHERE tu.task_id=?1 ORDER BY tu.role, tu.ordinal");
    if (!st) {
      for (int r = 0; r < 3; r++) json_decref(roles[r]);
      json_decref(rows);
      return nq_db_error(db, err);
    }
    sqlite3_bind_int64(st, 1, task_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *role = nq_col_text(st, 0);
      int r = strcmp(role, "lead") == 0 ? 0 : strcmp(role, "support") == 0 ? 1 : 2;
      json_array_append_new(roles[r], nq_col_json(st, 1));
    }
    sqlite3_reset(st);
    json_object_set_new(t, "lead", roles[0]);
    json_object_set_new(t, "support", roles[1]);
    if (json_array_size(roles[2])) json_object_set_new(t, "oversight", roles[2]);
    else json_decref(roles[2]);
    json_array_append(tasks, t);
  }
  json_decref(rows);
  return NQ_OK;
}

static nq_code indicators_of(nq_db *db, int64_t plan_id, bool with_ids, json_t **out,
                             nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, plan_id, code, group_name, name, measure, direction, aggregation"
    " FROM indicators WHERE ?1=0 OR plan_id=?1 ORDER BY plan_id, ordinal");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, plan_id);
  json_t *arr = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    json_t *o = json_object();
    if (with_ids) {
      json_object_set_new(o, "id", nq_col_json(st, 0));
      json_object_set_new(o, "plan_id", nq_col_json(st, 1));
    }
    json_object_set_new(o, "code", nq_col_json(st, 2));
    json_object_set_new(o, "group", nq_col_json(st, 3));
    json_object_set_new(o, "name", nq_col_json(st, 4));
    json_object_set_new(o, "unit", nq_col_json(st, 5));
    if (with_ids || sqlite3_column_type(st, 6) != SQLITE_NULL)
      json_object_set_new(o, "direction", nq_col_json(st, 6));
    if (with_ids || sqlite3_column_type(st, 7) != SQLITE_NULL)
      json_object_set_new(o, "aggregation", nq_col_json(st, 7));
    json_object_set_new(o, "_id", nq_col_json(st, 0));
    json_array_append_new(arr, o);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    json_decref(arr);
    return nq_db_error(db, err);
  }
  size_t i;
  json_t *o;
  json_array_foreach(arr, i, o) {
    st = nq_db_stmt(db,
      "SELECT year, target FROM indicator_targets WHERE indicator_id=?1 ORDER BY year");
    if (!st) {
      json_decref(arr);
      return nq_db_error(db, err);
    }
    sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(o, "_id")));
    json_object_del(o, "_id");
    json_t *targets = json_object();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      char year[16];
      snprintf(year, sizeof year, "%d", sqlite3_column_int(st, 0));
      json_object_set_new(targets, year, nq_col_json(st, 1));
    }
    sqlite3_reset(st);
    json_object_set_new(o, "targets", targets);
  }
  *out = arr;
  return NQ_OK;
}

static nq_code plan_export_in(nq_db *db, void *vctx, nq_err *err) {
  plan_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT source, kind, number, issuer, place, date, title, extra FROM plans WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->id);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_reset(st);
    return r == SQLITE_DONE
      ? nq_fail(err, NQ_ENOTFOUND, "Không có kế hoạch số %lld.", (long long)ctx->id)
      : nq_db_error(db, err);
  }
  json_t *doc = json_object(), *plan = json_object();
  json_object_set_new(doc, "source", nq_col_json(st, 0));
  json_object_set_new(doc, "plan", plan);
  static const char *const keys[] = {"kind", "number", "issuer", "place", "date", "title"};
  for (int i = 0; i < 6; i++) json_object_set_new(plan, keys[i], nq_col_json(st, i + 1));
  json_t *extra = NULL;
  if (sqlite3_column_type(st, 7) != SQLITE_NULL)
    extra = json_loads(nq_col_text(st, 7), 0, NULL);
  sqlite3_reset(st);
  json_t *arr = NULL;
  nq_code rc = links(db, ctx->id, "implements", &arr, err);
  if (!rc) {
    json_object_set_new(plan, "implements", arr);
    rc = links(db, ctx->id, "references", &arr, err);
  }
  if (!rc) {
    json_object_set_new(plan, "references", arr);
    arr = json_array();
    json_object_set_new(doc, "tasks", arr);
    rc = export_tasks(db, ctx->id, arr, err);
  }
  if (!rc) {
    st = nq_db_stmt(db,
      "SELECT u.name AS unit, d.text AS text FROM duties d JOIN units u ON u.id=d.unit_id"
      " WHERE d.plan_id=?1 ORDER BY d.ordinal");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, ctx->id);
      rc = nq_db_rows(db, st, &arr, err);
      if (!rc) json_object_set_new(doc, "duties", arr);
    }
  }
  if (!rc) rc = indicators_of(db, ctx->id, false, &arr, err);
  if (!rc) {
    json_object_set_new(doc, "indicators", arr);
    st = nq_db_stmt(db,
      "SELECT period, due FROM reporting_regimes WHERE plan_id=?1 ORDER BY ordinal");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, ctx->id);
      rc = nq_db_rows(db, st, &arr, err);
      if (!rc) json_object_set_new(doc, "reporting", arr);
    }
  }
  if (!rc && json_is_object(extra)) {
    const char *k;
    json_t *v;
    json_object_foreach(extra, k, v) json_object_set(doc, k, v);
  }
  json_decref(extra);
  if (rc) {
    json_decref(doc);
    return rc;
  }
  ctx->out = doc;
  return NQ_OK;
}

nq_code nq_sqlite_plan_export(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  plan_ctx ctx = {id, NULL, NULL};
  nq_code rc = nq_sql_read(s, plan_export_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

/* ---- list, get ------------------------------------------------------------- */

#define PLAN_COLUMNS \
  "SELECT p.id, p.kind, p.number, p.issuer, p.issuer_unit_id, p.place, p.date, p.title," \
  " p.source, p.status, p.public, p.version, p.created_at, p.updated_at," \
  " (SELECT count(*) FROM tasks t WHERE t.plan_id=p.id) AS task_count," \
  " (SELECT count(*) FROM indicators i WHERE i.plan_id=p.id) AS indicator_count" \
  " FROM plans p"

static nq_code plans_list_in(nq_db *db, void *vctx, nq_err *err) {
  plan_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db, PLAN_COLUMNS " ORDER BY p.id");
  if (!st) return nq_db_error(db, err);
  return nq_db_rows(db, st, &ctx->out, err);
}

nq_code nq_sqlite_plans_list(nq_store *s, json_t **out, nq_err *err) {
  plan_ctx ctx = {0, NULL, NULL};
  nq_code rc = nq_sql_read(s, plans_list_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

/* ---- publication (store_auth.h) ------------------------------------------ */

static nq_code public_plans_list_in(nq_db *db, void *vctx, nq_err *err) {
  plan_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db, PLAN_COLUMNS " WHERE p.public=1 ORDER BY p.id");
  if (!st) return nq_db_error(db, err);
  return nq_db_rows(db, st, &ctx->out, err);
}

nq_code nq_store_public_plans_list(nq_store *s, json_t **out, nq_err *err) {
  plan_ctx ctx = {0, NULL, NULL};
  nq_code rc = nq_sql_read(s, public_plans_list_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

typedef struct publish_ctx {
  int64_t id, if_version;
  bool make_public;
  json_t *out;
} publish_ctx;

static nq_code plan_row(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, PLAN_COLUMNS " WHERE p.id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_reset(st);
    return r == SQLITE_DONE ? nq_fail(err, NQ_ENOTFOUND, "Không có kế hoạch số %lld.", (long long)id)
                            : nq_db_error(db, err);
  }
  *out = nq_row_object(st);
  sqlite3_reset(st);
  return NQ_OK;
}

static nq_code plan_publish_in(nq_db *db, void *vctx, nq_err *err) {
  publish_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = plan_row(db, ctx->id, &before, err);
  if (rc) return rc;
  int64_t version = json_integer_value(json_object_get(before, "version"));
  if (ctx->if_version >= 0 && version != ctx->if_version) {
    json_decref(before);
    return nq_fail(err, NQ_EPRECOND,
                   "Kế hoạch đã được người khác sửa (phiên bản hiện tại %lld, bạn sửa từ phiên "
                   "bản %lld); hãy tải lại rồi sửa.", (long long)version, (long long)ctx->if_version);
  }
  /* Only an issued document can be public: publishing also marks it published. */
  sqlite3_stmt *st = nq_db_stmt(db,
    "UPDATE plans SET public=?2, status=CASE WHEN ?2=1 THEN 'published' ELSE status END,"
    " version=version+1, updated_at=?3 WHERE id=?1");
  if (!st) rc = nq_db_error(db, err);
  else {
    sqlite3_bind_int64(st, 1, ctx->id);
    sqlite3_bind_int(st, 2, ctx->make_public ? 1 : 0);
    nq_bind_text(st, 3, nq_db_now(db));
    rc = nq_db_step_done(db, st, err);
  }
  json_t *after = NULL;
  if (!rc) rc = plan_row(db, ctx->id, &after, err);
  if (!rc) rc = nq_db_audit(db, ctx->make_public ? "publish" : "unpublish", "plan", ctx->id,
                            before, after, err);
  json_decref(before);
  if (rc) {
    json_decref(after);
    return rc;
  }
  ctx->out = after;
  return NQ_OK;
}

nq_code nq_store_plan_set_public(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                                 bool make_public, json_t **out, nq_err *err) {
  publish_ctx ctx = {id, if_version, make_public, NULL};
  nq_code rc = nq_sql_write(s, who, plan_publish_in, &ctx, err);
  if (rc) return rc;
  if (out) *out = ctx.out;
  else json_decref(ctx.out);
  return NQ_OK;
}

static nq_code plan_get_in(nq_db *db, void *vctx, nq_err *err) {
  plan_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db, PLAN_COLUMNS " WHERE p.id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->id);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_reset(st);
    return r == SQLITE_DONE
      ? nq_fail(err, NQ_ENOTFOUND, "Không có kế hoạch số %lld.", (long long)ctx->id)
      : nq_db_error(db, err);
  }
  json_t *p = nq_row_object(st);
  sqlite3_reset(st);
  static const struct { const char *key, *sql; } lists[] = {
    {"implements", "SELECT doc_number AS number, target_plan_id AS plan_id FROM plan_links"
                   " WHERE plan_id=?1 AND relation='implements' ORDER BY ordinal"},
    {"references", "SELECT doc_number AS number, target_plan_id AS plan_id FROM plan_links"
                   " WHERE plan_id=?1 AND relation='references' ORDER BY ordinal"},
    {"implemented_by", "SELECT DISTINCT p.id AS plan_id, p.number, p.title FROM plan_links l"
                       " JOIN plans p ON p.id=l.plan_id"
                       " WHERE l.target_plan_id=?1 AND l.relation='implements' ORDER BY p.id"},
    {"duties", "SELECT d.unit_id, u.name AS unit, d.text FROM duties d"
               " JOIN units u ON u.id=d.unit_id WHERE d.plan_id=?1 ORDER BY d.ordinal"},
    {"reporting", "SELECT period, due FROM reporting_regimes WHERE plan_id=?1 ORDER BY ordinal"},
  };
  nq_code rc = NQ_OK;
  for (size_t i = 0; i < sizeof lists / sizeof lists[0] && !rc; i++) {
    st = nq_db_stmt(db, lists[i].sql);
    if (!st) {
      rc = nq_db_error(db, err);
      break;
    }
    sqlite3_bind_int64(st, 1, ctx->id);
    json_t *arr;
    if (!(rc = nq_db_rows(db, st, &arr, err))) json_object_set_new(p, lists[i].key, arr);
  }
  if (!rc) {
    st = nq_db_stmt(db,
      "SELECT count(*) AS done_count,"
      " (SELECT count(DISTINCT tu.unit_id) FROM task_units tu JOIN tasks t2 ON t2.id=tu.task_id"
      "   WHERE t2.plan_id=?1) AS unit_count"
      " FROM tasks t WHERE t.plan_id=?1 AND t.done=1");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, ctx->id);
      if (sqlite3_step(st) == SQLITE_ROW) {
        json_object_set_new(p, "done_count", nq_col_json(st, 0));
        json_object_set_new(p, "unit_count", nq_col_json(st, 1));
      }
      sqlite3_reset(st);
    }
  }
  if (rc) {
    json_decref(p);
    return rc;
  }
  ctx->out = p;
  return NQ_OK;
}

nq_code nq_sqlite_plan_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  plan_ctx ctx = {id, NULL, NULL};
  nq_code rc = nq_sql_read(s, plan_get_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

/* ---- overview -------------------------------------------------------------- */

static const char *const status_names[] = {"done_on_time", "done_late", "in_progress",
                                           "at_risk", "overdue", "not_started", NULL};

static int status_index(const char *status) {
  for (int i = 0; status_names[i]; i++)
    if (status && !strcmp(status, status_names[i])) return i;
  return -1;
}

static json_t *counts_json(const json_int_t *counts) {
  json_t *o = json_object();
  for (int i = 0; status_names[i]; i++) json_object_set_new(o, status_names[i], json_integer(counts[i]));
  return o;
}

/* One lead agency's tallies while the overview is counted. */
typedef struct lead_tally {
  int64_t unit_id;
  json_int_t total, by_status[NQ_STATUS_COUNT];
  char *name, *sort_key;
} lead_tally;

static int lead_order(const void *a, const void *b) {
  const lead_tally *x = a, *y = b;
  int c = strcmp(x->sort_key ? x->sort_key : "", y->sort_key ? y->sort_key : "");
  return c ? c : (x->unit_id > y->unit_id) - (x->unit_id < y->unit_id);
}

/* Counts by status and by lead agency in one pass over the plan's tasks:
** each task's status is computed once (it is most of the cost), and the
** few dozen agencies are tallied and sorted here rather than by a GROUP BY
** that sorted every (agency, status) row. A task's lead rows come
** together, so it is counted once in the totals however many leads it has. */
static nq_code plan_overview_in(nq_db *db, void *vctx, nq_err *err) {
  plan_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT 1 FROM plans WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->id);
  int r = sqlite3_step(st);
  sqlite3_reset(st);
  if (r != SQLITE_ROW)
    return r == SQLITE_DONE
      ? nq_fail(err, NQ_ENOTFOUND, "Không có kế hoạch số %lld.", (long long)ctx->id)
      : nq_db_error(db, err);

  nq_buf sql = NQ_BUF_INIT;
  nq_buf_printf(&sql,
    "SELECT t.id, %s AS status, tu.unit_id, t.field FROM tasks t"
    " LEFT JOIN task_units tu ON tu.task_id=t.id AND tu.role='lead'"
    " WHERE t.plan_id=:plan",
    nq_sql_task_status);
  st = nq_db_stmt(db, sql.data);
  nq_buf_free(&sql);
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":plan"), ctx->id);
  nq_bind_status_dates(st, ctx->at_date);
  json_int_t by_status[NQ_STATUS_COUNT] = {0}, total = 0;
  size_t nfields = nq_field_count();
  json_int_t (*by_field)[NQ_STATUS_COUNT] = nq_xcalloc(nfields, sizeof *by_field);
  lead_tally *leads = NULL;
  size_t nleads = 0, capleads = 0, last = 0;
  int64_t prev_task = 0;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t task = sqlite3_column_int64(st, 0);
    int si = status_index((const char *)sqlite3_column_text(st, 1));
    if (si < 0) continue; /* the status function always answers one of them */
    if (task != prev_task) {
      by_status[si]++;
      by_field[nq_sql_field_index(sqlite3_column_text(st, 3))][si]++;
      total++;
      prev_task = task;
    }
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) continue;
    int64_t unit = sqlite3_column_int64(st, 2);
    /* Consecutive tasks tend to share their lead: look there first. */
    size_t k = last < nleads && leads[last].unit_id == unit ? last : nleads;
    for (size_t i = 0; k == nleads && i < nleads; i++)
      if (leads[i].unit_id == unit) k = i;
    if (k == nleads) {
      if (nleads == capleads) {
        capleads = capleads ? capleads * 2 : 32;
        leads = nq_xrealloc(leads, capleads * sizeof *leads);
      }
      memset(&leads[nleads], 0, sizeof *leads);
      leads[nleads++].unit_id = unit;
    }
    leads[k].total++;
    leads[k].by_status[si]++;
    last = k;
  }
  sqlite3_reset(st);
  nq_code rc = r == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);

  st = rc ? NULL : nq_db_stmt(db, "SELECT name, sort_key FROM units WHERE id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  for (size_t i = 0; !rc && i < nleads; i++) {
    sqlite3_bind_int64(st, 1, leads[i].unit_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
      leads[i].name = nq_xstrdup((const char *)sqlite3_column_text(st, 0));
      const unsigned char *key = sqlite3_column_text(st, 1);
      leads[i].sort_key = key ? nq_xstrdup((const char *)key) : NULL;
    }
    sqlite3_reset(st);
  }
  json_t *by_lead = json_array();
  if (!rc) {
    /* Vietnamese order through the stored units.sort_key (vn_sort_key of
    ** the name, byte-comparable), then id. */
    if (nleads) qsort(leads, nleads, sizeof *leads, lead_order);
    for (size_t i = 0; i < nleads; i++)
      json_array_append_new(by_lead,
        json_pack("{s:I,s:s?,s:I,s:o}", "unit_id", (json_int_t)leads[i].unit_id, "name",
                  leads[i].name, "total", leads[i].total, "by_status",
                  counts_json(leads[i].by_status)));
  }
  for (size_t i = 0; i < nleads; i++) {
    free(leads[i].name);
    free(leads[i].sort_key);
  }
  free(leads);
  json_t *by_field_json = json_array();
  for (size_t f = 0; f < nfields; f++) {
    json_int_t n = 0;
    for (int s = 0; s < NQ_STATUS_COUNT; s++) n += by_field[f][s];
    const char *code = nq_field_code_at(f);
    json_array_append_new(by_field_json,
      json_pack("{s:s,s:s,s:I,s:o}", "field", code, "label", nq_field_label(code), "total", n,
                "by_status", counts_json(by_field[f])));
  }
  free(by_field);
  if (rc) {
    json_decref(by_lead);
    json_decref(by_field_json);
    return rc;
  }
  json_t *by_status_json = counts_json(by_status);
  char today[11];
  if (!ctx->at_date) nq_today(today);
  ctx->out = json_pack("{s:I,s:s,s:I,s:o,s:o,s:o}", "plan_id", (json_int_t)ctx->id, "at",
                       ctx->at_date ? ctx->at_date : today, "total", total, "by_status",
                       by_status_json, "by_lead", by_lead, "by_field", by_field_json);
  return NQ_OK;
}

nq_code nq_sqlite_plan_overview(nq_store *s, int64_t id, const char *at_date,
                                json_t **out, nq_err *err) {
  if (at_date && !nq_iso_date_valid(at_date))
    return nq_fail(err, NQ_EINVAL, "Ngày không hợp lệ \"%s\" (cần dạng YYYY-MM-DD).", at_date);
  plan_ctx ctx = {id, at_date, NULL};
  nq_code rc = nq_sql_read(s, plan_overview_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

/* ---- indicators ------------------------------------------------------------ */

static nq_code indicators_in(nq_db *db, void *vctx, nq_err *err) {
  plan_ctx *ctx = vctx;
  return indicators_of(db, ctx->id, true, &ctx->out, err);
}

nq_code nq_sqlite_indicators_list(nq_store *s, int64_t plan_id, json_t **out, nq_err *err) {
  plan_ctx ctx = {plan_id, NULL, NULL};
  nq_code rc = nq_sql_read(s, indicators_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}
