/*
** sqlite_auth.c: accounts and credentials over SQLite (store_auth.h):
** users with role and plan scope, sessions, API tokens, login attempts.
**
** Times arrive as unix seconds from the auth layer, which owns the clock
** (so tests can move it), and are stored as UTC text like every other
** timestamp in the schema.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_int.h"
#include "store/store_auth.h"

/* ---- time ---------------------------------------------------------------- */

#define ISO_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

static void iso_from_unix(int64_t t, char out[ISO_LEN]) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* 0 for NULL or malformed text. */
static int64_t unix_from_iso(const char *s) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (int64_t)timegm(&tm);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t t) {
  if (t == 0) {
    sqlite3_bind_null(st, i);
    return;
  }
  char iso[ISO_LEN];
  iso_from_unix(t, iso);
  sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

/* Replace a UTC-text member of obj by unix seconds (0 when null). */
static void member_to_unix(json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  json_object_set_new(obj, key, json_integer(unix_from_iso(json_string_value(v))));
}

/* ---- users --------------------------------------------------------------- */

/* The plans a user oversees: those granted explicitly, and for an
** aggregator those whose aggregating body is the user's unit (as
** src/monitor decides it: plans.aggregator_unit_id, else the issuer). */
static nq_code user_plan_ids(nq_db *db, int64_t id, json_t *user, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT plan_id FROM user_plan_scopes WHERE user_id=?1"
    " UNION SELECT p.id FROM plans p"
    "  JOIN users u ON u.unit_id=COALESCE(p.aggregator_unit_id, p.issuer_unit_id)"
    "  WHERE u.id=?1 AND u.role='aggregator'"
    " ORDER BY 1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  json_t *ids = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 0)));
  sqlite3_reset(st);
  json_object_set_new(user, "plan_ids", ids);
  return rc == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

/* The row's 0/1 columns as JSON booleans. */
static void user_fix_types(json_t *u) {
  json_object_set_new(u, "scope_all",
                      json_boolean(json_integer_value(json_object_get(u, "scope_all"))));
  json_object_set_new(u, "disabled",
                      json_boolean(json_integer_value(json_object_get(u, "disabled"))));
}

/* The user row st selects (bound, not yet stepped) with its plan ids;
** with_hash keeps password_hash. NQ_ENOTFOUND when there is none. */
static nq_code db_user_json(nq_db *db, sqlite3_stmt *st, bool with_hash, json_t **out,
                            nq_err *err) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return nq_fail(err, NQ_ENOTFOUND, "Không có tài khoản này.");
    return nq_db_error(db, err);
  }
  json_t *u = nq_row_object(st);
  sqlite3_reset(st);
  if (!with_hash) json_object_del(u, "password_hash");
  user_fix_types(u);
  nq_code c = user_plan_ids(db, json_integer_value(json_object_get(u, "id")), u, err);
  if (c) {
    json_decref(u);
    return c;
  }
  *out = u;
  return NQ_OK;
}

static nq_code db_user_by_id(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, login, full_name, role, unit_id, scope_all, disabled, created_at,"
    " password_changed_at FROM users WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  return db_user_json(db, st, false, out, err);
}

typedef struct user_create_ctx {
  const json_t *user;
  const char *hash;
  int64_t now;
  int64_t id;
} user_create_ctx;

static nq_code exists(nq_db *db, const char *sql, int64_t id, bool *found, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, sql);
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return nq_db_error(db, err);
  *found = rc == SQLITE_ROW;
  return NQ_OK;
}

