/*
** test_scope.c: the scope-wide dashboard (GET /api/overview, /api/timeliness,
** /api/indicators, /api/indicators/:id) over real HTTP with the real
** authorization hook: each caller sees the figures of what it may read and
** nothing else (a visitor: public plans only; an officer: its unit's
** tasks; a steering member with one plan: that one), the figures agree with
** the per-plan overview and the task list, and bad input is a 400.
**
** Fixture: the demo plans; P1 public, P2 and P3 withdrawn; P2 has
** reporting periods for the last two years (all reports missing) and an
** indicator with values; P1 has an indicator too.
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
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "auth/accounts.h"
#include "auth/authn.h"
#include "http/api.h"
#include "http/authz.h"
#include "http/server.h"
#include "httpc.h"
#include "monitor/monitor.h"
#include "store/store.h"
#include "util/buf.h"

enum { R_ALL, R_LISTED, R_OFFICER, R_GUEST, R_COUNT };
static const char *const logins[R_COUNT] = {"bcd-toanquoc", "bcd-mot", "canbo", NULL};
static const nq_pwhash_cost cheap = {1, 8u << 20};
static const char password[] = "mật khẩu thử nghiệm";

typedef struct fixture {
  char dir[64], db[128];
  nq_store *store;
  nq_auth *auth;
  nq_authz authz;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
  int64_t plan[3];      /* P1 public, P2, P3 */
  int64_t unit;         /* the officer's unit: a lead unit of P2 */
  int64_t ind_p1, ind_p2;
  char cookie[R_COUNT][160];
} fixture;

static void sql_exec(fixture *fx, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("sql: %s", msg);
  sqlite3_close(db);
}

