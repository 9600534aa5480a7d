/* test_admin.c: administration and the gaps of issue 6, over real HTTP on a
** real database with real logins (the auth module's sessions, CSRF tokens
** and authorization hook, as `nq57 serve` runs them):
**   - an officer lists their own unit's reports of a period, never others';
**   - who reviews a unit's report: an aggregator account scoped to the plan
**     (even without a unit) or of the plan's aggregating unit, nobody else;
**   - the public page shows accepted indicator values rolled up, never a
**     private plan's or a draft's, never a value still under review;
**   - directory edits (aliases, parent, If-Match), account changes (role,
**     unit, scopes, disable revoking sessions at once, password reset) and
**     a plan's reporting regime driving period generation; each audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth/accounts.h"
#include "auth/authn.h"
#include "auth/session.h"
#include "http/api.h"
#include "http/authz.h"
#include "http/server.h"
#include "httpc.h"
#include "store/store.h"

typedef struct login_session {
  int64_t user_id;
  char login[32], password[64], cookie[256], csrf[128];
} login_session;

enum { MAX_SESSIONS = 16 };

typedef struct world {
  char dir[64], path[128];
  nq_store *s;
  nq_auth *auth;
  nq_authz authz;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
  sqlite3 *db;
  login_session ses[MAX_SESSIONS];
  int nses;
  int year;
  int64_t plan, other_plan, agg_unit, u1, u2, indicator;
  int64_t admin, officer1, head1, officer2, agg_unit_user, agg_scoped, agg_elsewhere, clerk, steering;
  int64_t period, report1;
} world;

static world W;

static const nq_pwhash_cost cheap = {1, 8u << 20};
static const char password[] = "mật khẩu thử nghiệm";

static int64_t account(const char *login, const char *role, int64_t unit_id, const int64_t *plans,
                       size_t n_plans) {
  char unit[24];
  snprintf(unit, sizeof unit, "%lld", (long long)unit_id);
  nq_account_spec spec = {login, "Người thử", role, unit_id ? unit : NULL, false, plans, n_plans};
  nq_actor who = {0, "test", "test"};
  nq_err err = {0};
  int64_t id = 0;
  if (nq_account_create(W.s, &who, &spec, password, &cheap, (int64_t)time(NULL), &id, &err))
    fail_msg("account %s: %s", login, err.msg);
  login_session *ls = &W.ses[W.nses++];
  memset(ls, 0, sizeof *ls);
  ls->user_id = id;
  snprintf(ls->login, sizeof ls->login, "%s", login);
  snprintf(ls->password, sizeof ls->password, "%s", password);
  return id;
}

static login_session *find_session(int64_t user) {
  for (int i = 0; i < W.nses; i++)
    if (W.ses[i].user_id == user) return &W.ses[i];
  fail_msg("no account %lld", (long long)user);
  return NULL;
}

/* Log in over HTTP; the status (200 fills the session's cookie). */
static int login(login_session *ls) {
  char body[200];
  snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", ls->login, ls->password);
  httpc_resp r;
  assert_int_equal(httpc_request(W.port, "POST", "/api/auth/login", "Content-Type: application/json\r\n",
                                 body, -1, &r), 0);
  int status = r.status;
  for (int h = 0; status == 200 && h < r.nheaders; h++)
    if (!strcasecmp(r.headers[h].name, "Set-Cookie") &&
        !strncmp(r.headers[h].value, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
      snprintf(ls->cookie, sizeof ls->cookie, "%.*s", (int)strcspn(r.headers[h].value, ";"), r.headers[h].value);
  if (status == 200) snprintf(ls->csrf, sizeof ls->csrf, "%s", httpc_json_str(&r, "csrf_token"));
  httpc_free(&r);
  return status;
}

static login_session *session_of(int64_t user) {
  login_session *ls = find_session(user);
  if (!ls->cookie[0] && login(ls) != 200) fail_msg("login %s failed", ls->login);
  return ls;
}

/* One request as a user (0: a visitor) with optional If-Match; returns the
** status, *out the parsed body and *etag the ETag (either may be NULL). */
static int call_full(int64_t user, const char *method, const char *path, const char *if_match,
                     json_t *body, json_t **out, char *etag, char **raw) {
  char headers[700] = "";
  if (user) {
    login_session *ls = session_of(user);
    snprintf(headers, sizeof headers, "Cookie: %s\r\n" NQ_CSRF_HEADER ": %s\r\n", ls->cookie, ls->csrf);
  }
  if (body) strcat(headers, "Content-Type: application/json\r\n");
  if (if_match) {
    strcat(headers, "If-Match: ");
    strcat(headers, if_match);
    strcat(headers, "\r\n");
  }
  char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
  httpc_resp r;
  assert_int_equal(httpc_request(W.port, method, path, headers, text, -1, &r), 0);
  free(text);
  json_decref(body);
  int status = r.status;
  if (out) {
    json_t *j = httpc_json(&r);
    *out = j ? json_incref(j) : NULL;
  }
  if (etag) {
    const char *e = httpc_header(&r, "ETag");
    snprintf(etag, 40, "%s", e ? e : "");
  }
  if (raw) *raw = strdup(r.body ? r.body : "");
  httpc_free(&r);
  return status;
}

static int call(int64_t user, const char *method, const char *path, json_t *body, json_t **out) {
  return call_full(user, method, path, NULL, body, out, NULL, NULL);
}

/* The status only, the body's message printed when it is not the one wanted. */
static void expect(int want, int64_t user, const char *method, const char *path, json_t *body) {
  json_t *out = NULL;
  int got = call(user, method, path, body, &out);
  if (got != want)
    fail_msg("%s %s: want %d, got %d (%s)", method, path, want, got,
             json_string_value(json_object_get(out, "message")));
  json_decref(out);
}

static int64_t id_of(const json_t *j) { return json_integer_value(json_object_get(j, "id")); }

static int64_t exec_id(const char *fmt, ...) {
  char sql[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  char *msg = NULL;
  if (sqlite3_exec(W.db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
  return sqlite3_last_insert_rowid(W.db);
}

static int64_t count(const char *fmt, ...) {
  char sql[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(W.db, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static int64_t unit(const char *name) {
  int64_t id = 0;
  nq_err err = {0};
  if (nq_store_unit_resolve(W.s, name, &id, &err)) fail_msg("%s: %s", name, err.msg);
  return id;
}

static int64_t plan_numbered(const char *number) {
  return count("SELECT coalesce(max(id),0) FROM plans WHERE number='%s'", number);
}

static int setup(void **state) {
  (void)state;
  strcpy(W.dir, "/tmp/nq57-admin-XXXXXX");
  assert_non_null(mkdtemp(W.dir));
  snprintf(W.path, sizeof W.path, "%s/nq57.db", W.dir);
  nq_err err = {0};
  if (nq_store_open(&W.s, W.path, &err) || nq_store_seed_demo(W.s, &err)) fail_msg("%s", err.msg);
  assert_int_equal(sqlite3_open(W.path, &W.db), SQLITE_OK);
  sqlite3_busy_timeout(W.db, 5000);
  W.plan = plan_numbered("15-KH/ĐU");
  W.other_plan = count("SELECT min(id) FROM plans WHERE id<>%lld", (long long)W.plan);
  assert_true(W.plan > 0 && W.other_plan > 0);
  W.u1 = unit("Đảng ủy Sở Khoa học và Công nghệ");
  W.u2 = unit("Đảng ủy Sở Tài chính");
  W.agg_unit = unit("Sở Khoa học và Công nghệ");
  exec_id("UPDATE plans SET aggregator_unit_id=%lld WHERE id=%lld", (long long)W.agg_unit, (long long)W.plan);
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  W.year = tm.tm_year + 1900;
  W.indicator = exec_id("INSERT INTO indicators(plan_id, ordinal, code, name, measure, aggregation)"
                        " VALUES (%lld, 1, 'I.1', 'Tỷ lệ hồ sơ xử lý trên môi trường số', '%%', 'mean')",
                        (long long)W.plan);
  exec_id("INSERT INTO indicator_targets(indicator_id, year, target) VALUES (%lld, %d, '>=80')",
          (long long)W.indicator, W.year);

  W.admin = account("quantri", "admin", 0, NULL, 0);
  W.officer1 = account("skhcn.cb", "officer", W.u1, NULL, 0);
  W.head1 = account("skhcn.gd", "head", W.u1, NULL, 0);
  W.officer2 = account("stc.cb", "officer", W.u2, NULL, 0);
  W.agg_unit_user = account("thuongtruc", "aggregator", W.agg_unit, NULL, 0);
  W.agg_scoped = account("tonghop.kh", "aggregator", 0, &W.plan, 1);
  W.agg_elsewhere = account("tonghop.khac", "aggregator", 0, &W.other_plan, 1);
  W.clerk = account("vanthu", "officer", W.agg_unit, NULL, 0);
  W.steering = account("bcd", "steering", 0, &W.plan, 1);

  nq_auth_config acfg = nq_auth_config_default();
  acfg.cost = cheap;
  W.auth = nq_auth_new(W.s, &acfg);
  W.authz = (nq_authz){W.auth, W.s, false};
  W.api = (nq_api){.store = W.s, .version = "test", .actor_of = nq_authz_actor};
  nq_http_config cfg = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                        .app = &W.api, .generation = nq_api_generation,
                        .authorize = nq_authz_authorize, .authorize_ctx = &W.authz};
  if (nq_http_start(&W.srv, &cfg, &err)) fail_msg("start: %s", err.msg);
  W.port = nq_http_port(W.srv);

  /* This year's periods of the plan, and unit 1's report of the first. */
  char path[128];
  json_t *j;
  snprintf(path, sizeof path, "/api/plans/%lld/periods", (long long)W.plan);
  assert_int_equal(call(W.agg_unit_user, "POST", path, json_pack("{s:i}", "year", W.year), &j), 200);
  W.period = id_of(json_array_get(json_object_get(j, "items"), 0));
  json_decref(j);
  assert_true(W.period > 0);
  snprintf(path, sizeof path, "/api/periods/%lld/reports", (long long)W.period);
  assert_int_equal(call(W.officer1, "POST", path, json_pack("{s:I}", "unit_id", (json_int_t)W.u1), &j), 200);
  W.report1 = id_of(j);
  json_decref(j);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  nq_http_stop(W.srv, 2000);
  nq_auth_free(W.auth);
  sqlite3_close(W.db);
  nq_store_close(W.s);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", W.dir);
  return system(cmd) == 0 ? 0 : 1;
}

/* ---- 1. a unit's own reports ------------------------------------------------ */

static void test_officer_lists_own_reports(void **state) {
  (void)state;
  char path[128];
  json_t *j;
  snprintf(path, sizeof path, "/api/periods/%lld/reports?unit=%lld", (long long)W.period, (long long)W.u1);
  assert_int_equal(call(W.officer1, "GET", path, NULL, &j), 200);
  json_t *items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "unit_id")), W.u1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "report_id")), W.report1);
  json_decref(j);
  expect(200, W.head1, "GET", path, NULL);
  /* Another unit's people, and a visitor, may not. */
  expect(403, W.officer2, "GET", path, NULL);
  expect(401, 0, "GET", path, NULL);
  /* Nor the whole list, nor another unit's row, nor a typo widening it. */
  snprintf(path, sizeof path, "/api/periods/%lld/reports", (long long)W.period);
  expect(403, W.officer1, "GET", path, NULL);
  snprintf(path, sizeof path, "/api/periods/%lld/reports?unit_id=%lld", (long long)W.period, (long long)W.u2);
  expect(403, W.officer1, "GET", path, NULL);
  snprintf(path, sizeof path, "/api/periods/%lld/reports?unit=%lld&unit_id=%lld", (long long)W.period,
           (long long)W.u1, (long long)W.u2);
  expect(400, W.officer1, "GET", path, NULL);
  snprintf(path, sizeof path, "/api/periods/%lld/reports?unti=%lld", (long long)W.period, (long long)W.u1);
  expect(403, W.officer1, "GET", path, NULL);
  /* The aggregator sees every unit's. */
  snprintf(path, sizeof path, "/api/periods/%lld/reports", (long long)W.period);
  assert_int_equal(call(W.agg_unit_user, "GET", path, NULL, &j), 200);
  assert_true(json_array_size(json_object_get(j, "items")) > 1);
  json_decref(j);
}

/* ---- 2. who reviews ----------------------------------------------------------- */

static void fill_and_send(int64_t report, double value) {
  char path[96];
  json_t *r;
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)report);
  assert_int_equal(call(W.officer1, "GET", path, NULL, &r), 200);
  json_t *items = json_array();
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(r, "items"), i, it)
    json_array_append_new(items, json_pack("{s:O, s:s, s:i, s:s}", "task_id", json_object_get(it, "task_id"),
                                           "status", "in_progress", "percent", 50, "results", "Đang triển khai"));
  json_decref(r);
  expect(200, W.officer1, "PUT", path,
         json_pack("{s:o, s:[{s:I, s:f}]}", "items", items, "indicators", "indicator_id",
                   (json_int_t)W.indicator, "value", value));
  snprintf(path, sizeof path, "/api/reports/%lld/approve", (long long)report);
  expect(200, W.head1, "POST", path, json_object());
  snprintf(path, sizeof path, "/api/reports/%lld/submit", (long long)report);
  expect(200, W.head1, "POST", path, json_object());
}

