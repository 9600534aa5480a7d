/*
** accounts.c: account rules over the store; see accounts.h.
*/
#include "auth/accounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_auth.h"
#include "util/buf.h"

nq_code nq_login_normalize(const char *login, char out[NQ_LOGIN_MAX + 1], nq_err *err) {
  size_t n = login ? strlen(login) : 0;
  if (n < 3 || n > NQ_LOGIN_MAX)
    return nq_fail(err, NQ_EINVAL, "tên đăng nhập phải dài từ 3 đến %d ký tự", NQ_LOGIN_MAX);
  for (size_t i = 0; i < n; i++) {
    char c = login[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-' || c == '@'))
      return nq_fail(err, NQ_EINVAL,
                     "tên đăng nhập chỉ gồm chữ không dấu, số và . _ - @ (gặp '%c')",
                     login[i] > 32 && login[i] < 127 ? login[i] : '?');
    out[i] = c;
  }
  out[n] = '\0';
  return NQ_OK;
}

/* A unit given as its id or as an agency name known to the directory. */
static nq_code resolve_unit(nq_store *s, const char *unit, int64_t *id, nq_err *err) {
  char *end;
  errno = 0;
  long long v = strtoll(unit, &end, 10);
  if (!errno && *unit && !*end && v > 0) {
    json_t *row = NULL;
    nq_code rc = nq_store_unit_get(s, v, &row, err);
    json_decref(row);
    if (rc == NQ_ENOTFOUND) return nq_fail(err, NQ_EINVAL, "không có đơn vị số %lld", v);
    if (rc) return rc;
    *id = v;
    return NQ_OK;
  }
  nq_code rc = nq_store_unit_resolve(s, unit, id, err);
  if (rc == NQ_ENOTFOUND)
    return nq_fail(err, NQ_EINVAL, "không tìm thấy đơn vị '%s' trong danh mục cơ quan", unit);
  return rc;
}

/* What each role needs: a unit for a unit's people, plans for overseers. */
static nq_code check_role_scope(nq_role role, int64_t unit_id, bool all_plans, size_t n_plans,
                                nq_err *err) {
  if ((role == NQ_ROLE_OFFICER || role == NQ_ROLE_HEAD) && !unit_id)
    return nq_fail(err, NQ_EINVAL, "vai trò %s cần đơn vị (--unit)", nq_role_name(role));
  bool overseer = role == NQ_ROLE_AGGREGATOR || role == NQ_ROLE_STEERING;
  /* An aggregator body's plans follow from its unit (plans it aggregates);
  ** a steering committee's must be named. */
  if (role == NQ_ROLE_AGGREGATOR && !all_plans && n_plans == 0 && !unit_id)
    return nq_fail(err, NQ_EINVAL,
                   "vai trò aggregator cần đơn vị thường trực (--unit), --plans hoặc --all-plans");
  if (role == NQ_ROLE_STEERING && !all_plans && n_plans == 0)
    return nq_fail(err, NQ_EINVAL, "vai trò steering cần phạm vi kế hoạch (--plans hoặc --all-plans)");
  if (!overseer && (all_plans || n_plans))
    return nq_fail(err, NQ_EINVAL, "chỉ aggregator và steering có phạm vi kế hoạch");
  return NQ_OK;
}

nq_code nq_account_create(nq_store *s, const nq_actor *who, const nq_account_spec *spec,
                          const char *password, const nq_pwhash_cost *cost, int64_t now,
                          int64_t *id_out, nq_err *err) {
  char login[NQ_LOGIN_MAX + 1];
  nq_code rc = nq_login_normalize(spec->login, login, err);
  if (rc) return rc;
  int role = nq_role_parse(spec->role);
  if (role < 0 || role == NQ_ROLE_PUBLIC)
    return nq_fail(err, NQ_EINVAL,
                   "vai trò không hợp lệ '%s' (admin, aggregator, officer, head, steering)",
                   spec->role ? spec->role : "");
  int64_t unit_id = 0;
  if (spec->unit && *spec->unit && (rc = resolve_unit(s, spec->unit, &unit_id, err))) return rc;
  if ((rc = check_role_scope((nq_role)role, unit_id, spec->all_plans, spec->n_plans, err))) return rc;
  if ((rc = nq_password_check_strength(password, err))) return rc;

  char hash[NQ_PWHASH_STRBYTES];
  if ((rc = nq_password_hash(password, cost, hash, err))) return rc;
  json_t *plans = json_array();
  for (size_t i = 0; i < spec->n_plans; i++)
    json_array_append_new(plans, json_integer(spec->plan_ids[i]));
  json_t *user = json_pack("{s:s,s:s,s:s,s:o,s:b,s:o}", "login", login, "full_name",
                           spec->full_name ? spec->full_name : "", "role", nq_role_name(role),
                           "unit_id", unit_id ? json_integer(unit_id) : json_null(),
                           "scope_all", spec->all_plans, "plan_ids", plans);
  rc = nq_store_user_create(s, who, user, hash, now, id_out, err);
  json_decref(user);
  return rc;
}

static nq_code find_user(nq_store *s, const char *login, json_t **user, nq_err *err) {
  char norm[NQ_LOGIN_MAX + 1];
  nq_code rc = nq_login_normalize(login, norm, err);
  if (rc) return rc;
  rc = nq_store_user_by_login(s, norm, user, err);
  if (rc == NQ_ENOTFOUND) return nq_fail(err, NQ_ENOTFOUND, "không có tài khoản '%s'", norm);
  return rc;
}

nq_code nq_account_set_password(nq_store *s, const nq_actor *who, const char *login,
                                const char *password, const nq_pwhash_cost *cost,
                                int64_t now, nq_err *err) {
  nq_code rc = nq_password_check_strength(password, err);
  if (rc) return rc;
  json_t *user = NULL;
  if ((rc = find_user(s, login, &user, err))) return rc;
  int64_t id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  char hash[NQ_PWHASH_STRBYTES];
  if ((rc = nq_password_hash(password, cost, hash, err))) return rc;
  return nq_store_user_set_password(s, who, id, hash, false, now, err);
}

nq_code nq_account_set_disabled(nq_store *s, const nq_actor *who, const char *login,
                                bool disabled, int64_t now, nq_err *err) {
  json_t *user = NULL;
  nq_code rc = find_user(s, login, &user, err);
  if (rc) return rc;
  int64_t id = json_integer_value(json_object_get(user, "id"));
  bool is_admin = !strcmp(json_string_value(json_object_get(user, "role")), "admin");
  bool was_disabled = json_is_true(json_object_get(user, "disabled"));
  json_decref(user);
  if (disabled && is_admin && !was_disabled) {
    int64_t admins = 0;
    if ((rc = nq_store_admin_count(s, &admins, err))) return rc;
    if (admins <= 1)
      return nq_fail(err, NQ_ECONFLICT, "không thể khóa quản trị viên cuối cùng");
  }
  return nq_store_user_set_disabled(s, who, id, disabled, now, err);
}

/* The store's patch from the administrator's: names checked, the unit
** resolved, aliases of names folded ("name" for "full_name", "all_plans"
** for "scope_all", "unit" for "unit_id"). */
static nq_code normalize_patch(nq_store *s, const json_t *in, json_t *out, nq_err *err) {
  static const char *const known[] = {"full_name", "name", "role", "unit", "unit_id", "plan_ids",
                                      "all_plans", "scope_all", "disabled", NULL};
  const char *k;
  json_t *v;
  if (!json_is_object(in)) return nq_fail(err, NQ_EINVAL, "nội dung sửa phải là một đối tượng JSON");
  json_object_foreach((json_t *)in, k, v) {
    bool ok = false;
    for (size_t i = 0; known[i]; i++) ok |= !strcmp(k, known[i]);
    if (!ok) return nq_fail(err, NQ_EINVAL, "%s: trường này không sửa được", k);
    if (!strcmp(k, "full_name") || !strcmp(k, "name")) {
      if (!json_is_string(v)) return nq_fail(err, NQ_EINVAL, "%s: phải là chuỗi", k);
      json_object_set(out, "full_name", v);
    } else if (!strcmp(k, "role")) {
      int role = nq_role_parse(json_string_value(v));
      if (role < 0 || role == NQ_ROLE_PUBLIC)
        return nq_fail(err, NQ_EINVAL, "role: phải là admin, aggregator, officer, head hoặc steering");
      json_object_set(out, "role", v);
    } else if (!strcmp(k, "unit") || !strcmp(k, "unit_id")) {
      int64_t unit_id = 0;
      char text[32];
      const char *name = json_string_value(v);
      if (json_is_integer(v)) {
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
        name = text;
      } else if (!json_is_null(v) && !name) {
        return nq_fail(err, NQ_EINVAL, "%s: phải là mã số, tên đơn vị hoặc null", k);
      }
      nq_code rc;
      if (name && *name && (rc = resolve_unit(s, name, &unit_id, err))) return rc;
      json_object_set_new(out, "unit_id", unit_id ? json_integer(unit_id) : json_null());
    } else if (!strcmp(k, "plan_ids")) {
      size_t i;
      json_t *p;
      if (!json_is_array(v)) return nq_fail(err, NQ_EINVAL, "plan_ids: phải là mảng mã số kế hoạch");
      json_array_foreach(v, i, p) {
        if (!json_is_integer(p) || json_integer_value(p) <= 0)
          return nq_fail(err, NQ_EINVAL, "plan_ids[%zu]: phải là mã số kế hoạch", i);
      }
      json_object_set(out, "plan_ids", v);
    } else if (!strcmp(k, "all_plans") || !strcmp(k, "scope_all") || !strcmp(k, "disabled")) {
      if (!json_is_boolean(v)) return nq_fail(err, NQ_EINVAL, "%s: phải là true hoặc false", k);
      json_object_set(out, strcmp(k, "disabled") ? "scope_all" : "disabled", v);
    }
  }
  return NQ_OK;
}

nq_code nq_account_update(nq_store *s, const nq_actor *who, int64_t id, const json_t *patch,
                          int64_t now, json_t **out, nq_err *err) {
  json_t *user = NULL, *norm = json_object();
  nq_code rc = nq_store_user_get(s, id, &user, err);
  if (rc == NQ_ENOTFOUND) rc = nq_fail(err, NQ_ENOTFOUND, "không có tài khoản số %lld", (long long)id);
  if (!rc) rc = normalize_patch(s, patch, norm, err);
  if (!rc) {
    /* The account as it will be: each role's scope rules hold for it. */
    json_t *role = json_object_get(norm, "role"), *unit = json_object_get(norm, "unit_id");
    json_t *all = json_object_get(norm, "scope_all"), *plans = json_object_get(norm, "plan_ids");
    int r = nq_role_parse(json_string_value(role ? role : json_object_get(user, "role")));
    bool overseer = r == NQ_ROLE_AGGREGATOR || r == NQ_ROLE_STEERING;
    /* Leaving an overseeing role drops its plan scope rather than
    ** refusing: the administrator changed the role, not the scope. */
    if (!overseer && !plans && !all) {
      json_object_set_new(norm, "plan_ids", json_array());
      json_object_set_new(norm, "scope_all", json_false());
      plans = json_object_get(norm, "plan_ids");
      all = json_object_get(norm, "scope_all");
    }
    size_t n_plans = json_array_size(plans ? plans : json_object_get(user, "plan_ids"));
    rc = check_role_scope(r < 0 ? NQ_ROLE_PUBLIC : (nq_role)r,
                          json_integer_value(unit ? unit : json_object_get(user, "unit_id")),
                          json_is_true(all ? all : json_object_get(user, "scope_all")), n_plans, err);
  }
  if (!rc) rc = nq_store_user_update(s, who, id, norm, now, out, err);
  json_decref(user);
  json_decref(norm);
  return rc;
}

nq_code nq_principal_from_user(const json_t *user, nq_principal *out, int64_t **plan_ids,
                               nq_err *err) {
  int role = nq_role_parse(json_string_value(json_object_get(user, "role")));
  memset(out, 0, sizeof *out);
  *plan_ids = NULL;
  out->user_id = json_integer_value(json_object_get(user, "id"));
  if (out->user_id <= 0) return nq_fail(err, NQ_EINTERNAL, "tài khoản không có mã số");
  /* An unknown role (e.g. 'viewer' rows from before roles existed) gets
  ** the public's rights, never more. */
  out->role = role < 0 ? NQ_ROLE_PUBLIC : (nq_role)role;
  out->actions = NQ_ACTION_ALL;
  out->scope.unit_id = json_integer_value(json_object_get(user, "unit_id"));
  out->scope.all_plans = json_is_true(json_object_get(user, "scope_all"));
  json_t *plans = json_object_get(user, "plan_ids");
  size_t n = json_array_size(plans);
  if (n) {
    int64_t *ids = nq_xcalloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++) ids[i] = json_integer_value(json_array_get(plans, i));
    out->scope.plan_ids = ids;
    out->scope.n_plans = n;
    *plan_ids = ids;
  }
  return NQ_OK;
}
