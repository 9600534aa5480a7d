/*
** authn.c: login, logout, request identification and API tokens over the
** store; see authn.h.
*/
#include "auth/authn.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/accounts.h"
#include "auth/apitoken.h"
#include "auth/idcache.h"
#include "store/store_auth.h"
#include "util/buf.h"

struct nq_auth {
  nq_store *store;
  nq_auth_config cfg;
  nq_ratelimit *rl;
  /* Bounds concurrent argon2id runs: each takes cfg.cost.mem bytes, and a
  ** login storm must not exhaust a small server's memory. */
  pthread_mutex_t hash_mu;
  int hashes_running;
  /* Who a session token is and what a path id names, so a cached GET is
  ** authorized without reading the store (see idcache.h, scopecache.h). */
  nq_idcache *ids;
  nq_scopecache *scopes;
};

/* How long a cached identity or row scope may be used even while nothing
** was written: short, so limits that depend on the clock alone stay
** accurate to the second they matter. */
#define AUTH_CACHE_SECONDS 3
#define AUTH_CACHE_SLOTS 4096

static const char bad_credentials[] = "Sai tên đăng nhập hoặc mật khẩu";

nq_auth_config nq_auth_config_default(void) {
  nq_auth_config c;
  c.session = NQ_SESSION_DEFAULT;
  c.cost = NQ_PWHASH_DEFAULT;
  c.cookies.secure = true;
  c.ratelimit = NQ_RATELIMIT_DEFAULT;
  c.max_concurrent_hashes = 4;
  return c;
}

nq_auth *nq_auth_new(nq_store *store, const nq_auth_config *cfg) {
  nq_auth *a = nq_xcalloc(1, sizeof *a);
  a->store = store;
  a->cfg = cfg ? *cfg : nq_auth_config_default();
  if (a->cfg.max_concurrent_hashes < 1) a->cfg.max_concurrent_hashes = 1;
  a->rl = nq_ratelimit_new(&a->cfg.ratelimit);
  pthread_mutex_init(&a->hash_mu, NULL);
  a->ids = nq_idcache_new(AUTH_CACHE_SLOTS, AUTH_CACHE_SECONDS);
  a->scopes = nq_scopecache_new(AUTH_CACHE_SLOTS, AUTH_CACHE_SECONDS);
  return a;
}

void nq_auth_free(nq_auth *a) {
  if (!a) return;
  nq_ratelimit_free(a->rl);
  nq_idcache_free(a->ids);
  nq_scopecache_free(a->scopes);
  pthread_mutex_destroy(&a->hash_mu);
  free(a);
}

const nq_auth_config *nq_auth_config_of(const nq_auth *a) { return &a->cfg; }

nq_scopecache *nq_auth_scopes(nq_auth *a) { return a->scopes; }

void nq_identity_init(nq_identity *id) {
  memset(id, 0, sizeof *id);
  id->principal = nq_principal_anonymous();
}

void nq_identity_clear(nq_identity *id) {
  json_decref(id->user);
  free(id->plan_ids);
  memset(id->session_token, 0, sizeof id->session_token);
  nq_identity_init(id);
}

nq_actor nq_identity_actor(const nq_identity *id, const char *client_addr) {
  nq_actor who = {0, "anonymous", client_addr ? client_addr : ""};
  if (id->user) {
    who.user_id = id->principal.user_id;
    who.name = json_string_value(json_object_get(id->user, "login"));
  }
  return who;
}

/* Load the user and make the principal; NQ_EAUTH if gone or disabled. */
static nq_code load_user(nq_auth *a, int64_t user_id, nq_identity *id, nq_err *err) {
  json_t *user = NULL;
  nq_code rc = nq_store_user_get(a->store, user_id, &user, err);
  if (rc == NQ_ENOTFOUND) return nq_fail(err, NQ_EAUTH, "Tài khoản không còn tồn tại");
  if (rc) return rc;
  if (json_is_true(json_object_get(user, "disabled"))) {
    json_decref(user);
    return nq_fail(err, NQ_EAUTH, "Tài khoản đã bị khóa");
  }
  int64_t *plans = NULL;
  if ((rc = nq_principal_from_user(user, &id->principal, &plans, err))) {
    json_decref(user);
    return rc;
  }
  id->user = user;
  id->plan_ids = plans;
  return NQ_OK;
}

