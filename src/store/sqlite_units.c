/*
** sqlite_units.c: the agency directory over SQLite: listing, creating and
** resolving agency phrases from plans to units (canonical name or alias,
** accent- and case-insensitive; "Đảng ủy " + a known agency is that
** agency's party committee; anything else becomes a proposed unit).
*/
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "store/sqlite_int.h"
#include "util/buf.h"

static const char *const unit_kinds[] = {"party", "state", "ward", "collective", "proposed", NULL};
static const char *const unit_levels[] = {"central", "province", "ward", NULL};

static bool one_of(const char *s, const char *const *list) {
  for (; s && *list; list++)
    if (strcmp(s, *list) == 0) return true;
  return false;
}

static nq_code add_aliases(nq_db *db, int64_t id, json_t *unit, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT alias FROM unit_aliases WHERE unit_id=?1 ORDER BY id");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  json_t *aliases = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    json_array_append_new(aliases, json_string(nq_col_text(st, 0)));
  sqlite3_reset(st);
  json_object_set_new(unit, "aliases", aliases);
  return rc == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

nq_code nq_db_unit_json(nq_db *db, int64_t id, json_t **out, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, name, kind, parent_id, level, status, version FROM units WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return nq_fail(err, NQ_ENOTFOUND, "Không có đơn vị số %lld.", (long long)id);
    return nq_db_error(db, err);
  }
  json_t *u = nq_row_object(st);
  sqlite3_reset(st);
  nq_code c = add_aliases(db, id, u, err);
  if (c) {
    json_decref(u);
    return c;
  }
  *out = u;
  return NQ_OK;
}

typedef struct list_ctx {
  const char *q;
  json_t *out;
} list_ctx;

static nq_code units_list_in(nq_db *db, void *vctx, nq_err *err) {
  list_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, name, kind, parent_id, level, status, version FROM units"
    " WHERE ?1 IS NULL OR name_key LIKE ?1"
    "    OR id IN (SELECT unit_id FROM unit_aliases WHERE alias_key LIKE ?1)"
    " ORDER BY sort_key, id");
  if (!st) return nq_db_error(db, err);
  if (ctx->q && *ctx->q) {
    char *key = vn_search_key(ctx->q);
    nq_buf like = NQ_BUF_INIT;
    nq_buf_printf(&like, "%%%s%%", key);
    nq_bind_text(st, 1, like.data);
    nq_buf_free(&like);
    free(key);
  }
  json_t *rows;
  nq_code rc = nq_db_rows(db, st, &rows, err);
  if (rc) return rc;
  size_t i;
  json_t *u;
  json_array_foreach(rows, i, u) {
    rc = add_aliases(db, json_integer_value(json_object_get(u, "id")), u, err);
    if (rc) {
      json_decref(rows);
      return rc;
    }
  }
  ctx->out = rows;
  return NQ_OK;
}

