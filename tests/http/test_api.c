/*
** test_api.c: the /api endpoints end to end: a real temp SQLite file with
** the demo data (agency directory + gold plans), the server on an
** ephemeral port, real HTTP (httpc.h). Covers health, the seed plans,
** task filters, accent-insensitive search, paging, every error status with
** the JSON error shape, ETag/304, two officers editing the same task, and
** cache invalidation after writes.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/vntext.h"
#include "http/api.h"
#include "http/server.h"
#include "httpc.h"
#include "util/buf.h"

typedef struct fixture {
  char dir[64];
  nq_store *store;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-api-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  char db[128];
  snprintf(db, sizeof db, "%s/test.db", fx->dir);
  nq_err err = {0};
  if (nq_store_open(&fx->store, db, &err) != NQ_OK) fail_msg("open: %s", err.msg);
  if (nq_store_seed_demo(fx->store, &err) != NQ_OK) fail_msg("seed: %s", err.msg);
  fx->api = (nq_api){.store = fx->store, .version = "test"};
  nq_http_config cfg = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                        .app = &fx->api, .generation = nq_api_generation};
  if (nq_http_start(&fx->srv, &cfg, &err) != NQ_OK) fail_msg("start: %s", err.msg);
  fx->port = nq_http_port(fx->srv);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_http_stop(fx->srv, 2000);
  nq_store_close(fx->store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
  assert_int_equal(system(cmd), 0);
  free(fx);
  return 0;
}

static void expect_error(httpc_resp *r, int status, const char *code) {
  if (r->status != status) fail_msg("want %d, got %d: %.300s", status, r->status, r->body);
  json_t *j = httpc_json(r);
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(j, "error")), code);
  const char *msg = json_string_value(json_object_get(j, "message"));
  assert_non_null(msg);
  assert_true(strlen(msg) > 0);
}

/* GET path, expect 200 and return the response (caller frees). */
static httpc_resp get_ok(fixture *fx, const char *path) {
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, path, &r), 0);
  if (r.status != 200) fail_msg("GET %s: %d %.300s", path, r.status, r.body);
  assert_non_null(httpc_json(&r));
  return r;
}

/* Id of the seed plan numbered 15-KH/ĐU (gold 000, 28 tasks). */
static int64_t plan_id_an_giang(fixture *fx) {
  httpc_resp r = get_ok(fx, "/api/plans");
  json_t *items = json_object_get(httpc_json(&r), "items");
  int64_t id = 0;
  size_t i;
  json_t *p;
  json_array_foreach(items, i, p) {
    const char *num = json_string_value(json_object_get(p, "number"));
    if (num && strcmp(num, "15-KH/ĐU") == 0) id = json_integer_value(json_object_get(p, "id"));
  }
  httpc_free(&r);
  assert_true(id > 0);
  return id;
}

static void test_health(void **state) {
  fixture *fx = *state;
  httpc_resp r = get_ok(fx, "/api/health");
  json_t *j = httpc_json(&r);
  assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
  assert_true(json_is_true(json_object_get(j, "db_ok")));
  assert_int_equal(json_integer_value(json_object_get(j, "schema_version")),
                   nq_store_schema_latest());
  assert_string_equal(json_string_value(json_object_get(j, "version")), "test");
  httpc_free(&r);
}