static nq_code user_create_in(nq_db *db, void *vctx, nq_err *err) {
  user_create_ctx *ctx = vctx;
  const json_t *u = ctx->user;
  const char *login = json_string_value(json_object_get(u, "login"));
  const char *full_name = json_string_value(json_object_get(u, "full_name"));
  const char *role = json_string_value(json_object_get(u, "role"));
  int64_t unit_id = json_integer_value(json_object_get(u, "unit_id"));
  bool scope_all = json_is_true(json_object_get(u, "scope_all"));
  json_t *plans = json_object_get(u, "plan_ids");
  if (!login || !*login || !role) return nq_fail(err, NQ_EINVAL, "Thiếu tên đăng nhập hoặc vai trò.");

  bool found = false;
  nq_code rc;
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT 1 FROM users WHERE login=?1");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, login);
  int step = sqlite3_step(st);
  sqlite3_reset(st);
  if (step == SQLITE_ROW) return nq_fail(err, NQ_ECONFLICT, "Tên đăng nhập '%s' đã có.", login);
  if (step != SQLITE_DONE) return nq_db_error(db, err);
  if (unit_id) {
    if ((rc = exists(db, "SELECT 1 FROM units WHERE id=?1", unit_id, &found, err))) return rc;
    if (!found) return nq_fail(err, NQ_EINVAL, "Không có đơn vị số %lld.", (long long)unit_id);
  }

  st = nq_db_stmt(db,
    "INSERT INTO users(login, full_name, password_hash, role, unit_id, scope_all, disabled,"
    " created_at, password_changed_at) VALUES (?1,?2,?3,?4,?5,?6,0,?7,?7)");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, login);
  nq_bind_text(st, 2, full_name ? full_name : "");
  nq_bind_text(st, 3, ctx->hash);
  nq_bind_text(st, 4, role);
  nq_bind_id(st, 5, unit_id);
  sqlite3_bind_int(st, 6, scope_all);
  bind_time(st, 7, ctx->now);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  int64_t id = sqlite3_last_insert_rowid(nq_db_handle(db));
  /* A head account heads its unit: src/monitor lets only unit_heads
  ** approve and send the unit's reports. */
  if (!strcmp(role, "head") && unit_id) {
    st = nq_db_stmt(db,
      "INSERT OR IGNORE INTO unit_heads(unit_id, user_id, acting, since) VALUES (?1,?2,0,?3)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, id);
    bind_time(st, 3, ctx->now);
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }

  size_t i;
  json_t *p;
  json_array_foreach(plans, i, p) {
    int64_t plan_id = json_integer_value(p);
    if ((rc = exists(db, "SELECT 1 FROM plans WHERE id=?1", plan_id, &found, err))) return rc;
    if (!found) return nq_fail(err, NQ_EINVAL, "Không có kế hoạch số %lld.", (long long)plan_id);
    st = nq_db_stmt(db, "INSERT OR IGNORE INTO user_plan_scopes(user_id, plan_id) VALUES (?1,?2)");
    if (!st) return nq_db_error(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, plan_id);
    if ((rc = nq_db_step_done(db, st, err))) return rc;
  }
  json_t *after = NULL;
  if ((rc = db_user_by_id(db, id, &after, err))) return rc;
  rc = nq_db_audit(db, "create", "user", id, NULL, after, err);
  json_decref(after);
  ctx->id = id;
  return rc;
}

nq_code nq_store_user_create(nq_store *s, const nq_actor *who, const json_t *user,
                             const char *password_hash, int64_t now, int64_t *id_out,
                             nq_err *err) {
  user_create_ctx ctx = {user, password_hash, now, 0};
  nq_code rc = nq_sql_write(s, who, user_create_in, &ctx, err);
  if (!rc && id_out) *id_out = ctx.id;
  return rc;
}

typedef struct user_read_ctx {
  int64_t id;
  const char *login;
  json_t *out;
} user_read_ctx;

static nq_code users_list_in(nq_db *db, void *vctx, nq_err *err) {
  user_read_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, login, full_name, role, unit_id, scope_all, disabled, created_at,"
    " password_changed_at FROM users ORDER BY login");
  if (!st) return nq_db_error(db, err);
  json_t *rows;
  nq_code rc = nq_db_rows(db, st, &rows, err);
  if (rc) return rc;
  size_t i;
  json_t *u;
  json_array_foreach(rows, i, u) {
    user_fix_types(u);
    if ((rc = user_plan_ids(db, json_integer_value(json_object_get(u, "id")), u, err))) {
      json_decref(rows);
      return rc;
    }
  }
  ctx->out = rows;
  return NQ_OK;
}

