/*
** api_auth.c: /api/auth (login, logout, the current identity, API tokens)
** and /api/users (administrators manage accounts). Authentication itself is
** src/auth/authn.h; these handlers translate it to HTTP: cookies, status
** codes, Retry-After, and no caching of anything that carries a secret.
*/
#include "http/api.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/accounts.h"
#include "auth/authn.h"
#include "http/authz.h"
#include "store/store_auth.h"

static nq_code need_auth(nq_req *rq, nq_auth **auth, nq_identity **id, nq_err *err) {
  *auth = nq_authz_auth(rq);
  *id = nq_authz_identity(rq);
  if (!*auth || !*id)
    return nq_fail(err, NQ_EUNAVAILABLE, "Máy chủ chưa bật đăng nhập (authentication is off)");
  return NQ_OK;
}

static void no_store(nq_req *rq) { nq_reply_header(rq, "Cache-Control", "no-store"); }

static void set_cookies(nq_req *rq, nq_auth *auth, const char *token) {
  char session[NQ_COOKIE_MAX], csrf[NQ_COOKIE_MAX];
  nq_auth_cookies(auth, token, session, csrf);
  nq_reply_header(rq, "Set-Cookie", session);
  nq_reply_header(rq, "Set-Cookie", csrf);
}

/* What GET /api/auth/me and the login answer carry. */
static json_t *identity_json(const nq_identity *id, const char *session_token) {
  json_t *user = json_deep_copy(id->user);
  json_t *out = json_pack("{s:o,s:s,s:s}", "user", user ? user : json_null(), "role",
                          nq_role_name(id->principal.role), "via",
                          id->via == NQ_CRED_TOKEN ? "token" : "session");
  if (session_token) {
    char csrf[NQ_TOKEN_STR_MAX];
    nq_csrf_token(session_token, csrf);
    json_object_set_new(out, "csrf_token", json_string(csrf));
  }
  json_t *actions = json_array();
  for (int a = 0; a < NQ_ACTION_COUNT; a++)
    if (id->principal.actions & NQ_ACTION_BIT(a))
      json_array_append_new(actions, json_string(nq_action_name(a)));
  json_object_set_new(out, "actions", actions);
  return out;
}

/* A login form posted from another site would log the victim into the
** attacker's account; refuse it when the browser says so. */
static nq_code same_origin(nq_req *rq, nq_err *err) {
  const char *origin = nq_req_header(rq, "Origin");
  const char *host = nq_req_header(rq, "Host");
  if (!origin || !*origin) return NQ_OK;
  const char *h = strstr(origin, "://");
  if (!h || !host || strcasecmp(h + 3, host) != 0)
    return nq_fail(err, NQ_EFORBIDDEN, "Yêu cầu đăng nhập đến từ trang khác bị từ chối");
  return NQ_OK;
}