static nq_code identify_token(nq_auth *a, const char *authorization, int64_t now,
                              nq_identity *id, nq_err *err) {
  char token[NQ_TOKEN_STR_MAX], hash[NQ_TOKEN_HASH_HEX];
  if (!nq_bearer_token(authorization, token))
    return nq_fail(err, NQ_EAUTH, "Tiêu đề Authorization không chứa mã truy cập nq57 hợp lệ");
  nq_token_hash(token, hash);
  memset(token, 0, sizeof token);
  json_t *row = NULL;
  nq_code rc = nq_store_api_token_find(a->store, hash, &row, err);
  if (rc == NQ_ENOTFOUND) return nq_fail(err, NQ_EAUTH, "Mã truy cập không đúng");
  if (rc) return rc;
  nq_api_token t;
  memset(&t, 0, sizeof t);
  t.id = json_integer_value(json_object_get(row, "id"));
  t.user_id = json_integer_value(json_object_get(row, "user_id"));
  t.expires_at = json_integer_value(json_object_get(row, "expires_at"));
  t.revoked_at = json_integer_value(json_object_get(row, "revoked_at"));
  int64_t last_used = json_integer_value(json_object_get(row, "last_used_at"));
  rc = nq_actions_parse(json_string_value(json_object_get(row, "actions")), &t.actions, err);
  json_decref(row);
  if (rc) return rc;
  if (!nq_api_token_active(&t, now))
    return nq_fail(err, NQ_EAUTH, "Mã truy cập đã hết hạn hoặc bị thu hồi");
  if ((rc = load_user(a, t.user_id, id, err))) return rc;
  id->principal = nq_api_token_principal(&id->principal, &t);
  id->via = NQ_CRED_TOKEN;
  id->token_id = t.id;
  if (now - last_used >= a->cfg.session.touch_interval) {
    nq_err ignored;
    (void)nq_store_api_token_touch(a->store, t.id, now, &ignored); /* bookkeeping only */
  }
  return NQ_OK;
}

static nq_code identify_session(nq_auth *a, const char *token, int64_t now, nq_identity *id,
                                nq_err *err) {
  char hash[NQ_TOKEN_HASH_HEX];
  if (!nq_token_well_formed(token, NULL)) {
    id->problem = "Phiên đăng nhập không hợp lệ, vui lòng đăng nhập lại";
    return NQ_OK;
  }
  nq_token_hash(token, hash);
  nq_session ses;
  /* Read before the store so a write racing with our reads leaves what we
  ** cache below already stale. */
  int64_t generation = nq_store_generation(a->store);
  if (nq_idcache_get(a->ids, hash, generation, now, &ses, &id->user, &id->principal,
                     &id->plan_ids)) {
    /* The clock moves without writes: expiry and idle time are checked
    ** on every hit, and a session due for its activity update takes the
    ** slow path, which records it. */
    if (nq_session_state_at(&ses, &a->cfg.session, now) == NQ_SESSION_VALID &&
        !nq_session_needs_touch(&ses, &a->cfg.session, now)) {
      id->via = NQ_CRED_SESSION;
      snprintf(id->session_token, sizeof id->session_token, "%s", token);
      return NQ_OK;
    }
    nq_identity_clear(id);
  }
  nq_code rc = nq_store_session_get(a->store, hash, &ses, err);
  if (rc == NQ_ENOTFOUND) {
    id->problem = "Phiên đăng nhập không còn hiệu lực, vui lòng đăng nhập lại";
    return NQ_OK;
  }
  if (rc) return rc;
  nq_session_state st = nq_session_state_at(&ses, &a->cfg.session, now);
  if (st != NQ_SESSION_VALID) {
    id->problem = nq_session_state_message(st);
    return NQ_OK;
  }
  nq_err uerr;
  rc = load_user(a, ses.user_id, id, &uerr);
  if (rc == NQ_EAUTH) {
    id->problem = "Tài khoản đã bị khóa hoặc không còn tồn tại";
    return NQ_OK;
  }
  if (rc) {
    if (err) *err = uerr;
    return rc;
  }
  id->via = NQ_CRED_SESSION;
  snprintf(id->session_token, sizeof id->session_token, "%s", token);
  if (nq_session_needs_touch(&ses, &a->cfg.session, now)) {
    nq_err ignored;
    (void)nq_store_session_touch(a->store, hash, now, &ignored); /* bookkeeping only */
    /* The touch is a write, so the generation read above is stale anyway;
    ** the next request resolves and caches the session afresh. Reading
    ** the generation again here could pair our rows with a newer write
    ** (a logout racing with us). */
    return NQ_OK;
  }
  nq_idcache_put(a->ids, hash, generation, now, &ses, id->user, &id->principal);
  return NQ_OK;
}

