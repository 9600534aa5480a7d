/*
** test_scope_memo.c: the whole-scope overview answered from the counts the
** store keeps per plan (sqlite_scope.c) equals the overview counted from
** the tasks themselves (nq_scope_query.recount), byte for byte, after each
** kind of write that moves the counts: a task edited through the store, a
** lead agency merged away (task_units rewritten), a new plan, a write by
** another connection (what the memo cannot see row by row), and for the
** reach of a visitor (public plans only). The same for the indicator board
** (its judged rows kept per plan): indicators, targets and values written.
** Real SQLite files, the seed plans.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/sql.h"
#include "store/store_scope.h"

typedef struct fixture {
  char dir[64];
  char db[96];
  nq_store *store;
} fixture;

static const nq_actor tester = {0, "test", "test"};

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-memo-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->db, sizeof fx->db, "%s/test.db", fx->dir);
  nq_err err = {0};
  if (nq_store_open(&fx->store, fx->db, &err)) fail_msg("open: %s", err.msg);
  if (nq_store_seed_demo(fx->store, &err)) fail_msg("seed: %s", err.msg);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_store_close(fx->store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
  assert_int_equal(system(cmd), 0);
  free(fx);
  return 0;
}

typedef nq_code (*scope_answer)(nq_store *, const nq_scope_query *, json_t **, nq_err *);

/* An answer as text (the board whole: limit 500), from what is kept or
** counted afresh. */
static char *answer_text(fixture *fx, scope_answer answer, bool public_only, bool recount) {
  nq_scope_query q = {.recount = recount, .limit = 500};
  q.reach.public_only = public_only;
  json_t *out = NULL;
  nq_err err = {0};
  if (answer(fx->store, &q, &out, &err)) fail_msg("answer: %s", err.msg);
  char *text = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(out);
  return text;
}

/* Kept and counted afresh agree for both reaches; returns the kept one
** (all plans). */
static char *expect_same_answer(fixture *fx, scope_answer answer, const char *after) {
  for (int pub = 1; pub >= 0; pub--) {
    char *kept = answer_text(fx, answer, pub, false), *counted = answer_text(fx, answer, pub, true);
    if (strcmp(kept, counted) != 0)
      fail_msg("after %s (%s): the kept answer differs from a fresh count:\n%s\n%s", after,
               pub ? "public reach" : "every plan", kept, counted);
    free(counted);
    if (!pub) return kept;
    free(kept);
  }
  return NULL;
}

static char *expect_same(fixture *fx, const char *after) {
  return expect_same_answer(fx, nq_store_scope_overview, after);
}

static char *expect_same_board(fixture *fx, const char *after) {
  return expect_same_answer(fx, nq_store_scope_indicators, after);
}

static json_int_t total_of(const char *overview) {
  json_t *o = json_loads(overview, 0, NULL);
  json_int_t n = json_integer_value(json_object_get(o, "total"));
  json_decref(o);
  return n;
}

