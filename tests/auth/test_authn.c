/* test_authn.c: accounts, login, sessions and API tokens over a real
** SQLite file (store_auth.h, accounts.h, authn.h), with an explicit clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "auth/accounts.h"
#include "auth/authn.h"
#include "auth/idcache.h"
#include "store/store.h"
#include "store/store_auth.h"

static const nq_pwhash_cost cheap = {1, 8u << 20};
static const nq_actor cli = {0, "cli", "cli"};
#define T0 1800000000 /* 2027-01-15 */

typedef struct fixture {
  char dir[64];
  char db[128];
  nq_store *store;
  nq_auth *auth;
  int64_t unit_a, unit_b;
} fixture;

static int64_t make_unit(nq_store *s, const char *name) {
  nq_err err = {0};
  json_t *u = json_pack("{s:s,s:s,s:s}", "name", name, "kind", "state", "level", "province");
  int64_t id = 0;
  if (nq_store_unit_create(s, &cli, u, &id, &err)) fail_msg("unit: %s", err.msg);
  json_decref(u);
  return id;
}

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-authn-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->db, sizeof fx->db, "%s/test.db", fx->dir);
  nq_err err = {0};
  if (nq_store_open(&fx->store, fx->db, &err)) fail_msg("open: %s", err.msg);
  nq_auth_config cfg = nq_auth_config_default();
  cfg.cost = cheap;
  cfg.ratelimit.login_failures = 3;
  fx->auth = nq_auth_new(fx->store, &cfg);
  fx->unit_a = make_unit(fx->store, "Sở Thử nghiệm A");
  fx->unit_b = make_unit(fx->store, "Sở Thử nghiệm B");
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_auth_free(fx->auth);
  nq_store_close(fx->store);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
  assert_int_equal(system(cmd), 0);
  free(fx);
  return 0;
}

static int64_t add_user(fixture *fx, const char *login, const char *role, int64_t unit) {
  char unit_text[24] = "";
  if (unit) snprintf(unit_text, sizeof unit_text, "%lld", (long long)unit);
  nq_account_spec spec = {login, "Nguyễn Văn Thử", role, unit ? unit_text : NULL,
                          !strcmp(role, "aggregator") || !strcmp(role, "steering"), NULL, 0};
  nq_err err = {0};
  int64_t id = 0;
  if (nq_account_create(fx->store, &cli, &spec, "mật khẩu đủ dài", &cheap, T0, &id, &err))
    fail_msg("create %s: %s", login, err.msg);
  return id;
}

static void login_ok(fixture *fx, const char *login, const char *pw, int64_t now,
                     char token[NQ_TOKEN_STR_MAX]) {
  nq_err err = {0};
  json_t *user = NULL;
  int64_t retry;
  nq_code rc = nq_auth_login(fx->auth, login, pw, "10.1.1.1", "test", now, token, &user,
                             &retry, &err);
  if (rc) fail_msg("login %s: %s", login, err.msg);
  assert_null(json_object_get(user, "password_hash"));
  json_decref(user);
}

static void cookie_of(const char *token, char *out, size_t cap) {
  snprintf(out, cap, "theme=dark; " NQ_SESSION_COOKIE "=%s", token);
}

static void test_account_rules(void **state) {
  fixture *fx = *state;
  nq_err err = {0};
  int64_t id;
  nq_account_spec bad_role = {"someone", "", "root", NULL, false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &bad_role, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_EINVAL);
  nq_account_spec no_unit = {"someone", "", "officer", NULL, false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &no_unit, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "--unit"));
  nq_account_spec no_scope = {"someone", "", "steering", NULL, false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &no_scope, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_EINVAL);
  nq_account_spec short_pw = {"someone", "", "admin", NULL, false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &short_pw, "ngắn", &cheap, T0, &id, &err), NQ_EINVAL);
  nq_account_spec bad_login = {"có dấu", "", "admin", NULL, false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &bad_login, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_EINVAL);
  nq_account_spec by_name = {"Officer.A", "", "officer", "Sở Thử nghiệm A", false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &by_name, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_OK);
  /* logins are stored lower-cased and unique */
  json_t *u = NULL;
  assert_int_equal(nq_store_user_by_login(fx->store, "officer.a", &u, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(u, "unit_id")), fx->unit_a);
  const char *hash = json_string_value(json_object_get(u, "password_hash"));
  assert_non_null(strstr(hash, "$argon2id$"));
  assert_null(strstr(hash, "mật khẩu"));
  json_decref(u);
  nq_account_spec again = {"OFFICER.A", "", "officer", "Sở Thử nghiệm B", false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &again, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_ECONFLICT);
  nq_account_spec unknown_unit = {"x.y.z", "", "head", "Sở Không Có", false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &unknown_unit, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_EINVAL);
}