nq_code nq_sqlite_units_list(nq_store *s, const char *q, json_t **out, nq_err *err) {
  list_ctx ctx = {q, NULL};
  nq_code rc = nq_sql_read(s, units_list_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

typedef struct get_ctx {
  int64_t id;
  json_t *out;
} get_ctx;

static nq_code unit_get_in(nq_db *db, void *vctx, nq_err *err) {
  get_ctx *ctx = vctx;
  return nq_db_unit_json(db, ctx->id, &ctx->out, err);
}

nq_code nq_sqlite_unit_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  get_ctx ctx = {id, NULL};
  nq_code rc = nq_sql_read(s, unit_get_in, &ctx, err);
  if (!rc) *out = ctx.out;
  return rc;
}

nq_code nq_db_unit_insert(nq_db *db, const char *name, const char *kind, const char *level,
                          int64_t parent_id, const char *status, json_t *aliases,
                          int64_t *id_out, nq_err *err) {
  char *nfc = vn_nfc(name);
  vn_squeeze_space(nfc);
  char *key = vn_search_key(nfc), *sort = vn_sort_key(nfc);
  nq_code rc = NQ_OK;
  sqlite3_stmt *st = nq_db_stmt(db,
    "INSERT INTO units(parent_id, kind, level, name, name_key, sort_key, status, created_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
  if (!st) {
    rc = nq_db_error(db, err);
  } else {
    nq_bind_id(st, 1, parent_id);
    nq_bind_text(st, 2, kind);
    nq_bind_text(st, 3, level);
    nq_bind_text(st, 4, nfc);
    nq_bind_text(st, 5, key);
    sqlite3_bind_blob(st, 6, sort, (int)strlen(sort), SQLITE_TRANSIENT);
    nq_bind_text(st, 7, status);
    nq_bind_text(st, 8, nq_db_now(db));
    rc = nq_db_step_done(db, st, err);
  }
  free(key);
  free(sort);
  free(nfc);
  if (rc) return rc;
  int64_t id = sqlite3_last_insert_rowid(nq_db_handle(db));
  size_t i;
  json_t *a;
  json_array_foreach(aliases, i, a) {
    if (!json_is_string(a)) continue;
    char *an = vn_nfc(json_string_value(a));
    vn_squeeze_space(an);
    char *ak = vn_search_key(an);
    st = nq_db_stmt(db, "INSERT INTO unit_aliases(unit_id, alias, alias_key) VALUES (?1,?2,?3)");
    if (!st) {
      rc = nq_db_error(db, err);
    } else {
      sqlite3_bind_int64(st, 1, id);
      nq_bind_text(st, 2, an);
      nq_bind_text(st, 3, ak);
      rc = nq_db_step_done(db, st, err);
    }
    free(an);
    free(ak);
    if (rc) return rc;
  }
  json_t *after = NULL;
  rc = nq_db_unit_json(db, id, &after, err);
  if (!rc) rc = nq_db_audit(db, "create", "unit", id, NULL, after, err);
  json_decref(after);
  if (!rc && id_out) *id_out = id;
  return rc;
}

typedef struct create_ctx {
  json_t *unit;
  int64_t id;
} create_ctx;

static nq_code unit_create_in(nq_db *db, void *vctx, nq_err *err) {
  create_ctx *ctx = vctx;
  json_t *u = ctx->unit;
  const char *name = json_string_value(json_object_get(u, "name"));
  const char *kind = json_string_value(json_object_get(u, "kind"));
  const char *level = json_string_value(json_object_get(u, "level"));
  const char *status = json_string_value(json_object_get(u, "status"));
  json_t *parent = json_object_get(u, "parent_id");
  json_t *aliases = json_object_get(u, "aliases");
  if (!json_is_object(u)) return nq_fail(err, NQ_EINVAL, "Đơn vị phải là một đối tượng JSON.");
  if (!name || !*name) return nq_fail(err, NQ_EINVAL, "name: thiếu tên đơn vị.");
  if (!kind) kind = "state";
  if (!level) level = "province";
  if (!status) status = "active";
  if (!one_of(kind, unit_kinds))
    return nq_fail(err, NQ_EINVAL, "kind: phải là party, state, ward, collective hoặc proposed.");
  if (!one_of(level, unit_levels))
    return nq_fail(err, NQ_EINVAL, "level: phải là central, province hoặc ward.");
  if (strcmp(status, "active") != 0 && strcmp(status, "proposed") != 0)
    return nq_fail(err, NQ_EINVAL, "status: phải là active hoặc proposed.");
  if (parent && !json_is_null(parent) && !json_is_integer(parent))
    return nq_fail(err, NQ_EINVAL, "parent_id: phải là số.");
  if (aliases && !json_is_array(aliases))
    return nq_fail(err, NQ_EINVAL, "aliases: phải là mảng chuỗi.");
  int64_t parent_id = json_integer_value(parent);
  char *key = vn_search_key(name);
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id FROM units WHERE name_key=?1 AND coalesce(parent_id,0)=?2");
  if (!st) {
    free(key);
    return nq_db_error(db, err);
  }
  nq_bind_text(st, 1, key);
  sqlite3_bind_int64(st, 2, parent_id);
  free(key);
  int r = sqlite3_step(st);
  int64_t dup = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (dup) return nq_fail(err, NQ_ECONFLICT, "Đã có đơn vị \"%s\" (số %lld).", name, (long long)dup);
  return nq_db_unit_insert(db, name, kind, level, parent_id, status, aliases, &ctx->id, err);
}

nq_code nq_sqlite_unit_create(nq_store *s, const nq_actor *who, json_t *unit,
                              int64_t *id_out, nq_err *err) {
  create_ctx ctx = {unit, 0};
  nq_code rc = nq_sql_write(s, who, unit_create_in, &ctx, err);
  if (!rc && id_out) *id_out = ctx.id;
  return rc;
}

static int64_t lookup_key(nq_db *db, const char *key, nq_code *rc, nq_err *err) {
  static const char *const queries[] = {
    /* Active units win over proposed ones of the same name. */
    "SELECT id FROM units WHERE name_key=?1 ORDER BY status='proposed', id LIMIT 1",
    "SELECT a.unit_id FROM unit_aliases a JOIN units u ON u.id=a.unit_id"
    " WHERE a.alias_key=?1 ORDER BY u.status='proposed', a.unit_id LIMIT 1",
  };
  *rc = NQ_OK;
  for (size_t i = 0; i < 2; i++) {
    sqlite3_stmt *st = nq_db_stmt(db, queries[i]);
    if (!st) {
      *rc = nq_db_error(db, err);
      return 0;
    }
    nq_bind_text(st, 1, key);
    int r = sqlite3_step(st);
    int64_t id = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
      *rc = nq_db_error(db, err);
      return 0;
    }
    if (id) return id;
  }
  return 0;
}

/* The text after "Đảng ủy " when name starts with it (any accents/case). */
static const char *party_rest(const char *name) {
  const char *sp = strchr(name, ' ');
  if (!sp) return NULL;
  sp = strchr(sp + 1, ' ');
  if (!sp) return NULL;
  char *head = nq_xstrndup(name, (size_t)(sp - name));
  char *key = vn_search_key(head);
  bool party = strcmp(key, "dang uy") == 0;
  free(head);
  free(key);
  return party ? sp + 1 : NULL;
}

/* A proposed unit's level from its folded name: the word "phuong" or
** "xa" (but not "xa hoi", social) marks a commune or ward body. */
static const char *guess_level(const char *key) {
  char *copy = nq_xstrdup(key), *save = NULL;
  bool ward = false, prev_xa = false;
  for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    if (prev_xa && strcmp(w, "hoi") != 0) ward = true;
    if (strcmp(w, "phuong") == 0) ward = true;
    prev_xa = strcmp(w, "xa") == 0;
  }
  free(copy);
  return ward || prev_xa ? "ward" : "province";
}