static int64_t sql_int(fixture *fx, const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-scope-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->db, sizeof fx->db, "%s/test.db", fx->dir);
  nq_err err = {0};
  if (nq_store_open(&fx->store, fx->db, &err)) fail_msg("open: %s", err.msg);
  if (nq_store_seed_demo(fx->store, &err)) fail_msg("seed: %s", err.msg);
  /* P2: the plan with most tasks led by a unit that can report; P1, P3 the others. */
  fx->plan[1] = sql_int(fx,
    "SELECT t.plan_id FROM task_units tu JOIN tasks t ON t.id=tu.task_id JOIN units u ON u.id=tu.unit_id"
    " WHERE tu.role='lead' AND u.kind<>'collective' GROUP BY t.plan_id ORDER BY count(*) DESC LIMIT 1");
  json_t *plans = NULL;
  if (nq_store_plans_list(fx->store, &plans, &err)) fail_msg("plans: %s", err.msg);
  assert_int_equal(json_array_size(plans), 3);
  for (size_t i = 0, k = 0; i < 3; i++) {
    int64_t id = json_integer_value(json_object_get(json_array_get(plans, i), "id"));
    if (id != fx->plan[1]) fx->plan[k == 0 ? 0 : 2] = id, k++;
  }
  json_decref(plans);

  char sql[1024];
  snprintf(sql, sizeof sql,
    "UPDATE plans SET public=(id=%lld);"
    "INSERT INTO indicators(plan_id, ordinal, code, name, measure, direction)"
    " VALUES (%lld, 1, 'CT1', 'Tỷ lệ hồ sơ trực tuyến', '%%', 'up'),"
    "        (%lld, 1, 'CT2', 'Số doanh nghiệp khoa học và công nghệ', 'doanh nghiệp', 'up');",
    (long long)fx->plan[0], (long long)fx->plan[0], (long long)fx->plan[1]);
  sql_exec(fx, sql);
  fx->ind_p1 = sql_int(fx, "SELECT min(id) FROM indicators");
  fx->ind_p2 = sql_int(fx, "SELECT max(id) FROM indicators");
  snprintf(sql, sizeof sql,
    "SELECT tu.unit_id FROM task_units tu JOIN tasks t ON t.id=tu.task_id JOIN units u ON u.id=tu.unit_id"
    " WHERE t.plan_id=%lld AND tu.role='lead' AND u.kind<>'collective'"
    " GROUP BY tu.unit_id ORDER BY count(*) DESC, tu.unit_id LIMIT 1", (long long)fx->plan[1]);
  fx->unit = sql_int(fx, sql);
  /* This year's targets; the officer's unit reports a value on P2's. */
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  int year = tm.tm_year + 1900;
  snprintf(sql, sizeof sql,
    "INSERT INTO indicator_targets VALUES (%lld, %d, '>=50'), (%lld, %d, '>=10'), (%lld, 2100, '>=40');"
    "INSERT INTO indicator_values(indicator_id, unit_id, year, value, at)"
    " VALUES (%lld, %lld, %d, 4, '%d-01-15T00:00:00Z'), (%lld, %lld, %d, 12, '%d-02-15T00:00:00Z');",
    (long long)fx->ind_p1, year, (long long)fx->ind_p2, year, (long long)fx->ind_p2, (long long)fx->ind_p2,
    (long long)fx->unit, year, year, (long long)fx->ind_p2, (long long)fx->unit, year, year);
  sql_exec(fx, sql);

  nq_actor who = {0, "test", "test"};
  json_t *periods = NULL;
  for (int y = year - 1; y <= year; y++) {
    if (nq_monitor_periods_generate(fx->store, &who, fx->plan[1], y, &periods, &err))
      fail_msg("periods: %s", err.msg);
    json_decref(periods);
  }

  char unit[24];
  snprintf(unit, sizeof unit, "%lld", (long long)fx->unit);
  int64_t listed[1] = {fx->plan[1]};
  const nq_account_spec specs[R_GUEST] = {
    {logins[R_ALL], "Ban Chỉ đạo", "steering", NULL, true, NULL, 0},
    {logins[R_LISTED], "Ban Chỉ đạo một kế hoạch", "steering", NULL, false, listed, 1},
    {logins[R_OFFICER], "Cán bộ", "officer", unit, false, NULL, 0},
  };
  for (int r = 0; r < R_GUEST; r++) {
    int64_t id;
    if (nq_account_create(fx->store, &who, &specs[r], password, &cheap, 1700000000, &id, &err))
      fail_msg("user %s: %s", logins[r], err.msg);
  }

  nq_auth_config cfg = nq_auth_config_default();
  cfg.cost = cheap;
  fx->auth = nq_auth_new(fx->store, &cfg);
  fx->authz = (nq_authz){fx->auth, fx->store, false};
  fx->api = (nq_api){.store = fx->store, .version = "test", .actor_of = nq_authz_actor};
  nq_http_config hc = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                       .app = &fx->api, .generation = nq_api_generation,
                       .authorize = nq_authz_authorize, .authorize_ctx = &fx->authz};
  if (nq_http_start(&fx->srv, &hc, &err)) fail_msg("start: %s", err.msg);
  fx->port = nq_http_port(fx->srv);

  for (int r = 0; r < R_GUEST; r++) {
    char body[160];
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", logins[r], password);
    httpc_resp resp;
    assert_int_equal(httpc_request(fx->port, "POST", "/api/auth/login",
                                   "Content-Type: application/json\r\n", body, -1, &resp), 0);
    assert_int_equal(resp.status, 200);
    for (int i = 0; i < resp.nheaders; i++)
      if (!strcasecmp(resp.headers[i].name, "Set-Cookie") &&
          !strncmp(resp.headers[i].value, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
        snprintf(fx->cookie[r], sizeof fx->cookie[r], "%.*s",
                 (int)strcspn(resp.headers[i].value, ";"), resp.headers[i].value);
    assert_true(fx->cookie[r][0]);
    httpc_free(&resp);
  }
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

/* GET path as role; returns the status, *body the parsed JSON (owned). */
static int get_as(fixture *fx, int role, const char *path, json_t **body) {
  char headers[256] = "";
  if (role != R_GUEST) snprintf(headers, sizeof headers, "Cookie: %s\r\n", fx->cookie[role]);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "GET", path, headers, NULL, -1, &r), 0);
  int status = r.status;
  json_t *j = httpc_json(&r);
  if (!j) fail_msg("%s: not JSON: %s", path, r.body ? r.body : "");
  *body = json_incref(j);
  httpc_free(&r);
  return status;
}