nq_code nq_store_users_list(nq_store *s, json_t **out, nq_err *err) {
  user_read_ctx ctx = {0, NULL, NULL};
  nq_code rc = nq_sql_read(s, users_list_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

static nq_code user_get_in(nq_db *db, void *vctx, nq_err *err) {
  user_read_ctx *ctx = vctx;
  return db_user_by_id(db, ctx->id, &ctx->out, err);
}

nq_code nq_store_user_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  user_read_ctx ctx = {id, NULL, NULL};
  nq_code rc = nq_sql_read(s, user_get_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

static nq_code user_by_login_in(nq_db *db, void *vctx, nq_err *err) {
  user_read_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, login, full_name, role, unit_id, scope_all, disabled, created_at,"
    " password_changed_at, password_hash FROM users WHERE login=?1");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->login);
  return db_user_json(db, st, true, &ctx->out, err);
}

nq_code nq_store_user_by_login(nq_store *s, const char *login, json_t **out, nq_err *err) {
  user_read_ctx ctx = {0, login, NULL};
  nq_code rc = nq_sql_read(s, user_by_login_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

static nq_code revoke_user_sessions(nq_db *db, int64_t user_id, int64_t now,
                                    int64_t *count, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "UPDATE sessions SET revoked_at=?2 WHERE user_id=?1 AND revoked_at IS NULL");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, user_id);
  bind_time(st, 2, now);
  nq_code rc = nq_db_step_done(db, st, err);
  if (!rc && count) *count = sqlite3_changes(nq_db_handle(db));
  return rc;
}

typedef struct user_change_ctx {
  int64_t id;
  const char *hash;
  bool flag;         /* rehash, or disabled */
  int64_t now;
} user_change_ctx;

static nq_code set_password_in(nq_db *db, void *vctx, nq_err *err) {
  user_change_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = db_user_by_id(db, ctx->id, &before, err);
  if (rc) return rc;
  sqlite3_stmt *st = nq_db_stmt(db,
    "UPDATE users SET password_hash=?2, password_changed_at=?3 WHERE id=?1");
  if (!st) {
    json_decref(before);
    return nq_db_error(db, err);
  }
  sqlite3_bind_int64(st, 1, ctx->id);
  nq_bind_text(st, 2, ctx->hash);
  bind_time(st, 3, ctx->now);
  rc = nq_db_step_done(db, st, err);
  /* A new password ends every session opened with the old one; a cost
  ** upgrade at login is the same password and keeps them. */
  if (!rc && !ctx->flag) rc = revoke_user_sessions(db, ctx->id, ctx->now, NULL, err);
  json_t *after = NULL;
  if (!rc) rc = db_user_by_id(db, ctx->id, &after, err);
  if (!rc)
    rc = nq_db_audit(db, ctx->flag ? "rehash_password" : "set_password", "user", ctx->id,
                     before, after, err);
  json_decref(before);
  json_decref(after);
  return rc;
}

nq_code nq_store_user_set_password(nq_store *s, const nq_actor *who, int64_t id,
                                   const char *password_hash, bool rehash, int64_t now,
                                   nq_err *err) {
  user_change_ctx ctx = {id, password_hash, rehash, now};
  return nq_sql_write(s, who, set_password_in, &ctx, err);
}

static nq_code set_disabled_in(nq_db *db, void *vctx, nq_err *err) {
  user_change_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = db_user_by_id(db, ctx->id, &before, err);
  if (rc) return rc;
  sqlite3_stmt *st = nq_db_stmt(db, "UPDATE users SET disabled=?2 WHERE id=?1");
  if (!st) {
    json_decref(before);
    return nq_db_error(db, err);
  }
  sqlite3_bind_int64(st, 1, ctx->id);
  sqlite3_bind_int(st, 2, ctx->flag);
  rc = nq_db_step_done(db, st, err);
  if (!rc && ctx->flag) {
    rc = revoke_user_sessions(db, ctx->id, ctx->now, NULL, err);
    if (!rc) {
      st = nq_db_stmt(db,
        "UPDATE api_tokens SET revoked_at=?2 WHERE user_id=?1 AND revoked_at IS NULL");
      if (!st) rc = nq_db_error(db, err);
      else {
        sqlite3_bind_int64(st, 1, ctx->id);
        bind_time(st, 2, ctx->now);
        rc = nq_db_step_done(db, st, err);
      }
    }
  }
  json_t *after = NULL;
  if (!rc) rc = db_user_by_id(db, ctx->id, &after, err);
  if (!rc)
    rc = nq_db_audit(db, ctx->flag ? "disable" : "enable", "user", ctx->id, before, after, err);
  json_decref(before);
  json_decref(after);
  return rc;
}

nq_code nq_store_user_set_disabled(nq_store *s, const nq_actor *who, int64_t id,
                                   bool disabled, int64_t now, nq_err *err) {
  user_change_ctx ctx = {id, NULL, disabled, now};
  return nq_sql_write(s, who, set_disabled_in, &ctx, err);
}

typedef struct user_update_ctx {
  int64_t id;
  const json_t *patch;
  int64_t now;
  json_t *out;
} user_update_ctx;

/* Run one statement bound with (user id, value); value < 0 binds nothing. */
static nq_code user_exec(nq_db *db, const char *sql, int64_t id, int64_t value, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, sql);
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  if (value >= 0) sqlite3_bind_int64(st, 2, value);
  return nq_db_step_done(db, st, err);
}