static void test_seed_plans_listed(void **state) {
  fixture *fx = *state;
  httpc_resp r = get_ok(fx, "/api/plans");
  json_t *items = json_object_get(httpc_json(&r), "items");
  assert_true(json_array_size(items) >= 3);
  httpc_free(&r);
  int64_t id = plan_id_an_giang(fx);
  char path[96];
  snprintf(path, sizeof path, "/api/plans/%lld", (long long)id);
  r = get_ok(fx, path);
  assert_string_equal(json_string_value(json_object_get(httpc_json(&r), "issuer")),
                      "Đảng ủy Ủy ban nhân dân tỉnh An Giang");
  httpc_free(&r);

  snprintf(path, sizeof path, "/api/plans/%lld/export", (long long)id);
  r = get_ok(fx, path);
  assert_non_null(strstr(httpc_header(&r, "Content-Disposition"), "attachment"));
  assert_int_equal(json_array_size(json_object_get(httpc_json(&r), "tasks")), 28);
  httpc_free(&r);

  snprintf(path, sizeof path, "/api/plans/%lld/overview?date=2025-12-31", (long long)id);
  r = get_ok(fx, path);
  assert_true(json_is_object(httpc_json(&r)));
  httpc_free(&r);
  snprintf(path, sizeof path, "/api/plans/%lld/indicators", (long long)id);
  r = get_ok(fx, path);
  assert_true(json_is_array(json_object_get(httpc_json(&r), "items")));
  httpc_free(&r);

  r = get_ok(fx, "/api/units?q=khoa%20hoc");
  assert_true(json_array_size(json_object_get(httpc_json(&r), "items")) > 0);
  httpc_free(&r);
}

static void test_task_filters_search_paging(void **state) {
  fixture *fx = *state;
  int64_t plan = plan_id_an_giang(fx);
  char path[160];
  snprintf(path, sizeof path, "/api/tasks?plan=%lld&limit=10", (long long)plan);
  httpc_resp r = get_ok(fx, path);
  json_t *j = httpc_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "total")), 28);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 10);
  int64_t first_id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
  httpc_free(&r);

  /* plan_id is the web app's spelling of plan */
  snprintf(path, sizeof path, "/api/tasks?plan_id=%lld&limit=10&offset=20", (long long)plan);
  r = get_ok(fx, path);
  j = httpc_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "total")), 28);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 8);
  assert_int_not_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id")),
                       first_id);
  httpc_free(&r);

  /* "khoa hoc" without diacritics finds titles written "khoa học" */
  snprintf(path, sizeof path, "/api/tasks?plan=%lld&q=khoa%%20hoc&limit=100", (long long)plan);
  r = get_ok(fx, path);
  json_t *items = json_object_get(httpc_json(&r), "items");
  assert_true(json_array_size(items) > 0);
  assert_true(json_array_size(items) < 28);
  int with_accents = 0;
  size_t i;
  json_t *t;
  json_array_foreach(items, i, t) {
    const char *title = json_string_value(json_object_get(t, "title"));
    if (title && strstr(title, "khoa học")) with_accents++;
  }
  assert_true(with_accents > 0);
  httpc_free(&r);
}

/* Filters agree with each other: the status filter matches the overview's
** counts at the same date, the due range bounds every due date, and the
** unit filter returns only tasks where the unit leads or supports. */
static void test_task_filters_agree(void **state) {
  fixture *fx = *state;
  int64_t plan = plan_id_an_giang(fx);
  char path[200];
  snprintf(path, sizeof path, "/api/plans/%lld/overview?date=2025-12-31", (long long)plan);
  httpc_resp r = get_ok(fx, path);
  json_t *by_status = json_object_get(httpc_json(&r), "by_status");
  json_int_t want_done = json_integer_value(json_object_get(by_status, "done_on_time"));
  json_int_t want_not_started = json_integer_value(json_object_get(by_status, "not_started"));
  httpc_free(&r);
  assert_true(want_done > 0);

  snprintf(path, sizeof path, "/api/tasks?plan=%lld&status=done_on_time&date=2025-12-31&limit=500",
           (long long)plan);
  r = get_ok(fx, path);
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "total")), want_done);
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(httpc_json(&r), "items"), i, t)
    assert_string_equal(json_string_value(json_object_get(t, "status")), "done_on_time");
  httpc_free(&r);
  snprintf(path, sizeof path, "/api/tasks?plan=%lld&status=not_started&at=2025-12-31",
           (long long)plan);
  r = get_ok(fx, path);
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "total")), want_not_started);
  httpc_free(&r);

  snprintf(path, sizeof path, "/api/tasks?plan=%lld&due_from=2025-08-01&due_to=2025-12-31&limit=500",
           (long long)plan);
  r = get_ok(fx, path);
  json_t *items = json_object_get(httpc_json(&r), "items");
  assert_true(json_array_size(items) > 0);
  assert_true(json_array_size(items) < 28);
  json_array_foreach(items, i, t) {
    const char *due = json_string_value(json_object_get(json_object_get(t, "schedule"), "due"));
    assert_non_null(due);
    assert_true(strcmp(due, "2025-08-01") >= 0 && strcmp(due, "2025-12-31") <= 0);
  }
  /* pick a lead unit from the first task and filter by it */
  json_int_t unit = json_integer_value(json_object_get(
    json_array_get(json_object_get(json_array_get(items, 0), "lead"), 0), "id"));
  httpc_free(&r);
  assert_true(unit > 0);
  snprintf(path, sizeof path, "/api/tasks?unit=%lld&limit=500", (long long)unit);
  r = get_ok(fx, path);
  items = json_object_get(httpc_json(&r), "items");
  assert_true(json_array_size(items) > 0);
  json_array_foreach(items, i, t) {
    int found = 0;
    const char *roles[] = {"lead", "support"};
    for (int k = 0; k < 2; k++) {
      size_t j;
      json_t *u;
      json_array_foreach(json_object_get(t, roles[k]), j, u)
        if (json_integer_value(json_object_get(u, "id")) == unit) found = 1;
    }
    if (!found) fail_msg("task %lld does not involve unit %lld",
                         (long long)json_integer_value(json_object_get(t, "id")), (long long)unit);
  }
  httpc_free(&r);
}