static void test_public_value(int want_present, double value);

static void test_review_rule(void **state) {
  (void)state;
  char accept[96], ret[96];
  snprintf(accept, sizeof accept, "/api/reports/%lld/accept", (long long)W.report1);
  snprintf(ret, sizeof ret, "/api/reports/%lld/return", (long long)W.report1);
  fill_and_send(W.report1, 60.0);
  /* Submitted, not yet accepted: nothing public yet. */
  test_public_value(0, 60.0);
  /* An aggregator scoped to another plan, staff of the aggregating unit
  ** without the role, the unit's own head, the steering committee: no. */
  expect(403, W.agg_elsewhere, "POST", accept, json_object());
  expect(403, W.clerk, "POST", accept, json_object());
  expect(403, W.head1, "POST", accept, json_object());
  expect(403, W.steering, "POST", accept, json_object());
  /* An aggregator without a unit, scoped to the plan, returns it. */
  assert_int_equal(count("SELECT count(*) FROM users WHERE id=%lld AND unit_id IS NULL", (long long)W.agg_scoped), 1);
  expect(200, W.agg_scoped, "POST", ret, json_pack("{s:s}", "comment", "Bổ sung số liệu chỉ tiêu"));
  fill_and_send(W.report1, 90.0);
  /* The aggregating unit's aggregator accepts it, without a plan grant. */
  assert_int_equal(count("SELECT count(*) FROM user_plan_scopes WHERE user_id=%lld", (long long)W.agg_unit_user), 0);
  json_t *r;
  assert_int_equal(call(W.agg_unit_user, "POST", accept, json_object(), &r), 200);
  assert_string_equal(json_string_value(json_object_get(r, "state")), "accepted");
  json_decref(r);
  test_public_value(1, 90.0);
}