nq_code nq_auth_identify(nq_auth *a, const char *cookie_header, const char *authorization,
                         int64_t now, nq_identity *id, nq_err *err) {
  nq_identity_clear(id);
  nq_code rc;
  if (authorization && *authorization)
    rc = identify_token(a, authorization, now, id, err);
  else {
    char token[NQ_TOKEN_STR_MAX];
    if (!nq_cookie_find(cookie_header, NQ_SESSION_COOKIE, token, sizeof token)) return NQ_OK;
    rc = identify_session(a, token, now, id, err);
    memset(token, 0, sizeof token);
  }
  if (rc) {
    const char *problem = id->problem;
    nq_identity_clear(id);
    id->problem = problem;
  }
  return rc;
}

nq_code nq_auth_check_csrf(const nq_identity *id, const char *method,
                           const char *csrf_header, const char *origin, const char *host,
                           nq_err *err) {
  if (id->via != NQ_CRED_SESSION) return NQ_OK;
  nq_csrf_request r = {method, id->session_token, csrf_header, origin, host};
  return nq_csrf_check(&r, err);
}

/* ---- login --------------------------------------------------------------- */

static bool hash_slot_take(nq_auth *a) {
  pthread_mutex_lock(&a->hash_mu);
  bool ok = a->hashes_running < a->cfg.max_concurrent_hashes;
  if (ok) a->hashes_running++;
  pthread_mutex_unlock(&a->hash_mu);
  return ok;
}

static void hash_slot_give(nq_auth *a) {
  pthread_mutex_lock(&a->hash_mu);
  a->hashes_running--;
  pthread_mutex_unlock(&a->hash_mu);
}

static void record_attempt(nq_auth *a, const char *login, const char *addr, bool ok,
                           const char *reason, int64_t now) {
  nq_ratelimit_record(a->rl, login, addr, ok, now);
  nq_err ignored;
  /* The attempt log is for review; failing to write it must not change
  ** the answer to the person logging in. */
  (void)nq_store_login_attempt(a->store, login, addr, ok, reason, now, &ignored);
}

nq_code nq_auth_login(nq_auth *a, const char *login_in, const char *password,
                      const char *client_addr, const char *user_agent, int64_t now,
                      char token_out[NQ_TOKEN_STR_MAX], json_t **user_out,
                      int64_t *retry_after, nq_err *err) {
  if (retry_after) *retry_after = 0;
  if (!password || !login_in) return nq_fail(err, NQ_EINVAL, "Thiếu tên đăng nhập hoặc mật khẩu");
  char login[NQ_LOGIN_MAX + 1];
  nq_err lerr;
  bool login_ok = nq_login_normalize(login_in, login, &lerr) == NQ_OK;
  if (!login_ok) snprintf(login, sizeof login, "%.*s", NQ_LOGIN_MAX, login_in);

  int64_t wait = 0;
  if (!nq_ratelimit_allow(a->rl, login, client_addr, now, &wait)) {
    if (retry_after) *retry_after = wait;
    return nq_fail(err, NQ_ERATELIMIT,
                   "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau %lld phút",
                   (long long)((wait + 59) / 60));
  }
  if (!hash_slot_take(a))
    return nq_fail(err, NQ_EUNAVAILABLE, "Máy chủ đang bận, vui lòng thử lại sau giây lát");

  json_t *user = NULL;
  nq_code rc = login_ok ? nq_store_user_by_login(a->store, login, &user, err) : NQ_ENOTFOUND;
  if (rc && rc != NQ_ENOTFOUND) {
    hash_slot_give(a);
    return rc;
  }
  const char *hash = user ? json_string_value(json_object_get(user, "password_hash")) : NULL;
  bool ok;
  if (hash && *hash) {
    ok = nq_password_verify(hash, password);
  } else {
    /* Same work as a real check, so response time does not reveal
    ** whether the login exists. */
    nq_password_verify_dummy(password);
    ok = false;
  }
  bool rehash = ok && nq_password_needs_rehash(hash, &a->cfg.cost);
  char newhash[NQ_PWHASH_STRBYTES];
  if (rehash && nq_password_hash(password, &a->cfg.cost, newhash, NULL) != NQ_OK) rehash = false;
  hash_slot_give(a);

  if (!ok) {
    record_attempt(a, login, client_addr, false, user ? "wrong password" : "unknown login", now);
    json_decref(user);
    return nq_fail(err, NQ_EAUTH, bad_credentials);
  }
  if (json_is_true(json_object_get(user, "disabled"))) {
    record_attempt(a, login, client_addr, false, "disabled", now);
    json_decref(user);
    return nq_fail(err, NQ_EAUTH, "Tài khoản đã bị khóa, liên hệ quản trị viên");
  }
  int64_t user_id = json_integer_value(json_object_get(user, "id"));
  nq_actor who = {user_id, login, client_addr ? client_addr : ""};
  if (rehash) {
    nq_err ignored;
    (void)nq_store_user_set_password(a->store, &who, user_id, newhash, true, now, &ignored);
  }

  char token[NQ_TOKEN_STR_MAX];
  nq_token_new(NULL, token);
  nq_session ses = nq_session_start(token, user_id, &a->cfg.session, now);
  rc = nq_store_session_create(a->store, &who, &ses, user_agent, err);
  if (rc) {
    json_decref(user);
    return rc;
  }
  record_attempt(a, login, client_addr, true, "", now);
  json_object_del(user, "password_hash");
  memcpy(token_out, token, NQ_TOKEN_STR_MAX);
  memset(token, 0, sizeof token);
  *user_out = user;
  return NQ_OK;
}