nq_code nq_db_unit_resolve(nq_db *db, const char *name, bool create, int64_t *id_out,
                           nq_err *err) {
  *id_out = 0;
  char *nfc = vn_nfc(name ? name : "");
  vn_squeeze_space(nfc);
  char *key = vn_search_key(nfc);
  nq_code rc = NQ_OK;
  if (!*key) {
    rc = nq_fail(err, NQ_EINVAL, "Tên đơn vị trống.");
    goto done;
  }
  int64_t id = lookup_key(db, key, &rc, err);
  if (rc || id) {
    *id_out = id;
    goto done;
  }
  const char *rest = party_rest(nfc);
  if (rest) {
    int64_t base = 0;
    rc = nq_db_unit_resolve(db, rest, false, &base, err);
    if (rc == NQ_OK) {
      /* The committee is named after the agency's canonical name, so
      ** "Đảng ủy Sở KH&CN" and "Đảng ủy Sở Khoa học và Công nghệ" meet. */
      json_t *agency = NULL;
      if ((rc = nq_db_unit_json(db, base, &agency, err))) goto done;
      nq_buf full = NQ_BUF_INIT;
      nq_buf_printf(&full, "Đảng ủy %s", json_string_value(json_object_get(agency, "name")));
      char *fkey = vn_search_key(full.data);
      id = lookup_key(db, fkey, &rc, err);
      free(fkey);
      if (!rc && !id && !create) {
        rc = nq_fail(err, NQ_ENOTFOUND, "Chưa có đơn vị \"%s\" trong danh mục.", nfc);
      } else if (!rc && !id) {
        const char *level = json_string_value(json_object_get(agency, "level"));
        rc = nq_db_unit_insert(db, full.data, "party", level, base, "active", NULL, &id, err);
      }
      nq_buf_free(&full);
      json_decref(agency);
      if (!rc) *id_out = id;
      goto done;
    }
    if (rc != NQ_ENOTFOUND) goto done;
    rc = NQ_OK;
  }
  if (!create) {
    rc = nq_fail(err, NQ_ENOTFOUND, "Chưa có đơn vị \"%s\" trong danh mục.", nfc);
    goto done;
  }
  rc = nq_db_unit_insert(db, nfc, "proposed", guess_level(key), 0, "proposed", NULL, id_out, err);
done:
  free(key);
  free(nfc);
  return rc;
}