static nq_code user_update_in(nq_db *db, void *vctx, nq_err *err) {
  user_update_ctx *ctx = vctx;
  const json_t *p = ctx->patch;
  json_t *before = NULL;
  nq_code rc = db_user_by_id(db, ctx->id, &before, err);
  if (rc) return rc;
  json_t *role = json_object_get(p, "role"), *unit = json_object_get(p, "unit_id");
  json_t *name = json_object_get(p, "full_name"), *all = json_object_get(p, "scope_all");
  json_t *disabled = json_object_get(p, "disabled"), *plans = json_object_get(p, "plan_ids");
  bool found = true;
  if (json_is_integer(unit) &&
      !(rc = exists(db, "SELECT 1 FROM units WHERE id=?1", json_integer_value(unit), &found, err)) && !found)
    rc = nq_fail(err, NQ_EINVAL, "Không có đơn vị số %lld.", (long long)json_integer_value(unit));
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db,
    "UPDATE users SET full_name=coalesce(?2,full_name), role=coalesce(?3,role),"
    " unit_id=CASE WHEN ?4 THEN ?5 ELSE unit_id END, scope_all=coalesce(?6,scope_all),"
    " disabled=coalesce(?7,disabled) WHERE id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  if (!rc) {
    sqlite3_bind_int64(st, 1, ctx->id);
    nq_bind_text(st, 2, json_string_value(name));
    nq_bind_text(st, 3, json_string_value(role));
    sqlite3_bind_int(st, 4, unit != NULL);
    nq_bind_id(st, 5, json_integer_value(unit));
    if (all) sqlite3_bind_int(st, 6, json_is_true(all));
    if (disabled) sqlite3_bind_int(st, 7, json_is_true(disabled));
    rc = nq_db_step_done(db, st, err);
  }
  if (!rc && plans) {
    rc = user_exec(db, "DELETE FROM user_plan_scopes WHERE user_id=?1", ctx->id, -1, err);
    size_t i;
    json_t *v;
    json_array_foreach(plans, i, v) {
      if (rc) break;
      int64_t plan_id = json_integer_value(v);
      if ((rc = exists(db, "SELECT 1 FROM plans WHERE id=?1", plan_id, &found, err))) break;
      if (!found) rc = nq_fail(err, NQ_EINVAL, "Không có kế hoạch số %lld.", (long long)plan_id);
      else rc = user_exec(db, "INSERT OR IGNORE INTO user_plan_scopes(user_id, plan_id) VALUES (?1,?2)",
                          ctx->id, plan_id, err);
    }
  }
  /* src/monitor lets only unit_heads approve and send a unit's report: the
  ** rows follow the account's role and unit, as at creation. */
  bool role_changed = role && strcmp(json_string_value(role), json_string_value(json_object_get(before, "role")));
  bool unit_changed = unit && json_integer_value(unit) != json_integer_value(json_object_get(before, "unit_id"));
  if (!rc && (role_changed || unit_changed)) {
    rc = user_exec(db, "DELETE FROM unit_heads WHERE user_id=?1 AND unit_id IS NOT"
                       " (SELECT unit_id FROM users WHERE id=?1 AND role='head')", ctx->id, -1, err);
    st = rc ? NULL : nq_db_stmt(db,
      "INSERT OR IGNORE INTO unit_heads(unit_id, user_id, acting, since)"
      " SELECT unit_id, id, 0, ?2 FROM users WHERE id=?1 AND role='head' AND unit_id IS NOT NULL");
    if (!rc && !st) rc = nq_db_error(db, err);
    if (!rc) {
      sqlite3_bind_int64(st, 1, ctx->id);
      bind_time(st, 2, ctx->now);
      rc = nq_db_step_done(db, st, err);
    }
  }
  /* Disabling ends what the account has open, as nq_store_user_set_disabled. */
  if (!rc && json_is_true(disabled)) {
    rc = revoke_user_sessions(db, ctx->id, ctx->now, NULL, err);
    st = rc ? NULL : nq_db_stmt(db,
      "UPDATE api_tokens SET revoked_at=?2 WHERE user_id=?1 AND revoked_at IS NULL");
    if (!rc && !st) rc = nq_db_error(db, err);
    if (!rc) {
      sqlite3_bind_int64(st, 1, ctx->id);
      bind_time(st, 2, ctx->now);
      rc = nq_db_step_done(db, st, err);
    }
  }
  /* Checked after the change, in the same transaction, so two administrators
  ** demoting each other at once cannot leave none. */
  if (!rc) {
    st = nq_db_stmt(db, "SELECT count(*) FROM users WHERE role='admin' AND disabled=0");
    if (!st) rc = nq_db_error(db, err);
    else {
      int64_t admins = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
      sqlite3_reset(st);
      if (admins < 0) rc = nq_db_error(db, err);
      else if (admins == 0)
        rc = nq_fail(err, NQ_ECONFLICT, "Không thể khóa hoặc đổi vai trò của quản trị viên cuối cùng.");
    }
  }
  json_t *after = NULL;
  if (!rc) rc = db_user_by_id(db, ctx->id, &after, err);
  if (!rc) rc = nq_db_audit(db, "update", "user", ctx->id, before, after, err);
  json_decref(before);
  if (rc) {
    json_decref(after);
    return rc;
  }
  ctx->out = after;
  return NQ_OK;
}

nq_code nq_store_user_update(nq_store *s, const nq_actor *who, int64_t id, const json_t *patch,
                             int64_t now, json_t **out, nq_err *err) {
  user_update_ctx ctx = {id, patch, now, NULL};
  nq_code rc = nq_sql_write(s, who, user_update_in, &ctx, err);
  if (rc) return rc;
  if (out) *out = ctx.out;
  else json_decref(ctx.out);
  return NQ_OK;
}