static json_int_t jint(const json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

static json_int_t status_n(const json_t *overview, const char *status) {
  return jint(json_object_get(overview, "by_status"), status);
}

/* The per-plan overview's total, straight from the store. */
static json_int_t plan_total(fixture *fx, int64_t plan) {
  nq_err err = {0};
  json_t *o = NULL;
  if (nq_store_plan_overview(fx->store, plan, NULL, &o, &err)) fail_msg("%s", err.msg);
  json_int_t n = jint(o, "total");
  json_decref(o);
  return n;
}

static void test_overview_reach(void **state) {
  fixture *fx = *state;
  json_int_t p[3];
  for (int i = 0; i < 3; i++) p[i] = plan_total(fx, fx->plan[i]);
  json_t *all, *listed, *guest, *officer;
  /* The steering member's answer is cached first: the others must not get it. */
  assert_int_equal(get_as(fx, R_ALL, "/api/overview", &all), 200);
  assert_int_equal(get_as(fx, R_GUEST, "/api/overview", &guest), 200);
  assert_int_equal(get_as(fx, R_LISTED, "/api/overview", &listed), 200);
  assert_int_equal(get_as(fx, R_OFFICER, "/api/overview", &officer), 200);
  nq_err err = {0};
  json_t *plans = NULL;
  assert_int_equal(nq_store_plans_list(fx->store, &plans, &err), NQ_OK);
  json_int_t every = 0;
  for (size_t i = 0; i < json_array_size(plans); i++)
    every += plan_total(fx, json_integer_value(json_object_get(json_array_get(plans, i), "id")));
  json_decref(plans);
  assert_int_equal(jint(all, "total"), every);
  assert_int_equal(jint(guest, "total"), p[0]);
  assert_int_equal(jint(listed, "total"), p[1]);
  assert_true(jint(guest, "total") < jint(all, "total"));

  /* The officer: the tasks its unit leads or supports, as /api/tasks counts them. */
  nq_task_filter f = {.unit_id = fx->unit, .limit = 1};
  json_t *page = NULL;
  assert_int_equal(nq_store_tasks_query(fx->store, &f, &page, &err), NQ_OK);
  assert_int_equal(jint(officer, "total"), jint(page, "total"));
  assert_true(jint(officer, "total") > 0 && jint(officer, "total") < jint(all, "total"));
  json_decref(page);

  /* Status counts add up, and equal the task list's status filter. */
  json_int_t sum = 0;
  const char *key;
  json_t *v;
  json_object_foreach(json_object_get(all, "by_status"), key, v) {
    sum += json_integer_value(v);
    nq_task_filter sf = {.status = key, .limit = 1};
    assert_int_equal(nq_store_tasks_query(fx->store, &sf, &page, &err), NQ_OK);
    assert_int_equal(json_integer_value(v), jint(page, "total"));
    json_decref(page);
  }
  assert_int_equal(sum, jint(all, "total"));

  /* Overdue and at-risk tasks are listed with their reasons. */
  const char *lists[] = {"overdue", "at_risk"};
  for (int l = 0; l < 2; l++) {
    json_t *arr = json_object_get(all, lists[l]);
    json_int_t want = status_n(all, lists[l]) < 8 ? status_n(all, lists[l]) : 8;
    assert_int_equal(json_array_size(arr), want);
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t) {
      assert_string_equal(json_string_value(json_object_get(t, "status")), lists[l]);
      assert_true(json_array_size(json_object_get(t, "reasons")) > 0);
      assert_true(jint(t, "plan_id") > 0 && json_object_get(t, "plan_number"));
    }
  }
  assert_true(status_n(all, "overdue") > 0 && status_n(all, "at_risk") > 0);

  /* By lead agency: the per-plan overview's rows, added up. */
  json_int_t lead_sum = 0;
  size_t i;
  json_array_foreach(json_object_get(all, "by_lead"), i, v) lead_sum += jint(v, "total");
  assert_true(lead_sum >= jint(all, "total") / 2);

  /* The trend ends today with today's figures. */
  json_t *trend = json_object_get(all, "trend");
  assert_int_equal(json_array_size(trend), 12);
  json_t *last = json_array_get(trend, 11);
  assert_string_equal(json_string_value(json_object_get(last, "at")),
                      json_string_value(json_object_get(all, "at")));
  assert_int_equal(jint(last, "done"), status_n(all, "done_on_time") + status_n(all, "done_late"));
  assert_int_equal(jint(last, "overdue"), status_n(all, "overdue"));

  json_decref(all);
  json_decref(listed);
  json_decref(guest);
  json_decref(officer);
}