typedef struct resolve_ctx {
  const char *name;
  int64_t id;
} resolve_ctx;

static nq_code unit_resolve_in(nq_db *db, void *vctx, nq_err *err) {
  resolve_ctx *ctx = vctx;
  return nq_db_unit_resolve(db, ctx->name, false, &ctx->id, err);
}

nq_code nq_sqlite_unit_resolve(nq_store *s, const char *name, int64_t *id_out, nq_err *err) {
  resolve_ctx ctx = {name, 0};
  nq_code rc = nq_sql_read(s, unit_resolve_in, &ctx, err);
  if (!rc) *id_out = ctx.id;
  return rc;
}

/* ---- review: update, merge ------------------------------------------------- */

typedef struct update_ctx {
  int64_t id, into, if_version;
  json_t *patch;
  json_t *out;
} update_ctx;

static nq_code insert_alias(nq_db *db, int64_t id, const char *alias, nq_err *err) {
  char *an = vn_nfc(alias);
  vn_squeeze_space(an);
  char *ak = vn_search_key(an);
  nq_code rc;
  sqlite3_stmt *st = nq_db_stmt(db, "INSERT INTO unit_aliases(unit_id, alias, alias_key) VALUES (?1,?2,?3)");
  if (!st) rc = nq_db_error(db, err);
  else {
    sqlite3_bind_int64(st, 1, id);
    nq_bind_text(st, 2, an);
    nq_bind_text(st, 3, ak);
    rc = nq_db_step_done(db, st, err);
  }
  free(an);
  free(ak);
  return rc;
}

/* Every member of a list of aliases is a non-empty string; field names it. */
static nq_code check_alias_list(const json_t *list, const char *field, nq_err *err) {
  if (!json_is_array(list)) return nq_fail(err, NQ_EINVAL, "%s: phải là mảng chuỗi.", field);
  size_t i;
  json_t *a;
  json_array_foreach(list, i, a) {
    if (!json_is_string(a) || !*json_string_value(a))
      return nq_fail(err, NQ_EINVAL, "%s[%zu]: phải là chuỗi khác rỗng.", field, i);
  }
  return NQ_OK;
}

static nq_code replace_aliases(nq_db *db, int64_t id, json_t *aliases, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, "DELETE FROM unit_aliases WHERE unit_id=?1");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, id);
  nq_code rc = nq_db_step_done(db, st, err);
  size_t i;
  json_t *a;
  json_array_foreach(aliases, i, a) {
    if (rc) break;
    rc = insert_alias(db, id, json_string_value(a), err);
  }
  return rc;
}

/* aliases_add / aliases_remove: one administrator adds a spelling while
** another removes one, without either sending (and overwriting) the whole
** list. Compared by search key, so "Sở KHCN" removes "sở khcn"; adding a
** spelling the unit already has changes nothing. */
static nq_code edit_aliases(nq_db *db, int64_t id, const json_t *add, const json_t *remove,
                            nq_err *err) {
  size_t i;
  json_t *a;
  nq_code rc = NQ_OK;
  json_array_foreach(remove, i, a) {
    char *key = vn_search_key(json_string_value(a));
    sqlite3_stmt *st = nq_db_stmt(db, "DELETE FROM unit_aliases WHERE unit_id=?1 AND alias_key=?2");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, id);
      nq_bind_text(st, 2, key);
      rc = nq_db_step_done(db, st, err);
    }
    free(key);
    if (rc) return rc;
  }
  json_array_foreach(add, i, a) {
    char *key = vn_search_key(json_string_value(a));
    sqlite3_stmt *st = nq_db_stmt(db, "SELECT 1 FROM unit_aliases WHERE unit_id=?1 AND alias_key=?2");
    int step = SQLITE_ERROR;
    if (st) {
      sqlite3_bind_int64(st, 1, id);
      nq_bind_text(st, 2, key);
      step = sqlite3_step(st);
      sqlite3_reset(st);
    }
    free(key);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return nq_db_error(db, err);
    if (step == SQLITE_DONE && (rc = insert_alias(db, id, json_string_value(a), err))) return rc;
  }
  return NQ_OK;
}

