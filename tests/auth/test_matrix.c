/*
** test_matrix.c: authorization over real HTTP. The matrix test sends every
** route of the API's route table (nq_api_routes) as every role, once at a
** target in the caller's own scope and once at one outside it, and compares
** allow/deny with the table below, written by hand from the policy in
** src/auth/policy.h (not computed from it). A route missing from the table,
** a table row without a route, or a route without an access descriptor
** fails the test: adding an endpoint means deciding who may call it.
**
** Then the HTTP side of authentication: login cookies, CSRF, bearer tokens,
** the login rate limit, and security headers.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sqlite3.h>

#include "auth/accounts.h"
#include "auth/authn.h"
#include "http/api.h"
#include "http/authz.h"
#include "http/server.h"
#include "monitor/monitor.h"
#include "httpc.h"
#include "store/store.h"
#include "util/buf.h"

/* ---- the expected matrix -------------------------------------------------- */

/* Roles in the order of the expectation strings. */
enum { R_ADMIN, R_AGG, R_OFFICER, R_HEAD, R_STEERING, R_PUBLIC, R_COUNT };
static const char *const role_label[R_COUNT] = {"admin", "aggregator", "officer", "head",
                                                "steering", "public"};

/* For each route: per role, two characters for (own target, other target):
** 'A' allowed, '-' denied. Own = plan P1 (in the aggregator's and steering
** member's scope, published), a task of P1 led by the officer's unit U1, unit
** U1; other = plan P2 (out of scope, unpublished), a task of P2 led by U2
** with U1 not involved, unit U2. */
typedef struct expectation {
  const char *route;                 /* "METHOD pattern" */
  const char *allowed[R_COUNT];
} expectation;