static void test_overview_filters(void **state) {
  fixture *fx = *state;
  char path[128];
  json_t *o;
  /* A plan the caller may read whole. */
  snprintf(path, sizeof path, "/api/overview?plan=%lld", (long long)fx->plan[1]);
  assert_int_equal(get_as(fx, R_LISTED, path, &o), 200);
  assert_int_equal(jint(o, "total"), plan_total(fx, fx->plan[1]));
  json_decref(o);
  /* A withdrawn plan outside the steering member's scope; a public one is
  ** anyone's; a withdrawn plan for a visitor. */
  snprintf(path, sizeof path, "/api/overview?plan=%lld", (long long)fx->plan[2]);
  assert_int_equal(get_as(fx, R_LISTED, path, &o), 403);
  json_decref(o);
  snprintf(path, sizeof path, "/api/overview?plan=%lld", (long long)fx->plan[0]);
  assert_int_equal(get_as(fx, R_LISTED, path, &o), 200);
  assert_int_equal(jint(o, "total"), plan_total(fx, fx->plan[0]));
  json_decref(o);
  snprintf(path, sizeof path, "/api/overview?plan=%lld", (long long)fx->plan[1]);
  assert_int_equal(get_as(fx, R_GUEST, path, &o), 401);
  json_decref(o);
  /* The officer in a plan it does not own: only its unit's part. */
  assert_int_equal(get_as(fx, R_OFFICER, path, &o), 200);
  assert_true(jint(o, "total") > 0 && jint(o, "total") < plan_total(fx, fx->plan[1]));
  json_decref(o);
  /* A date in the past changes statuses, not the total. */
  json_t *now, *then;
  assert_int_equal(get_as(fx, R_ALL, "/api/overview", &now), 200);
  assert_int_equal(get_as(fx, R_ALL, "/api/overview?date=2020-01-01", &then), 200);
  assert_int_equal(jint(now, "total"), jint(then, "total"));
  assert_int_equal(status_n(then, "overdue"), 0);
  assert_string_equal(json_string_value(json_object_get(then, "at")), "2020-01-01");
  json_decref(now);
  json_decref(then);
  /* A unit filter. */
  snprintf(path, sizeof path, "/api/overview?unit=%lld", (long long)fx->unit);
  json_t *mine;
  assert_int_equal(get_as(fx, R_ALL, path, &o), 200);
  assert_int_equal(get_as(fx, R_OFFICER, "/api/overview", &mine), 200);
  assert_int_equal(jint(o, "total"), jint(mine, "total"));
  json_decref(o);
  json_decref(mine);
}

static void test_bad_input(void **state) {
  fixture *fx = *state;
  static const struct { const char *path; int status; } cases[] = {
    {"/api/overview?date=x", 400},
    {"/api/overview?date=2025-02-30", 400},
    {"/api/overview?plan=abc", 400},
    {"/api/overview?plan=0", 400},
    {"/api/overview?stauts=overdue", 400},
    {"/api/overview?plan=999999", 404},
    {"/api/timeliness?date=2025-01-01", 400},
    {"/api/indicators?limit=0", 400},
    {"/api/indicators?limit=501", 400},
    {"/api/indicators?year=12", 400},
    {"/api/indicators/999999", 404},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *o;
    int status = get_as(fx, R_ALL, cases[i].path, &o);
    if (status != cases[i].status)
      fail_msg("%s: want %d, got %d", cases[i].path, cases[i].status, status);
    assert_non_null(json_string_value(json_object_get(o, "message")));
    json_decref(o);
  }
}