static void test_login_session_logout(void **state) {
  fixture *fx = *state;
  int64_t uid = add_user(fx, "officer1", "officer", fx->unit_a);
  char token[NQ_TOKEN_STR_MAX], cookie[160];
  login_ok(fx, "Officer1", "mật khẩu đủ dài", T0, token);
  cookie_of(token, cookie, sizeof cookie);

  nq_identity id;
  nq_identity_init(&id);
  nq_err err = {0};
  assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, T0 + 10, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_SESSION);
  assert_int_equal(id.principal.user_id, uid);
  assert_int_equal(id.principal.role, NQ_ROLE_OFFICER);
  assert_int_equal(id.principal.scope.unit_id, fx->unit_a);
  assert_null(id.problem);

  /* the database holds only the token's hash */
  char hash[NQ_TOKEN_HASH_HEX];
  nq_token_hash(token, hash);
  nq_session ses;
  assert_int_equal(nq_store_session_get(fx->store, hash, &ses, &err), NQ_OK);
  assert_int_equal(ses.user_id, uid);
  assert_int_equal(ses.expires_at, T0 + NQ_SESSION_DEFAULT.lifetime);
  assert_int_equal(nq_store_session_get(fx->store, token, &ses, &err), NQ_ENOTFOUND);

  /* CSRF: writes need the derived token */
  char csrf[NQ_TOKEN_STR_MAX];
  nq_csrf_token(token, csrf);
  assert_int_equal(nq_auth_check_csrf(&id, "POST", NULL, NULL, "h", &err), NQ_EFORBIDDEN);
  assert_int_equal(nq_auth_check_csrf(&id, "POST", csrf, "https://h", "h", &err), NQ_OK);

  /* idle: activity within the idle period keeps it, a long pause ends it */
  int64_t t = T0 + 10;
  for (int i = 0; i < 5; i++) {
    t += NQ_SESSION_DEFAULT.idle - 60;
    assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, t, &id, &err), NQ_OK);
    assert_int_equal(id.via, NQ_CRED_SESSION);
  }
  assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, t + NQ_SESSION_DEFAULT.idle + 1, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  assert_non_null(id.problem);
  assert_int_equal(id.principal.user_id, 0);

  /* logout ends it for good */
  char token2[NQ_TOKEN_STR_MAX], cookie2[160];
  login_ok(fx, "officer1", "mật khẩu đủ dài", t, token2);
  cookie_of(token2, cookie2, sizeof cookie2);
  assert_int_equal(nq_auth_identify(fx->auth, cookie2, NULL, t + 1, &id, &err), NQ_OK);
  assert_int_equal(nq_auth_logout(fx->auth, &id, "10.1.1.1", t + 2, &err), NQ_OK);
  assert_int_equal(nq_auth_identify(fx->auth, cookie2, NULL, t + 3, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  nq_identity_clear(&id);

  /* a garbage cookie is just anonymous */
  assert_int_equal(nq_auth_identify(fx->auth, NQ_SESSION_COOKIE "=../../etc", NULL, t, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  nq_identity_clear(&id);
}

static void test_absolute_lifetime(void **state) {
  fixture *fx = *state;
  add_user(fx, "officer2", "officer", fx->unit_a);
  char token[NQ_TOKEN_STR_MAX], cookie[160];
  login_ok(fx, "officer2", "mật khẩu đủ dài", T0, token);
  cookie_of(token, cookie, sizeof cookie);
  nq_identity id;
  nq_identity_init(&id);
  nq_err err = {0};
  int64_t t = T0;
  while (t + 1800 < T0 + NQ_SESSION_DEFAULT.lifetime) {
    t += 1800;
    assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, t, &id, &err), NQ_OK);
    assert_int_equal(id.via, NQ_CRED_SESSION);
  }
  assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, T0 + NQ_SESSION_DEFAULT.lifetime, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  assert_non_null(strstr(id.problem, "hết hạn"));
  nq_identity_clear(&id);
}

static void test_wrong_password_and_lockout(void **state) {
  fixture *fx = *state;
  add_user(fx, "head1", "head", fx->unit_a);
  nq_err err = {0}, err2 = {0};
  char token[NQ_TOKEN_STR_MAX];
  json_t *user = NULL;
  int64_t retry = 0;
  /* unknown login and wrong password: the same answer */
  assert_int_equal(nq_auth_login(fx->auth, "nobody", "mật khẩu đủ dài", "10.2.2.2", "", T0, token, &user, &retry, &err), NQ_EAUTH);
  assert_int_equal(nq_auth_login(fx->auth, "head1", "sai mật khẩu rồi", "10.2.2.2", "", T0, token, &user, &retry, &err2), NQ_EAUTH);
  assert_string_equal(err.msg, err2.msg);
  assert_int_equal(nq_auth_login(fx->auth, "head1", "sai mật khẩu rồi", "10.2.2.3", "", T0, token, &user, &retry, &err), NQ_EAUTH);
  assert_int_equal(nq_auth_login(fx->auth, "head1", "sai mật khẩu rồi", "10.2.2.4", "", T0, token, &user, &retry, &err), NQ_EAUTH);
  /* three failures: locked, even with the right password */
  assert_int_equal(nq_auth_login(fx->auth, "head1", "mật khẩu đủ dài", "10.2.2.5", "", T0 + 1, token, &user, &retry, &err), NQ_ERATELIMIT);
  assert_true(retry > 0);
  assert_int_equal(nq_auth_login(fx->auth, "head1", "mật khẩu đủ dài", "10.2.2.5", "", T0 + 1 + retry, token, &user, &retry, &err), NQ_OK);
  json_decref(user);

  /* every attempt is in login_attempts */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), sum(success) FROM login_attempts", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 5);
  assert_int_equal(sqlite3_column_int(st, 1), 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

static void test_passwd_and_disable_revoke(void **state) {
  fixture *fx = *state;
  add_user(fx, "admin1", "admin", 0);
  add_user(fx, "officer3", "officer", fx->unit_b);
  char t1[NQ_TOKEN_STR_MAX], t2[NQ_TOKEN_STR_MAX], c1[160], c2[160];
  login_ok(fx, "officer3", "mật khẩu đủ dài", T0, t1);
  login_ok(fx, "officer3", "mật khẩu đủ dài", T0 + 1, t2);
  cookie_of(t1, c1, sizeof c1);
  cookie_of(t2, c2, sizeof c2);
  nq_err err = {0};
  assert_int_equal(nq_account_set_password(fx->store, &cli, "officer3", "mật khẩu mới đủ dài", &cheap, T0 + 5, &err), NQ_OK);
  nq_identity id;
  nq_identity_init(&id);
  assert_int_equal(nq_auth_identify(fx->auth, c1, NULL, T0 + 6, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  assert_int_equal(nq_auth_identify(fx->auth, c2, NULL, T0 + 6, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  char tok[NQ_TOKEN_STR_MAX];
  json_t *user = NULL;
  int64_t retry;
  assert_int_equal(nq_auth_login(fx->auth, "officer3", "mật khẩu đủ dài", "a", "", T0 + 7, tok, &user, &retry, &err), NQ_EAUTH);
  login_ok(fx, "officer3", "mật khẩu mới đủ dài", T0 + 8, t1);
  cookie_of(t1, c1, sizeof c1);

  /* an API token, then disabling the account revokes both */
  assert_int_equal(nq_auth_identify(fx->auth, c1, NULL, T0 + 9, &id, &err), NQ_OK);
  json_t *tokrow = NULL;
  assert_int_equal(nq_auth_token_create(fx->auth, &id, "báo cáo tự động", "read", 30, "a", T0 + 9, &tokrow, &err), NQ_OK);
  char bearer[128];
  snprintf(bearer, sizeof bearer, "Bearer %s", json_string_value(json_object_get(tokrow, "token")));
  json_decref(tokrow);
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 10, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_TOKEN);
  assert_int_equal(nq_account_set_disabled(fx->store, &cli, "officer3", true, T0 + 11, &err), NQ_OK);
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 12, &id, &err), NQ_EAUTH);
  assert_int_equal(nq_auth_identify(fx->auth, c1, NULL, T0 + 12, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  assert_int_equal(nq_auth_login(fx->auth, "officer3", "mật khẩu mới đủ dài", "a", "", T0 + 13, tok, &user, &retry, &err), NQ_EAUTH);
  assert_non_null(strstr(err.msg, "khóa"));
  /* re-enabled: can log in again, old credentials stay dead */
  assert_int_equal(nq_account_set_disabled(fx->store, &cli, "officer3", false, T0 + 14, &err), NQ_OK);
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 15, &id, &err), NQ_EAUTH);
  login_ok(fx, "officer3", "mật khẩu mới đủ dài", T0 + 16, t2);

  /* the last administrator cannot be disabled */
  assert_int_equal(nq_account_set_disabled(fx->store, &cli, "admin1", true, T0, &err), NQ_ECONFLICT);
  nq_identity_clear(&id);
}

static void test_api_tokens(void **state) {
  fixture *fx = *state;
  add_user(fx, "agg1", "aggregator", fx->unit_a);
  char t[NQ_TOKEN_STR_MAX], c[160];
  login_ok(fx, "agg1", "mật khẩu đủ dài", T0, t);
  cookie_of(t, c, sizeof c);
  nq_identity id, tid;
  nq_identity_init(&id);
  nq_identity_init(&tid);
  nq_err err = {0};
  assert_int_equal(nq_auth_identify(fx->auth, c, NULL, T0, &id, &err), NQ_OK);
  json_t *row = NULL;
  assert_int_equal(nq_auth_token_create(fx->auth, &id, "kho dữ liệu", "read", 1, "a", T0, &row, &err), NQ_OK);
  const char *token = json_string_value(json_object_get(row, "token"));
  assert_true(nq_token_well_formed(token, NQ_API_TOKEN_PREFIX));
  assert_string_equal(json_string_value(json_object_get(row, "actions")), "read");
  int64_t token_id = json_integer_value(json_object_get(row, "id"));
  char bearer[128];
  snprintf(bearer, sizeof bearer, "Bearer %s", token);
  json_decref(row);

  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 60, &tid, &err), NQ_OK);
  assert_int_equal(tid.via, NQ_CRED_TOKEN);
  assert_int_equal(tid.principal.role, NQ_ROLE_AGGREGATOR);
  assert_int_equal(tid.principal.actions, NQ_ACTION_BIT(NQ_ACTION_READ));
  /* tokens need no CSRF token and cannot mint tokens */
  assert_int_equal(nq_auth_check_csrf(&tid, "POST", NULL, "https://evil", "h", &err), NQ_OK);
  assert_int_equal(nq_auth_token_create(fx->auth, &tid, "x", "read", 1, "a", T0, &row, &err), NQ_EFORBIDDEN);
  /* non-admins cannot issue admin tokens; unknown actions are refused */
  assert_int_equal(nq_auth_token_create(fx->auth, &id, "x", "read,admin", 1, "a", T0, &row, &err), NQ_EFORBIDDEN);
  assert_int_equal(nq_auth_token_create(fx->auth, &id, "x", "read,delete", 1, "a", T0, &row, &err), NQ_EINVAL);
  /* expiry after a day */
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 86400, &tid, &err), NQ_EAUTH);
  /* a tampered token fails */
  char bad[128];
  strcpy(bad, bearer);
  bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bad, T0 + 60, &tid, &err), NQ_EAUTH);
  assert_int_equal(nq_auth_identify(fx->auth, NULL, "Bearer nonsense", T0 + 60, &tid, &err), NQ_EAUTH);

  /* revocation: only by its owner (or an admin) */
  add_user(fx, "agg2", "aggregator", fx->unit_b);
  char t2[NQ_TOKEN_STR_MAX], c2[160];
  login_ok(fx, "agg2", "mật khẩu đủ dài", T0, t2);
  cookie_of(t2, c2, sizeof c2);
  nq_identity other;
  nq_identity_init(&other);
  assert_int_equal(nq_auth_identify(fx->auth, c2, NULL, T0, &other, &err), NQ_OK);
  assert_int_equal(nq_auth_token_create(fx->auth, &id, "lâu dài", "read,write", 0, "a", T0, &row, &err), NQ_OK);
  snprintf(bearer, sizeof bearer, "Bearer %s", json_string_value(json_object_get(row, "token")));
  token_id = json_integer_value(json_object_get(row, "id"));
  json_decref(row);
  assert_int_equal(nq_auth_token_revoke(fx->auth, &other, token_id, "a", T0 + 1, &err), NQ_ENOTFOUND);
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 999999, &tid, &err), NQ_OK);
  assert_int_equal(nq_auth_token_revoke(fx->auth, &id, token_id, "a", T0 + 2, &err), NQ_OK);
  assert_int_equal(nq_auth_identify(fx->auth, NULL, bearer, T0 + 3, &tid, &err), NQ_EAUTH);
  json_t *list = NULL;
  assert_int_equal(nq_store_api_tokens_list(fx->store, id.principal.user_id, &list, &err), NQ_OK);
  assert_int_equal(json_array_size(list), 2);
  char *dump = json_dumps(list, 0);
  assert_null(strstr(dump, "token_hash"));
  free(dump);
  json_decref(list);

  /* logout-all ends every session of the user */
  char t3[NQ_TOKEN_STR_MAX], c3[160];
  login_ok(fx, "agg1", "mật khẩu đủ dài", T0 + 5, t3);
  cookie_of(t3, c3, sizeof c3);
  int64_t n = 0;
  assert_int_equal(nq_auth_logout_all(fx->auth, &id, "a", T0 + 6, &n, &err), NQ_OK);
  assert_int_equal(n, 2);
  assert_int_equal(nq_auth_identify(fx->auth, c3, NULL, T0 + 7, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_NONE);
  assert_int_equal(nq_auth_identify(fx->auth, c2, NULL, T0 + 7, &other, &err), NQ_OK);
  assert_int_equal(other.via, NQ_CRED_SESSION);
  nq_identity_clear(&id);
  nq_identity_clear(&tid);
  nq_identity_clear(&other);
}