static const expectation matrix[] = {
  /*                                   admin aggr  offi  head  steer public */
  {"GET /api/health",                 {"AA", "AA", "AA", "AA", "AA", "AA"}},
  {"GET /api/units",                  {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"POST /api/units",                 {"AA", "--", "--", "--", "--", "--"}},
  {"GET /api/units/:id",              {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"PATCH /api/units/:id",            {"AA", "--", "--", "--", "--", "--"}},
  {"GET /api/plans",                  {"AA", "AA", "AA", "AA", "AA", "AA"}},
  {"POST /api/plans",                 {"AA", "AA", "--", "--", "--", "--"}},
  {"GET /api/plans/:id",              {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"GET /api/plans/:id/export",       {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"GET /api/plans/:id/overview",     {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"GET /api/plans/:id/indicators",   {"AA", "AA", "AA", "AA", "AA", "A-"}},
  /* the dashboard across plans: everyone gets what they may read of it
  ** (tests/auth/test_scope.c checks what that is); reports are never public */
  {"GET /api/overview",               {"AA", "AA", "AA", "AA", "AA", "AA"}},
  {"GET /api/timeliness",             {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"GET /api/indicators",             {"AA", "AA", "AA", "AA", "AA", "AA"}},
  {"GET /api/indicators/:id",         {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/tasks",                  {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/tasks/:id",              {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"PATCH /api/tasks/:id",            {"AA", "A-", "A-", "A-", "--", "--"}},
  {"POST /api/auth/login",            {"AA", "AA", "AA", "AA", "AA", "AA"}},
  {"POST /api/auth/logout",           {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"POST /api/auth/logout-all",       {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"GET /api/auth/me",                {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"PUT /api/auth/password",          {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"GET /api/auth/tokens",            {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"POST /api/auth/tokens",           {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"DELETE /api/auth/tokens/:id",     {"AA", "AA", "AA", "AA", "AA", "--"}},
  {"GET /api/users",                  {"AA", "--", "--", "--", "--", "--"}},
  {"POST /api/users",                 {"AA", "--", "--", "--", "--", "--"}},
  {"PATCH /api/users/:id",            {"AA", "--", "--", "--", "--", "--"}},
  {"POST /api/users/:id/password",    {"AA", "--", "--", "--", "--", "--"}},
  /* reporting (src/monitor). Besides this hook, the monitor's own rules
  ** refuse what no role may do for a unit: only the unit's people edit its
  ** report, only its head approves and sends it, only the plan's
  ** aggregating body accepts or returns it -- administrators included. */
  {"GET /api/plans/:id/periods",      {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"POST /api/plans/:id/periods",     {"AA", "A-", "--", "--", "--", "--"}},
  /* the regime is part of the plan: read like it, changed by its aggregator */
  {"GET /api/plans/:id/regime",       {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"PUT /api/plans/:id/regime",       {"AA", "A-", "--", "--", "--", "--"}},
  /* a public plan's dashboards are public, so its officers see them too */
  {"GET /api/plans/:id/scorecards",   {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"PUT /api/plans/:id/scorecard-weights", {"AA", "A-", "--", "--", "--", "--"}},
  {"GET /api/plans/:id/digest",       {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/plans/:id/warnings",     {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/periods/:id",            {"AA", "AA", "AA", "AA", "AA", "A-"}},
  /* ?unit=: a unit's people list their own unit's reports of any period */
  {"GET /api/periods/:id/reports",    {"AA", "A-", "A-", "A-", "A-", "--"}},
  {"POST /api/periods/:id/reports",   {"AA", "--", "A-", "A-", "--", "--"}},
  {"GET /api/periods/:id/compile",    {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"POST /api/periods/:id/compile",   {"AA", "A-", "--", "--", "--", "--"}},
  {"GET /api/periods/:id/document",   {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/reports/:id",            {"AA", "A-", "A-", "A-", "A-", "--"}},
  {"PUT /api/reports/:id",            {"--", "--", "A-", "A-", "--", "--"}},
  {"POST /api/reports/:id/approve",   {"--", "--", "--", "A-", "--", "--"}},
  {"POST /api/reports/:id/submit",    {"--", "--", "--", "A-", "--", "--"}},
  {"POST /api/reports/:id/accept",    {"--", "A-", "--", "--", "--", "--"}},
  {"POST /api/reports/:id/return",    {"--", "A-", "--", "--", "--", "--"}},
  {"GET /api/audit",                  {"AA", "--", "--", "--", "--", "--"}},
  {"GET /api/plans/:id/assignments",  {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"GET /api/periods/:id/document.docx", {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/periods/:id/document.xlsx", {"AA", "A-", "A-", "A-", "A-", "A-"}},
  {"GET /api/reports/:id/document.docx", {"AA", "A-", "A-", "A-", "A-", "--"}},
  {"GET /api/reports/:id/document.xlsx", {"AA", "A-", "A-", "A-", "A-", "--"}},
  /* every plan at once: only where nothing is out of scope */
  {"GET /api/scorecards",             {"AA", "--", "--", "--", "--", "--"}},
  {"GET /api/plans/:id/amendments",   {"AA", "AA", "AA", "AA", "AA", "A-"}},
  {"POST /api/plans/:id/amendments",  {"AA", "A-", "--", "--", "--", "--"}},
  {"GET /api/tasks/:id/audit",        {"AA", "A-", "A-", "A-", "A-", "--"}},
  {"GET /api/tasks/:id/updates",      {"AA", "A-", "A-", "A-", "A-", "A-"}},
  /* extracting a plan from a document stores nothing; steering only reads */
  {"POST /api/imports",               {"AA", "AA", "AA", "AA", "--", "--"}},
  /* import drafts: whoever may import reviews, corrects and publishes them */
  {"GET /api/imports",                {"AA", "AA", "AA", "AA", "--", "--"}},
  {"GET /api/imports/:id",            {"AA", "AA", "AA", "AA", "--", "--"}},
  {"PUT /api/imports/:id",            {"AA", "AA", "AA", "AA", "--", "--"}},
  {"DELETE /api/imports/:id",         {"AA", "AA", "AA", "AA", "--", "--"}},
  {"POST /api/imports/:id/publish",   {"AA", "AA", "AA", "AA", "--", "--"}},
  /* the public page, and releasing a plan to it */
  {"GET /api/public",                 {"AA", "AA", "AA", "AA", "AA", "AA"}},
  {"PATCH /api/plans/:id",            {"AA", "A-", "--", "--", "--", "--"}},
};

/* ---- fixture -------------------------------------------------------------- */

static const nq_pwhash_cost cheap = {1, 8u << 20};
static const char password[] = "mật khẩu thử nghiệm";

typedef struct session {
  char cookie[160];
  char csrf[NQ_TOKEN_STR_MAX];
  bool valid;
} session;

typedef struct fixture {
  char dir[64];
  char db[128];
  nq_store *store;
  nq_auth *auth;
  nq_authz authz;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
  int64_t p1, p2, u1, u2, u_agg, task_own, task_far;
  int64_t period_own, period_far, report_own, report_far;
  int64_t ind_own, ind_far;
  int64_t user_id[R_COUNT];
  session ses[R_COUNT];
} fixture;

static const char *const logins[R_COUNT] = {"admin", "tonghop", "canbo", "lanhdao", "bcd", NULL};

static bool task_has_unit(json_t *task, int64_t unit) {
  const char *roles[] = {"lead", "support"};
  for (int r = 0; r < 2; r++) {
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(task, roles[r]), i, u)
      if (json_integer_value(json_object_get(u, "id")) == unit) return true;
  }
  return false;
}

static int64_t first_lead(json_t *task) {
  return json_integer_value(json_object_get(json_array_get(json_object_get(task, "lead"), 0), "id"));
}

/* A task of plan with a lead unit; with avoid != 0, one whose units do not
** include avoid. Sets *task and *lead; false when the plan has none. */
static bool find_task(fixture *fx, int64_t plan, int64_t avoid, int64_t *task, int64_t *lead) {
  nq_err err = {0};
  nq_task_filter f = {.plan_id = plan, .limit = 500};
  json_t *page = NULL;
  if (nq_store_tasks_query(fx->store, &f, &page, &err)) fail_msg("tasks: %s", err.msg);
  size_t i;
  json_t *t;
  bool found = false;
  json_array_foreach(json_object_get(page, "items"), i, t) {
    int64_t l = first_lead(t);
    if (l && (!avoid || (l != avoid && !task_has_unit(t, avoid)))) {
      *task = json_integer_value(json_object_get(t, "id"));
      *lead = l;
      found = true;
      break;
    }
  }
  json_decref(page);
  return found;
}

/* Pick P1/P2 and the own/far tasks from the demo plans. */
static void pick_targets(fixture *fx) {
  nq_err err = {0};
  json_t *plans = NULL;
  if (nq_store_plans_list(fx->store, &plans, &err)) fail_msg("plans: %s", err.msg);
  size_t n = json_array_size(plans);
  for (size_t i = 0; i < n && !fx->p1; i++) {
    int64_t id = json_integer_value(json_object_get(json_array_get(plans, i), "id"));
    if (find_task(fx, id, 0, &fx->task_own, &fx->u1)) fx->p1 = id;
  }
  for (size_t i = 0; i < n && !fx->p2; i++) {
    int64_t id = json_integer_value(json_object_get(json_array_get(plans, i), "id"));
    if (id != fx->p1 && find_task(fx, id, fx->u1, &fx->task_far, &fx->u2)) fx->p2 = id;
  }
  json_decref(plans);
  assert_true(fx->p1 && fx->p2 && fx->u1 != fx->u2);
}

static int64_t make_unit(nq_store *s, const char *name) {
  nq_err err = {0};
  nq_actor who = {0, "test", "test"};
  json_t *u = json_pack("{s:s,s:s,s:s}", "name", name, "kind", "state", "level", "province");
  int64_t id = 0;
  if (nq_store_unit_create(s, &who, u, &id, &err)) fail_msg("unit: %s", err.msg);
  json_decref(u);
  return id;
}

static void make_users(fixture *fx) {
  nq_actor who = {0, "test", "test"};
  char u1[24];
  snprintf(u1, sizeof u1, "%lld", (long long)fx->u1);
  char uagg[24];
  snprintf(uagg, sizeof uagg, "%lld", (long long)fx->u_agg);
  const nq_account_spec specs[R_COUNT - 1] = {
    {logins[R_ADMIN], "Quản trị", "admin", NULL, false, NULL, 0},
    {logins[R_AGG], "Cơ quan thường trực", "aggregator", uagg, false, &fx->p1, 1},
    {logins[R_OFFICER], "Cán bộ", "officer", u1, false, NULL, 0},
    {logins[R_HEAD], "Lãnh đạo", "head", u1, false, NULL, 0},
    {logins[R_STEERING], "Ban Chỉ đạo", "steering", NULL, false, &fx->p1, 1},
  };
  nq_err err = {0};
  for (int r = 0; r < R_COUNT - 1; r++)
    if (nq_account_create(fx->store, &who, &specs[r], password, &cheap, 1700000000,
                          &fx->user_id[r], &err))
      fail_msg("user %s: %s", logins[r], err.msg);
}

/* P1 is public and aggregated by the aggregator's unit; P2 (public like
** every seed plan) is withdrawn from the public page. */
static void publish_p1(fixture *fx) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  char sql[256];
  snprintf(sql, sizeof sql, "UPDATE plans SET public=1, aggregator_unit_id=%lld WHERE id=%lld;"
           " UPDATE plans SET public=0 WHERE id=%lld",
           (long long)fx->u_agg, (long long)fx->p1, (long long)fx->p2);
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  /* An indicator in each plan (the demo plans have none). */
  snprintf(sql, sizeof sql, "INSERT INTO indicators(plan_id, ordinal, name) VALUES"
           " (%lld, 1, 'Chỉ tiêu thử P1'), (%lld, 1, 'Chỉ tiêu thử P2')",
           (long long)fx->p1, (long long)fx->p2);
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  fx->ind_far = sqlite3_last_insert_rowid(db);
  fx->ind_own = fx->ind_far - 1;
  sqlite3_close(db);
}

/* A reporting period of plan and the report of unit in it. */
static void make_report(fixture *fx, int64_t plan, int64_t unit, int64_t *period, int64_t *report) {
  nq_actor who = {0, "test", "test"};
  nq_err err = {0};
  json_t *list = NULL;
  if (nq_monitor_periods_generate(fx->store, &who, plan, 2025, &list, &err))
    fail_msg("periods: %s", err.msg);
  *period = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
  json_decref(list);
  if (nq_monitor_report_open(fx->store, &who, *period, unit, report, &err))
    fail_msg("report: %s", err.msg);
}

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-matrix-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->db, sizeof fx->db, "%s/test.db", fx->dir);
  nq_err err = {0};
  if (nq_store_open(&fx->store, fx->db, &err)) fail_msg("open: %s", err.msg);
  if (nq_store_seed_demo(fx->store, &err)) fail_msg("seed: %s", err.msg);
  pick_targets(fx);
  fx->u_agg = make_unit(fx->store, "Văn phòng thường trực thử nghiệm");
  make_users(fx);
  publish_p1(fx);
  make_report(fx, fx->p1, fx->u1, &fx->period_own, &fx->report_own);
  make_report(fx, fx->p2, fx->u2, &fx->period_far, &fx->report_far);

  nq_auth_config cfg = nq_auth_config_default();
  cfg.cost = cheap;
  cfg.ratelimit.login_failures = 3;
  fx->auth = nq_auth_new(fx->store, &cfg);
  fx->authz = (nq_authz){fx->auth, fx->store, false};
  fx->api = (nq_api){.store = fx->store, .version = "test", .actor_of = nq_authz_actor};
  nq_http_config hc = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                       .app = &fx->api, .generation = nq_api_generation,
                       .authorize = nq_authz_authorize, .authorize_ctx = &fx->authz};
  if (nq_http_start(&fx->srv, &hc, &err)) fail_msg("start: %s", err.msg);
  fx->port = nq_http_port(fx->srv);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_http_stop(fx->srv, 2000);
  nq_auth_free(fx->auth);
  nq_store_close(fx->store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
  assert_int_equal(system(cmd), 0);
  free(fx);
  return 0;
}

/* ---- HTTP helpers ----------------------------------------------------------- */

/* Log role in over HTTP; fills its session. */
static void login(fixture *fx, int role) {
  session *s = &fx->ses[role];
  memset(s, 0, sizeof *s);
  if (role == R_PUBLIC) return;
  char body[160];
  snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", logins[role], password);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login",
                                 "Content-Type: application/json\r\n", body, -1, &r), 0);
  if (r.status != 200) fail_msg("login %s: %d %s", logins[role], r.status, r.body);
  const char *set = NULL;
  for (int i = 0; i < r.nheaders; i++)
    if (!strcasecmp(r.headers[i].name, "Set-Cookie") &&
        !strncmp(r.headers[i].value, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
      set = r.headers[i].value;
  assert_non_null(set);
  size_t n = strcspn(set, ";");
  snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)n, set);
  snprintf(s->csrf, sizeof s->csrf, "%s", httpc_json_str(&r, "csrf_token"));
  s->valid = true;
  httpc_free(&r);
}

/* Send method path as role with its cookie (and CSRF token for writes). */
static int send_as(fixture *fx, int role, const char *method, const char *path,
                   const char *body, httpc_resp *r) {
  session *s = &fx->ses[role];
  if (role != R_PUBLIC && !s->valid) login(fx, role);
  char headers[512] = "";
  if (role != R_PUBLIC)
    snprintf(headers, sizeof headers, "Cookie: %s\r\n" NQ_CSRF_HEADER ": %s\r\n", s->cookie, s->csrf);
  if (body) strcat(headers, "Content-Type: application/json\r\n");
  return httpc_request(fx->port, method, path, headers, body, -1, r);
}

/* The concrete path for a route pattern and target (own or other). */
static void concrete_path(fixture *fx, const nq_route *route, bool own, nq_buf *out) {
  const char *kind = route->access.id_of ? route->access.id_of
                     : route->access.resource ? route->access.resource : "";
  for (const char *p = route->pattern; *p;) {
    if (*p == ':') {
      int64_t id;
      if (!strcmp(kind, "plan")) id = own ? fx->p1 : fx->p2;
      else if (!strcmp(kind, "period")) id = own ? fx->period_own : fx->period_far;
      else if (!strcmp(kind, "report")) id = own ? fx->report_own : fx->report_far;
      else if (!strcmp(kind, "task")) id = own ? fx->task_own : fx->task_far;
      else if (!strcmp(kind, "unit")) id = own ? fx->u1 : fx->u2;
      else if (!strcmp(kind, "indicator")) id = own ? fx->ind_own : fx->ind_far;
      else id = own ? 1 : 999999; /* tokens, users: ownership is the handler's */
      nq_buf_printf(out, "%lld", (long long)id);
      while (*p && *p != '/') p++;
    } else {
      nq_buf_putc(out, *p++);
    }
  }
  if (route->access.scope == NQ_SCOPE_QUERY)
    nq_buf_printf(out, "?%s=%lld&plan=%lld", route->access.param,
                  (long long)(own ? fx->u1 : fx->u2), (long long)(own ? fx->p1 : fx->p2));
  else if (route->access.unit_param && route->body == NQ_BODY_NONE)
    nq_buf_printf(out, "?%.*s=%lld", (int)strcspn(route->access.unit_param, ","),
                  route->access.unit_param, (long long)(own ? fx->u1 : fx->u2));
}

/* The JSON body sent to a route: empty, or naming the target unit. */
static void concrete_body(fixture *fx, const nq_route *route, bool own, nq_buf *out) {
  if (route->body != NQ_BODY_JSON) return;
  if (route->access.unit_param)
    nq_buf_printf(out, "{\"%.*s\":%lld}", (int)strcspn(route->access.unit_param, ","),
                  route->access.unit_param, (long long)(own ? fx->u1 : fx->u2));
  else
    nq_buf_puts(out, "{}");
}

static const expectation *find_expectation(const char *key) {
  for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++)
    if (!strcmp(matrix[i].route, key)) return &matrix[i];
  return NULL;
}

/* ---- the matrix --------------------------------------------------------------- */

static void test_matrix(void **state) {
  fixture *fx = *state;
  int failures = 0, cells = 0;
  for (size_t i = 0; i < nq_api_route_count; i++) {
    const nq_route *route = &nq_api_routes[i];
    char key[128];
    snprintf(key, sizeof key, "%s %s", route->method, route->pattern);
    nq_resource_kind kind;
    nq_action action;
    if (!nq_authz_route_kind(route, &kind, &action)) {
      fprintf(stderr, "MATRIX: %s has no valid access descriptor\n", key);
      failures++;
      continue;
    }
    const expectation *e = find_expectation(key);
    if (!e) {
      fprintf(stderr, "MATRIX: %s is not in the expected matrix (tests/auth/test_matrix.c)\n", key);
      failures++;
      continue;
    }
    for (int role = 0; role < R_COUNT; role++) {
      for (int t = 0; t < 2; t++) {
        nq_buf path = NQ_BUF_INIT, body = NQ_BUF_INIT;
        concrete_path(fx, route, t == 0, &path);
        concrete_body(fx, route, t == 0, &body);
        httpc_resp r;
        assert_int_equal(send_as(fx, role, route->method, path.data, body.data, &r), 0);
        bool denied = r.status == 401 || r.status == 403;
        bool want = e->allowed[role][t] == 'A';
        cells++;
        if (denied == want || r.status == 0 || r.status >= 500) {
          fprintf(stderr, "MATRIX: %-34s as %-10s on %s target (%s): want %s, got %d %.160s\n",
                  key, role_label[role], t ? "other" : "own", path.data,
                  want ? "allowed" : "denied", r.status, r.body ? r.body : "");
          failures++;
        } else if (denied && r.status != (role == R_PUBLIC ? 401 : 403)) {
          fprintf(stderr, "MATRIX: %s as %s: denied with %d, want %d\n", key, role_label[role],
                  r.status, role == R_PUBLIC ? 401 : 403);
          failures++;
        }
        httpc_free(&r);
        nq_buf_free(&path);
        nq_buf_free(&body);
        /* These end the caller's sessions: log in again next time. */
        if (strstr(route->pattern, "/logout") && role != R_PUBLIC) fx->ses[role].valid = false;
      }
    }
  }
  for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
    bool found = false;
    for (size_t j = 0; j < nq_api_route_count; j++) {
      char key[128];
      snprintf(key, sizeof key, "%s %s", nq_api_routes[j].method, nq_api_routes[j].pattern);
      found |= !strcmp(key, matrix[i].route);
    }
    if (!found) {
      fprintf(stderr, "MATRIX: %s is expected but no longer routed\n", matrix[i].route);
      failures++;
    }
  }
  printf("authorization matrix: %zu routes x %d roles x 2 targets = %d requests, %d failures\n",
         nq_api_route_count, R_COUNT, cells, failures);
  assert_int_equal(failures, 0);
}

/* ---- authentication over HTTP ------------------------------------------------ */

static void test_login_cookies(void **state) {
  fixture *fx = *state;
  char body[160];
  snprintf(body, sizeof body, "{\"login\":\"CANBO\",\"password\":\"%s\"}", password);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login",
                                 "Content-Type: application/json\r\n", body, -1, &r), 0);
  assert_int_equal(r.status, 200);
  int cookies = 0;
  for (int i = 0; i < r.nheaders; i++) {
    if (strcasecmp(r.headers[i].name, "Set-Cookie")) continue;
    const char *v = r.headers[i].value;
    cookies++;
    assert_non_null(strstr(v, "Secure"));
    assert_non_null(strstr(v, "SameSite=Strict"));
    assert_non_null(strstr(v, "Path=/"));
    if (!strncmp(v, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
      assert_non_null(strstr(v, "HttpOnly"));
  }
  assert_int_equal(cookies, 2);
  assert_string_equal(httpc_header(&r, "Cache-Control"), "no-store");
  json_t *j = httpc_json(&r);
  assert_string_equal(json_string_value(json_object_get(j, "role")), "officer");
  assert_null(json_object_get(json_object_get(j, "user"), "password_hash"));
  assert_non_null(httpc_json_str(&r, "csrf_token"));
  httpc_free(&r);

  /* wrong password and unknown login: one answer */
  httpc_resp a, b;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login", "Content-Type: application/json\r\n",
                                 "{\"login\":\"canbo\",\"password\":\"sai mật khẩu 123\"}", -1, &a), 0);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login", "Content-Type: application/json\r\n",
                                 "{\"login\":\"khongco\",\"password\":\"sai mật khẩu 123\"}", -1, &b), 0);
  assert_int_equal(a.status, 401);
  assert_int_equal(b.status, 401);
  assert_string_equal(httpc_json_str(&a, "message"), httpc_json_str(&b, "message"));
  httpc_free(&a);
  httpc_free(&b);

  /* a login form posted from another site is refused */
  snprintf(body, sizeof body, "{\"login\":\"canbo\",\"password\":\"%s\"}", password);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login",
                                 "Content-Type: application/json\r\nOrigin: https://evil.example\r\n",
                                 body, -1, &r), 0);
  assert_int_equal(r.status, 403);
  httpc_free(&r);

  /* me, logout, me again */
  login(fx, R_OFFICER);
  assert_int_equal(send_as(fx, R_OFFICER, "GET", "/api/auth/me", NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(json_string_value(json_object_get(json_object_get(httpc_json(&r), "user"), "login")), "canbo");
  httpc_free(&r);
  assert_int_equal(send_as(fx, R_OFFICER, "POST", "/api/auth/logout", NULL, &r), 0);
  assert_int_equal(r.status, 200);
  bool cleared = false;
  for (int i = 0; i < r.nheaders; i++)
    cleared |= !strcasecmp(r.headers[i].name, "Set-Cookie") && strstr(r.headers[i].value, "Max-Age=0");
  assert_true(cleared);
  httpc_free(&r);
  assert_int_equal(send_as(fx, R_OFFICER, "GET", "/api/auth/me", NULL, &r), 0);
  assert_int_equal(r.status, 401);
  assert_non_null(strstr(httpc_json_str(&r, "message"), "đăng nhập"));
  httpc_free(&r);
  fx->ses[R_OFFICER].valid = false;
}

static void test_change_password(void **state) {
  fixture *fx = *state;
  login(fx, R_HEAD);
  session old = fx->ses[R_HEAD];
  httpc_resp r;
  assert_int_equal(send_as(fx, R_HEAD, "PUT", "/api/auth/password",
                           "{\"current\":\"đoán sai rồi nhé\",\"new\":\"mật khẩu mới của tôi\"}", &r), 0);
  assert_int_equal(r.status, 403);
  httpc_free(&r);
  assert_int_equal(send_as(fx, R_HEAD, "PUT", "/api/auth/password",
                           "{\"current\":\"mật khẩu thử nghiệm\",\"new\":\"ngắn\"}", &r), 0);
  assert_int_equal(r.status, 400);
  httpc_free(&r);
  char body[160];
  snprintf(body, sizeof body, "{\"current\":\"%s\",\"new\":\"mật khẩu mới của tôi\"}", password);
  assert_int_equal(send_as(fx, R_HEAD, "PUT", "/api/auth/password", body, &r), 0);
  if (r.status != 200) fail_msg("change: %d %s", r.status, r.body);
  char fresh[160] = "";
  for (int i = 0; i < r.nheaders; i++)
    if (!strcasecmp(r.headers[i].name, "Set-Cookie") &&
        !strncmp(r.headers[i].value, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
      snprintf(fresh, sizeof fresh, "Cookie: %.*s\r\n", (int)strcspn(r.headers[i].value, ";"),
               r.headers[i].value);
  httpc_free(&r);
  /* the old session is over, the new one works */
  char hdr[256];
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\n", old.cookie);
  assert_int_equal(httpc_request(fx->port, "GET", "/api/auth/me", hdr, NULL, -1, &r), 0);
  assert_int_equal(r.status, 401);
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "GET", "/api/auth/me", fresh, NULL, -1, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
  fx->ses[R_HEAD].valid = false;
}

static void test_csrf_over_http(void **state) {
  fixture *fx = *state;
  login(fx, R_OFFICER);
  session *s = &fx->ses[R_OFFICER];
  char path[64], hdr[2048];
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)fx->task_own);
  httpc_resp r;
  /* cookie without the CSRF header */
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\nContent-Type: application/json\r\n", s->cookie);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, "{\"percent\":10}", -1, &r), 0);
  assert_int_equal(r.status, 403);
  assert_non_null(strstr(httpc_json_str(&r, "message"), NQ_CSRF_HEADER));
  httpc_free(&r);
  /* right token, foreign Origin */
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\n" NQ_CSRF_HEADER ": %s\r\nOrigin: https://evil.example\r\n"
           "Content-Type: application/json\r\n", s->cookie, s->csrf);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, "{\"percent\":10}", -1, &r), 0);
  assert_int_equal(r.status, 403);
  httpc_free(&r);
  /* right token, own origin: reaches the handler (which wants If-Match) */
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\n" NQ_CSRF_HEADER ": %s\r\nOrigin: http://127.0.0.1:%u\r\n"
           "Content-Type: application/json\r\n", s->cookie, s->csrf, fx->port);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, "{\"percent\":10}", -1, &r), 0);
  assert_int_not_equal(r.status, 403);
  assert_int_not_equal(r.status, 401);
  httpc_free(&r);
}

static void test_bearer_tokens_over_http(void **state) {
  fixture *fx = *state;
  login(fx, R_OFFICER);
  httpc_resp r;
  assert_int_equal(send_as(fx, R_OFFICER, "POST", "/api/auth/tokens",
                           "{\"name\":\"đồng bộ\",\"actions\":\"read\",\"ttl_days\":7}", &r), 0);
  assert_int_equal(r.status, 201);
  char bearer[160];
  snprintf(bearer, sizeof bearer, "Authorization: Bearer %s\r\n", httpc_json_str(&r, "token"));
  int64_t tid = json_integer_value(json_object_get(httpc_json(&r), "id"));
  httpc_free(&r);
  char path[64], del[64];
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)fx->task_own);
  snprintf(del, sizeof del, "/api/auth/tokens/%lld", (long long)tid);
  assert_int_equal(httpc_request(fx->port, "GET", path, bearer, NULL, -1, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
  /* a read-only token cannot write, even without any CSRF header */
  char hdr[256];
  snprintf(hdr, sizeof hdr, "%sContent-Type: application/json\r\n", bearer);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, "{\"percent\":5}", -1, &r), 0);
  assert_int_equal(r.status, 403);
  httpc_free(&r);
  /* scope still applies to tokens */
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)fx->task_far);
  assert_int_equal(httpc_request(fx->port, "GET", path, bearer, NULL, -1, &r), 0);
  assert_int_equal(r.status, 403);
  httpc_free(&r);
  /* a bad token is a 401, not an anonymous request */
  assert_int_equal(httpc_request(fx->port, "GET", "/api/health",
                                 "Authorization: Bearer nq57_forged\r\n", NULL, -1, &r), 0);
  assert_int_equal(r.status, 200); /* public routes still work */
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "GET", "/api/units",
                                 "Authorization: Bearer nq57_forged\r\n", NULL, -1, &r), 0);
  assert_int_equal(r.status, 401);
  httpc_free(&r);
  /* revoked: refused */
  assert_int_equal(send_as(fx, R_OFFICER, "DELETE", del, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "GET", "/api/units", bearer, NULL, -1, &r), 0);
  assert_int_equal(r.status, 401);
  httpc_free(&r);
}