/* ---- 3. the public page ---------------------------------------------------------- */

static json_t *public_plan(json_t *page, int64_t plan) {
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(page, "plans"), i, p)
    if (id_of(json_object_get(p, "plan")) == plan) return p;
  return NULL;
}

/* The plan's indicator on /api/public has value (present) or none yet. */
static void test_public_value(int want_present, double value) {
  json_t *page;
  assert_int_equal(call(0, "GET", "/api/public", NULL, &page), 200);
  json_t *p = public_plan(page, W.plan);
  assert_non_null(p);
  json_t *ind = NULL, *x;
  size_t i;
  json_array_foreach(json_object_get(p, "indicators"), i, x)
    if (id_of(x) == W.indicator) ind = x;
  assert_non_null(ind);
  assert_string_equal(json_string_value(json_object_get(ind, "target")), ">=80");
  if (want_present) {
    assert_true(json_is_number(json_object_get(ind, "value")));
    assert_true(json_number_value(json_object_get(ind, "value")) == value);
    assert_int_equal(json_integer_value(json_object_get(ind, "units_reported")), 1);
    assert_string_equal(json_string_value(json_object_get(ind, "attained")), "attained");
    assert_string_equal(json_string_value(json_object_get(ind, "assessment")), "Đạt");
    assert_string_equal(json_string_value(json_object_get(ind, "rule")), "mean");
  } else {
    assert_true(json_is_null(json_object_get(ind, "value")));
    assert_string_equal(json_string_value(json_object_get(ind, "assessment")), "Chưa có số liệu");
  }
  /* Task counts by status come with it. */
  assert_true(json_integer_value(json_object_get(json_object_get(p, "overview"), "total")) > 0);
  json_decref(page);
}

