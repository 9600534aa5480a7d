/*
** sqlite_imports.c: import drafts over SQLite (store_imports.h): a plan
** document's text and plan JSON kept for review, corrected under If-Match,
** and published as a plan in the same transaction that closes the draft.
*/
#include <stdlib.h>
#include <string.h>

#include "core/planjson.h"
#include "store/sqlite_int.h"
#include "store/store_imports.h"

#define DRAFT_COLUMNS \
  "id, file_name, media_type, byte_count, state, page, pages, error, plan_id, version," \
  " created_by, created_by_name, created_at, updated_at"

/* The summary row; st holds DRAFT_COLUMNS first. */
static json_t *draft_row(sqlite3_stmt *st) {
  return json_pack("{s:I,s:o,s:o,s:I,s:o,s:{s:i,s:i},s:o,s:o,s:I,s:o,s:o,s:o,s:o}",
                   "id", (json_int_t)sqlite3_column_int64(st, 0),
                   "file_name", nq_col_json(st, 1), "media_type", nq_col_json(st, 2),
                   "byte_count", (json_int_t)sqlite3_column_int64(st, 3),
                   "state", nq_col_json(st, 4),
                   "progress", "page", sqlite3_column_int(st, 5), "pages", sqlite3_column_int(st, 6),
                   "error", nq_col_json(st, 7), "plan_id", nq_col_json(st, 8),
                   "version", (json_int_t)sqlite3_column_int64(st, 9),
                   "created_by", nq_col_json(st, 10), "created_by_name", nq_col_json(st, 11),
                   "created_at", nq_col_json(st, 12), "updated_at", nq_col_json(st, 13));
}

/* The draft with its text and plan (full) or without (summary). */
static nq_code draft_read(nq_db *db, int64_t id, bool full, json_t **out, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT " DRAFT_COLUMNS ", source_text, plan_json FROM import_drafts WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return nq_db_error(db, err);
    return nq_fail(err, NQ_ENOTFOUND, "Không có bản nháp nhập kế hoạch mã %lld", (long long)id);
  }
  json_t *d = draft_row(st);
  if (full) {
    json_object_set_new(d, "source_text", nq_col_json(st, 14));
    const char *plan_text = nq_col_text(st, 15);
    json_t *plan = plan_text ? json_loads(plan_text, 0, NULL) : NULL;
    json_t *agencies = json_object_get(plan, "new_agencies");
    json_object_set_new(d, "agencies", json_is_array(agencies) ? json_incref(agencies) : json_array());
    json_object_set_new(d, "plan", plan ? plan : json_null());
  }
  sqlite3_reset(st);
  *out = d;
  return NQ_OK;
}

/* What the audit log keeps of a draft: its summary, not the whole plan. */
static json_t *audit_view(const json_t *draft) {
  json_t *v = json_deep_copy(draft);
  json_object_del(v, "source_text");
  json_t *plan = json_object_get(v, "plan");
  if (json_is_object(plan))
    json_object_set_new(v, "task_count", json_integer((json_int_t)json_array_size(json_object_get(plan, "tasks"))));
  json_object_del(v, "plan");
  json_object_del(v, "agencies");
  return v;
}

static char *dump_or_null(const json_t *j) { return j ? json_dumps(j, JSON_COMPACT) : NULL; }

/* ---- create ------------------------------------------------------------------ */

typedef struct create_ctx {
  const nq_import_draft_new *d;
  int64_t id;
} create_ctx;