static void test_aggregator_scope_from_plans(void **state) {
  fixture *fx = *state;
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  char sql[256];
  snprintf(sql, sizeof sql,
           "INSERT INTO plans(id, title, aggregator_unit_id, created_at, updated_at) VALUES"
           " (71, 'Kế hoạch A', %lld, 'x', 'x'), (72, 'Kế hoạch B', %lld, 'x', 'x'),"
           " (73, 'Kế hoạch C', NULL, 'x', 'x')",
           (long long)fx->unit_a, (long long)fx->unit_b);
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  /* aggregator of unit A: plan 71 by its unit, 73 granted explicitly */
  int64_t granted = 73, id = 0;
  char unit[24];
  snprintf(unit, sizeof unit, "%lld", (long long)fx->unit_a);
  nq_account_spec spec = {"thuongtruc", "", "aggregator", unit, false, &granted, 1};
  nq_err err = {0};
  assert_int_equal(nq_account_create(fx->store, &cli, &spec, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_OK);
  json_t *u = NULL;
  assert_int_equal(nq_store_user_get(fx->store, id, &u, &err), NQ_OK);
  nq_principal p;
  int64_t *plans = NULL;
  assert_int_equal(nq_principal_from_user(u, &p, &plans, &err), NQ_OK);
  assert_int_equal(p.scope.n_plans, 2);
  assert_true(nq_scope_has_plan(&p.scope, 71));
  assert_true(nq_scope_has_plan(&p.scope, 73));
  assert_false(nq_scope_has_plan(&p.scope, 72));
  free(plans);
  json_decref(u);
  /* a steering member must be given plans */
  nq_account_spec bcd = {"bcd2", "", "steering", unit, false, NULL, 0};
  assert_int_equal(nq_account_create(fx->store, &cli, &bcd, "mật khẩu đủ dài", &cheap, T0, &id, &err), NQ_EINVAL);
}

static void test_prune(void **state) {
  fixture *fx = *state;
  add_user(fx, "officer7", "officer", fx->unit_a);
  char t1[NQ_TOKEN_STR_MAX], t2[NQ_TOKEN_STR_MAX], c2[160];
  login_ok(fx, "officer7", "mật khẩu đủ dài", T0, t1);              /* expires T0+12h */
  login_ok(fx, "officer7", "mật khẩu đủ dài", T0 + 86400 * 40, t2);  /* still live */
  cookie_of(t2, c2, sizeof c2);
  int64_t removed = -1;
  nq_err err = {0};
  int64_t now = T0 + 86400 * 40 + 60;
  assert_int_equal(nq_store_auth_prune(fx->store, now - 30 * 86400, now - 365 * 86400, &removed, &err), NQ_OK);
  assert_int_equal(removed, 1);
  char hash[NQ_TOKEN_HASH_HEX];
  nq_session ses;
  nq_token_hash(t1, hash);
  assert_int_equal(nq_store_session_get(fx->store, hash, &ses, &err), NQ_ENOTFOUND);
  nq_identity id;
  nq_identity_init(&id);
  assert_int_equal(nq_auth_identify(fx->auth, c2, NULL, now, &id, &err), NQ_OK);
  assert_int_equal(id.via, NQ_CRED_SESSION);
  nq_identity_clear(&id);
  assert_int_equal(nq_store_auth_prune(fx->store, now - 30 * 86400, now + 1, &removed, &err), NQ_OK);
  assert_int_equal(removed, 2); /* the two login attempts */
}

static void test_audited(void **state) {
  fixture *fx = *state;
  add_user(fx, "officer9", "officer", fx->unit_a);
  char t[NQ_TOKEN_STR_MAX];
  login_ok(fx, "officer9", "mật khẩu đủ dài", T0, t);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db,
    "SELECT group_concat(action || ':' || entity, ' ') FROM audit_log WHERE entity='user'",
    -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  const char *acts = (const char *)sqlite3_column_text(st, 0);
  assert_non_null(strstr(acts, "create:user"));
  assert_non_null(strstr(acts, "login:user"));
  sqlite3_finalize(st);
  /* no audit row carries a password hash or a token */
  assert_int_equal(sqlite3_prepare_v2(db,
    "SELECT count(*) FROM audit_log WHERE coalesce(after_json,'') || coalesce(before_json,'')"
    " LIKE '%argon2%'", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  json_t *check = NULL;
  nq_err err = {0};
  assert_int_equal(nq_store_check(fx->store, &check, &err), NQ_OK);
  assert_true(json_is_true(json_object_get(check, "ok")));
  json_decref(check);
}

/* ---- the identity cache ------------------------------------------------- */

/* Identify twice in the same second (the second answer comes from the
** cache) and return the user id both agreed on (0 = anonymous). */
static int64_t identify_twice(fixture *fx, const char *cookie, int64_t now) {
  nq_identity id;
  nq_identity_init(&id);
  nq_err err = {0};
  assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, now, &id, &err), NQ_OK);
  int64_t first = id.principal.user_id;
  assert_int_equal(nq_auth_identify(fx->auth, cookie, NULL, now, &id, &err), NQ_OK);
  assert_int_equal(id.principal.user_id, first);
  if (first) assert_int_equal(id.via, NQ_CRED_SESSION);
  nq_identity_clear(&id);
  return first;
}

static void test_idcache_unit(void **state) {
  (void)state;
  nq_idcache *c = nq_idcache_new(8, 3);
  char h1[NQ_TOKEN_HASH_HEX], h2[NQ_TOKEN_HASH_HEX];
  nq_token_hash("token one", h1);
  nq_token_hash("token two", h2);
  nq_session s1 = {.user_id = 1, .expires_at = T0 + 100};
  json_t *u1 = json_pack("{s:I,s:s}", "id", (json_int_t)1, "login", "one");
  int64_t plans[2] = {7, 9};
  nq_principal p1 = {1, NQ_ROLE_STEERING, {0, false, plans, 2}, 0};
  nq_idcache_put(c, h1, 5, T0, &s1, u1, &p1);
  json_decref(u1);

  nq_session ses;
  json_t *user = NULL;
  nq_principal p;
  int64_t *mine = NULL;
  assert_true(nq_idcache_get(c, h1, 5, T0 + 2, &ses, &user, &p, &mine));
  assert_int_equal(ses.expires_at, T0 + 100);
  assert_string_equal(json_string_value(json_object_get(user, "login")), "one");
  assert_int_equal(p.scope.n_plans, 2);
  assert_ptr_equal(p.scope.plan_ids, mine);
  assert_ptr_not_equal(mine, plans);
  assert_int_equal(mine[1], 9);
  json_decref(user);
  free(mine);
  /* another token, another generation, or too old: a miss */
  assert_false(nq_idcache_get(c, h2, 5, T0, &ses, &user, &p, &mine));
  assert_false(nq_idcache_get(c, h1, 6, T0, &ses, &user, &p, &mine));
  json_t *empty = json_object();
  nq_idcache_put(c, h1, 6, T0, &s1, empty, &p1); /* put copies */
  json_decref(empty);
  assert_true(nq_idcache_get(c, h1, 6, T0 + 2, &ses, &user, &p, &mine));
  json_decref(user);
  free(mine);
  assert_false(nq_idcache_get(c, h1, 6, T0 + 3, &ses, &user, &p, &mine));
  assert_false(nq_idcache_get(c, h1, 6, T0 - 1, &ses, &user, &p, &mine));
  nq_idcache_free(c);
}

static void test_cache_two_users(void **state) {
  fixture *fx = *state;
  int64_t ua = add_user(fx, "cache.a", "officer", fx->unit_a);
  int64_t ub = add_user(fx, "cache.b", "head", fx->unit_b);
  char ta[NQ_TOKEN_STR_MAX], tb[NQ_TOKEN_STR_MAX], ca[160], cb[160];
  login_ok(fx, "cache.a", "mật khẩu đủ dài", T0, ta);
  login_ok(fx, "cache.b", "mật khẩu đủ dài", T0, tb);
  cookie_of(ta, ca, sizeof ca);
  cookie_of(tb, cb, sizeof cb);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(identify_twice(fx, ca, T0 + 1), ua);
    assert_int_equal(identify_twice(fx, cb, T0 + 1), ub);
  }
  nq_identity id;
  nq_identity_init(&id);
  nq_err err = {0};
  assert_int_equal(nq_auth_identify(fx->auth, cb, NULL, T0 + 1, &id, &err), NQ_OK);
  assert_int_equal(id.principal.role, NQ_ROLE_HEAD);
  assert_int_equal(id.principal.scope.unit_id, fx->unit_b);
  assert_string_equal(json_string_value(json_object_get(id.user, "login")), "cache.b");
  /* a token that differs from a cached one is not that identity */
  char other[NQ_TOKEN_STR_MAX + 40];
  snprintf(other, sizeof other, NQ_SESSION_COOKIE "=%.*sx", (int)strlen(ta) - 1, ta);
  assert_int_equal(nq_auth_identify(fx->auth, other, NULL, T0 + 1, &id, &err), NQ_OK);
  assert_int_equal(id.principal.user_id, 0);
  nq_identity_clear(&id);
}