static void test_rate_limit_over_http(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  for (int i = 0; i < 3; i++) {
    assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login", "Content-Type: application/json\r\n",
                                   "{\"login\":\"lanhdao\",\"password\":\"đoán mò lần nữa\"}", -1, &r), 0);
    assert_int_equal(r.status, 401);
    httpc_free(&r);
  }
  char body[160];
  snprintf(body, sizeof body, "{\"login\":\"lanhdao\",\"password\":\"%s\"}", password);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login",
                                 "Content-Type: application/json\r\n", body, -1, &r), 0);
  assert_int_equal(r.status, 429);
  assert_non_null(httpc_header(&r, "Retry-After"));
  assert_true(atoi(httpc_header(&r, "Retry-After")) > 0);
  httpc_free(&r);
}

static void test_admin_creates_user(void **state) {
  fixture *fx = *state;
  char body[256];
  snprintf(body, sizeof body, "{\"login\":\"Moi.CanBo\",\"name\":\"Cán bộ mới\",\"role\":\"officer\","
           "\"unit_id\":%lld,\"password\":\"%s\"}", (long long)fx->u2, password);
  httpc_resp r;
  /* an officer may not, an administrator may */
  assert_int_equal(send_as(fx, R_OFFICER, "POST", "/api/users", body, &r), 0);
  assert_int_equal(r.status, 403);
  httpc_free(&r);
  assert_int_equal(send_as(fx, R_ADMIN, "POST", "/api/users", body, &r), 0);
  if (r.status != 201) fail_msg("create user: %d %s", r.status, r.body);
  json_t *u = httpc_json(&r);
  assert_string_equal(json_string_value(json_object_get(u, "login")), "moi.canbo");
  assert_string_equal(json_string_value(json_object_get(u, "full_name")), "Cán bộ mới");
  assert_int_equal(json_integer_value(json_object_get(u, "unit_id")), fx->u2);
  assert_null(json_object_get(u, "password_hash"));
  httpc_free(&r);
  /* the new officer logs in and sees the other unit's task, not ours */
  snprintf(body, sizeof body, "{\"login\":\"moi.canbo\",\"password\":\"%s\"}", password);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login",
                                 "Content-Type: application/json\r\n", body, -1, &r), 0);
  assert_int_equal(r.status, 200);
  char cookie[200] = "";
  for (int i = 0; i < r.nheaders; i++)
    if (!strcasecmp(r.headers[i].name, "Set-Cookie") &&
        !strncmp(r.headers[i].value, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
      snprintf(cookie, sizeof cookie, "Cookie: %.*s\r\n", (int)strcspn(r.headers[i].value, ";"),
               r.headers[i].value);
  httpc_free(&r);
  char path[64];
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)fx->task_far);
  assert_int_equal(httpc_request(fx->port, "GET", path, cookie, NULL, -1, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)fx->task_own);
  assert_int_equal(httpc_request(fx->port, "GET", path, cookie, NULL, -1, &r), 0);
  assert_int_equal(r.status, 200); /* P1 is public */
  httpc_free(&r);
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)fx->report_own);
  assert_int_equal(httpc_request(fx->port, "GET", path, cookie, NULL, -1, &r), 0);
  assert_int_equal(r.status, 403); /* reports never are */
  httpc_free(&r);
}

