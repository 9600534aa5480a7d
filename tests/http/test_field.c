/*
** test_field.c: task fields (core/field.h) end to end: a real temp SQLite
** file with the demo data (the gold plans), the server on an ephemeral
** port, real HTTP. Covers by_field in the plan and scope overviews, the
** ?field= task filter, PATCH of a field (valid, invalid, audited, kept when
** the title changes), the field in plan export, and the 0009 migration's
** backfill of a database written before it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/field.h"
#include "http/api.h"
#include "http/server.h"
#include "httpc.h"

typedef struct fixture {
  char dir[64], db[128];
  nq_store *store;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
} fixture;

static void start(fixture *fx) {
  nq_err err = {0};
  if (nq_store_open(&fx->store, fx->db, &err) != NQ_OK) fail_msg("open: %s", err.msg);
  fx->api = (nq_api){.store = fx->store, .version = "test"};
  nq_http_config cfg = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                        .app = &fx->api, .generation = nq_api_generation};
  if (nq_http_start(&fx->srv, &cfg, &err) != NQ_OK) fail_msg("start: %s", err.msg);
  fx->port = nq_http_port(fx->srv);
}

static void stop(fixture *fx) {
  nq_http_stop(fx->srv, 2000);
  nq_store_close(fx->store);
}

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-field-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->db, sizeof fx->db, "%s/test.db", fx->dir);
  start(fx);
  nq_err err = {0};
  if (nq_store_seed_demo(fx->store, &err) != NQ_OK) fail_msg("seed: %s", err.msg);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  stop(fx);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
  assert_int_equal(system(cmd), 0);
  free(fx);
  return 0;
}

static httpc_resp get_ok(fixture *fx, const char *path) {
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, path, &r), 0);
  if (r.status != 200) fail_msg("GET %s: %d %.300s", path, r.status, r.body);
  assert_non_null(httpc_json(&r));
  return r;
}

/* Id of the seed plan of gold 002 (37 tasks, seven numbered groups). */
static int64_t plan_002(fixture *fx) {
  httpc_resp r = get_ok(fx, "/api/plans");
  json_t *items = json_object_get(httpc_json(&r), "items"), *p;
  int64_t id = 0;
  size_t i;
  json_array_foreach(items, i, p) {
    const char *issuer = json_string_value(json_object_get(p, "issuer"));
    if (issuer && strcmp(issuer, "Sở Khoa học và Công nghệ") == 0)
      id = json_integer_value(json_object_get(p, "id"));
  }
  httpc_free(&r);
  assert_true(id > 0);
  return id;
}

/* by_field lists every field once, in nq_field_code_at order, with its
** label; its totals and its per-status counts add up to the overview's. */
static void check_by_field(json_t *ov) {
  json_t *by_field = json_object_get(ov, "by_field");
  assert_int_equal(json_array_size(by_field), nq_field_count());
  json_int_t total = json_integer_value(json_object_get(ov, "total")), sum = 0;
  assert_true(total > 0);
  json_t *by_status = json_object_get(ov, "by_status");
  const char *status;
  json_t *count;
  json_object_foreach(by_status, status, count) {
    json_int_t s = 0;
    size_t i;
    json_t *f;
    json_array_foreach(by_field, i, f) s += json_integer_value(json_object_get(json_object_get(f, "by_status"), status));
    assert_int_equal(s, json_integer_value(count));
  }
  size_t i;
  json_t *f;
  int nonzero = 0;
  json_array_foreach(by_field, i, f) {
    const char *code = json_string_value(json_object_get(f, "field"));
    assert_string_equal(code, nq_field_code_at(i));
    assert_string_equal(json_string_value(json_object_get(f, "label")), nq_field_label(code));
    json_int_t n = json_integer_value(json_object_get(f, "total"));
    sum += n;
    nonzero += n > 0;
  }
  assert_int_equal(sum, total);
  assert_true(nonzero >= 5); /* the plans' groups, not one catch-all */
}

static void test_plan_overview(void **state) {
  fixture *fx = *state;
  char path[128];
  snprintf(path, sizeof path, "/api/plans/%lld/overview?date=2025-12-31", (long long)plan_002(fx));
  httpc_resp r = get_ok(fx, path);
  json_t *ov = httpc_json(&r);
  assert_int_equal(json_integer_value(json_object_get(ov, "total")), 37);
  check_by_field(ov);
  httpc_free(&r);
}

static void test_scope_overview(void **state) {
  fixture *fx = *state;
  httpc_resp r = get_ok(fx, "/api/overview?date=2025-12-31");
  json_t *ov = httpc_json(&r);
  assert_int_equal(json_integer_value(json_object_get(ov, "total")), 28 + 37 + 43);
  check_by_field(ov);
  /* The same figures as the store's plan overviews added up. */
  json_t *sec = json_array_get(json_object_get(ov, "by_field"), 7);
  assert_string_equal(json_string_value(json_object_get(sec, "field")), "security");
  assert_int_equal(json_integer_value(json_object_get(sec, "total")), 3); /* gold 000 III.8.x */
  httpc_free(&r);
}

