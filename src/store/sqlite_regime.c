/*
** sqlite_regime.c: a plan's reporting regime over SQLite; see
** store_regime.h.
*/
#include <string.h>

#include "core/period.h"
#include "store/sql.h"
#include "store/store_regime.h"

typedef struct regime_ctx {
  int64_t plan_id, if_version;
  const json_t *items;
  json_t *out;
} regime_ctx;

/* The plan's version; NQ_ENOTFOUND when there is no such plan. */
static nq_code plan_version(nq_db *db, int64_t plan_id, int64_t *version, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT version FROM plans WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, plan_id);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) *version = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (step == SQLITE_DONE)
    return nq_fail(err, NQ_ENOTFOUND, "Không có kế hoạch số %lld.", (long long)plan_id);
  return step == SQLITE_ROW ? NQ_OK : nq_db_error(db, err);
}

static nq_code regime_json(nq_db *db, int64_t plan_id, json_t **out, nq_err *err) {
  int64_t version = 0;
  nq_code rc = plan_version(db, plan_id, &version, err);
  if (rc) return rc;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT period, due FROM reporting_regimes WHERE plan_id=?1 ORDER BY ordinal, id");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, plan_id);
  json_t *items;
  if ((rc = nq_db_rows(db, st, &items, err))) return rc;
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    nq_period_kind kind;
    const char *name = json_string_value(json_object_get(item, "period"));
    if (nq_period_kind_from_name(name, &kind, NULL) == NQ_OK)
      json_object_set_new(item, "period_label", json_string(nq_period_kind_label(kind)));
  }
  *out = json_pack("{s:I,s:I,s:o}", "plan_id", (json_int_t)plan_id, "version", (json_int_t)version,
                   "items", items);
  return NQ_OK;
}

static nq_code regime_get_in(nq_db *db, void *vctx, nq_err *err) {
  regime_ctx *ctx = vctx;
  return regime_json(db, ctx->plan_id, &ctx->out, err);
}

nq_code nq_store_regime_get(nq_store *s, int64_t plan_id, json_t **out, nq_err *err) {
  regime_ctx ctx = {plan_id, -1, NULL, NULL};
  nq_code rc = nq_sql_read(s, regime_get_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

/* Items are checked before anything is written, each fault named by its
** place in the list (the web form shows it next to the row). */
static nq_code check_items(const json_t *items, nq_err *err) {
  if (!json_is_array(items)) return nq_fail(err, NQ_EINVAL, "items: phải là mảng các kỳ báo cáo.");
  bool seen[NQ_PERIOD_KINDS] = {false};
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    if (!json_is_object(item))
      return nq_fail(err, NQ_EINVAL, "items[%zu]: phải là {\"period\", \"due\"}.", i);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)item, k, v) {
      if (strcmp(k, "period") && strcmp(k, "due") && strcmp(k, "period_label"))
        return nq_fail(err, NQ_EINVAL, "items[%zu].%s: trường này không có trong chế độ báo cáo.", i, k);
    }
    nq_period_kind kind;
    const char *name = json_string_value(json_object_get(item, "period"));
    if (nq_period_kind_from_name(name, &kind, NULL) != NQ_OK)
      return nq_fail(err, NQ_EINVAL,
                     "items[%zu].period: phải là month, quarter, half, nine_months, year hoặc adhoc.", i);
    if (seen[kind])
      return nq_fail(err, NQ_EINVAL, "items[%zu].period: kỳ \"%s\" đã có trong chế độ báo cáo.", i,
                     nq_period_kind_label(kind));
    seen[kind] = true;
    json_t *due = json_object_get(item, "due");
    const char *text = json_string_value(due);
    if (due && !json_is_null(due) && (!text || (*text && !nq_period_due_valid(text))))
      return nq_fail(err, NQ_EINVAL,
                     "items[%zu].due: hạn \"%.40s\" không hợp lệ (\"day 20\", \"day 10 of next month\", "
                     "\"06-10\" hoặc để trống).", i, text ? text : "");
  }
  return NQ_OK;
}

static nq_code regime_set_in(nq_db *db, void *vctx, nq_err *err) {
  regime_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = regime_json(db, ctx->plan_id, &before, err);
  if (rc) return rc;
  int64_t version = json_integer_value(json_object_get(before, "version"));
  if (ctx->if_version >= 0 && version != ctx->if_version)
    rc = nq_fail(err, NQ_EPRECOND,
                 "Kế hoạch đã được người khác sửa (phiên bản hiện tại %lld, bạn sửa từ phiên bản %lld); "
                 "hãy tải lại rồi sửa.", (long long)version, (long long)ctx->if_version);
  if (!rc) rc = check_items(ctx->items, err);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db, "DELETE FROM reporting_regimes WHERE plan_id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  if (!rc) {
    sqlite3_bind_int64(st, 1, ctx->plan_id);
    rc = nq_db_step_done(db, st, err);
  }
  size_t i;
  json_t *item;
  json_array_foreach(ctx->items, i, item) {
    if (rc) break;
    const char *due = json_string_value(json_object_get(item, "due"));
    st = nq_db_stmt(db, "INSERT INTO reporting_regimes(plan_id, ordinal, period, due) VALUES (?1,?2,?3,?4)");
    if (!st) {
      rc = nq_db_error(db, err);
      break;
    }
    sqlite3_bind_int64(st, 1, ctx->plan_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
    nq_bind_text(st, 3, json_string_value(json_object_get(item, "period")));
    nq_bind_text(st, 4, due && *due ? due : NULL);
    rc = nq_db_step_done(db, st, err);
  }
  if (!rc) {
    st = nq_db_stmt(db, "UPDATE plans SET version=version+1, updated_at=?2 WHERE id=?1");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, ctx->plan_id);
      nq_bind_text(st, 2, nq_db_now(db));
      rc = nq_db_step_done(db, st, err);
    }
  }
  json_t *after = NULL;
  if (!rc) rc = regime_json(db, ctx->plan_id, &after, err);
  if (!rc) rc = nq_db_audit(db, "update_regime", "plan", ctx->plan_id, before, after, err);
  json_decref(before);
  if (rc) {
    json_decref(after);
    return rc;
  }
  ctx->out = after;
  return NQ_OK;
}

nq_code nq_store_regime_set(nq_store *s, const nq_actor *who, int64_t plan_id, int64_t if_version,
                            const json_t *items, json_t **out, nq_err *err) {
  regime_ctx ctx = {plan_id, if_version, items, NULL};
  nq_code rc = nq_sql_write(s, who, regime_set_in, &ctx, err);
  if (rc) return rc;
  if (out) *out = ctx.out;
  else json_decref(ctx.out);
  return NQ_OK;
}