/* Origin of the newest login attempt. */
static void last_attempt_origin(fixture *fx, char *out, size_t cap) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT origin FROM login_attempts ORDER BY id DESC LIMIT 1",
                                      -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
}

static void try_login(fixture *fx, const char *extra) {
  static int n;
  char hdr[256], body[128];
  snprintf(body, sizeof body, "{\"login\":\"khach%d\",\"password\":\"không phải mật khẩu\"}", n++);
  snprintf(hdr, sizeof hdr, "Content-Type: application/json\r\n%s", extra);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login", hdr, body, -1, &r), 0);
  assert_int_equal(r.status, 401);
  httpc_free(&r);
}

static void test_trust_proxy(void **state) {
  fixture *fx = *state;
  char origin[64];
  /* not behind a proxy: X-Real-IP is whatever the client claims, ignored */
  try_login(fx, "X-Real-IP: 203.0.113.9\r\n");
  last_attempt_origin(fx, origin, sizeof origin);
  assert_string_equal(origin, "127.0.0.1");
  /* behind the proxy (peer is loopback): the proxy's header names the client */
  fx->authz.trust_proxy = true;
  try_login(fx, "X-Real-IP: 203.0.113.9\r\n");
  last_attempt_origin(fx, origin, sizeof origin);
  assert_string_equal(origin, "203.0.113.9");
  /* nonsense in the header is not an address */
  try_login(fx, "X-Real-IP: 1.2.3.4\nInjected: yes\r\n");
  try_login(fx, "X-Real-IP: <script>\r\n");
  last_attempt_origin(fx, origin, sizeof origin);
  assert_string_equal(origin, "127.0.0.1");
  fx->authz.trust_proxy = false;
}