nq_code nq_auth_change_password(nq_auth *a, const nq_identity *id, const char *current,
                                const char *new_password, const char *client_addr,
                                const char *user_agent, int64_t now,
                                char token_out[NQ_TOKEN_STR_MAX], nq_err *err) {
  if (id->via != NQ_CRED_SESSION)
    return nq_fail(err, NQ_EFORBIDDEN, "Chỉ đổi mật khẩu khi đăng nhập bằng trình duyệt");
  if (!current || !new_password) return nq_fail(err, NQ_EINVAL, "Thiếu mật khẩu hiện tại hoặc mật khẩu mới");
  const char *login = json_string_value(json_object_get(id->user, "login"));
  nq_code rc = nq_password_check_strength(new_password, err);
  if (rc) return rc;
  int64_t wait = 0;
  if (!nq_ratelimit_allow(a->rl, login, client_addr, now, &wait))
    return nq_fail(err, NQ_ERATELIMIT, "Nhập sai mật khẩu quá nhiều lần, vui lòng thử lại sau %lld phút",
                   (long long)((wait + 59) / 60));
  json_t *user = NULL;
  if ((rc = nq_store_user_by_login(a->store, login, &user, err))) return rc;
  if (!hash_slot_take(a)) {
    json_decref(user);
    return nq_fail(err, NQ_EUNAVAILABLE, "Máy chủ đang bận, vui lòng thử lại sau giây lát");
  }
  bool ok = nq_password_verify(json_string_value(json_object_get(user, "password_hash")), current);
  hash_slot_give(a);
  json_decref(user);
  if (!ok) {
    record_attempt(a, login, client_addr, false, "wrong current password", now);
    return nq_fail(err, NQ_EFORBIDDEN, "Mật khẩu hiện tại không đúng");
  }
  nq_actor who = nq_identity_actor(id, client_addr);
  if ((rc = nq_account_set_password(a->store, &who, login, new_password, &a->cfg.cost, now, err)))
    return rc;
  json_t *fresh = NULL;
  int64_t retry;
  rc = nq_auth_login(a, login, new_password, client_addr, user_agent, now, token_out, &fresh,
                     &retry, err);
  json_decref(fresh);
  return rc;
}

nq_code nq_auth_logout(nq_auth *a, const nq_identity *id, const char *client_addr,
                       int64_t now, nq_err *err) {
  if (id->via != NQ_CRED_SESSION) return NQ_OK;
  char hash[NQ_TOKEN_HASH_HEX];
  nq_token_hash(id->session_token, hash);
  nq_actor who = nq_identity_actor(id, client_addr);
  return nq_store_session_revoke(a->store, &who, hash, now, err);
}

nq_code nq_auth_logout_all(nq_auth *a, const nq_identity *id, const char *client_addr,
                           int64_t now, int64_t *count, nq_err *err) {
  if (!id->user) return nq_fail(err, NQ_EAUTH, "Cần đăng nhập");
  nq_actor who = nq_identity_actor(id, client_addr);
  return nq_store_sessions_revoke_user(a->store, &who, id->principal.user_id, now, count, err);
}