/* A new parent must exist and must not be the unit itself or below it:
** the directory stays a tree. */
static nq_code check_parent(nq_db *db, int64_t id, int64_t parent, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT parent_id FROM units WHERE id=?1");
  if (!st) return nq_db_error(db, err);
  int64_t at = parent;
  for (int depth = 0; at != 0; depth++) {
    if (at == id || depth > 64)
      return nq_fail(err, NQ_EINVAL, "parent_id: đơn vị %lld nằm dưới chính đơn vị này (tạo vòng lặp).",
                     (long long)parent);
    sqlite3_bind_int64(st, 1, at);
    int step = sqlite3_step(st);
    int64_t up = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
      return nq_fail(err, NQ_EINVAL, "parent_id: không có đơn vị số %lld.", (long long)at);
    if (step != SQLITE_ROW) return nq_db_error(db, err);
    at = up;
  }
  return NQ_OK;
}

static nq_code check_unit_patch(nq_db *db, int64_t id, json_t *p, nq_err *err) {
  if (!json_is_object(p)) return nq_fail(err, NQ_EINVAL, "Nội dung sửa phải là một đối tượng JSON.");
  static const char *const editable[] = {"name", "kind", "level", "parent_id", "status", "aliases",
                                         "aliases_add", "aliases_remove", NULL};
  const char *k;
  json_t *v;
  json_object_foreach(p, k, v) {
    if (!one_of(k, editable)) return nq_fail(err, NQ_EINVAL, "%s: trường này không sửa được.", k);
  }
  json_t *name = json_object_get(p, "name"), *kind = json_object_get(p, "kind");
  json_t *level = json_object_get(p, "level"), *status = json_object_get(p, "status");
  json_t *parent = json_object_get(p, "parent_id");
  nq_code rc = NQ_OK;
  if (name && (!json_is_string(name) || !*json_string_value(name)))
    return nq_fail(err, NQ_EINVAL, "name: không được để trống.");
  if (kind && !one_of(json_string_value(kind), unit_kinds))
    return nq_fail(err, NQ_EINVAL, "kind: phải là party, state, ward, collective hoặc proposed.");
  if (level && !one_of(json_string_value(level), unit_levels))
    return nq_fail(err, NQ_EINVAL, "level: phải là central, province hoặc ward.");
  if (status && !one_of(json_string_value(status), (const char *const[]){"active", "proposed", NULL}))
    return nq_fail(err, NQ_EINVAL, "status: phải là active hoặc proposed.");
  if (parent && !json_is_null(parent)) {
    if (!json_is_integer(parent) || json_integer_value(parent) <= 0)
      return nq_fail(err, NQ_EINVAL, "parent_id: phải là mã một đơn vị khác, hoặc null.");
    if ((rc = check_parent(db, id, json_integer_value(parent), err))) return rc;
  }
  static const char *const lists[] = {"aliases", "aliases_add", "aliases_remove"};
  for (size_t i = 0; i < 3; i++) {
    json_t *list = json_object_get(p, lists[i]);
    if (list && (rc = check_alias_list(list, lists[i], err))) return rc;
  }
  if (json_object_get(p, "aliases") && (json_object_get(p, "aliases_add") || json_object_get(p, "aliases_remove")))
    return nq_fail(err, NQ_EINVAL, "aliases: gửi cả danh sách hoặc aliases_add/aliases_remove, không gửi cả hai.");
  return NQ_OK;
}