static void test_security_headers(void **state) {
  fixture *fx = *state;
  const char *paths[] = {"/api/health", "/api/units", "/api/nope"};
  for (size_t i = 0; i < 3; i++) {
    httpc_resp r;
    assert_int_equal(httpc_get(fx->port, paths[i], &r), 0);
    const char *csp = httpc_header(&r, "Content-Security-Policy");
    assert_non_null(csp);
    assert_non_null(strstr(csp, "frame-ancestors 'none'"));
    /* scripts from the site itself only: never inline, never eval */
    const char *script = strstr(csp, "script-src ");
    assert_non_null(script);
    size_t n = strcspn(script, ";");
    char directive[160];
    snprintf(directive, sizeof directive, "%.*s", (int)n, script);
    assert_null(strstr(directive, "unsafe-inline"));
    assert_null(strstr(directive, "unsafe-eval"));
    assert_null(strstr(directive, "*"));
    assert_string_equal(httpc_header(&r, "X-Content-Type-Options"), "nosniff");
    assert_non_null(httpc_header(&r, "Referrer-Policy"));
    assert_non_null(httpc_header(&r, "Strict-Transport-Security"));
    httpc_free(&r);
  }
}

/* Whether the JSON list of plans holds plan id. */
static bool lists_plan(json_t *items, int64_t id) {
  size_t i;
  json_t *p;
  json_array_foreach(items, i, p)
    if (json_integer_value(json_object_get(p, "id")) == id) return true;
  return false;
}