static int64_t sql_int(fixture *fx, const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_open_v2(fx->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

/* A task edited through the store: the kept counts follow its new field. */
static void test_task_edit(void **state) {
  fixture *fx = *state;
  char *before = expect_same(fx, "opening");
  int64_t id = sql_int(fx, "SELECT min(id) FROM tasks WHERE field <> 'security'");
  json_t *task = NULL, *out = NULL;
  nq_err err = {0};
  if (nq_store_task_get(fx->store, id, &task, &err)) fail_msg("task: %s", err.msg);
  json_t *patch = json_pack("{s:s}", "field", "security");
  if (nq_store_task_update(fx->store, &tester, id,
                           json_integer_value(json_object_get(task, "version")), patch, &out, &err))
    fail_msg("update: %s", err.msg);
  json_decref(patch);
  json_decref(task);
  json_decref(out);
  char *after = expect_same(fx, "a task's field changed");
  assert_string_not_equal(before, after); /* the figures moved, and the kept ones with them */
  free(before);
  free(after);
}

/* A lead agency merged into another: its task_units rows move. */
static void test_unit_merge(void **state) {
  fixture *fx = *state;
  char *before = expect_same(fx, "opening");
  /* The busiest lead that merging allows: no reports, accounts or sub-units. */
  int64_t from = sql_int(fx, "SELECT unit_id FROM task_units WHERE role='lead'"
                             " AND unit_id NOT IN (SELECT unit_id FROM unit_reports)"
                             " AND unit_id NOT IN (SELECT coalesce(parent_id, 0) FROM units)"
                             " AND unit_id NOT IN (SELECT coalesce(unit_id, 0) FROM users)"
                             " GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1");
  int64_t into = sql_int(fx, "SELECT min(id) FROM units WHERE id NOT IN"
                             " (SELECT unit_id FROM task_units)");
  json_t *out = NULL;
  nq_err err = {0};
  if (nq_store_unit_merge(fx->store, &tester, from, into, &out, &err)) fail_msg("merge: %s", err.msg);
  json_decref(out);
  char *after = expect_same(fx, "a lead agency merged");
  assert_string_not_equal(before, after);
  free(before);
  free(after);
}

/* A new plan (an exported one under another number) adds its tasks. */
static void test_new_plan(void **state) {
  fixture *fx = *state;
  char *before = expect_same(fx, "opening");
  int64_t id = sql_int(fx, "SELECT min(id) FROM plans");
  json_t *plan = NULL;
  nq_err err = {0};
  if (nq_store_plan_export(fx->store, id, &plan, &err)) fail_msg("export: %s", err.msg);
  json_object_set_new(json_object_get(plan, "plan"), "number", json_string("99-KH/TEST"));
  int64_t new_id = 0;
  if (nq_store_plan_create(fx->store, &tester, plan, &new_id, &err)) fail_msg("create: %s", err.msg);
  json_decref(plan);
  char *after = expect_same(fx, "a new plan");
  assert_true(total_of(after) > total_of(before));
  free(before);
  free(after);
}

/* Another connection's write (nq57 load beside the server) is not seen row
** by row: the store notices the database changed and counts everything. */
static void test_write_by_another_connection(void **state) {
  fixture *fx = *state;
  char *before = expect_same(fx, "opening");
  sqlite3 *db;
  assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  assert_int_equal(sqlite3_exec(db, "UPDATE tasks SET schedule_kind='once', due_date='2001-01-01',"
                                    " done=0 WHERE id IN (SELECT id FROM tasks LIMIT 5)",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  char *after = expect_same(fx, "another connection's write");
  assert_string_not_equal(before, after);
  free(before);
  free(after);
}

static nq_code exec_in(nq_db *db, void *ctx, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, ctx);
  if (!st) return nq_db_error(db, err);
  int r = sqlite3_step(st);
  sqlite3_reset(st);
  return r == SQLITE_DONE ? NQ_OK : nq_db_error(db, err);
}

/* One statement through the store's own writer (its change notes). */
static void store_exec(fixture *fx, const char *sql) {
  nq_err err = {0};
  if (nq_sql_write(fx->store, &tester, exec_in, (void *)sql, &err)) fail_msg("%s: %s", sql, err.msg);
}

/* An indicator with a target, then units' values: each write moves the
** board, and the kept rows with it. */
static void test_board_values(void **state) {
  fixture *fx = *state;
  char *before = expect_same_board(fx, "opening");
  char sql[512];
  int64_t plan = sql_int(fx, "SELECT min(id) FROM plans");
  int64_t unit = sql_int(fx, "SELECT min(id) FROM units");
  int year = (int)sql_int(fx, "SELECT CAST(strftime('%Y', 'now', 'localtime') AS INTEGER)");
  snprintf(sql, sizeof sql, "INSERT INTO indicators(id, plan_id, ordinal, name, measure, direction,"
                            " aggregation) VALUES (9001, %lld, 1, 'Tỷ lệ hồ sơ trực tuyến', '%%',"
                            " 'up', 'mean')", (long long)plan);
  store_exec(fx, sql);
  snprintf(sql, sizeof sql, "INSERT INTO indicator_targets VALUES (9001, %d, '>=80')", year);
  store_exec(fx, sql);
  char *with_target = expect_same_board(fx, "an indicator and its target");
  assert_string_not_equal(before, with_target);
  snprintf(sql, sizeof sql, "INSERT INTO indicator_values(indicator_id, unit_id, year, value, at)"
                            " VALUES (9001, %lld, %d, 85, '%d-06-30T00:00:00Z')", (long long)unit, year, year);
  store_exec(fx, sql);
  char *with_value = expect_same_board(fx, "a unit's value");
  assert_string_not_equal(with_target, with_value);
  assert_non_null(strstr(with_value, "\"light\":\"green\""));
  snprintf(sql, sizeof sql, "UPDATE indicator_values SET value=20 WHERE indicator_id=9001");
  store_exec(fx, sql);
  char *lowered = expect_same_board(fx, "a value corrected");
  assert_string_not_equal(with_value, lowered);
  free(before);
  free(with_target);
  free(with_value);
  free(lowered);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_task_edit, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unit_merge, setup, teardown),
    cmocka_unit_test_setup_teardown(test_new_plan, setup, teardown),
    cmocka_unit_test_setup_teardown(test_write_by_another_connection, setup, teardown),
    cmocka_unit_test_setup_teardown(test_board_values, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