typedef struct count_ctx {
  int64_t n;
} count_ctx;

static nq_code admin_count_in(nq_db *db, void *vctx, nq_err *err) {
  count_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT count(*) FROM users WHERE role='admin' AND disabled=0");
  if (!st) return nq_db_error(db, err);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) ctx->n = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? NQ_OK : nq_db_error(db, err);
}

nq_code nq_store_admin_count(nq_store *s, int64_t *n, nq_err *err) {
  count_ctx ctx = {0};
  nq_code rc = nq_sql_read(s, admin_count_in, &ctx, err);
  if (!rc) *n = ctx.n;
  return rc;
}

/* ---- sessions ----------------------------------------------------------- */

typedef struct session_ctx {
  const nq_session *in;
  nq_session *out;
  const char *hash;
  const char *user_agent;
  int64_t user_id;
  int64_t now;
  int64_t count;
} session_ctx;

static nq_code session_create_in(nq_db *db, void *vctx, nq_err *err) {
  session_ctx *ctx = vctx;
  const nq_session *ses = ctx->in;
  const nq_actor *who = nq_db_actor(db);
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO sessions(token_hash, user_id, created_at, last_seen_at, expires_at,"
    " origin, user_agent) VALUES (?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ses->id_hash);
  sqlite3_bind_int64(st, 2, ses->user_id);
  bind_time(st, 3, ses->created_at);
  bind_time(st, 4, ses->last_seen_at);
  bind_time(st, 5, ses->expires_at);
  nq_bind_text(st, 6, who && who->origin ? who->origin : "");
  nq_bind_text(st, 7, ctx->user_agent ? ctx->user_agent : "");
  nq_code rc = nq_db_step_done(db, st, err);
  if (rc) return rc;
  json_t *after = json_pack("{s:I,s:s}", "session_id",
                            (json_int_t)sqlite3_last_insert_rowid(nq_db_handle(db)),
                            "user_agent", ctx->user_agent ? ctx->user_agent : "");
  rc = nq_db_audit(db, "login", "user", ses->user_id, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_store_session_create(nq_store *s, const nq_actor *who, const nq_session *ses,
                                const char *user_agent, nq_err *err) {
  session_ctx ctx = {.in = ses, .user_agent = user_agent};
  return nq_sql_write_signin(s, who, session_create_in, &ctx, err);
}

static nq_code session_get_in(nq_db *db, void *vctx, nq_err *err) {
  session_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT user_id, created_at, last_seen_at, expires_at, revoked_at"
    " FROM sessions WHERE token_hash=?1");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->hash);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return nq_fail(err, NQ_ENOTFOUND, "Không có phiên đăng nhập này.");
    return nq_db_error(db, err);
  }
  nq_session *o = ctx->out;
  memset(o, 0, sizeof *o);
  snprintf(o->id_hash, sizeof o->id_hash, "%s", ctx->hash);
  o->user_id = sqlite3_column_int64(st, 0);
  o->created_at = unix_from_iso(nq_col_text(st, 1));
  o->last_seen_at = unix_from_iso(nq_col_text(st, 2));
  o->expires_at = unix_from_iso(nq_col_text(st, 3));
  o->revoked_at = unix_from_iso(nq_col_text(st, 4));
  sqlite3_reset(st);
  return NQ_OK;
}

nq_code nq_store_session_get(nq_store *s, const char *token_hash, nq_session *out,
                             nq_err *err) {
  session_ctx ctx = {.out = out, .hash = token_hash};
  return nq_sql_read(s, session_get_in, &ctx, err);
}

static nq_code session_touch_in(nq_db *db, void *vctx, nq_err *err) {
  session_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "UPDATE sessions SET last_seen_at=?2 WHERE token_hash=?1 AND last_seen_at < ?2");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->hash);
  bind_time(st, 2, ctx->now);
  return nq_db_step_done(db, st, err);
}

nq_code nq_store_session_touch(nq_store *s, const char *token_hash, int64_t now,
                               nq_err *err) {
  session_ctx ctx = {.hash = token_hash, .now = now};
  return nq_sql_write_signin(s, NULL, session_touch_in, &ctx, err);
}

static nq_code session_revoke_in(nq_db *db, void *vctx, nq_err *err) {
  session_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT user_id FROM sessions WHERE token_hash=?1 AND revoked_at IS NULL");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->hash);
  int step = sqlite3_step(st);
  int64_t user_id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (step == SQLITE_DONE) return NQ_OK; /* already ended: logout is idempotent */
  if (step != SQLITE_ROW) return nq_db_error(db, err);
  st = nq_db_stmt(db, "UPDATE sessions SET revoked_at=?2 WHERE token_hash=?1");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->hash);
  bind_time(st, 2, ctx->now);
  nq_code rc = nq_db_step_done(db, st, err);
  if (!rc) rc = nq_db_audit(db, "logout", "user", user_id, NULL, NULL, err);
  return rc;
}