nq_code api_auth_login(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (!rc) rc = same_origin(rq, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  const char *login = json_string_value(json_object_get(body, "login"));
  const char *password = json_string_value(json_object_get(body, "password"));
  if (!login || !password)
    return nq_fail(err, NQ_EINVAL, "Cần 'login' và 'password' (chuỗi)");

  char token[NQ_TOKEN_STR_MAX];
  json_t *user = NULL;
  int64_t retry = 0;
  rc = nq_auth_login(auth, login, password, nq_authz_client(rq), nq_req_header(rq, "User-Agent"),
                     (int64_t)time(NULL), token, &user, &retry, err);
  if (rc == NQ_ERATELIMIT) {
    /* Answered here, not returned: the error path drops extra headers. */
    char secs[24];
    snprintf(secs, sizeof secs, "%lld", (long long)retry);
    nq_reply_header(rq, "Retry-After", secs);
    no_store(rq);
    nq_reply_json(rq, 429, json_pack("{s:s,s:s}", "error", nq_code_name(rc), "message", err->msg));
    return NQ_OK;
  }
  if (rc) return rc;
  nq_identity fresh;
  nq_identity_init(&fresh);
  fresh.user = user;
  fresh.via = NQ_CRED_SESSION;
  int64_t *plans = NULL;
  rc = nq_principal_from_user(user, &fresh.principal, &plans, err);
  fresh.plan_ids = plans;
  if (!rc) {
    set_cookies(rq, auth, token);
    no_store(rq);
    nq_reply_json(rq, 200, identity_json(&fresh, token));
  }
  memset(token, 0, sizeof token);
  nq_identity_clear(&fresh);
  return rc;
}

nq_code api_auth_logout(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (!rc) rc = nq_auth_logout(auth, id, nq_authz_client(rq), (int64_t)time(NULL), err);
  if (rc) return rc;
  set_cookies(rq, auth, NULL);
  no_store(rq);
  nq_reply_json(rq, 200, json_pack("{s:b}", "ok", 1));
  return NQ_OK;
}

nq_code api_auth_logout_all(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  int64_t count = 0;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (!rc) rc = nq_auth_logout_all(auth, id, nq_authz_client(rq), (int64_t)time(NULL), &count, err);
  if (rc) return rc;
  set_cookies(rq, auth, NULL);
  no_store(rq);
  nq_reply_json(rq, 200, json_pack("{s:b,s:I}", "ok", 1, "sessions_revoked", (json_int_t)count));
  return NQ_OK;
}

nq_code api_auth_me(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (rc) return rc;
  no_store(rq);
  nq_reply_json(rq, 200, identity_json(id, id->via == NQ_CRED_SESSION ? id->session_token : NULL));
  return NQ_OK;
}

/* PUT /api/auth/password {"current","new"}: a new session replaces them all. */
nq_code api_auth_password(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  const char *current = json_string_value(json_object_get(body, "current"));
  const char *new_password = json_string_value(json_object_get(body, "new"));
  if (!current || !new_password)
    return nq_fail(err, NQ_EINVAL, "Cần 'current' (mật khẩu hiện tại) và 'new' (mật khẩu mới)");
  char token[NQ_TOKEN_STR_MAX];
  rc = nq_auth_change_password(auth, id, current, new_password, nq_authz_client(rq),
                               nq_req_header(rq, "User-Agent"), (int64_t)time(NULL), token, err);
  if (rc) return rc;
  set_cookies(rq, auth, token);
  no_store(rq);
  char csrf[NQ_TOKEN_STR_MAX];
  nq_csrf_token(token, csrf);
  memset(token, 0, sizeof token);
  nq_reply_json(rq, 200, json_pack("{s:b,s:s}", "ok", 1, "csrf_token", csrf));
  return NQ_OK;
}

nq_code api_auth_tokens_list(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  json_t *list = NULL;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (!rc) rc = nq_store_api_tokens_list(nq_api_of(rq)->store, id->principal.user_id, &list, err);
  if (rc) return rc;
  no_store(rq);
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

nq_code api_auth_token_create(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  const char *name = json_string_value(json_object_get(body, "name"));
  const char *actions = json_string_value(json_object_get(body, "actions"));
  json_t *ttl = json_object_get(body, "ttl_days");
  if (!name || !actions || (ttl && !json_is_integer(ttl)))
    return nq_fail(err, NQ_EINVAL,
                   "Cần 'name' (chuỗi), 'actions' (\"read,write\") và 'ttl_days' (số ngày, 0 = không hết hạn)");
  json_t *out = NULL;
  rc = nq_auth_token_create(auth, id, name, actions, ttl ? json_integer_value(ttl) : 90,
                            nq_authz_client(rq), (int64_t)time(NULL), &out, err);
  if (rc) return rc;
  no_store(rq);
  nq_reply_json(rq, 201, out);
  return NQ_OK;
}

nq_code api_auth_token_revoke(nq_req *rq, nq_err *err) {
  nq_auth *auth;
  nq_identity *id;
  int64_t tid;
  nq_code rc = need_auth(rq, &auth, &id, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &tid, err);
  if (!rc) rc = nq_auth_token_revoke(auth, id, tid, nq_authz_client(rq), (int64_t)time(NULL), err);
  if (rc) return rc;
  no_store(rq);
  nq_reply_json(rq, 200, json_pack("{s:b}", "ok", 1));
  return NQ_OK;
}

/* ---- /api/users (administrators) ---------------------------------------- */

nq_code api_users_list(nq_req *rq, nq_err *err) {
  json_t *list = NULL;
  nq_code rc = nq_store_users_list(nq_api_of(rq)->store, &list, err);
  if (rc) return rc;
  no_store(rq);
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

nq_code api_user_create(nq_req *rq, nq_err *err) {
  json_t *b = nq_req_json(rq);
  /* "unit" (id or agency name) or "unit_id"; "full_name" or "name". */
  json_t *unit = json_object_get(b, "unit");
  if (!unit || json_is_null(unit)) unit = json_object_get(b, "unit_id");
  json_t *full_name = json_object_get(b, "full_name");
  if (!full_name) full_name = json_object_get(b, "name");
  json_t *plans = json_object_get(b, "plan_ids");
  const char *password = json_string_value(json_object_get(b, "password"));
  if (!password) return nq_fail(err, NQ_EINVAL, "Cần 'password' (chuỗi)");
  if (plans && !json_is_array(plans))
    return nq_fail(err, NQ_EINVAL, "'plan_ids' phải là mảng mã số kế hoạch");
  char unit_text[32];
  const char *unit_arg = json_string_value(unit);
  if (json_is_integer(unit)) {
    snprintf(unit_text, sizeof unit_text, "%lld", (long long)json_integer_value(unit));
    unit_arg = unit_text;
  }
  size_t n = json_array_size(plans);
  int64_t ids[64];
  if (n > 64) return nq_fail(err, NQ_EINVAL, "'plan_ids' có quá 64 kế hoạch");
  for (size_t i = 0; i < n; i++) {
    json_t *v = json_array_get(plans, i);
    if (!json_is_integer(v)) return nq_fail(err, NQ_EINVAL, "'plan_ids' phải là mảng mã số kế hoạch");
    ids[i] = json_integer_value(v);
  }
  nq_account_spec spec = {json_string_value(json_object_get(b, "login")),
                          json_string_value(full_name),
                          json_string_value(json_object_get(b, "role")), unit_arg,
                          json_is_true(json_object_get(b, "all_plans")), ids, n};
  nq_actor who;
  nq_api_actor(rq, &who);
  int64_t id = 0;
  nq_auth *auth = nq_authz_auth(rq);
  const nq_pwhash_cost *cost = auth ? &nq_auth_config_of(auth)->cost : NULL;
  nq_code rc = nq_account_create(nq_api_of(rq)->store, &who, &spec, password, cost,
                                 (int64_t)time(NULL), &id, err);
  json_t *user = NULL;
  if (!rc) rc = nq_store_user_get(nq_api_of(rq)->store, id, &user, err);
  if (rc) return rc;
  no_store(rq);
  nq_reply_json(rq, 201, user);
  return NQ_OK;
}

/* Role, unit, plan scopes, name, disabled (auth/accounts.h checks the
** result). Disabling ends the account's sessions and API tokens in the same
** transaction; the identity cache (auth/idcache.c) drops every entry at the
** write, so the very next request of that account is refused. */
nq_code api_user_patch(nq_req *rq, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  if (!json_is_object(body) || json_object_size(body) == 0)
    return nq_fail(err, NQ_EUNPROCESSABLE, "Cần ít nhất một trường để sửa (full_name, role, unit, "
                   "plan_ids, all_plans, disabled)");
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *user = NULL;
  rc = nq_account_update(nq_api_of(rq)->store, &who, id, body, (int64_t)time(NULL), &user, err);
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE; /* the body parsed: a rule failed */
  if (rc) return rc;
  no_store(rq);
  nq_reply_json(rq, 200, user);
  return NQ_OK;
}

/* An administrator sets a new password ({"password"}) for someone who lost
** theirs; the account's sessions end, as with any password change. */
nq_code api_user_password(nq_req *rq, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  const char *password = json_string_value(json_object_get(nq_req_json(rq), "password"));
  if (!password) return nq_fail(err, NQ_EUNPROCESSABLE, "Cần 'password' (chuỗi)");
  nq_store *store = nq_api_of(rq)->store;
  json_t *user = NULL;
  if ((rc = nq_store_user_get(store, id, &user, err))) return rc;
  nq_actor who;
  nq_api_actor(rq, &who);
  nq_auth *auth = nq_authz_auth(rq);
  const nq_pwhash_cost *cost = auth ? &nq_auth_config_of(auth)->cost : NULL;
  rc = nq_account_set_password(store, &who, json_string_value(json_object_get(user, "login")), password,
                               cost, (int64_t)time(NULL), err);
  json_decref(user);
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE; /* too weak */
  if (!rc) rc = nq_store_user_get(store, id, &user, err);
  if (rc) return rc;
  no_store(rq);
  nq_reply_json(rq, 200, user);
  return NQ_OK;
}