static void test_private_and_draft_plans_stay_private(void **state) {
  (void)state;
  /* A private plan and a draft flagged public, each with an accepted-looking
  ** value recorded directly: neither plan nor figure may appear. */
  int64_t priv = W.other_plan;
  int64_t draft = count("SELECT min(id) FROM plans WHERE id NOT IN (%lld,%lld)", (long long)W.plan,
                        (long long)priv);
  assert_true(draft > 0);
  exec_id("UPDATE plans SET public=0 WHERE id=%lld", (long long)priv);
  exec_id("UPDATE plans SET public=1, status='draft' WHERE id=%lld", (long long)draft);
  int64_t ids[2] = {priv, draft};
  for (int k = 0; k < 2; k++) {
    int64_t ind = exec_id("INSERT INTO indicators(plan_id, ordinal, code, name, measure, aggregation)"
                          " VALUES (%lld, 9, 'X.%d', 'Chỉ tiêu nội bộ số %d', '%%', 'sum')", (long long)ids[k], k, k);
    exec_id("INSERT INTO indicator_values(indicator_id, unit_id, year, value, at)"
            " VALUES (%lld, %lld, %d, %d, '%d-01-02T00:00:00Z')", (long long)ind, (long long)W.u1, W.year,
            777123 + k, W.year);
  }
  /* Any write makes the cached page stale; this one is audited like others. */
  expect(428, W.admin, "PATCH", "/api/units/1", json_pack("{s:s}", "name", "x"));
  char *raw = NULL;
  json_t *page;
  assert_int_equal(call_full(0, "GET", "/api/public", NULL, NULL, &page, NULL, &raw), 200);
  assert_null(public_plan(page, priv));
  assert_null(public_plan(page, draft));
  assert_null(strstr(raw, "777123"));
  assert_null(strstr(raw, "777124"));
  assert_null(strstr(raw, "Chỉ tiêu nội bộ"));
  assert_non_null(public_plan(page, W.plan));
  free(raw);
  json_decref(page);
  /* Visitors cannot reach them by id either. */
  char path[64];
  snprintf(path, sizeof path, "/api/plans/%lld/indicators", (long long)priv);
  expect(401, 0, "GET", path, NULL);
  exec_id("UPDATE plans SET public=1, status='published' WHERE id=%lld", (long long)draft);
}