nq_code nq_store_session_revoke(nq_store *s, const nq_actor *who, const char *token_hash,
                                int64_t now, nq_err *err) {
  session_ctx ctx = {.hash = token_hash, .now = now};
  return nq_sql_write_signin(s, who, session_revoke_in, &ctx, err);
}

static nq_code sessions_revoke_user_in(nq_db *db, void *vctx, nq_err *err) {
  session_ctx *ctx = vctx;
  nq_code rc = revoke_user_sessions(db, ctx->user_id, ctx->now, &ctx->count, err);
  if (rc) return rc;
  json_t *after = json_pack("{s:I}", "sessions_revoked", (json_int_t)ctx->count);
  rc = nq_db_audit(db, "logout_all", "user", ctx->user_id, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_store_sessions_revoke_user(nq_store *s, const nq_actor *who, int64_t user_id,
                                      int64_t now, int64_t *count, nq_err *err) {
  session_ctx ctx = {.user_id = user_id, .now = now};
  nq_code rc = nq_sql_write(s, who, sessions_revoke_user_in, &ctx, err);
  if (!rc && count) *count = ctx.count;
  return rc;
}

/* ---- API tokens --------------------------------------------------------- */

typedef struct token_ctx {
  const json_t *in;
  const char *hash;
  int64_t owner_id;
  int64_t id;
  int64_t now;
  json_t *out;
} token_ctx;

static nq_code token_row(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, user_id, name, actions, created_at, expires_at, last_used_at, revoked_at"
    " FROM api_tokens WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return nq_fail(err, NQ_ENOTFOUND, "Không có mã truy cập số %lld.", (long long)id);
    return nq_db_error(db, err);
  }
  *out = nq_row_object(st);
  sqlite3_reset(st);
  return NQ_OK;
}

static nq_code token_create_in(nq_db *db, void *vctx, nq_err *err) {
  token_ctx *ctx = vctx;
  const json_t *t = ctx->in;
  int64_t user_id = json_integer_value(json_object_get(t, "user_id"));
  const char *name = json_string_value(json_object_get(t, "name"));
  const char *actions = json_string_value(json_object_get(t, "actions"));
  int64_t expires = json_integer_value(json_object_get(t, "expires_at"));
  if (!user_id || !name || !actions) return nq_fail(err, NQ_EINVAL, "Thiếu thông tin mã truy cập.");
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO api_tokens(token_hash, user_id, name, actions, created_at, expires_at)"
    " VALUES (?1,?2,?3,?4,?5,?6)");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->hash);
  sqlite3_bind_int64(st, 2, user_id);
  nq_bind_text(st, 3, name);
  nq_bind_text(st, 4, actions);
  bind_time(st, 5, ctx->now);
  bind_time(st, 6, expires);
  nq_code rc = nq_db_step_done(db, st, err);
  if (rc) return rc;
  ctx->id = sqlite3_last_insert_rowid(nq_db_handle(db));
  json_t *after = NULL;
  if ((rc = token_row(db, ctx->id, &after, err))) return rc;
  rc = nq_db_audit(db, "create", "api_token", ctx->id, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_store_api_token_create(nq_store *s, const nq_actor *who, const json_t *token,
                                  const char *token_hash, int64_t now, int64_t *id_out,
                                  nq_err *err) {
  token_ctx ctx = {.in = token, .hash = token_hash, .now = now};
  nq_code rc = nq_sql_write(s, who, token_create_in, &ctx, err);
  if (!rc && id_out) *id_out = ctx.id;
  return rc;
}

static nq_code token_find_in(nq_db *db, void *vctx, nq_err *err) {
  token_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, user_id, name, actions, created_at, expires_at, last_used_at, revoked_at"
    " FROM api_tokens WHERE token_hash=?1");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, ctx->hash);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return nq_fail(err, NQ_ENOTFOUND, "Không có mã truy cập này.");
    return nq_db_error(db, err);
  }
  json_t *t = nq_row_object(st);
  sqlite3_reset(st);
  member_to_unix(t, "created_at");
  member_to_unix(t, "expires_at");
  member_to_unix(t, "last_used_at");
  member_to_unix(t, "revoked_at");
  ctx->out = t;
  return NQ_OK;
}