/* Each write that ends a session takes effect on the very next request,
** in the same second, although the identity was just cached. */
static void test_cache_revocation_immediate(void **state) {
  fixture *fx = *state;
  add_user(fx, "admin.c", "admin", 0);
  int64_t uid = add_user(fx, "cache.c", "officer", fx->unit_a);
  char t[NQ_TOKEN_STR_MAX], c[160];
  nq_identity id;
  nq_identity_init(&id);
  nq_err err = {0};
  int64_t now = T0 + 100;

  /* logout */
  login_ok(fx, "cache.c", "mật khẩu đủ dài", now, t);
  cookie_of(t, c, sizeof c);
  assert_int_equal(identify_twice(fx, c, now), uid);
  assert_int_equal(nq_auth_identify(fx->auth, c, NULL, now, &id, &err), NQ_OK);
  assert_int_equal(nq_auth_logout(fx->auth, &id, "a", now, &err), NQ_OK);
  assert_int_equal(identify_twice(fx, c, now), 0);

  /* revoke-all */
  char t2[NQ_TOKEN_STR_MAX], c2[160];
  login_ok(fx, "cache.c", "mật khẩu đủ dài", now, t);
  login_ok(fx, "cache.c", "mật khẩu đủ dài", now, t2);
  cookie_of(t, c, sizeof c);
  cookie_of(t2, c2, sizeof c2);
  assert_int_equal(identify_twice(fx, c, now), uid);
  assert_int_equal(identify_twice(fx, c2, now), uid);
  assert_int_equal(nq_auth_identify(fx->auth, c, NULL, now, &id, &err), NQ_OK);
  int64_t n = 0;
  assert_int_equal(nq_auth_logout_all(fx->auth, &id, "a", now, &n, &err), NQ_OK);
  assert_int_equal(n, 2);
  assert_int_equal(identify_twice(fx, c, now), 0);
  assert_int_equal(identify_twice(fx, c2, now), 0);

  /* password change by an administrator */
  login_ok(fx, "cache.c", "mật khẩu đủ dài", now, t);
  cookie_of(t, c, sizeof c);
  assert_int_equal(identify_twice(fx, c, now), uid);
  assert_int_equal(nq_account_set_password(fx->store, &cli, "cache.c", "mật khẩu khác đủ dài", &cheap, now, &err), NQ_OK);
  assert_int_equal(identify_twice(fx, c, now), 0);

  /* password change by the user: the old session dies, the new one works */
  login_ok(fx, "cache.c", "mật khẩu khác đủ dài", now, t);
  login_ok(fx, "cache.c", "mật khẩu khác đủ dài", now, t2);
  cookie_of(t, c, sizeof c);
  cookie_of(t2, c2, sizeof c2);
  assert_int_equal(identify_twice(fx, c2, now), uid);
  assert_int_equal(nq_auth_identify(fx->auth, c, NULL, now, &id, &err), NQ_OK);
  char fresh[NQ_TOKEN_STR_MAX], cf[160];
  assert_int_equal(nq_auth_change_password(fx->auth, &id, "mật khẩu khác đủ dài", "mật khẩu thứ ba đủ dài", "a", "", now, fresh, &err), NQ_OK);
  assert_int_equal(identify_twice(fx, c2, now), 0);
  cookie_of(fresh, cf, sizeof cf);
  assert_int_equal(identify_twice(fx, cf, now), uid);

  /* disabling the account */
  assert_int_equal(nq_account_set_disabled(fx->store, &cli, "cache.c", true, now, &err), NQ_OK);
  assert_int_equal(identify_twice(fx, cf, now), 0);
  nq_identity_clear(&id);
}