void nq_auth_cookies(const nq_auth *a, const char *token, char session[NQ_COOKIE_MAX],
                     char csrf[NQ_COOKIE_MAX]) {
  if (!token) {
    nq_cookie_session(session, "", 0, &a->cfg.cookies);
    nq_cookie_csrf(csrf, "", 0, &a->cfg.cookies);
    return;
  }
  char c[NQ_TOKEN_STR_MAX];
  nq_csrf_token(token, c);
  nq_cookie_session(session, token, a->cfg.session.lifetime, &a->cfg.cookies);
  nq_cookie_csrf(csrf, c, a->cfg.session.lifetime, &a->cfg.cookies);
}

/* ---- API tokens ---------------------------------------------------------- */

nq_code nq_auth_token_create(nq_auth *a, const nq_identity *id, const char *name,
                             const char *actions, int64_t ttl_days, const char *client_addr,
                             int64_t now, json_t **out, nq_err *err) {
  if (id->via != NQ_CRED_SESSION)
    return nq_fail(err, NQ_EFORBIDDEN, "Chỉ tạo mã truy cập khi đăng nhập bằng trình duyệt");
  if (!name || !*name || strlen(name) > 100)
    return nq_fail(err, NQ_EINVAL, "Tên mã truy cập phải có từ 1 đến 100 byte");
  if (ttl_days < 0 || ttl_days > 3650)
    return nq_fail(err, NQ_EINVAL, "Thời hạn mã truy cập phải từ 0 đến 3650 ngày");
  unsigned set;
  nq_code rc = nq_actions_parse(actions, &set, err);
  if (rc) return rc;
  if (set & NQ_ACTION_BIT(NQ_ACTION_ADMIN) && id->principal.role != NQ_ROLE_ADMIN)
    return nq_fail(err, NQ_EFORBIDDEN, "Chỉ quản trị viên được cấp quyền admin cho mã truy cập");
  /* Store the canonical spelling. */
  nq_buf canon = NQ_BUF_INIT;
  for (int act = 0; act < NQ_ACTION_COUNT; act++)
    if (set & NQ_ACTION_BIT(act))
      nq_buf_printf(&canon, "%s%s", canon.len ? "," : "", nq_action_name(act));
  char token[NQ_TOKEN_STR_MAX], hash[NQ_TOKEN_HASH_HEX];
  nq_token_new(NQ_API_TOKEN_PREFIX, token);
  nq_token_hash(token, hash);
  json_t *row = json_pack("{s:I,s:s,s:s,s:I}", "user_id", (json_int_t)id->principal.user_id,
                          "name", name, "actions", canon.data, "expires_at",
                          (json_int_t)(ttl_days ? now + ttl_days * 86400 : 0));
  nq_buf_free(&canon);
  nq_actor who = nq_identity_actor(id, client_addr);
  int64_t tid = 0;
  rc = nq_store_api_token_create(a->store, &who, row, hash, now, &tid, err);
  json_decref(row);
  if (rc) return rc;
  json_t *list = NULL;
  if ((rc = nq_store_api_tokens_list(a->store, id->principal.user_id, &list, err))) return rc;
  json_t *mine = NULL;
  size_t i;
  json_t *t;
  json_array_foreach(list, i, t)
    if (json_integer_value(json_object_get(t, "id")) == tid) mine = json_incref(t);
  json_decref(list);
  if (!mine) return nq_fail(err, NQ_EINTERNAL, "Không đọc lại được mã truy cập vừa tạo");
  json_object_set_new(mine, "token", json_string(token));
  memset(token, 0, sizeof token);
  *out = mine;
  return NQ_OK;
}

nq_code nq_auth_token_revoke(nq_auth *a, const nq_identity *id, int64_t token_id,
                             const char *client_addr, int64_t now, nq_err *err) {
  if (!id->user) return nq_fail(err, NQ_EAUTH, "Cần đăng nhập");
  nq_actor who = nq_identity_actor(id, client_addr);
  /* Administrators may revoke anyone's token; others only their own. */
  int64_t owner = id->principal.role == NQ_ROLE_ADMIN ? 0 : id->principal.user_id;
  return nq_store_api_token_revoke(a->store, &who, owner, token_id, now, err);
}