nq_code nq_store_api_token_find(nq_store *s, const char *token_hash, json_t **out,
                                nq_err *err) {
  token_ctx ctx = {.hash = token_hash};
  nq_code rc = nq_sql_read(s, token_find_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

static nq_code tokens_list_in(nq_db *db, void *vctx, nq_err *err) {
  token_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, user_id, name, actions, created_at, expires_at, last_used_at, revoked_at"
    " FROM api_tokens WHERE user_id=?1 ORDER BY id DESC");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->owner_id);
  return nq_db_rows(db, st, &ctx->out, err);
}

nq_code nq_store_api_tokens_list(nq_store *s, int64_t user_id, json_t **out, nq_err *err) {
  token_ctx ctx = {.owner_id = user_id};
  nq_code rc = nq_sql_read(s, tokens_list_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

static nq_code token_revoke_in(nq_db *db, void *vctx, nq_err *err) {
  token_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = token_row(db, ctx->id, &before, err);
  if (rc) return rc;
  int64_t owner = json_integer_value(json_object_get(before, "user_id"));
  if ((ctx->owner_id && owner != ctx->owner_id) || !json_is_null(json_object_get(before, "revoked_at"))) {
    json_decref(before);
    return nq_fail(err, NQ_ENOTFOUND, "Không có mã truy cập số %lld đang hiệu lực.", (long long)ctx->id);
  }
  sqlite3_stmt *st = nq_db_stmt(db, "UPDATE api_tokens SET revoked_at=?2 WHERE id=?1");
  if (!st) rc = nq_db_error(db, err);
  else {
    sqlite3_bind_int64(st, 1, ctx->id);
    bind_time(st, 2, ctx->now);
    rc = nq_db_step_done(db, st, err);
  }
  json_t *after = NULL;
  if (!rc) rc = token_row(db, ctx->id, &after, err);
  if (!rc) rc = nq_db_audit(db, "revoke", "api_token", ctx->id, before, after, err);
  json_decref(before);
  json_decref(after);
  return rc;
}

nq_code nq_store_api_token_revoke(nq_store *s, const nq_actor *who, int64_t owner_id,
                                  int64_t id, int64_t now, nq_err *err) {
  token_ctx ctx = {.owner_id = owner_id, .id = id, .now = now};
  return nq_sql_write(s, who, token_revoke_in, &ctx, err);
}

static nq_code token_touch_in(nq_db *db, void *vctx, nq_err *err) {
  token_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db, "UPDATE api_tokens SET last_used_at=?2 WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->id);
  bind_time(st, 2, ctx->now);
  return nq_db_step_done(db, st, err);
}

nq_code nq_store_api_token_touch(nq_store *s, int64_t id, int64_t now, nq_err *err) {
  token_ctx ctx = {.id = id, .now = now};
  return nq_sql_write_signin(s, NULL, token_touch_in, &ctx, err);
}

/* ---- login attempts ----------------------------------------------------- */

typedef struct attempt_ctx {
  const char *login, *origin, *reason;
  bool success;
  int64_t now;
} attempt_ctx;

static nq_code attempt_in(nq_db *db, void *vctx, nq_err *err) {
  attempt_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO login_attempts(at, login, origin, success, reason) VALUES (?1,?2,?3,?4,?5)");
  if (!st) return nq_db_error(db, err);
  bind_time(st, 1, ctx->now);
  nq_bind_text(st, 2, ctx->login ? ctx->login : "");
  nq_bind_text(st, 3, ctx->origin ? ctx->origin : "");
  sqlite3_bind_int(st, 4, ctx->success);
  nq_bind_text(st, 5, ctx->reason ? ctx->reason : "");
  return nq_db_step_done(db, st, err);
}

nq_code nq_store_login_attempt(nq_store *s, const char *login, const char *origin,
                               bool success, const char *reason, int64_t now, nq_err *err) {
  attempt_ctx ctx = {login, origin, reason, success, now};
  return nq_sql_write_signin(s, NULL, attempt_in, &ctx, err);
}

/* ---- authorization ------------------------------------------------------ */

typedef struct scope_ctx {
  nq_resource_kind kind;
  int64_t id;
  nq_resource *out;
} scope_ctx;

/* Run st (one bound parameter: the id) expecting one row; plan id in
** column 0 and a unit id (or NULL) in column 1, public flag in column 2. */
static nq_code scope_row(nq_db *db, sqlite3_stmt *st, scope_ctx *ctx, nq_err *err) {
  sqlite3_bind_int64(st, 1, ctx->id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
      return nq_fail(err, NQ_ENOTFOUND, "Không có dữ liệu số %lld.", (long long)ctx->id);
    return nq_db_error(db, err);
  }
  nq_resource *r = ctx->out;
  r->plan_id = sqlite3_column_int64(st, 0);
  if (sqlite3_column_type(st, 1) != SQLITE_NULL) r->units[r->n_units++] = sqlite3_column_int64(st, 1);
  r->published = sqlite3_column_int(st, 2) != 0;
  sqlite3_reset(st);
  return NQ_OK;
}

static nq_code task_units(nq_db *db, scope_ctx *ctx, nq_err *err) {
  /* Leads first, so policy.c's n_lead prefix is right. */
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT unit_id, role FROM task_units WHERE task_id=?1 AND role IN ('lead','support')"
    " ORDER BY role='support', ordinal");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->id);
  nq_resource *r = ctx->out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (r->n_units >= NQ_MAX_RESOURCE_UNITS) continue;
    r->units[r->n_units++] = sqlite3_column_int64(st, 0);
    if (!strcmp(nq_col_text(st, 1), "lead")) r->n_lead++;
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

static nq_code resource_scope_in(nq_db *db, void *vctx, nq_err *err) {
  scope_ctx *ctx = vctx;
  const char *sql;
  switch (ctx->kind) {
  case NQ_RES_PLAN: sql = "SELECT id, NULL, public FROM plans WHERE id=?1"; break;
  case NQ_RES_TASK:
    sql = "SELECT t.plan_id, NULL, p.public FROM tasks t JOIN plans p ON p.id=t.plan_id"
          " WHERE t.id=?1";
    break;
  case NQ_RES_INDICATOR:
    sql = "SELECT i.plan_id, NULL, p.public FROM indicators i JOIN plans p ON p.id=i.plan_id"
          " WHERE i.id=?1";
    break;
  case NQ_RES_REPORT:
    sql = "SELECT plan_id, unit_id, 0 FROM unit_reports WHERE id=?1";
    break;
  case NQ_RES_UNIT: sql = "SELECT 0, id, 0 FROM units WHERE id=?1"; break;
  default:
    return nq_fail(err, NQ_EINTERNAL, "Không tra được phạm vi của loại dữ liệu số %d.",
                   (int)ctx->kind);
  }
  sqlite3_stmt *st = nq_db_stmt(db, sql);
  if (!st) return nq_db_error(db, err);
  nq_code rc = scope_row(db, st, ctx, err);
  if (!rc && ctx->kind == NQ_RES_TASK) rc = task_units(db, ctx, err);
  return rc;
}

nq_code nq_store_resource_scope(nq_store *s, nq_resource_kind kind, int64_t id,
                                nq_resource *out, nq_err *err) {
  memset(out, 0, sizeof *out);
  out->kind = kind;
  scope_ctx ctx = {kind, id, out};
  return nq_sql_read(s, resource_scope_in, &ctx, err);
}

static nq_code period_scope_in(nq_db *db, void *vctx, nq_err *err) {
  scope_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT r.plan_id, NULL, p.public FROM report_periods r JOIN plans p ON p.id=r.plan_id"
    " WHERE r.id=?1");
  if (!st) return nq_db_error(db, err);
  return scope_row(db, st, ctx, err);
}