/* ---- 4. administration -------------------------------------------------------------- */

static void test_unit_patch(void **state) {
  (void)state;
  char path[64], etag[40], stale[40];
  json_t *u;
  snprintf(path, sizeof path, "/api/units/%lld", (long long)W.u2);
  assert_int_equal(call_full(W.admin, "GET", path, NULL, NULL, &u, etag, NULL), 200);
  assert_string_equal(etag, "W/\"1\"");
  json_decref(u);
  expect(428, W.admin, "PATCH", path, json_pack("{s:[s]}", "aliases_add", "ĐU Sở Tài chính"));
  expect(403, W.officer2, "PATCH", path, json_pack("{s:[s]}", "aliases_add", "ĐU Sở Tài chính"));
  expect(403, W.agg_unit_user, "PATCH", path, json_pack("{s:[s]}", "aliases_add", "ĐU Sở Tài chính"));
  assert_int_equal(call_full(W.admin, "PATCH", path, etag, json_pack("{s:[s]}", "aliases_add", "ĐU Sở Tài chính"),
                             &u, NULL, NULL), 200);
  assert_int_equal(json_integer_value(json_object_get(u, "version")), 2);
  bool found = false;
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(u, "aliases"), i, a) found |= !strcmp(json_string_value(a), "ĐU Sở Tài chính");
  assert_true(found);
  json_decref(u);
  /* The new spelling resolves: the directory search finds it without accents. */
  json_t *list;
  assert_int_equal(call(W.officer1, "GET", "/api/units?q=du%20so%20tai%20chinh", NULL, &list), 200);
  found = false;
  json_array_foreach(json_object_get(list, "items"), i, a) found |= id_of(a) == W.u2;
  assert_true(found);
  json_decref(list);
  /* A second administrator editing from the old version is refused. */
  snprintf(stale, sizeof stale, "%s", etag);
  assert_int_equal(call_full(W.admin, "PATCH", path, stale, json_pack("{s:s}", "kind", "party"), &u, NULL, NULL), 412);
  json_decref(u);
  assert_int_equal(call_full(W.admin, "GET", path, NULL, NULL, &u, etag, NULL), 200);
  assert_string_equal(etag, "W/\"2\"");
  /* A sibling (same parent) whose name the unit may not take. */
  json_t *sibling = json_pack("{s:s,s:s,s:s,s:O}", "name", "Ban Thử nghiệm Trùng tên", "kind", "state",
                              "level", "province", "parent_id", json_object_get(u, "parent_id"));
  json_decref(u);
  expect(201, W.admin, "POST", "/api/units", sibling);
  /* Rules: kind, a parent below the unit itself, a sibling's name, unknown fields. */
  int64_t child = exec_id("INSERT INTO units(parent_id, kind, level, name, name_key, sort_key, created_at)"
                          " VALUES (%lld, 'state', 'province', 'Phòng thử nghiệm', 'phong thu nghiem', x'00',"
                          " '2025-01-01T00:00:00Z')", (long long)W.u2);
  struct { json_t *body; int status; const char *says; } bad[] = {
    {json_pack("{s:s}", "kind", "club"), 422, "kind"},
    {json_pack("{s:I}", "parent_id", (json_int_t)child), 422, "parent_id"},
    {json_pack("{s:I}", "parent_id", (json_int_t)999999), 422, "parent_id"},
    {json_pack("{s:s}", "name", "ban thu nghiem trung ten"), 409, "Đã có"},
    {json_pack("{s:s}", "colour", "đỏ"), 422, "colour"},
    {json_pack("{s:[i]}", "aliases_remove", 3), 422, "aliases_remove"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    json_t *e;
    assert_int_equal(call_full(W.admin, "PATCH", path, etag, bad[k].body, &e, NULL, NULL), bad[k].status);
    const char *msg = json_string_value(json_object_get(e, "message"));
    if (!msg || !strstr(msg, bad[k].says)) fail_msg("case %zu: %s", k, msg ? msg : "(no message)");
    json_decref(e);
  }
  /* The unit's parent and kind change; the alias goes away again. */
  assert_int_equal(call_full(W.admin, "PATCH", path, etag,
                             json_pack("{s:s,s:n,s:[s]}", "kind", "party", "parent_id", "aliases_remove",
                                       "đu sở tài chính"), &u, NULL, NULL), 200);
  assert_string_equal(json_string_value(json_object_get(u, "kind")), "party");
  assert_true(json_is_null(json_object_get(u, "parent_id")));
  json_array_foreach(json_object_get(u, "aliases"), i, a) assert_string_not_equal(json_string_value(a), "ĐU Sở Tài chính");
  json_decref(u);
  json_t *e;
  assert_int_equal(call_full(W.admin, "PATCH", "/api/units/999999", "W/\"1\"", json_pack("{s:s}", "kind", "party"),
                             &e, NULL, NULL), 404);
  json_decref(e);
  /* Each accepted edit is in the audit log with its author. */
  assert_int_equal(count("SELECT count(*) FROM audit_log a JOIN users u ON u.login='quantri'"
                         " WHERE a.entity='unit' AND a.entity_id=%lld AND a.action='update'", (long long)W.u2), 2);
}

