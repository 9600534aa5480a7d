/* test_http_quarter.c: the acceptance test of periodic reporting, over real
** HTTP on a real database: the seed plan 15-KH/ĐU, a quarter played month by
** month by three units (one late, one returned and sent again), the
** aggregator's compilation, the quarter's DOCX and XLSX downloaded, read
** back and checked against the database.
**
** The server acts at the real clock, so the quarter played is the first
** quarter of next year (every deadline ahead); the late report is simulated
** by moving that one report's deadline to yesterday, as a test cannot wait
** for a deadline to pass. Everyone logs in over HTTP (the auth module's
** sessions, CSRF tokens and authorization hook, as `nq57 serve` runs them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <math.h>
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
#include "monitor/monitor.h"
#include "readback.h"
#include "store/store.h"

typedef struct login_session {
  int64_t user_id;
  char login[32], cookie[256], csrf[128];
} login_session;

typedef struct world {
  char *dir, path[4096];
  nq_store *s;
  nq_auth *auth;
  nq_authz authz;
  login_session ses[8];
  int nses;
  int64_t admin;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
  sqlite3 *db;
  int64_t plan, units[3], heads[3], officer, agg_user, agg;
  int year;
} world;

static world W;

static const nq_pwhash_cost cheap = {1, 8u << 20};
static const char password[] = "mật khẩu thử nghiệm";

/* An account made as `nq57 user add` would; its session comes at first use. */
static int64_t account(const char *login, const char *name, const char *role, int64_t unit_id) {
  char unit[24];
  snprintf(unit, sizeof unit, "%lld", (long long)unit_id);
  nq_account_spec spec = {login, name, role, unit_id ? unit : NULL, false, &W.plan, 1};
  if (strcmp(role, "aggregator") != 0) spec.n_plans = 0, spec.plan_ids = NULL;
  nq_actor who = {0, "test", "test"};
  nq_err err = {0};
  int64_t id = 0;
  if (nq_account_create(W.s, &who, &spec, password, &cheap, (int64_t)time(NULL), &id, &err))
    fail_msg("account %s: %s", login, err.msg);
  login_session *ls = &W.ses[W.nses++];
  memset(ls, 0, sizeof *ls);
  ls->user_id = id;
  snprintf(ls->login, sizeof ls->login, "%s", login);
  return id;
}

/* Log in over HTTP once per account; the cookie and CSRF token for requests. */
static login_session *session_of(int64_t user) {
  for (int i = 0; i < W.nses; i++) {
    login_session *ls = &W.ses[i];
    if (ls->user_id != user) continue;
    if (!ls->cookie[0]) {
      char body[160];
      snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", ls->login, password);
      httpc_resp r;
      assert_int_equal(httpc_request(W.port, "POST", "/api/auth/login", "Content-Type: application/json\r\n",
                                     body, -1, &r), 0);
      if (r.status != 200) fail_msg("login %s: %d %s", ls->login, r.status, r.body);
      for (int h = 0; h < r.nheaders; h++)
        if (!strcasecmp(r.headers[h].name, "Set-Cookie") &&
            !strncmp(r.headers[h].value, NQ_SESSION_COOKIE "=", strlen(NQ_SESSION_COOKIE) + 1))
          snprintf(ls->cookie, sizeof ls->cookie, "%.*s", (int)strcspn(r.headers[h].value, ";"), r.headers[h].value);
      snprintf(ls->csrf, sizeof ls->csrf, "%s", httpc_json_str(&r, "csrf_token"));
      httpc_free(&r);
      assert_true(ls->cookie[0] != '\0');
    }
    return ls;
  }
  fail_msg("no account %lld", (long long)user);
  return NULL;
}

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

static int64_t unit(const char *name) {
  int64_t id = 0;
  nq_err err = {0};
  if (nq_store_unit_resolve(W.s, name, &id, &err)) fail_msg("%s: %s", name, err.msg);
  return id;
}