nq_code nq_store_period_scope(nq_store *s, int64_t period_id, nq_resource *out, nq_err *err) {
  scope_ctx ctx = {out->kind, period_id, out};
  return nq_sql_read(s, period_scope_in, &ctx, err);
}

/* ---- housekeeping --------------------------------------------------------- */

typedef struct prune_ctx {
  int64_t session_cutoff, attempt_cutoff, removed;
} prune_ctx;

static nq_code prune_in(nq_db *db, void *vctx, nq_err *err) {
  prune_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "DELETE FROM sessions WHERE expires_at < ?1 OR revoked_at < ?1");
  if (!st) return nq_db_error(db, err);
  bind_time(st, 1, ctx->session_cutoff);
  nq_code rc = nq_db_step_done(db, st, err);
  if (rc) return rc;
  int64_t sessions = sqlite3_changes(nq_db_handle(db));
  st = nq_db_stmt(db, "DELETE FROM login_attempts WHERE at < ?1");
  if (!st) return nq_db_error(db, err);
  bind_time(st, 1, ctx->attempt_cutoff);
  if ((rc = nq_db_step_done(db, st, err))) return rc;
  int64_t attempts = sqlite3_changes(nq_db_handle(db));
  ctx->removed = sessions + attempts;
  if (ctx->removed == 0) return NQ_OK;
  json_t *after = json_pack("{s:I,s:I}", "sessions_removed", (json_int_t)sessions,
                            "login_attempts_removed", (json_int_t)attempts);
  rc = nq_db_audit(db, "prune", "session", 0, NULL, after, err);
  json_decref(after);
  return rc;
}

nq_code nq_store_auth_prune(nq_store *s, int64_t session_cutoff, int64_t attempt_cutoff,
                            int64_t *removed, nq_err *err) {
  prune_ctx ctx = {session_cutoff, attempt_cutoff, 0};
  nq_code rc = nq_sql_write_signin(s, NULL, prune_in, &ctx, err);
  if (!rc && removed) *removed = ctx.removed;
  return rc;
}