static void test_parameter_validation(void **state) {
  fixture *fx = *state;
  static const struct { const char *path, *param; } bad[] = {
    {"/api/tasks?limit=0", "'limit'"},
    {"/api/tasks?limit=501", "'limit'"},
    {"/api/tasks?offset=-1", "'offset'"},
    {"/api/tasks?plan=abc", "'plan'"},
    {"/api/tasks?unit=0", "'unit'"},
    {"/api/tasks?status=finished", "'status'"},
    {"/api/tasks?due_from=2025-13-01", "'due_from'"},
    {"/api/tasks?due_to=2025-02-30", "'due_to'"},
    {"/api/tasks?due_from=2025-06-01&due_to=2025-01-01", "'due_from'"},
    {"/api/tasks?q=%FF%FE", "'q'"},
    {"/api/tasks?colour=red", "'colour'"},
    {"/api/tasks?plan=1&plan_id=1", "'plan_id'"},
    {"/api/plans/1/overview?date=31-12-2025", "'date'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    httpc_resp r;
    assert_int_equal(httpc_get(fx->port, bad[i].path, &r), 0);
    expect_error(&r, 400, "invalid");
    if (!strstr(httpc_json_str(&r, "message"), bad[i].param))
      fail_msg("%s: message does not name %s: %s", bad[i].path, bad[i].param,
               httpc_json_str(&r, "message"));
    httpc_free(&r);
  }
}

static void test_error_statuses(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/api/plans/999999", &r), 0);
  expect_error(&r, 404, "not_found");
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/api/tasks/abc", &r), 0);
  expect_error(&r, 404, "not_found");
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/api/nope", &r), 0);
  expect_error(&r, 404, "not_found");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "DELETE", "/api/plans", NULL, NULL, 0, &r), 0);
  expect_error(&r, 405, "method_not_allowed");
  assert_string_equal(httpc_header(&r, "Allow"), "GET, HEAD, POST");
  httpc_free(&r);

  const char *ct = "Content-Type: application/json\r\n";
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans", "Content-Type: text/plain\r\n",
                                 "{}", -1, &r), 0);
  expect_error(&r, 415, "unsupported_media_type");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans", ct, "{\"plan\": {", -1, &r), 0);
  expect_error(&r, 400, "invalid");
  assert_non_null(strstr(httpc_json_str(&r, "message"), "dòng 1"));
  httpc_free(&r);
  size_t big_len = (1u << 20) + 10;
  char *big = malloc(big_len);
  memset(big, ' ', big_len);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans", ct, big, (ssize_t)big_len, &r), 0);
  expect_error(&r, 413, "too_large");
  httpc_free(&r);
  free(big);

  /* valid JSON, not a valid plan */
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans", ct,
                                 "{\"plan\": {\"title\": \"X\"}, \"tasks\": \"none\"}", -1, &r), 0);
  expect_error(&r, 422, "unprocessable");
  httpc_free(&r);

  /* the seed plan again: same number and issuer */
  char gold[512];
  snprintf(gold, sizeof gold, "%s/data/gold/000_706b1c236ce94349.json",
           getenv("NQ57_SOURCE_ROOT") ? getenv("NQ57_SOURCE_ROOT") : ".");
  json_t *plan = json_load_file(gold, 0, NULL);
  assert_non_null(plan);
  char *text = json_dumps(plan, 0);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans", ct, text, -1, &r), 0);
  expect_error(&r, 409, "conflict");
  httpc_free(&r);
  free(text);
  json_decref(plan);
}