static int setup(void **state) {
  (void)state;
  W.dir = rb_tempdir();
  snprintf(W.path, sizeof W.path, "%s/nq57.db", W.dir);
  nq_err err = {0};
  if (nq_store_open(&W.s, W.path, &err) || nq_store_seed_demo(W.s, &err)) fail_msg("%s", err.msg);
  json_t *plans;
  if (nq_store_plans_list(W.s, &plans, &err)) fail_msg("%s", err.msg);
  size_t i;
  json_t *p;
  json_array_foreach(plans, i, p) {
    const char *number = json_string_value(json_object_get(p, "number"));
    if (number && strcmp(number, "15-KH/ĐU") == 0) W.plan = json_integer_value(json_object_get(p, "id"));
  }
  json_decref(plans);
  assert_true(W.plan > 0);
  const char *names[] = {"Đảng ủy Sở Khoa học và Công nghệ", "Đảng ủy Sở Tài chính", "Đảng ủy Sở Nội vụ"};
  const char *logins[] = {"skhcn", "stc", "snv"};
  assert_int_equal(sqlite3_open(W.path, &W.db), SQLITE_OK);
  sqlite3_busy_timeout(W.db, 5000);
  nq_actor admin = {0, "cli", "cli"};
  W.agg = unit("Sở Khoa học và Công nghệ");
  if (nq_monitor_set_aggregator(W.s, &admin, W.plan, W.agg, &err)) fail_msg("%s", err.msg);
  for (int u = 0; u < 3; u++) {
    W.units[u] = unit(names[u]);
    char login[32];
    snprintf(login, sizeof login, "%s.gd", logins[u]);
    W.heads[u] = account(login, "Thủ trưởng đơn vị", "head", W.units[u]);
  }
  W.officer = account("skhcn.cb", "Cán bộ theo dõi", "officer", W.units[0]);
  W.agg_user = account("tonghop", "Cán bộ tổng hợp", "aggregator", W.agg);
  W.admin = account("quantri", "Quản trị", "admin", 0);
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  W.year = tm.tm_year + 1900 + 1;
  int64_t ind = exec_id("INSERT INTO indicators(plan_id, ordinal, code, name, measure, aggregation)"
                        " VALUES (%lld, 1, 'I.1', 'Tỷ lệ văn bản điện tử có ký số', '%%', 'mean')", (long long)W.plan);
  exec_id("INSERT INTO indicator_targets(indicator_id, year, target) VALUES (%lld, %d, '>=80')", (long long)ind, W.year);

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
  return 0;
}

static int teardown(void **state) {
  (void)state;
  nq_http_stop(W.srv, 2000);
  nq_auth_free(W.auth);
  sqlite3_close(W.db);
  nq_store_close(W.s);
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", W.dir);
  int rc = system(cmd);
  free(W.dir);
  return rc == 0 ? 0 : 1;
}

/* One request as a user; returns the status, *out the parsed body (caller frees). */
static int call(int64_t user, const char *method, const char *path, json_t *body, json_t **out) {
  char headers[600];
  login_session *ls = session_of(user ? user : W.admin);
  snprintf(headers, sizeof headers, "Cookie: %s\r\n" NQ_CSRF_HEADER ": %s\r\nContent-Type: application/json\r\n",
           ls->cookie, ls->csrf);
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
  httpc_free(&r);
  return status;
}

static int64_t id_of(json_t *j) { return json_integer_value(json_object_get(j, "id")); }

static int64_t period_id(const char *code) {
  char path[128];
  snprintf(path, sizeof path, "/api/plans/%lld/periods", (long long)W.plan);
  json_t *list;
  assert_int_equal(call(0, "GET", path, NULL, &list), 200);
  int64_t id = 0;
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(list, "items"), i, p)
    if (strcmp(json_string_value(json_object_get(p, "code")), code) == 0) id = id_of(p);
  json_decref(list);
  assert_true(id > 0);
  return id;
}

static int64_t open_report(int64_t period, int u) {
  char path[128];
  snprintf(path, sizeof path, "/api/periods/%lld/reports", (long long)period);
  json_t *r;
  assert_int_equal(call(W.heads[u], "POST", path, json_pack("{s:I}", "unit_id", (json_int_t)W.units[u]), &r), 200);
  int64_t id = id_of(r);
  json_decref(r);
  return id;
}