static nq_code create_in(nq_db *db, void *vctx, nq_err *err) {
  create_ctx *ctx = vctx;
  const nq_import_draft_new *d = ctx->d;
  char *plan_text = dump_or_null(d->plan);
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO import_drafts(file_name, media_type, byte_count, state, source_text, plan_json,"
    " imported_json, created_by, created_by_name, created_at, updated_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?6,?7,?8,?9,?9)");
  if (!st) {
    free(plan_text);
    return nq_db_error(db, err);
  }
  nq_bind_text(st, 1, d->file_name);
  nq_bind_text(st, 2, d->media_type);
  sqlite3_bind_int64(st, 3, d->byte_count);
  nq_bind_text(st, 4, d->plan ? "ready" : "processing");
  nq_bind_text(st, 5, d->source_text);
  nq_bind_text(st, 6, plan_text);
  nq_bind_id(st, 7, nq_db_actor(db)->user_id);
  nq_bind_text(st, 8, nq_db_actor(db)->name);
  nq_bind_text(st, 9, nq_db_now(db));
  nq_code rc = nq_db_step_done(db, st, err);
  free(plan_text);
  if (rc) return rc;
  ctx->id = sqlite3_last_insert_rowid(nq_db_handle(db));
  json_t *after = NULL;
  if ((rc = draft_read(db, ctx->id, true, &after, err))) return rc;
  json_t *view = audit_view(after);
  rc = nq_db_audit(db, "create", "import", ctx->id, NULL, view, err);
  json_decref(view);
  json_decref(after);
  return rc;
}

nq_code nq_store_import_create(nq_store *s, const nq_actor *who, const nq_import_draft_new *d,
                               int64_t *id_out, nq_err *err) {
  create_ctx ctx = {d, 0};
  nq_code rc = nq_sql_write(s, who, create_in, &ctx, err);
  if (!rc && id_out) *id_out = ctx.id;
  return rc;
}

/* ---- read ---------------------------------------------------------------------- */

static nq_code list_in(nq_db *db, void *vctx, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT " DRAFT_COLUMNS " FROM import_drafts ORDER BY created_at DESC, id DESC");
  if (!st) return nq_db_error(db, err);
  json_t *list = json_array();
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(list, draft_row(st));
  sqlite3_reset(st);
  if (r != SQLITE_DONE) {
    json_decref(list);
    return nq_db_error(db, err);
  }
  *(json_t **)vctx = list;
  return NQ_OK;
}

nq_code nq_store_imports_list(nq_store *s, json_t **out, nq_err *err) {
  *out = NULL;
  return nq_sql_read(s, list_in, out, err);
}

typedef struct get_ctx {
  int64_t id;
  json_t *out;
} get_ctx;

static nq_code get_in(nq_db *db, void *vctx, nq_err *err) {
  get_ctx *ctx = vctx;
  return draft_read(db, ctx->id, true, &ctx->out, err);
}

nq_code nq_store_import_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  get_ctx ctx = {id, NULL};
  nq_code rc = nq_sql_read(s, get_in, &ctx, err);
  *out = ctx.out;
  return rc;
}

/* ---- processing ------------------------------------------------------------------ */

typedef struct progress_ctx {
  int64_t id;
  int page, pages;
} progress_ctx;

static nq_code progress_in(nq_db *db, void *vctx, nq_err *err) {
  progress_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "UPDATE import_drafts SET page=?2, pages=?3 WHERE id=?1 AND state='processing'");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->id);
  sqlite3_bind_int(st, 2, ctx->page);
  sqlite3_bind_int(st, 3, ctx->pages);
  return nq_db_step_done(db, st, err);
}

nq_code nq_store_import_progress(nq_store *s, int64_t id, int page, int pages, nq_err *err) {
  progress_ctx ctx = {id, page, pages};
  static const nq_actor importer = {0, "importer", "server"};
  return nq_sql_write(s, &importer, progress_in, &ctx, err);
}

typedef struct finish_ctx {
  int64_t id;
  const char *text, *error;
  const json_t *plan;
} finish_ctx;

/* Require the draft in one of the states listed ("ready", "processing"). */
static nq_code require_state(const json_t *draft, const char *want, nq_err *err) {
  const char *state = json_string_value(json_object_get(draft, "state"));
  if (state && !strcmp(state, want)) return NQ_OK;
  long long id = (long long)json_integer_value(json_object_get(draft, "id"));
  if (state && !strcmp(state, "published"))
    return nq_fail(err, NQ_ECONFLICT, "Bản nháp %lld đã được công bố thành kế hoạch mã %lld", id,
                   (long long)json_integer_value(json_object_get(draft, "plan_id")));
  if (state && !strcmp(state, "processing"))
    return nq_fail(err, NQ_ECONFLICT, "Bản nháp %lld đang được đọc, hãy chờ xong", id);
  if (state && !strcmp(state, "failed"))
    return nq_fail(err, NQ_ECONFLICT, "Bản nháp %lld nhập không thành công, không có kế hoạch để sửa", id);
  return nq_fail(err, NQ_ECONFLICT, "Bản nháp %lld không ở trạng thái phù hợp", id);
}