/* GET /api/tasks?field= returns exactly the tasks of that field. */
static void test_filter(void **state) {
  fixture *fx = *state;
  int64_t plan = plan_002(fx);
  char path[160];
  snprintf(path, sizeof path, "/api/plans/%lld/overview", (long long)plan);
  httpc_resp r = get_ok(fx, path);
  json_t *by_field = json_object_get(httpc_json(&r), "by_field");
  json_int_t want_infra = 0;
  size_t i;
  json_t *f;
  json_array_foreach(by_field, i, f)
    if (strcmp(json_string_value(json_object_get(f, "field")), "infrastructure") == 0)
      want_infra = json_integer_value(json_object_get(f, "total"));
  httpc_free(&r);
  assert_true(want_infra >= 3); /* 002 §3: hạ tầng, CSDL, nền tảng số */

  snprintf(path, sizeof path, "/api/tasks?plan=%lld&field=infrastructure&limit=500", (long long)plan);
  r = get_ok(fx, path);
  json_t *page = httpc_json(&r);
  assert_int_equal(json_integer_value(json_object_get(page, "total")), want_infra);
  json_t *items = json_object_get(page, "items"), *t;
  assert_int_equal(json_array_size(items), (size_t)want_infra);
  json_array_foreach(items, i, t)
    assert_string_equal(json_string_value(json_object_get(t, "field")), "infrastructure");
  httpc_free(&r);

  /* Across plans too; an unknown field is a 400 naming the parameter. */
  r = get_ok(fx, "/api/tasks?field=security");
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "total")), 3);
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/api/tasks?field=an_ninh", &r), 0);
  assert_int_equal(r.status, 400);
  assert_non_null(strstr(httpc_json_str(&r, "message"), "field"));
  httpc_free(&r);
}

static int64_t first_task(fixture *fx, const char *query) {
  char path[160];
  snprintf(path, sizeof path, "/api/tasks?%s&limit=1", query);
  httpc_resp r = get_ok(fx, path);
  int64_t id = json_integer_value(json_object_get(json_array_get(json_object_get(httpc_json(&r), "items"), 0), "id"));
  httpc_free(&r);
  assert_true(id > 0);
  return id;
}

static int patch(fixture *fx, int64_t id, const char *body, httpc_resp *r) {
  char path[64], hdr[160];
  snprintf(path, sizeof path, "/api/tasks/%lld", (long long)id);
  httpc_resp g = get_ok(fx, path);
  snprintf(hdr, sizeof hdr, "Content-Type: application/json\r\nIf-Match: %s\r\n",
           httpc_header(&g, "ETag"));
  httpc_free(&g);
  assert_int_equal(httpc_request(fx->port, "PATCH", path, hdr, body, -1, r), 0);
  return r->status;
}