static void save(int64_t report, int u, int month, const char *difficulty) {
  char path[64];
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)report);
  json_t *r;
  assert_int_equal(call(W.heads[u], "GET", path, NULL, &r), 200);
  json_t *items = json_array();
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(r, "items"), i, it) {
    int pct = 25 * month + (int)i;
    if (pct > 100) pct = 100;
    json_array_append_new(items, json_pack("{s:O, s:s, s:i, s:s, s:s}", "task_id", json_object_get(it, "task_id"),
                                           "status", "in_progress", "percent", pct, "results", "Đang triển khai",
                                           "difficulties", difficulty));
  }
  json_t *ind = json_array_get(json_object_get(r, "indicators"), 0);
  json_t *body = json_pack("{s:o, s:[{s:O, s:f}], s:{s:s}}", "items", items, "indicators",
                           "indicator_id", json_object_get(ind, "indicator_id"), "value", 70.0 + 5 * u,
                           "sections", "results", "Triển khai đúng tiến độ.");
  json_decref(r);
  assert_int_equal(call(W.heads[u], "PUT", path, body, &r), 200);
  assert_false(json_is_true(json_object_get(r, "approved")));
  json_decref(r);
}

static void act(int64_t user, int64_t report, const char *action, const char *comment, int want) {
  char path[96];
  snprintf(path, sizeof path, "/api/reports/%lld/%s", (long long)report, action);
  json_t *body = comment ? json_pack("{s:s}", "comment", comment) : json_object();
  json_t *r;
  int status = call(user, "POST", path, body, &r);
  if (status != want) fail_msg("%s %s: %d (%s)", action, path, status, json_string_value(json_object_get(r, "message")));
  json_decref(r);
}