/* Apply one UPDATE (bound: ?1 id, ?2 now, then what bind adds) and audit
** the draft before and after under action. */
static nq_code change_audited(nq_db *db, int64_t id, const json_t *before, const char *action,
                              sqlite3_stmt *st, json_t **after_out, nq_err *err) {
  nq_code rc = nq_db_step_done(db, st, err);
  json_t *after = NULL;
  if (!rc) rc = draft_read(db, id, true, &after, err);
  if (!rc) {
    json_t *b = audit_view(before), *a = audit_view(after);
    rc = nq_db_audit(db, action, "import", id, b, a, err);
    json_decref(b);
    json_decref(a);
  }
  if (!rc && after_out) *after_out = after;
  else json_decref(after);
  return rc;
}

static nq_code finish_in(nq_db *db, void *vctx, nq_err *err) {
  finish_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = draft_read(db, ctx->id, true, &before, err);
  if (!rc) rc = require_state(before, "processing", err);
  char *plan_text = rc ? NULL : dump_or_null(ctx->plan);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db,
    "UPDATE import_drafts SET state=?3, source_text=?4, plan_json=?5, imported_json=?5, error=?6,"
    " page=CASE WHEN pages=0 THEN page ELSE pages END, version=version+1, updated_at=?2 WHERE id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  if (!rc) {
    sqlite3_bind_int64(st, 1, ctx->id);
    nq_bind_text(st, 2, nq_db_now(db));
    nq_bind_text(st, 3, ctx->plan ? "ready" : "failed");
    nq_bind_text(st, 4, ctx->text);
    nq_bind_text(st, 5, plan_text);
    nq_bind_text(st, 6, ctx->plan ? NULL : (ctx->error ? ctx->error : "Nhập không thành công"));
    rc = change_audited(db, ctx->id, before, ctx->plan ? "ready" : "fail", st, NULL, err);
  }
  free(plan_text);
  json_decref(before);
  return rc;
}

nq_code nq_store_import_finish(nq_store *s, const nq_actor *who, int64_t id,
                               const char *source_text, const json_t *plan, const char *error,
                               nq_err *err) {
  finish_ctx ctx = {id, source_text, error, plan};
  return nq_sql_write(s, who, finish_in, &ctx, err);
}

static const char interrupted[] =
  "Máy chủ đã dừng khi đang đọc tài liệu này; hãy tải tệp lên lại.";

static nq_code fail_interrupted_in(nq_db *db, void *vctx, nq_err *err) {
  int64_t *count = vctx;
  *count = 0;
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT id FROM import_drafts WHERE state='processing' ORDER BY id");
  if (!st) return nq_db_error(db, err);
  json_t *ids = NULL;
  nq_code rc = nq_db_rows(db, st, &ids, err);
  size_t i;
  json_t *row;
  json_array_foreach(ids, i, row) {
    if (rc) break;
    finish_ctx f = {json_integer_value(json_object_get(row, "id")), NULL, interrupted, NULL};
    rc = finish_in(db, &f, err);
    if (!rc) (*count)++;
  }
  json_decref(ids);
  return rc;
}

nq_code nq_store_imports_fail_interrupted(nq_store *s, const nq_actor *who, int64_t *count,
                                          nq_err *err) {
  int64_t n = 0;
  nq_code rc = nq_sql_write(s, who, fail_interrupted_in, &n, err);
  if (count) *count = n;
  return rc;
}

/* ---- review ------------------------------------------------------------------------ */

typedef struct update_ctx {
  int64_t id, if_version;
  const json_t *plan;
  json_t *out;
} update_ctx;