static void test_user_patch(void **state) {
  (void)state;
  char path[64];
  json_t *u;
  /* The officer works; the administrator makes them the unit's head. */
  expect(200, W.officer2, "GET", "/api/auth/me", NULL);
  snprintf(path, sizeof path, "/api/users/%lld", (long long)W.officer2);
  expect(403, W.officer2, "PATCH", path, json_pack("{s:s}", "role", "admin"));
  expect(403, W.agg_unit_user, "PATCH", path, json_pack("{s:s}", "role", "head"));
  assert_int_equal(call(W.admin, "PATCH", path, json_pack("{s:s}", "role", "head"), &u), 200);
  assert_string_equal(json_string_value(json_object_get(u, "role")), "head");
  json_decref(u);
  assert_int_equal(count("SELECT count(*) FROM unit_heads WHERE user_id=%lld AND unit_id=%lld",
                         (long long)W.officer2, (long long)W.u2), 1);
  /* The change applies to the open session at its next request. */
  assert_int_equal(call(W.officer2, "GET", "/api/auth/me", NULL, &u), 200);
  assert_string_equal(json_string_value(json_object_get(u, "role")), "head");
  json_decref(u);
  /* Back to officer: no longer a head in the monitor either. */
  expect(200, W.admin, "PATCH", path, json_pack("{s:s}", "role", "officer"));
  assert_int_equal(count("SELECT count(*) FROM unit_heads WHERE user_id=%lld", (long long)W.officer2), 0);
  /* Rules of the account as changed. */
  expect(422, W.admin, "PATCH", path, json_pack("{s:n}", "unit", NULL));          /* an officer needs a unit */
  expect(422, W.admin, "PATCH", path, json_pack("{s:[I]}", "plan_ids", (json_int_t)W.plan)); /* officers have no plans */
  expect(422, W.admin, "PATCH", path, json_pack("{s:s}", "role", "public"));
  expect(422, W.admin, "PATCH", path, json_pack("{s:s}", "password", "x"));
  expect(422, W.admin, "PATCH", path, json_pack("{s:s}", "unit", "Không có cơ quan này"));
  expect(422, W.admin, "PATCH", path, json_object());
  expect(404, W.admin, "PATCH", "/api/users/999999", json_pack("{s:b}", "disabled", 1));
  /* Steering: plan scopes replace; leaving the role drops them. */
  snprintf(path, sizeof path, "/api/users/%lld", (long long)W.steering);
  assert_int_equal(call(W.admin, "PATCH", path, json_pack("{s:[I,I]}", "plan_ids", (json_int_t)W.plan,
                                                          (json_int_t)W.other_plan), &u), 200);
  assert_int_equal(json_array_size(json_object_get(u, "plan_ids")), 2);
  json_decref(u);
  expect(422, W.admin, "PATCH", path, json_pack("{s:[]}", "plan_ids"));   /* steering needs plans */
  assert_int_equal(call(W.admin, "PATCH", path, json_pack("{s:s,s:I}", "role", "officer", "unit",
                                                          (json_int_t)W.u1), &u), 200);
  assert_int_equal(json_array_size(json_object_get(u, "plan_ids")), 0);
  json_decref(u);
  /* Disabling ends the account's sessions at once; enabling lets it log in. */
  snprintf(path, sizeof path, "/api/users/%lld", (long long)W.officer2);
  expect(200, W.officer2, "GET", "/api/auth/me", NULL);
  assert_int_equal(call(W.admin, "PATCH", path, json_pack("{s:b}", "disabled", 1), &u), 200);
  assert_true(json_is_true(json_object_get(u, "disabled")));
  json_decref(u);
  expect(401, W.officer2, "GET", "/api/auth/me", NULL);
  login_session *ls = find_session(W.officer2);
  assert_true(login(ls) != 200);
  expect(200, W.admin, "PATCH", path, json_pack("{s:b}", "disabled", 0));
  assert_int_equal(login(ls), 200);
  expect(200, W.officer2, "GET", "/api/auth/me", NULL);
  /* The last administrator can be neither disabled nor demoted. */
  snprintf(path, sizeof path, "/api/users/%lld", (long long)W.admin);
  expect(409, W.admin, "PATCH", path, json_pack("{s:b}", "disabled", 1));
  expect(409, W.admin, "PATCH", path, json_pack("{s:s,s:[I]}", "role", "steering", "plan_ids", (json_int_t)W.plan));
  expect(200, W.admin, "GET", "/api/auth/me", NULL);
  assert_true(count("SELECT count(*) FROM audit_log WHERE entity='user' AND action='update'") >= 5);
}