static char *download(const char *path, const char *name) {
  httpc_resp r;
  char headers[400];
  snprintf(headers, sizeof headers, "Cookie: %s\r\n", session_of(W.agg_user)->cookie);
  assert_int_equal(httpc_request(W.port, "GET", path, headers, NULL, -1, &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(httpc_header(&r, "Content-Disposition"), "attachment"));
  char *file = malloc(strlen(W.dir) + 32);
  sprintf(file, "%s/%s", W.dir, name);
  FILE *f = fopen(file, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(r.body, 1, r.body_len, f), r.body_len);
  fclose(f);
  httpc_free(&r);
  return file;
}

static void test_quarter_over_http(void **state) {
  (void)state;
  char path[256];
  json_t *j;
  snprintf(path, sizeof path, "/api/plans/%lld/periods", (long long)W.plan);
  assert_int_equal(call(W.agg_user, "POST", path, json_pack("{s:i}", "year", W.year), &j), 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 19);
  json_decref(j);
  assert_int_equal(call(W.agg_user, "POST", path, json_pack("{s:s}", "year", "x"), &j), 422);
  json_decref(j);

  const char *difficulty[] = {"Thiếu kinh phí để triển khai hạ tầng số",
                              "Kinh phí triển khai hạ tầng số còn thiếu",
                              "Thiếu nhân lực chuyên trách về chuyển đổi số"};
  int64_t late_report = 0, returned_report = 0;
  for (int m = 1; m <= 3; m++) {
    char code[16];
    snprintf(code, sizeof code, "%d-%02d", W.year, m);
    int64_t period = period_id(code);
    for (int u = 0; u < 3; u++) {
      int64_t rep = open_report(period, u);
      save(rep, u, m, difficulty[u]);
      if (m == 1 && u == 0) {
        act(W.officer, rep, "submit", NULL, 403);      /* officers prepare, heads send */
        act(W.heads[0], rep, "submit", NULL, 409);     /* not approved yet */
        act(W.heads[1], rep, "approve", NULL, 403);    /* another unit's head */
      }
      if (m == 2 && u == 1) {
        /* Tài chính lets February's deadline pass. */
        exec_id("UPDATE unit_reports SET due_date=date('now','-1 day') WHERE id=%lld", (long long)rep);
        late_report = rep;
      }
      act(W.heads[u], rep, "approve", NULL, 200);
      act(W.heads[u], rep, "submit", NULL, 200);
      if (m == 3 && u == 2) {
        act(W.agg_user, rep, "return", NULL, 422);     /* a return needs its reason */
        act(W.heads[u], rep, "accept", NULL, 403);
        act(W.agg_user, rep, "return", "Bổ sung minh chứng kết quả", 200);
        save(rep, u, m, "Thiếu nhân lực chuyên trách chuyển đổi số ở cấp xã");
        act(W.heads[u], rep, "approve", NULL, 200);
        act(W.heads[u], rep, "submit", NULL, 200);
        returned_report = rep;
      }
      act(W.agg_user, rep, "accept", NULL, 200);
    }
  }
  char q1[16];
  snprintf(q1, sizeof q1, "%d-Q1", W.year);
  int64_t quarter = period_id(q1);
  for (int u = 0; u < 3; u++) {
    int64_t rep = open_report(quarter, u);
    save(rep, u, 3, difficulty[u]);
    act(W.heads[u], rep, "approve", NULL, 200);
    act(W.heads[u], rep, "submit", NULL, 200);
    act(W.agg_user, rep, "accept", NULL, 200);
  }

  /* The returned report kept its history and stayed on time. */
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)returned_report);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  assert_string_equal(json_string_value(json_object_get(j, "state")), "accepted");
  assert_string_equal(json_string_value(json_object_get(j, "timeliness")), "on_time");
  assert_int_equal(json_integer_value(json_object_get(j, "submit_count")), 2);
  json_decref(j);
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)late_report);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  assert_string_equal(json_string_value(json_object_get(j, "timeliness")), "late");
  assert_int_equal(json_integer_value(json_object_get(j, "days_late")), 1);
  json_decref(j);

  /* The aggregator compiles the quarter from the monthly and quarterly reports. */
  snprintf(path, sizeof path, "/api/periods/%lld/compile", (long long)quarter);
  json_t *c;
  assert_int_equal(call(W.agg_user, "POST", path, NULL, &c), 201);
  json_t *reps = json_object_get(json_object_get(c, "summary"), "reports");
  /* Ten units lead tasks of the plan: 4 reports each in the quarter; the
  ** seven that did not report are not yet due. */
  assert_int_equal(json_integer_value(json_object_get(reps, "expected")), 40);
  assert_int_equal(json_integer_value(json_object_get(reps, "late")), 1);
  assert_int_equal(json_integer_value(json_object_get(reps, "on_time")), 11);
  assert_int_equal(json_integer_value(json_object_get(reps, "pending")), 28);

  /* Figures against the database: each task's percent is the mean of its
  ** lead units' latest progress updates, which the row names. */
  size_t i;
  json_t *t;
  int checked = 0;
  json_array_foreach(json_object_get(c, "tasks"), i, t) {
    json_t *ups = json_object_get(t, "updates");
    if (!json_array_size(ups)) continue;
    double sum = 0;
    size_t k;
    json_t *u;
    json_array_foreach(ups, k, u) {
      sqlite3_stmt *st;
      assert_int_equal(sqlite3_prepare_v2(W.db, "SELECT percent, task_id FROM progress_updates WHERE id=?1", -1, &st, NULL), SQLITE_OK);
      sqlite3_bind_int64(st, 1, json_integer_value(u));
      assert_int_equal(sqlite3_step(st), SQLITE_ROW);
      assert_int_equal(sqlite3_column_int64(st, 1), json_integer_value(json_object_get(t, "task_id")));
      sum += sqlite3_column_double(st, 0);
      sqlite3_finalize(st);
    }
    assert_true(fabs(sum / (double)json_array_size(ups) - json_number_value(json_object_get(t, "percent"))) < 0.06);
    checked++;
  }
  assert_true(checked >= 15);
  json_t *ind = json_array_get(json_object_get(c, "indicators"), 0);
  assert_true(fabs(json_number_value(json_object_get(ind, "value")) - 75.0) < 0.01);  /* mean of 70, 75, 80 */
  json_decref(c);

  /* The quarter's DOCX and XLSX, downloaded and read back. */
  snprintf(path, sizeof path, "/api/periods/%lld/document?format=json", (long long)quarter);
  json_t *doc;
  assert_int_equal(call(0, "GET", path, NULL, &doc), 200);
  snprintf(path, sizeof path, "/api/periods/%lld/document?format=docx&date=%d-04-05", (long long)quarter, W.year);
  char *docx = download(path, "q1.docx");
  xmlDocPtr x = rb_zip_xml(docx, "word/document.xml");
  assert_non_null(x);
  json_t *tables = rb_docx_tables(x);
  json_t *task_table = json_array_get(tables, 2), *doc_tasks = json_object_get(doc, "tasks");
  assert_int_equal(json_array_size(task_table), json_array_size(doc_tasks) + 1);
  json_array_foreach(doc_tasks, i, t) {
    json_t *row = json_array_get(task_table, i + 1);
    assert_string_equal(json_string_value(json_array_get(row, 1)), json_string_value(json_object_get(t, "title")));
    char pct[32];
    double v = json_number_value(json_object_get(t, "percent"));
    if (v == floor(v)) snprintf(pct, sizeof pct, "%.0f", v);
    else snprintf(pct, sizeof pct, "%.1f", v);
    char *comma = strchr(pct, '.');
    if (comma) *comma = ',';
    assert_string_equal(json_string_value(json_array_get(row, 4)), pct);
  }
  json_decref(tables);
  xmlFreeDoc(x);
  snprintf(path, sizeof path, "/api/periods/%lld/document?format=xlsx", (long long)quarter);
  char *xlsx = download(path, "q1.xlsx");
  json_t *sheet = rb_xlsx_sheet(xlsx, "Tình hình báo cáo");
  int late = 0, rows = 0;
  json_t *row;
  json_array_foreach(sheet, i, row) {
    if (i < 4) continue;
    rows++;
    if (strcmp(json_string_value(json_array_get(row, 6)), "Chậm") == 0) late++;
  }
  assert_int_equal(rows, 40);
  assert_int_equal(late, 1);
  json_decref(sheet);
  json_t *tsheet = rb_xlsx_sheet(xlsx, "Tổng hợp");
  json_array_foreach(tsheet, i, row)
    if (json_is_string(json_array_get(row, 0)) && strcmp(json_string_value(json_array_get(row, 0)), "Tổng số") == 0)
      assert_true(json_real_value(json_array_get(row, 1)) == (double)json_array_size(doc_tasks));
  json_decref(tsheet);
  json_decref(doc);
  free(docx);
  free(xlsx);

  json_t *c_probe_holder;
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)late_report);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  c_probe_holder = json_pack("{s:O}", "items", json_object_get(j, "items"));
  json_decref(j);

  /* The web app's spellings: a unit report's DOCX by report id, the
  ** period's XLSX by suffix, scorecards of every plan; evidence as text. */
  snprintf(path, sizeof path, "/api/reports/%lld/document.docx", (long long)late_report);
  char *unit_docx = download(path, "unit.docx");
  xmlDocPtr ux = rb_zip_xml(unit_docx, "word/document.xml");
  assert_non_null(ux);
  json_t *ucells = rb_docx_tables(ux);
  assert_non_null(strstr(json_string_value(json_array_get(json_array_get(json_array_get(ucells, 0), 0), 0)),
                         "ĐẢNG ỦY SỞ TÀI CHÍNH"));
  json_decref(ucells);
  xmlFreeDoc(ux);
  free(unit_docx);
  snprintf(path, sizeof path, "/api/periods/%lld/document.xlsx", (long long)quarter);
  free(download(path, "q1b.xlsx"));
  snprintf(path, sizeof path, "/api/scorecards?year=%d", W.year);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  assert_true(json_array_size(json_object_get(j, "units")) >= 3);
  json_decref(j);
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)late_report);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  char feb[16];
  snprintf(feb, sizeof feb, "%d-02", W.year);
  assert_string_equal(json_string_value(json_object_get(json_object_get(j, "period"), "code")), feb);
  json_decref(j);
  char apr[16];
  snprintf(apr, sizeof apr, "%d-04", W.year);
  int64_t draft = open_report(period_id(apr), 0);
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)draft);
  assert_int_equal(call(W.heads[0], "GET", path, NULL, &j), 200);
  json_t *first_item = json_array_get(json_object_get(j, "items"), 0);
  json_t *ev_body = json_pack("{s:[{s:O, s:s}]}", "items", "task_id", json_object_get(first_item, "task_id"),
                              "evidence", "Quyết định số 12/QĐ-UBND; https://egov.example/12");
  json_decref(j);
  assert_int_equal(call(W.officer, "PUT", path, ev_body, &j), 200);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "evidence")),
                      "Quyết định số 12/QĐ-UBND; https://egov.example/12");
  json_decref(j);

  /* A task's trail: its progress updates and audit entries. */
  {
    json_t *t0 = json_array_get(json_object_get(c_probe_holder, "items"), 0);
    snprintf(path, sizeof path, "/api/tasks/%lld/updates", (long long)json_integer_value(json_object_get(t0, "task_id")));
    assert_int_equal(call(0, "GET", path, NULL, &j), 200);
    assert_true(json_array_size(json_object_get(j, "items")) >= 3);  /* Jan, Feb, Mar, Q1 */
    assert_non_null(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "unit")));
    json_decref(j);
    snprintf(path, sizeof path, "/api/tasks/%lld/audit", (long long)json_integer_value(json_object_get(t0, "task_id")));
    assert_int_equal(call(0, "GET", path, NULL, &j), 200);
    assert_true(json_array_size(json_object_get(j, "items")) >= 3);
    assert_non_null(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "actor")));
    json_decref(j);
    json_decref(c_probe_holder);
  }

  /* Evaluation and trails. */
  json_t *c_tasks_holder;
  snprintf(path, sizeof path, "/api/reports/%lld", (long long)returned_report);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  c_tasks_holder = json_pack("{s:O}", "items", json_object_get(j, "items"));
  json_decref(j);
  snprintf(path, sizeof path, "/api/plans/%lld/scorecards?year=%d", (long long)W.plan, W.year);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  assert_true(json_array_size(json_object_get(j, "units")) >= 3);
  json_decref(j);
  snprintf(path, sizeof path, "/api/plans/%lld/digest?period=%lld", (long long)W.plan, (long long)quarter);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  json_t *top = json_array_get(json_object_get(j, "difficulties"), 0);
  assert_int_equal(json_array_size(json_object_get(top, "units")), 2);  /* the funding complaint */
  json_decref(j);
  snprintf(path, sizeof path, "/api/audit?unit=%lld", (long long)W.units[2]);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  assert_true(json_array_size(json_object_get(j, "items")) >= 10);
  json_decref(j);
  /* A deadline moved by decision: a new plan version with its reason. */
  snprintf(path, sizeof path, "/api/plans/%lld/amendments", (long long)W.plan);
  json_t *first_task = json_array_get(json_object_get(c_tasks_holder, "items"), 0);
  json_t *change = json_pack("{s:s, s:O, s:s}", "kind", "deadline", "task_id", json_object_get(first_task, "task_id"),
                             "due", "2030-12-31");
  assert_int_equal(call(W.agg_user, "POST", path, json_deep_copy(change), &j), 422);
  json_decref(j);
  json_object_set_new(change, "reason", json_string("Theo Quyết định điều chỉnh kế hoạch"));
  assert_int_equal(call(W.agg_user, "POST", path, change, &j), 201);
  assert_string_equal(json_string_value(json_object_get(j, "kind")), "deadline");
  json_decref(j);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  json_decref(c_tasks_holder);
  snprintf(path, sizeof path, "/api/plans/%lld/warnings", (long long)W.plan);
  assert_int_equal(call(0, "GET", path, NULL, &j), 200);
  json_decref(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_quarter_over_http, setup, teardown),
  };
  nq_err err = {0};
  if (nq_auth_init(&err) != NQ_OK) return 1;
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