/* Another unit under the same parent with the same name (the directory's
** identity of a unit, as at creation): 0 when none. */
static nq_code sibling_named(nq_db *db, int64_t id, const char *key, int64_t parent, int64_t *dup,
                             nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id FROM units WHERE name_key=?1 AND coalesce(parent_id,0)=?2 AND id<>?3");
  if (!st) return nq_db_error(db, err);
  nq_bind_text(st, 1, key);
  sqlite3_bind_int64(st, 2, parent);
  sqlite3_bind_int64(st, 3, id);
  int step = sqlite3_step(st);
  *dup = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return step == SQLITE_ROW || step == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

static nq_code unit_update_in(nq_db *db, void *vctx, nq_err *err) {
  update_ctx *ctx = vctx;
  json_t *p = ctx->patch;
  json_t *before = NULL;
  nq_code rc = nq_db_unit_json(db, ctx->id, &before, err);
  if (rc) return rc;
  int64_t version = json_integer_value(json_object_get(before, "version"));
  if (ctx->if_version >= 0 && version != ctx->if_version) {
    json_decref(before);
    return nq_fail(err, NQ_EPRECOND,
                   "Đơn vị đã được người khác sửa (phiên bản hiện tại %lld, bạn sửa từ phiên bản %lld); "
                   "hãy tải lại rồi sửa.", (long long)version, (long long)ctx->if_version);
  }
  if ((rc = check_unit_patch(db, ctx->id, p, err))) {
    json_decref(before);
    return rc;
  }
  const char *name = json_string_value(json_object_get(p, "name"));
  const char *kind = json_string_value(json_object_get(p, "kind"));
  const char *level = json_string_value(json_object_get(p, "level"));
  const char *status = json_string_value(json_object_get(p, "status"));
  json_t *parent = json_object_get(p, "parent_id");
  json_t *aliases = json_object_get(p, "aliases");
  char *nfc = vn_nfc(name ? name : json_string_value(json_object_get(before, "name")));
  vn_squeeze_space(nfc);
  char *key = vn_search_key(nfc), *sort = vn_sort_key(nfc);
  int64_t parent_id = parent ? json_integer_value(parent)
                             : json_integer_value(json_object_get(before, "parent_id"));
  int64_t dup = 0;
  if ((name || parent) && !(rc = sibling_named(db, ctx->id, key, parent_id, &dup, err)) && dup)
    rc = nq_fail(err, NQ_ECONFLICT, "Đã có đơn vị \"%s\" (số %lld) cùng cấp trên.", nfc, (long long)dup);
  sqlite3_stmt *st = rc ? NULL : nq_db_stmt(db,
    "UPDATE units SET name=?1, name_key=?2, sort_key=?3, kind=coalesce(?4,kind),"
    " level=coalesce(?5,level), status=coalesce(?6,status),"
    " parent_id=CASE WHEN ?7 THEN ?8 ELSE parent_id END, version=version+1 WHERE id=?9");
  if (!rc && !st) rc = nq_db_error(db, err);
  else if (!rc) {
    nq_bind_text(st, 1, nfc);
    nq_bind_text(st, 2, key);
    sqlite3_bind_blob(st, 3, sort, (int)strlen(sort), SQLITE_TRANSIENT);
    nq_bind_text(st, 4, kind);
    nq_bind_text(st, 5, level);
    nq_bind_text(st, 6, status);
    sqlite3_bind_int(st, 7, parent != NULL);
    nq_bind_id(st, 8, json_integer_value(parent));
    sqlite3_bind_int64(st, 9, ctx->id);
    rc = nq_db_step_done(db, st, err);
  }
  free(nfc);
  free(key);
  free(sort);
  if (!rc && aliases) rc = replace_aliases(db, ctx->id, aliases, err);
  if (!rc)
    rc = edit_aliases(db, ctx->id, json_object_get(p, "aliases_add"), json_object_get(p, "aliases_remove"), err);
  json_t *after = NULL;
  if (!rc) rc = nq_db_unit_json(db, ctx->id, &after, err);
  if (!rc) rc = nq_db_audit(db, "update", "unit", ctx->id, before, after, err);
  json_decref(before);
  if (rc) {
    json_decref(after);
    return rc;
  }
  ctx->out = after;
  return NQ_OK;
}

nq_code nq_sqlite_unit_update(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                              json_t *patch, json_t **out, nq_err *err) {
  update_ctx ctx = {id, 0, if_version, patch, NULL};
  nq_code rc = nq_sql_write(s, who, unit_update_in, &ctx, err);
  if (!rc) {
    if (out) *out = ctx.out;
    else json_decref(ctx.out);
  }
  return rc;
}

/* Merging moves the assignments of a unit (typically a proposed one made
** from an unknown phrase) to the directory entry it really is, keeps its
** name as an alias so the next import resolves directly, and deletes it.
** A unit that already reports (updates, values, reports) is not merged:
** those rows belong to who wrote them. */
static nq_code unit_merge_in(nq_db *db, void *vctx, nq_err *err) {
  update_ctx *ctx = vctx;
  if (ctx->id == ctx->into) return nq_fail(err, NQ_EINVAL, "Không thể gộp một đơn vị vào chính nó.");
  json_t *from = NULL, *into = NULL;
  nq_code rc = nq_db_unit_json(db, ctx->id, &from, err);
  if (!rc) rc = nq_db_unit_json(db, ctx->into, &into, err);
  sqlite3_stmt *st = NULL;
  if (!rc) {
    st = nq_db_stmt(db,
      "SELECT (SELECT count(*) FROM progress_updates WHERE unit_id=?1)"
      " + (SELECT count(*) FROM indicator_values WHERE unit_id=?1)"
      " + (SELECT count(*) FROM unit_reports WHERE unit_id=?1)"
      " + (SELECT count(*) FROM users WHERE unit_id=?1)"
      " + (SELECT count(*) FROM units WHERE parent_id=?1)");
    if (!st) rc = nq_db_error(db, err);
    else {
      sqlite3_bind_int64(st, 1, ctx->id);
      int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
      sqlite3_reset(st);
      if (n != 0)
        rc = nq_fail(err, NQ_ECONFLICT,
                     "Đơn vị \"%s\" đã có báo cáo, tài khoản hoặc đơn vị trực thuộc; không gộp được.",
                     json_string_value(json_object_get(from, "name")));
    }
  }
  static const char *const moves[] = {
    "UPDATE task_units SET unit_id=?2 WHERE unit_id=?1",
    "UPDATE duties SET unit_id=?2 WHERE unit_id=?1",
    "UPDATE plans SET issuer_unit_id=?2 WHERE issuer_unit_id=?1",
    "UPDATE unit_aliases SET unit_id=?2 WHERE unit_id=?1",
    "INSERT INTO unit_aliases(unit_id, alias, alias_key) SELECT ?2, name, name_key FROM units WHERE id=?1",
    "DELETE FROM units WHERE id=?1",
    /* its aliases changed: an edit loaded before the merge must reload */
    "UPDATE units SET version=version+1 WHERE id=?2",
  };
  for (size_t i = 0; !rc && i < sizeof moves / sizeof moves[0]; i++) {
    st = nq_db_stmt(db, moves[i]);
    if (!st) {
      rc = nq_db_error(db, err);
      break;
    }
    sqlite3_bind_int64(st, 1, ctx->id);
    sqlite3_bind_int64(st, 2, ctx->into);
    rc = nq_db_step_done(db, st, err);
  }
  json_t *after = NULL;
  if (!rc) rc = nq_db_unit_json(db, ctx->into, &after, err);
  if (!rc) rc = nq_db_audit(db, "delete", "unit", ctx->id, from, NULL, err);
  if (!rc) rc = nq_db_audit(db, "merge", "unit", ctx->into, into, after, err);
  json_decref(from);
  json_decref(into);
  if (rc) {
    json_decref(after);
    return rc;
  }
  ctx->out = after;
  return NQ_OK;
}

nq_code nq_sqlite_unit_merge(nq_store *s, const nq_actor *who, int64_t from_id, int64_t into_id,
                             json_t **out, nq_err *err) {
  update_ctx ctx = {from_id, into_id, -1, NULL, NULL};
  nq_code rc = nq_sql_write(s, who, unit_merge_in, &ctx, err);
  if (!rc) {
    if (out) *out = ctx.out;
    else json_decref(ctx.out);
  }
  return rc;
}