/* POST a new plan: 201 + Location, and the cached list shows it at once. */
static void test_create_plan_invalidates_list(void **state) {
  fixture *fx = *state;
  httpc_resp r = get_ok(fx, "/api/plans");
  size_t before = json_array_size(json_object_get(httpc_json(&r), "items"));
  httpc_free(&r);
  r = get_ok(fx, "/api/plans"); /* now served from the cache */
  httpc_free(&r);

  char gold[512];
  snprintf(gold, sizeof gold, "%s/data/gold/000_706b1c236ce94349.json",
           getenv("NQ57_SOURCE_ROOT") ? getenv("NQ57_SOURCE_ROOT") : ".");
  json_t *plan = json_load_file(gold, 0, NULL);
  assert_non_null(plan);
  json_object_set_new(json_object_get(plan, "plan"), "number", json_string("99-KH/TEST"));
  char *text = json_dumps(plan, 0);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans",
                                 "Content-Type: application/json\r\n", text, -1, &r), 0);
  if (r.status != 201) fail_msg("POST /api/plans: %d %s", r.status, r.body);
  char location[64];
  snprintf(location, sizeof location, "%s", httpc_header(&r, "Location"));
  assert_int_equal(strncmp(location, "/api/plans/", 11), 0);
  httpc_free(&r);
  free(text);
  json_decref(plan);

  r = get_ok(fx, location);
  assert_string_equal(httpc_json_str(&r, "number"), "99-KH/TEST");
  httpc_free(&r);
  r = get_ok(fx, "/api/plans");
  assert_int_equal(json_array_size(json_object_get(httpc_json(&r), "items")), before + 1);
  httpc_free(&r);
}

/* POST /api/units: 201 + Location, the cached directory search sees it,
** a duplicate is 409 and a rule violation 422. */
static void test_create_unit(void **state) {
  fixture *fx = *state;
  httpc_resp r = get_ok(fx, "/api/units?q=thu%20nghiem%20doi%20moi");
  assert_int_equal(json_array_size(json_object_get(httpc_json(&r), "items")), 0);
  httpc_free(&r);
  const char *ct = "Content-Type: application/json\r\n";
  const char *unit = "{\"name\": \"Trung tâm Thử nghiệm Đổi mới\", \"kind\": \"state\", "
                     "\"level\": \"province\", \"aliases\": [\"TT TNĐM\"]}";
  assert_int_equal(httpc_request(fx->port, "POST", "/api/units", ct, unit, -1, &r), 0);
  if (r.status != 201) fail_msg("POST /api/units: %d %s", r.status, r.body);
  char location[64];
  snprintf(location, sizeof location, "%s", httpc_header(&r, "Location"));
  assert_string_equal(httpc_json_str(&r, "name"), "Trung tâm Thử nghiệm Đổi mới");
  httpc_free(&r);
  r = get_ok(fx, location);
  assert_string_equal(httpc_json_str(&r, "name"), "Trung tâm Thử nghiệm Đổi mới");
  httpc_free(&r);
  r = get_ok(fx, "/api/units?q=thu%20nghiem%20doi%20moi");
  assert_int_equal(json_array_size(json_object_get(httpc_json(&r), "items")), 1);
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/units", ct, unit, -1, &r), 0);
  expect_error(&r, 409, "conflict");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/units", ct,
                                 "{\"name\": \"Đơn vị X\", \"level\": \"galaxy\"}", -1, &r), 0);
  expect_error(&r, 422, "unprocessable");
  assert_non_null(strstr(httpc_json_str(&r, "message"), "level"));
  httpc_free(&r);
}