/* Expiry and idle time depend on the clock alone: checked on every hit. */
static void test_cache_expiry(void **state) {
  fixture *fx = *state;
  int64_t uid = add_user(fx, "cache.d", "officer", fx->unit_a);
  char t[NQ_TOKEN_STR_MAX], c[160];
  login_ok(fx, "cache.d", "mật khẩu đủ dài", T0, t);
  cookie_of(t, c, sizeof c);
  /* keep it active up to the last second of its lifetime */
  int64_t end = T0 + NQ_SESSION_DEFAULT.lifetime;
  for (int64_t now = T0 + 1800; now < end - 1800; now += 1800) assert_int_equal(identify_twice(fx, c, now), uid);
  assert_int_equal(identify_twice(fx, c, end - 1), uid);
  assert_int_equal(identify_twice(fx, c, end), 0);

  /* idle: cached at the last allowed second, refused one second later */
  login_ok(fx, "cache.d", "mật khẩu đủ dài", T0, t);
  cookie_of(t, c, sizeof c);
  int64_t idle_end = T0 + NQ_SESSION_DEFAULT.idle;
  assert_int_equal(identify_twice(fx, c, T0 + 1), uid);
  nq_identity id;
  nq_identity_init(&id);
  nq_err err = {0};
  assert_int_equal(nq_auth_identify(fx->auth, c, NULL, idle_end + 2, &id, &err), NQ_OK);
  assert_int_equal(id.principal.user_id, 0);
  assert_non_null(id.problem);
  nq_identity_clear(&id);
}