static nq_code check_version(const json_t *draft, int64_t if_version, nq_err *err) {
  int64_t version = json_integer_value(json_object_get(draft, "version"));
  if (if_version >= 0 && version != if_version)
    return nq_fail(err, NQ_EPRECOND,
                   "Bản nháp đã được người khác sửa (phiên bản %lld, bạn gửi %lld); hãy tải lại",
                   (long long)version, (long long)if_version);
  return NQ_OK;
}

static nq_code update_in(nq_db *db, void *vctx, nq_err *err) {
  update_ctx *ctx = vctx;
  json_t *before = NULL;
  nq_code rc = draft_read(db, ctx->id, true, &before, err);
  if (!rc) rc = require_state(before, "ready", err);
  if (!rc) rc = check_version(before, ctx->if_version, err);
  char *plan_text = rc ? NULL : dump_or_null(ctx->plan);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db,
    "UPDATE import_drafts SET plan_json=?3, version=version+1, updated_at=?2 WHERE id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  if (!rc) {
    sqlite3_bind_int64(st, 1, ctx->id);
    nq_bind_text(st, 2, nq_db_now(db));
    nq_bind_text(st, 3, plan_text);
    rc = change_audited(db, ctx->id, before, "update", st, &ctx->out, err);
  }
  free(plan_text);
  json_decref(before);
  return rc;
}

nq_code nq_store_import_update(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                               const json_t *plan, json_t **out, nq_err *err) {
  update_ctx ctx = {id, if_version, plan, NULL};
  nq_code rc = nq_sql_write(s, who, update_in, &ctx, err);
  if (rc) json_decref(ctx.out);
  if (out) *out = rc ? NULL : ctx.out;
  else if (!rc) json_decref(ctx.out);
  return rc;
}

typedef struct publish_ctx {
  int64_t id, plan_id;
} publish_ctx;

static nq_code publish_in(nq_db *db, void *vctx, nq_err *err) {
  publish_ctx *ctx = vctx;
  json_t *before = NULL, *doc = NULL;
  nq_code rc = draft_read(db, ctx->id, true, &before, err);
  if (!rc) rc = require_state(before, "ready", err);
  if (!rc) rc = nq_planjson_normalize(json_object_get(before, "plan"), &doc, err);
  if (!rc) rc = nq_db_plan_insert(db, doc, &ctx->plan_id, err);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db,
    "UPDATE import_drafts SET state='published', plan_id=?3, version=version+1, updated_at=?2"
    " WHERE id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  if (!rc) {
    sqlite3_bind_int64(st, 1, ctx->id);
    nq_bind_text(st, 2, nq_db_now(db));
    sqlite3_bind_int64(st, 3, ctx->plan_id);
    rc = change_audited(db, ctx->id, before, "publish", st, NULL, err);
  }
  json_decref(doc);
  json_decref(before);
  return rc;
}

nq_code nq_store_import_publish(nq_store *s, const nq_actor *who, int64_t id, int64_t *plan_id_out,
                                nq_err *err) {
  publish_ctx ctx = {id, 0};
  nq_code rc = nq_sql_write(s, who, publish_in, &ctx, err);
  if (!rc && plan_id_out) *plan_id_out = ctx.plan_id;
  return rc;
}

static nq_code delete_in(nq_db *db, void *vctx, nq_err *err) {
  int64_t id = *(int64_t *)vctx;
  json_t *before = NULL;
  nq_code rc = draft_read(db, id, true, &before, err);
  const char *state = rc ? NULL : json_string_value(json_object_get(before, "state"));
  if (!rc && state && !strcmp(state, "published")) rc = require_state(before, "ready", err);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db, "DELETE FROM import_drafts WHERE id=?1");
  if (!rc && !st) rc = nq_db_error(db, err);
  if (!rc) {
    sqlite3_bind_int64(st, 1, id);
    rc = nq_db_step_done(db, st, err);
  }
  if (!rc) {
    json_t *b = audit_view(before);
    rc = nq_db_audit(db, "delete", "import", id, b, NULL, err);
    json_decref(b);
  }
  json_decref(before);
  return rc;
}

nq_code nq_store_import_delete(nq_store *s, const nq_actor *who, int64_t id, nq_err *err) {
  return nq_sql_write(s, who, delete_in, &id, err);
}