static void test_password_reset(void **state) {
  (void)state;
  char path[64];
  snprintf(path, sizeof path, "/api/users/%lld/password", (long long)W.officer1);
  expect(200, W.officer1, "GET", "/api/auth/me", NULL);
  expect(403, W.officer1, "POST", path, json_pack("{s:s}", "password", "một mật khẩu mới rất dài"));
  expect(422, W.admin, "POST", path, json_pack("{s:s}", "password", "ngắn"));
  expect(422, W.admin, "POST", path, json_object());
  expect(404, W.admin, "POST", "/api/users/999999/password", json_pack("{s:s}", "password", "một mật khẩu mới rất dài"));
  expect(200, W.admin, "POST", path, json_pack("{s:s}", "password", "một mật khẩu mới rất dài"));
  /* The old session is over, the old password too; the new one works. */
  expect(401, W.officer1, "GET", "/api/auth/me", NULL);
  login_session *ls = find_session(W.officer1);
  assert_true(login(ls) != 200);
  snprintf(ls->password, sizeof ls->password, "%s", "một mật khẩu mới rất dài");
  assert_int_equal(login(ls), 200);
  expect(200, W.officer1, "GET", "/api/auth/me", NULL);
}

static void test_regime(void **state) {
  (void)state;
  int64_t plan = W.other_plan;
  char path[96], etag[40];
  json_t *r;
  /* The other plan's aggregator is the scoped account; make it public for the visitor. */
  exec_id("UPDATE plans SET public=1, status='published' WHERE id=%lld", (long long)plan);
  snprintf(path, sizeof path, "/api/plans/%lld/regime", (long long)plan);
  assert_int_equal(call_full(0, "GET", path, NULL, NULL, &r, etag, NULL), 200);
  assert_int_equal(json_integer_value(json_object_get(r, "plan_id")), plan);
  assert_true(json_is_array(json_object_get(r, "items")));
  char want[40];
  snprintf(want, sizeof want, "W/\"%lld\"", (long long)json_integer_value(json_object_get(r, "version")));
  assert_string_equal(etag, want);
  json_decref(r);
  json_t *monthly = json_pack("{s:[{s:s,s:s}]}", "items", "period", "month", "due", "day 25");
  expect(428, W.agg_elsewhere, "PUT", path, json_incref(monthly));
  expect(403, W.officer1, "PUT", path, json_incref(monthly));
  expect(403, W.agg_scoped, "PUT", path, json_incref(monthly)); /* scoped to the other plan only */
  struct { json_t *body; const char *says; } bad[] = {
    {json_pack("{s:[{s:s}]}", "items", "period", "week"), "items[0].period"},
    {json_pack("{s:[{s:s,s:s}]}", "items", "period", "month", "due", "ngày 20"), "items[0].due"},
    {json_pack("{s:[{s:s},{s:s}]}", "items", "period", "year", "period", "year"), "items[1].period"},
    {json_pack("{s:[{s:s,s:i}]}", "items", "period", "year", "every", 2), "items[0].every"},
    {json_pack("{s:s}", "regime", "quarter"), "items"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    json_t *e;
    assert_int_equal(call_full(W.agg_elsewhere, "PUT", path, etag, bad[k].body, &e, NULL, NULL), 422);
    const char *msg = json_string_value(json_object_get(e, "message"));
    if (!msg || !strstr(msg, bad[k].says)) fail_msg("case %zu: %s", k, msg ? msg : "(no message)");
    json_decref(e);
  }
  assert_int_equal(call_full(W.agg_elsewhere, "PUT", path, etag, json_incref(monthly), &r, NULL, NULL), 200);
  assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r, "items"), 0), "period_label")),
                      "Tháng");
  json_decref(r);
  /* The same edit from the old version is stale. */
  json_t *e;
  assert_int_equal(call_full(W.agg_elsewhere, "PUT", path, etag, json_incref(monthly), &e, NULL, NULL), 412);
  json_decref(e);
  json_decref(monthly);
  /* The regime drives period generation: next year is twelve months. */
  snprintf(path, sizeof path, "/api/plans/%lld/periods", (long long)plan);
  assert_int_equal(call(W.agg_elsewhere, "POST", path, json_pack("{s:i}", "year", W.year + 1), &r), 200);
  size_t i, months = 0, others = 0;
  json_t *p;
  char year[16];
  snprintf(year, sizeof year, "%d", W.year + 1);
  json_array_foreach(json_object_get(r, "items"), i, p) {
    if (strncmp(json_string_value(json_object_get(p, "start_date")), year, 4)) continue;
    if (!strcmp(json_string_value(json_object_get(p, "kind")), "month")) months++;
    else others++;
  }
  json_decref(r);
  assert_int_equal(months, 12);
  assert_int_equal(others, 0);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity='plan' AND entity_id=%lld"
                         " AND action='update_regime'", (long long)plan), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_officer_lists_own_reports),
    cmocka_unit_test(test_review_rule),
    cmocka_unit_test(test_private_and_draft_plans_stay_private),
    cmocka_unit_test(test_unit_patch),
    cmocka_unit_test(test_user_patch),
    cmocka_unit_test(test_password_reset),
    cmocka_unit_test(test_regime),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