/* The row-scope cache answers as the store does: same row, the caller's
** kind kept, unknown ids not remembered. */
static void test_scopecache(void **state) {
  fixture *fx = *state;
  nq_scopecache *c = nq_scopecache_new(16, 3);
  nq_err err = {0};
  nq_resource direct, cached;
  assert_int_equal(nq_store_resource_scope(fx->store, NQ_RES_UNIT, fx->unit_b, &direct, &err), NQ_OK);
  for (int i = 0; i < 2; i++) {
    memset(&cached, 0, sizeof cached);
    cached.kind = NQ_RES_ANALYTICS;
    assert_int_equal(nq_scopecache_resource(c, fx->store, NQ_RES_UNIT, fx->unit_b, T0, &cached, &err), NQ_OK);
    assert_int_equal(cached.kind, i ? NQ_RES_ANALYTICS : NQ_RES_UNIT);
    assert_int_equal(cached.n_units, direct.n_units);
    assert_int_equal(cached.units[0], direct.units[0]);
    assert_int_equal(cached.units[0], fx->unit_b);
  }
  assert_int_equal(nq_scopecache_resource(c, fx->store, NQ_RES_UNIT, 999999, T0, &cached, &err), NQ_ENOTFOUND);
  assert_int_equal(nq_scopecache_resource(c, fx->store, NQ_RES_UNIT, 999999, T0, &cached, &err), NQ_ENOTFOUND);
  nq_scopecache_free(c);
}

int main(void) {
  nq_err err;
  if (nq_auth_init(&err) != NQ_OK) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_account_rules, setup, teardown),
    cmocka_unit_test_setup_teardown(test_login_session_logout, setup, teardown),
    cmocka_unit_test_setup_teardown(test_absolute_lifetime, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wrong_password_and_lockout, setup, teardown),
    cmocka_unit_test_setup_teardown(test_passwd_and_disable_revoke, setup, teardown),
    cmocka_unit_test_setup_teardown(test_api_tokens, setup, teardown),
    cmocka_unit_test_setup_teardown(test_aggregator_scope_from_plans, setup, teardown),
    cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
    cmocka_unit_test_setup_teardown(test_audited, setup, teardown),
    cmocka_unit_test(test_idcache_unit),
    cmocka_unit_test_setup_teardown(test_cache_two_users, setup, teardown),
    cmocka_unit_test_setup_teardown(test_cache_revocation_immediate, setup, teardown),
    cmocka_unit_test_setup_teardown(test_cache_expiry, setup, teardown),
    cmocka_unit_test_setup_teardown(test_scopecache, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