static void test_timeliness(void **state) {
  fixture *fx = *state;
  json_t *all, *mine, *o;
  assert_int_equal(get_as(fx, R_GUEST, "/api/timeliness", &o), 401);
  json_decref(o);
  assert_int_equal(get_as(fx, R_ALL, "/api/timeliness", &all), 200);
  assert_int_equal(jint(all, "plans"), 1);
  assert_true(jint(all, "expected") > 1);
  /* Nothing was sent and the period is past its due date: all missing. */
  assert_int_equal(jint(all, "missing"), jint(all, "expected"));
  assert_int_equal(jint(all, "units_total"), jint(all, "expected"));
  assert_int_equal(json_array_size(json_object_get(all, "periods")), 1);
  /* The same figures as the period's own report list. */
  json_t *period = json_object_get(json_array_get(json_object_get(all, "units"), 0), "period");
  assert_non_null(json_string_value(period));

  assert_int_equal(get_as(fx, R_OFFICER, "/api/timeliness", &mine), 200);
  assert_int_equal(jint(mine, "expected"), 1);
  json_t *u = json_array_get(json_object_get(mine, "units"), 0);
  assert_int_equal(jint(u, "unit_id"), fx->unit);
  assert_string_equal(json_string_value(json_object_get(u, "timeliness")), "missing");
  assert_true(jint(u, "days_late") > 0);
  json_decref(all);
  json_decref(mine);
  /* Reports are never public: outside its plans, a steering member sees
  ** none, even of the public plan. */
  char path[96];
  snprintf(path, sizeof path, "/api/timeliness?plan=%lld", (long long)fx->plan[0]);
  assert_int_equal(get_as(fx, R_LISTED, path, &o), 403);
  json_decref(o);
}

static void test_indicators(void **state) {
  fixture *fx = *state;
  json_t *all, *guest;
  assert_int_equal(get_as(fx, R_ALL, "/api/indicators", &all), 200);
  assert_int_equal(get_as(fx, R_GUEST, "/api/indicators", &guest), 200);
  assert_int_equal(jint(all, "total"), 2);
  assert_int_equal(jint(guest, "total"), 1);
  assert_int_equal(jint(json_array_get(json_object_get(guest, "items"), 0), "id"), fx->ind_p1);
  /* P2's: 12 enterprises against ">=10" this year: met, green; P1's has
  ** no value: not evaluable. Red and amber would come first. */
  json_t *first = json_array_get(json_object_get(all, "items"), 0);
  assert_int_equal(jint(first, "id"), fx->ind_p2);
  assert_string_equal(json_string_value(json_object_get(first, "light")), "green");
  assert_string_equal(json_string_value(json_object_get(first, "target")), ">=10");
  assert_true(json_real_value(json_object_get(first, "value")) == 12.0);
  assert_int_equal(jint(json_object_get(all, "lights"), "green"), 1);
  assert_int_equal(jint(json_object_get(all, "lights"), "none"), 1);
  json_decref(all);
  json_decref(guest);

  json_t *page;
  assert_int_equal(get_as(fx, R_ALL, "/api/indicators?limit=1&offset=1", &page), 200);
  assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
  assert_int_equal(jint(json_array_get(json_object_get(page, "items"), 0), "id"), fx->ind_p1);
  json_decref(page);

  char path[96];
  json_t *d;
  snprintf(path, sizeof path, "/api/indicators/%lld", (long long)fx->ind_p2);
  assert_int_equal(get_as(fx, R_ALL, path, &d), 200);
  /* This year's values against this year's target, then 2100's target. */
  json_t *years = json_object_get(d, "years");
  assert_int_equal(json_array_size(years), 2);
  assert_int_equal(jint(json_array_get(years, 1), "year"), 2100);
  assert_string_equal(json_string_value(json_object_get(json_array_get(years, 1), "target")), ">=40");
  assert_int_equal(json_array_size(json_object_get(d, "values")), 2);
  json_t *y = json_array_get(years, 0);
  assert_int_equal(json_array_size(json_object_get(y, "values")), 2);
  assert_string_equal(json_string_value(json_object_get(y, "light")), "green");
  assert_string_equal(json_string_value(json_object_get(d, "light")), "green");
  json_decref(d);
  /* P2 is withdrawn: a visitor may not read its indicator. */
  assert_int_equal(get_as(fx, R_GUEST, path, &d), 401);
  json_decref(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_overview_reach),
    cmocka_unit_test(test_overview_filters),
    cmocka_unit_test(test_bad_input),
    cmocka_unit_test(test_timeliness),
    cmocka_unit_test(test_indicators),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