/* Two officers load the same task; the first save wins, the second is
** told the task changed (412) instead of silently overwriting it. */
static void test_etag_and_concurrent_edit(void **state) {
  fixture *fx = *state;
  int64_t plan = plan_id_an_giang(fx);
  char path[128], list_path[160];
  snprintf(list_path, sizeof list_path, "/api/tasks?plan=%lld&limit=1", (long long)plan);
  httpc_resp r = get_ok(fx, list_path);
  int64_t id = json_integer_value(json_object_get(json_array_get(json_object_get(httpc_json(&r), "items"), 0), "id"));
  httpc_free(&r);
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)id);

  r = get_ok(fx, path);
  char etag[64], hdr[256];
  snprintf(etag, sizeof etag, "%s", httpc_header(&r, "ETag"));
  assert_int_equal(strncmp(etag, "W/\"", 3), 0);
  httpc_free(&r);
  snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
  assert_int_equal(httpc_request(fx->port, "GET", path, hdr, NULL, 0, &r), 0);
  assert_int_equal(r.status, 304);
  httpc_free(&r);

  assert_int_equal(httpc_request(fx->port, "PATCH", path, "Content-Type: application/json\r\n",
                                 "{\"percent\": 40}", -1, &r), 0);
  expect_error(&r, 428, "precondition_required");
  httpc_free(&r);

  snprintf(hdr, sizeof hdr, "Content-Type: application/json\r\nIf-Match: %s\r\n", etag);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, "{\"percent\": 150}", -1, &r), 0);
  expect_error(&r, 422, "unprocessable");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, "{\"colour\": 1}", -1, &r), 0);
  expect_error(&r, 422, "unprocessable");
  httpc_free(&r);

  /* officer A */
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr,
                                 "{\"title\": \"Nhiệm vụ đã sửa bởi cán bộ A\"}", -1, &r), 0);
  if (r.status != 200) fail_msg("PATCH: %d %s", r.status, r.body);
  assert_string_not_equal(httpc_header(&r, "ETag"), etag);
  httpc_free(&r);
  /* officer B, still holding the old version */
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr,
                                 "{\"title\": \"Bản của cán bộ B\"}", -1, &r), 0);
  expect_error(&r, 412, "precondition_failed");
  httpc_free(&r);

  /* reads after the write are not served stale from the cache */
  snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
  assert_int_equal(httpc_request(fx->port, "GET", path, hdr, NULL, 0, &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(httpc_json_str(&r, "title"), "Nhiệm vụ đã sửa bởi cán bộ A");
  httpc_free(&r);
  r = get_ok(fx, list_path);
  assert_string_equal(json_string_value(json_object_get(
                        json_array_get(json_object_get(httpc_json(&r), "items"), 0), "title")),
                      "Nhiệm vụ đã sửa bởi cán bộ A");
  httpc_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_health),
    cmocka_unit_test(test_seed_plans_listed),
    cmocka_unit_test(test_task_filters_search_paging),
    cmocka_unit_test(test_task_filters_agree),
    cmocka_unit_test(test_parameter_validation),
    cmocka_unit_test(test_error_statuses),
    cmocka_unit_test(test_create_plan_invalidates_list),
    cmocka_unit_test(test_create_unit),
    cmocka_unit_test(test_etag_and_concurrent_edit),
  };
  return cmocka_run_group_tests_name("http-api", tests, setup, teardown);
}