static void test_patch(void **state) {
  fixture *fx = *state;
  int64_t id = first_task(fx, "field=security");
  httpc_resp r;
  assert_int_equal(patch(fx, id, "{\"field\": \"hạ tầng\"}", &r), 422);
  assert_non_null(strstr(httpc_json_str(&r, "message"), "field"));
  httpc_free(&r);
  assert_int_equal(patch(fx, id, "{\"field\": null}", &r), 422);
  httpc_free(&r);

  if (patch(fx, id, "{\"field\": \"infrastructure\"}", &r) != 200)
    fail_msg("PATCH field: %d %s", r.status, r.body);
  assert_string_equal(httpc_json_str(&r, "field"), "infrastructure");
  httpc_free(&r);
  /* The official's choice survives an edit of the words... */
  if (patch(fx, id, "{\"title\": \"Tăng cường an ninh mạng trong cơ quan nhà nước\"}", &r) != 200)
    fail_msg("PATCH title: %d %s", r.status, r.body);
  assert_string_equal(httpc_json_str(&r, "field"), "infrastructure");
  httpc_free(&r);
  /* ...and is what the filter and the overview see. */
  r = get_ok(fx, "/api/tasks?field=security");
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "total")), 2);
  httpc_free(&r);

  /* A guessed field follows a new title. */
  int64_t other = first_task(fx, "field=awareness");
  assert_int_equal(patch(fx, other, "{\"title\": \"Đào tạo, bồi dưỡng nhân lực số\"}", &r), 200);
  assert_string_equal(httpc_json_str(&r, "field"), "human_resources");
  httpc_free(&r);

  /* Audited like every task edit: the before and after of the field. */
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(fx->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db,
    "SELECT count(*) FROM audit_log WHERE entity='task' AND entity_id=?1"
    " AND json_extract(before_json,'$.field')='security'"
    " AND json_extract(after_json,'$.field')='infrastructure'", -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_int64(st, 1, id);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/* Export carries a field an official chose (nq57 extension), not a
** guessed one, so plans round-trip unchanged; import takes it back. */
static void test_export(void **state) {
  fixture *fx = *state;
  char path[96];
  int64_t plan = plan_002(fx);
  snprintf(path, sizeof path, "/api/plans/%lld/export", (long long)plan);
  httpc_resp r = get_ok(fx, path);
  json_t *tasks = json_object_get(httpc_json(&r), "tasks"), *t;
  size_t i;
  assert_int_equal(json_array_size(tasks), 37);
  json_array_foreach(tasks, i, t) assert_null(json_object_get(t, "field"));
  httpc_free(&r);

  /* 002 "3.4 Phát triển hạ tầng viễn thông, Internet ..." filed by hand. */
  char q[64];
  snprintf(q, sizeof q, "plan=%lld&q=ha%%20tang%%20vien%%20thong", (long long)plan);
  int64_t id = first_task(fx, q);
  assert_int_equal(patch(fx, id, "{\"field\": \"international\"}", &r), 200);
  httpc_free(&r);
  r = get_ok(fx, path);
  json_t *doc = json_deep_copy(httpc_json(&r));
  httpc_free(&r);
  int with_field = 0;
  json_array_foreach(json_object_get(doc, "tasks"), i, t) {
    json_t *f = json_object_get(t, "field");
    if (!f) continue;
    with_field++;
    assert_string_equal(json_string_value(json_object_get(t, "code")), "3.4");
    assert_string_equal(json_string_value(f), "international");
  }
  assert_int_equal(with_field, 1);

  /* Imported again as a new plan: the chosen field is kept. */
  json_object_set_new(json_object_get(doc, "plan"), "number", json_string("99/KH-THU"));
  char *body = json_dumps(doc, 0);
  json_decref(doc);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/plans", "Content-Type: application/json\r\n",
                                 body, -1, &r), 0);
  free(body);
  if (r.status != 201 && r.status != 200) fail_msg("POST /api/plans: %d %.300s", r.status, r.body);
  int64_t copy = json_integer_value(json_object_get(httpc_json(&r), "id"));
  httpc_free(&r);
  assert_true(copy > 0 && copy != plan);
  snprintf(q, sizeof q, "plan=%lld&field=international&limit=500", (long long)copy);
  char lpath[96];
  snprintf(lpath, sizeof lpath, "/api/tasks?%s", q);
  r = get_ok(fx, lpath);
  bool found = false;
  json_array_foreach(json_object_get(httpc_json(&r), "items"), i, t)
    found = found || strcmp(json_string_value(json_object_get(t, "code")), "3.4") == 0;
  assert_true(found);
  httpc_free(&r);
}

/* A database written before 0009: its tasks get their field on the next
** open, by the same rules as new tasks. Simulated by undoing 0009. */
static void test_migration_backfill(void **state) {
  fixture *fx = *state;
  stop(fx);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  char *msg = NULL;
  if (sqlite3_exec(db,
        "DROP INDEX tasks_field_facts; DROP INDEX tasks_field; ALTER TABLE tasks DROP COLUMN field;"
        " DELETE FROM schema_migrations WHERE version=9;", NULL, NULL, &msg) != SQLITE_OK)
    fail_msg("undo 0009: %s", msg);
  sqlite3_close(db);

  start(fx);
  httpc_resp r = get_ok(fx, "/api/overview?date=2025-12-31");
  check_by_field(httpc_json(&r));
  httpc_free(&r);
  assert_int_equal(sqlite3_open_v2(fx->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db,
    "SELECT count(*), count(field), sum(field='other') FROM tasks", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 108);
  assert_int_equal(sqlite3_column_int(st, 1), 108);
  assert_true(sqlite3_column_int(st, 2) * 100 <= 108 * 15);
  sqlite3_finalize(st);
  /* The overview reads the covering index, not the task rows. */
  assert_int_equal(sqlite3_prepare_v2(db,
    "EXPLAIN QUERY PLAN SELECT t.id, t.plan_id, t.schedule_kind, t.start_date, t.due_date,"
    " t.done, t.done_date, t.percent, t.last_update_at, t.field FROM tasks t", -1, &st, NULL),
    SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_non_null(strstr((const char *)sqlite3_column_text(st, 3), "COVERING INDEX tasks_field_facts"));
  sqlite3_finalize(st);
  /* A field's count across plans is a range of tasks_field. */
  assert_int_equal(sqlite3_prepare_v2(db,
    "EXPLAIN QUERY PLAN SELECT count(*) FROM tasks t WHERE t.field='security'", -1, &st, NULL),
    SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_non_null(strstr((const char *)sqlite3_column_text(st, 3), "INDEX tasks_field "));
  sqlite3_finalize(st);
  sqlite3_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_plan_overview, setup, teardown),
    cmocka_unit_test_setup_teardown(test_scope_overview, setup, teardown),
    cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
    cmocka_unit_test_setup_teardown(test_patch, setup, teardown),
    cmocka_unit_test_setup_teardown(test_export, setup, teardown),
    cmocka_unit_test_setup_teardown(test_migration_backfill, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