/* Status of a visitor's GET of path. */
static int guest_get(fixture *fx, const char *path) {
  httpc_resp r;
  assert_int_equal(send_as(fx, R_PUBLIC, "GET", path, NULL, &r), 0);
  int status = r.status;
  httpc_free(&r);
  return status;
}

/* The same for a path made of fmt, whose one conversion takes id. */
static int guest_status(fixture *fx, const char *fmt, long long id) {
  char path[96];
  snprintf(path, sizeof path, fmt, id);
  return guest_get(fx, path);
}

/* A visitor without an account: public plans and their tasks only, and
** never an official's cached answer. */
static void test_guest_reads(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  /* an official lists every plan first, so a shared cache entry would leak P2 */
  assert_int_equal(send_as(fx, R_OFFICER, "GET", "/api/plans", NULL, &r), 0);
  assert_int_equal(r.status, 200);
  json_t *all = json_object_get(httpc_json(&r), "items");
  assert_true(lists_plan(all, fx->p1) && lists_plan(all, fx->p2));
  size_t n_all = json_array_size(all);
  httpc_free(&r);
  assert_int_equal(send_as(fx, R_PUBLIC, "GET", "/api/plans", NULL, &r), 0);
  assert_int_equal(r.status, 200);
  json_t *pub = json_object_get(httpc_json(&r), "items");
  assert_true(lists_plan(pub, fx->p1));
  assert_false(lists_plan(pub, fx->p2));
  /* every other seed plan is public from the start */
  assert_int_equal(json_array_size(pub), n_all - 1);
  httpc_free(&r);
  /* and the official's list is still the whole one after the guest's */
  assert_int_equal(send_as(fx, R_OFFICER, "GET", "/api/plans", NULL, &r), 0);
  assert_int_equal(json_array_size(json_object_get(httpc_json(&r), "items")), n_all);
  httpc_free(&r);

  assert_int_equal(guest_status(fx, "/api/plans/%lld", fx->p1), 200);
  assert_int_equal(guest_status(fx, "/api/plans/%lld/overview", fx->p1), 200);
  assert_int_equal(guest_status(fx, "/api/tasks?plan=%lld", fx->p1), 200);
  assert_int_equal(guest_status(fx, "/api/tasks/%lld", fx->task_own), 200);
  assert_int_equal(guest_status(fx, "/api/plans/%lld", fx->p2), 401);
  assert_int_equal(guest_status(fx, "/api/tasks?plan=%lld", fx->p2), 401);
  assert_int_equal(guest_status(fx, "/api/tasks?plan_id=%lld", fx->p1), 401);
  assert_int_equal(guest_status(fx, "/api/tasks/%lld", fx->task_far), 401);
  assert_int_equal(guest_status(fx, "/api/tasks?plan=%lld", 999999), 401);
  assert_int_equal(guest_status(fx, "/api/reports/%lld", fx->report_own), 401);
  assert_int_equal(guest_get(fx, "/api/users"), 401);
  assert_int_equal(guest_get(fx, "/api/audit"), 401);
  assert_int_equal(guest_get(fx, "/api/units"), 401);
  assert_int_equal(guest_get(fx, "/api/tasks"), 401);

  /* the public page: P1's figures, not P2's */
  assert_int_equal(send_as(fx, R_PUBLIC, "GET", "/api/public", NULL, &r), 0);
  assert_int_equal(r.status, 200);
  json_t *page = httpc_json(&r);
  assert_non_null(json_string_value(json_object_get(page, "date")));
  bool p1 = false, p2 = false;
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(page, "plans"), i, e) {
    int64_t id = json_integer_value(json_object_get(json_object_get(e, "plan"), "id"));
    p1 |= id == fx->p1;
    p2 |= id == fx->p2;
    assert_non_null(json_object_get(e, "overview"));
    assert_true(json_is_array(json_object_get(e, "indicators")));
  }
  assert_true(p1 && !p2);
  httpc_free(&r);

  /* the administrator releases P2 (If-Match required); guests then see it */
  char path[64], body[] = "{\"public\":true}";
  snprintf(path, sizeof path, "/api/plans/%lld", (long long)fx->p2);
  assert_int_equal(send_as(fx, R_ADMIN, "PATCH", path, body, &r), 0);
  assert_int_equal(r.status, 428);
  httpc_free(&r);
  assert_int_equal(send_as(fx, R_ADMIN, "GET", path, NULL, &r), 0);
  long long version = json_integer_value(json_object_get(httpc_json(&r), "version"));
  httpc_free(&r);
  session *s = &fx->ses[R_ADMIN];
  char hdr[512];
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\n" NQ_CSRF_HEADER ": %s\r\nIf-Match: W/\"%lld\"\r\n"
           "Content-Type: application/json\r\n", s->cookie, s->csrf, version);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, body, -1, &r), 0);
  if (r.status != 200) fail_msg("publish: %d %s", r.status, r.body);
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "public")), 1);
  httpc_free(&r);
  assert_int_equal(guest_status(fx, "/api/tasks/%lld", fx->task_far), 200);
  assert_int_equal(send_as(fx, R_PUBLIC, "GET", "/api/plans", NULL, &r), 0);
  assert_true(lists_plan(json_object_get(httpc_json(&r), "items"), fx->p2));
  httpc_free(&r);
  /* audited under the administrator's name */
  snprintf(path, sizeof path, "/api/audit?user=%lld&limit=5", (long long)fx->user_id[R_ADMIN]);
  assert_int_equal(send_as(fx, R_ADMIN, "GET", path, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"publish\""));
  httpc_free(&r);
}

int main(void) {
  nq_err err;
  if (nq_auth_init(&err) != NQ_OK) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
    cmocka_unit_test_setup_teardown(test_login_cookies, setup, teardown),
    cmocka_unit_test_setup_teardown(test_change_password, setup, teardown),
    cmocka_unit_test_setup_teardown(test_csrf_over_http, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bearer_tokens_over_http, setup, teardown),
    cmocka_unit_test_setup_teardown(test_rate_limit_over_http, setup, teardown),
    cmocka_unit_test_setup_teardown(test_admin_creates_user, setup, teardown),
    cmocka_unit_test_setup_teardown(test_trust_proxy, setup, teardown),
    cmocka_unit_test_setup_teardown(test_security_headers, setup, teardown),
    cmocka_unit_test_setup_teardown(test_guest_reads, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
