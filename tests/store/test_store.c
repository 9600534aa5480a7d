/*
** test_store.c: the SQLite store against real database files: migrations,
** gold plan round trips, agency resolution, search folding, filters and
** paging, If-Match, the audit chain under tampering, backup and restore,
** and that a rejected plan leaves nothing behind.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"
#include "store/store_auth.h"

static const nq_actor tester = {7, "tester", "test"};

static const char *const gold_files[] = {"000_706b1c236ce94349.json", "002_0d321ddfd0dbe398.json",
                                         "003_88546ef2206df04c.json"};

typedef struct fixture {
  char dir[64];
  char path[128];
  nq_store *s;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/nq57-store-XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
  nq_err err = {0};
  if (nq_store_open(&f->s, f->path, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  nq_store_close(f->s);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  if (system(cmd) != 0) return -1;
  free(f);
  return 0;
}

static json_t *load_gold(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/data/gold/%s", getenv("NQ57_SOURCE_ROOT"), name);
  json_error_t e;
  json_t *j = json_load_file(path, 0, &e);
  if (!j) fail_msg("%s: %s", path, e.text);
  return j;
}

static int64_t count_rows(const char *path, const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

static void exec_raw(const char *path, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
  sqlite3_close(db);
}

static int64_t create_gold(fixture *f, const char *name) {
  json_t *plan = load_gold(name);
  nq_err err = {0};
  int64_t id = 0;
  if (nq_store_plan_create(f->s, &tester, plan, &id, &err)) fail_msg("%s: %s", name, err.msg);
  json_decref(plan);
  return id;
}

/* ---- migrations ------------------------------------------------------------ */

static void test_migrations(void **state) {
  fixture *f = *state;
  assert_true(nq_store_schema_latest() >= 1);
  assert_int_equal(nq_store_schema_version(f->s), nq_store_schema_latest());
  nq_store_close(f->s);
  nq_err err = {0};
  /* Re-opening an up-to-date database applies nothing and keeps data. */
  assert_int_equal(nq_store_open(&f->s, f->path, &err), NQ_OK);
  assert_int_equal(nq_store_schema_version(f->s), nq_store_schema_latest());
  assert_int_equal(count_rows(f->path, "SELECT max(version) FROM schema_migrations"),
                   nq_store_schema_latest());
  nq_store_close(f->s);
  f->s = NULL;
  exec_raw(f->path, "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')");
  assert_int_equal(nq_store_open(&f->s, f->path, &err), NQ_ECONFLICT);
  assert_null(f->s);
  assert_non_null(strstr(err.msg, "9999"));
  assert_non_null(strstr(err.msg, "mới hơn"));
  exec_raw(f->path, "DELETE FROM schema_migrations WHERE version=9999");
  /* A version the binary does not know is refused; a known one not yet
  ** recorded (dropped here) is applied on open. */
  char sql[256];
  int unknown = nq_store_schema_latest() + 1;
  snprintf(sql, sizeof sql, "DROP INDEX tasks_done_kind_due; DELETE FROM schema_migrations WHERE version=4;"
                            "INSERT INTO schema_migrations VALUES (%d, '%04d_x.sql', 'x')", unknown, unknown);
  exec_raw(f->path, sql);
  assert_int_equal(nq_store_open(&f->s, f->path, &err), NQ_ECONFLICT); /* unknown here */
  snprintf(sql, sizeof sql, "DELETE FROM schema_migrations WHERE version=%d", unknown);
  exec_raw(f->path, sql);
  assert_int_equal(nq_store_open(&f->s, f->path, &err), NQ_OK);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sqlite_master"
                                       " WHERE name='tasks_done_kind_due'"), 1);

  nq_store *pg = NULL;
  assert_int_equal(nq_store_open(&pg, "postgres://localhost/nq57", &err), NQ_EUNSUPPORTED);
  assert_null(pg);
  assert_non_null(strstr(err.msg, "PostgreSQL"));
}

/* ---- plans ----------------------------------------------------------------- */

static void test_gold_round_trip(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_agencies(f->s, &tester, &err), NQ_OK);
  for (int i = 0; i < 3; i++) {
    int64_t id = create_gold(f, gold_files[i]);
    json_t *gold = load_gold(gold_files[i]), *out = NULL;
    assert_int_equal(nq_store_plan_export(f->s, id, &out, &err), NQ_OK);
    if (!json_equal(gold, out)) {
      char *a = json_dumps(gold, JSON_SORT_KEYS | JSON_INDENT(1));
      char *b = json_dumps(out, JSON_SORT_KEYS | JSON_INDENT(1));
      FILE *fa = fopen("/tmp/nq57-gold-expected.json", "w"), *fb = fopen("/tmp/nq57-gold-got.json", "w");
      fputs(a, fa);
      fputs(b, fb);
      fclose(fa);
      fclose(fb);
      free(a);
      free(b);
      fail_msg("%s does not round-trip (see /tmp/nq57-gold-*.json)", gold_files[i]);
    }
    /* The export is itself loadable: a plan with the same number conflicts. */
    int64_t again = 0;
    nq_code rc = nq_store_plan_create(f->s, &tester, out, &again, &err);
    if (json_is_string(json_object_get(json_object_get(gold, "plan"), "number")))
      assert_int_equal(rc, NQ_ECONFLICT);
    json_decref(gold);
    json_decref(out);
  }
  json_t *list = NULL;
  assert_int_equal(nq_store_plans_list(f->s, &list, &err), NQ_OK);
  assert_true(json_array_size(list) >= 3);
  json_t *first = json_array_get(list, 0);
  assert_int_equal(json_integer_value(json_object_get(first, "task_count")), 28);
  json_decref(list);

  json_t *p = NULL;
  assert_int_equal(nq_store_plan_get(f->s, 1, &p, &err), NQ_OK);
  assert_string_equal(json_string_value(json_object_get(p, "number")), "15-KH/ĐU");
  assert_int_equal(json_array_size(json_object_get(p, "implements")), 2);
  assert_false(json_is_null(json_object_get(p, "issuer_unit_id")));
  json_decref(p);
  assert_int_equal(nq_store_plan_get(f->s, 999, &p, &err), NQ_ENOTFOUND);
}

static void test_units_resolve(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_agencies(f->s, &tester, &err), NQ_OK);
  int64_t canonical = 0, by_alias = 0, folded = 0, party = 0;
  assert_int_equal(nq_store_unit_resolve(f->s, "Sở Khoa học và Công nghệ", &canonical, &err), NQ_OK);
  assert_int_equal(nq_store_unit_resolve(f->s, "Sở KH&CN", &by_alias, &err), NQ_OK);
  assert_int_equal(nq_store_unit_resolve(f->s, "so khoa hoc va cong nghe", &folded, &err), NQ_OK);
  assert_true(canonical > 0);
  assert_int_equal(by_alias, canonical);
  assert_int_equal(folded, canonical);
  /* Party committees are created on first use, below their agency. */
  assert_int_equal(nq_store_unit_resolve(f->s, "Đảng ủy Sở KH&CN", &party, &err), NQ_ENOTFOUND);
  create_gold(f, gold_files[0]);
  assert_int_equal(nq_store_unit_resolve(f->s, "Đảng ủy Sở KH&CN", &party, &err), NQ_OK);
  json_t *u = NULL;
  assert_int_equal(nq_store_unit_get(f->s, party, &u, &err), NQ_OK);
  assert_string_equal(json_string_value(json_object_get(u, "name")), "Đảng ủy Sở Khoa học và Công nghệ");
  assert_string_equal(json_string_value(json_object_get(u, "kind")), "party");
  assert_int_equal(json_integer_value(json_object_get(u, "parent_id")), canonical);
  json_decref(u);
  assert_int_equal(nq_store_unit_resolve(f->s, "Sở Không Có Thật", &party, &err), NQ_ENOTFOUND);

  json_t *list = NULL;
  assert_int_equal(nq_store_units_list(f->s, "khcn", &list, &err), NQ_OK);
  assert_int_equal(json_array_size(list), 1); /* via the alias "Sở KHCN" */
  json_decref(list);
  assert_int_equal(nq_store_units_list(f->s, NULL, &list, &err), NQ_OK);
  /* Vietnamese order: "Ban ..." before "Đảng ..." before "Ủy ..." */
  const char *prev = NULL;
  size_t i;
  json_t *e;
  int ordered = 1;
  json_array_foreach(list, i, e) {
    const char *name = json_string_value(json_object_get(e, "name"));
    if (prev && strncmp(prev, "Ủy", strlen("Ủy")) == 0 && strncmp(name, "Ban", 3) == 0) ordered = 0;
    prev = name;
  }
  assert_true(ordered);
  assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "name")),
                      "Ban Chỉ đạo phường");
  json_decref(list);

  int64_t id = 0;
  json_t *nu = json_pack("{s:s,s:s,s:[s]}", "name", "Phường Đắk Cấm", "kind", "ward", "aliases", "P. Đắk Cấm");
  assert_int_equal(nq_store_unit_create(f->s, &tester, nu, &id, &err), NQ_OK);
  assert_int_equal(nq_store_unit_create(f->s, &tester, nu, &id, &err), NQ_ECONFLICT);
  json_decref(nu);
  int64_t found = 0;
  assert_int_equal(nq_store_unit_resolve(f->s, "p dak cam", &found, &err), NQ_OK);
  assert_int_equal(found, id);
}

static void test_unknown_agencies_proposed(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  json_t *plan = json_loads(
    "{\"plan\":{\"title\":\"Kế hoạch thử\",\"number\":\"1/KH-UBND\"},"
    "\"tasks\":[{\"code\":\"1\",\"title\":\"Việc một\",\"lead\":[\"Phòng Thử Nghiệm phường\"],"
    "\"support\":[\"Sở Lao động - Thương binh và Xã hội\", \"Công an xã\"]}]}",
    0, NULL);
  int64_t id = 0;
  assert_int_equal(nq_store_plan_create(f->s, &tester, plan, &id, &err), NQ_OK);
  json_decref(plan);
  assert_int_equal(count_rows(f->path,
    "SELECT count(*) FROM units WHERE status='proposed' AND kind='proposed' AND level='ward'"
    " AND name='Phòng Thử Nghiệm phường'"), 1);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM units WHERE status='proposed'"
    " AND ((level='province' AND name LIKE 'Sở Lao%') OR (level='ward' AND name='Công an xã'))"), 2);

  /* Review: merge the proposed ward office into a directory entry ... */
  assert_int_equal(nq_store_seed_agencies(f->s, &tester, &err), NQ_OK);
  int64_t proposed = 0, real = 0, labour = 0;
  assert_int_equal(nq_store_unit_resolve(f->s, "Phòng Thử Nghiệm phường", &proposed, &err), NQ_OK);
  assert_int_equal(nq_store_unit_resolve(f->s, "Phòng Văn hóa - Xã hội phường", &real, &err), NQ_OK);
  json_t *merged = NULL;
  assert_int_equal(nq_store_unit_merge(f->s, &tester, proposed, real, &merged, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(merged, "id")), real);
  json_decref(merged);
  int64_t again = 0;
  assert_int_equal(nq_store_unit_resolve(f->s, "phong thu nghiem phuong", &again, &err), NQ_OK);
  assert_int_equal(again, real); /* its name is now an alias */
  json_t *out = NULL;
  assert_int_equal(nq_store_plan_export(f->s, id, &out, &err), NQ_OK);
  json_t *task = json_array_get(json_object_get(out, "tasks"), 0);
  assert_string_equal(json_string_value(json_array_get(json_object_get(task, "lead"), 0)),
                      "Phòng Văn hóa - Xã hội phường");
  json_decref(out);
  assert_int_equal(nq_store_unit_merge(f->s, &tester, real, real, NULL, &err), NQ_EINVAL);
  assert_int_equal(nq_store_unit_merge(f->s, &tester, proposed, real, NULL, &err), NQ_ENOTFOUND);

  /* ... and approve another one under a corrected name. */
  assert_int_equal(nq_store_unit_resolve(f->s, "Sở Lao động - Thương binh và Xã hội", &labour, &err), NQ_OK);
  json_t *patch = json_pack("{s:s,s:s,s:s,s:[s]}", "name", "Sở Lao động, Thương binh và Xã hội",
                            "status", "active", "kind", "state", "aliases", "Sở LĐTBXH");
  json_t *u = NULL;
  assert_int_equal(nq_store_unit_update(f->s, &tester, labour, -1, patch, &u, &err), NQ_OK);
  assert_string_equal(json_string_value(json_object_get(u, "status")), "active");
  json_decref(u);
  json_decref(patch);
  assert_int_equal(nq_store_unit_resolve(f->s, "So LDTBXH", &again, &err), NQ_OK);
  assert_int_equal(again, labour);
  patch = json_pack("{s:s}", "kind", "nonsense");
  assert_int_equal(nq_store_unit_update(f->s, &tester, labour, -1, patch, NULL, &err), NQ_EINVAL);
  json_decref(patch);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM audit_log WHERE entity='unit'"
                                       " AND action IN ('merge','update','delete')"), 3);
  json_t *res = NULL;
  assert_int_equal(nq_store_check(f->s, &res, &err), NQ_OK);
  assert_true(json_is_true(json_object_get(res, "ok")));
  json_decref(res);
}

/* Fields the gold plans do not use: indicators with targets, oversight,
** body, duties, reporting, links to a plan already stored. */
static void test_full_plan_round_trip(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_agencies(f->s, &tester, &err), NQ_OK);
  create_gold(f, gold_files[0]); /* 15-KH/ĐU, which the plan below implements */
  const char *text =
    "{\"source\": \"thu.txt\","
    " \"plan\": {\"kind\": \"Kế hoạch\", \"number\": \"59/KH-UBND\", \"issuer\": \"Ủy ban nhân dân phường\","
    "  \"place\": null, \"date\": \"2025-11-03\", \"title\": \"Chuyển đổi số phường\","
    "  \"implements\": [\"15-KH/ĐU\"], \"references\": [\"57-NQ/TW\"]},"
    " \"tasks\": [{\"code\": \"1\", \"title\": \"Phủ sóng 5G\", \"body\": \"Chi tiết\\nhai dòng\","
    "   \"lead\": [\"UBND phường\"], \"support\": [\"Công an phường\"], \"oversight\": [\"Đảng ủy phường\"],"
    "   \"timeline\": \"Năm 2026\", \"schedule\": {\"kind\": \"range\", \"start\": \"2026-01-01\","
    "   \"due\": \"2026-12-31\"}, \"done\": false}],"
    " \"duties\": [{\"unit\": \"Công an phường\", \"text\": \"Bảo đảm an ninh mạng\"}],"
    " \"indicators\": [{\"code\": \"1\", \"group\": \"Hạ tầng\", \"name\": \"Tỷ lệ phủ sóng 5G\","
    "   \"unit\": \"%\", \"targets\": {\"2025\": \">=50\", \"2030\": \"100\"},"
    "   \"direction\": \"up\", \"aggregation\": \"mean\"},"
    "  {\"code\": \"2\", \"group\": null, \"name\": \"Có Trung tâm an ninh mạng\", \"unit\": null,"
    "   \"targets\": {\"2030\": \"yes\"}}],"
    " \"reporting\": [{\"period\": \"month\", \"due\": \"day 20\"}, {\"period\": \"year\", \"due\": \"11-30\"}],"
    " \"notes\": [\"kept\"]}";
  json_error_t je;
  json_t *plan = json_loads(text, 0, &je);
  if (!plan) fail_msg("%s", je.text);
  int64_t id = 0;
  if (nq_store_plan_create(f->s, &tester, plan, &id, &err)) fail_msg("%s", err.msg);
  json_t *out = NULL;
  assert_int_equal(nq_store_plan_export(f->s, id, &out, &err), NQ_OK);
  /* The aliases "UBND phường" is exported under its canonical name. */
  json_t *task = json_array_get(json_object_get(plan, "tasks"), 0);
  json_array_set_new(json_object_get(task, "lead"), 0, json_string("Ủy ban nhân dân phường"));
  if (!json_equal(plan, out)) {
    char *a = json_dumps(out, JSON_INDENT(1));
    fail_msg("export differs: %s", a);
  }
  json_decref(out);
  json_decref(plan);

  json_t *inds = NULL;
  assert_int_equal(nq_store_indicators_list(f->s, id, &inds, &err), NQ_OK);
  assert_int_equal(json_array_size(inds), 2);
  json_t *first = json_array_get(inds, 0);
  assert_string_equal(json_string_value(json_object_get(first, "aggregation")), "mean");
  assert_string_equal(json_string_value(json_object_get(json_object_get(first, "targets"), "2025")), ">=50");
  assert_int_equal(json_integer_value(json_object_get(first, "plan_id")), id);
  json_decref(inds);
  assert_int_equal(nq_store_indicators_list(f->s, 1, &inds, &err), NQ_OK);
  assert_int_equal(json_array_size(inds), 0);
  json_decref(inds);

  /* The link to the plan above resolved to its row, both ways. */
  json_t *p = NULL;
  assert_int_equal(nq_store_plan_get(f->s, id, &p, &err), NQ_OK);
  json_t *impl = json_array_get(json_object_get(p, "implements"), 0);
  assert_int_equal(json_integer_value(json_object_get(impl, "plan_id")), 1);
  assert_true(json_is_null(json_object_get(json_array_get(json_object_get(p, "references"), 0), "plan_id")));
  json_decref(p);
  assert_int_equal(nq_store_plan_get(f->s, 1, &p, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(
    json_array_get(json_object_get(p, "implemented_by"), 0), "plan_id")), id);
  json_decref(p);

  json_t *t = NULL;
  nq_task_filter flt = {.plan_id = id, .limit = 5};
  assert_int_equal(nq_store_tasks_query(f->s, &flt, &t, &err), NQ_OK);
  int64_t tid = json_integer_value(json_object_get(json_array_get(json_object_get(t, "items"), 0), "id"));
  json_decref(t);
  assert_int_equal(nq_store_task_get(f->s, tid, &t, &err), NQ_OK);
  assert_int_equal(json_array_size(json_object_get(t, "oversight")), 1);
  assert_string_equal(json_string_value(json_object_get(t, "body")), "Chi tiết\nhai dòng");
  json_decref(t);
}

/* ---- tasks ----------------------------------------------------------------- */

static void test_search_and_filters(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_demo(f->s, &err), NQ_OK);
  assert_int_equal(nq_store_seed_demo(f->s, &err), NQ_OK); /* no-op on a non-empty database */
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM plans"), 3);

  nq_task_filter flt = {.limit = 500};
  json_t *r = NULL;
  flt.q = "khoa hoc";
  assert_int_equal(nq_store_tasks_query(f->s, &flt, &r, &err), NQ_OK);
  json_int_t folded = json_integer_value(json_object_get(r, "total"));
  assert_true(folded > 0);
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(r, "items"), i, t) {
    /* Each hit has the words in some accent and case form. */
    const char *title = json_string_value(json_object_get(t, "title"));
    assert_true(strstr(title, "khoa học") || strstr(title, "Khoa học") || strstr(title, "KHOA HỌC") ||
                strstr(title, "khoa hoc"));
  }
  /* Within a plan the search runs as LIKE, not FTS: same matches. */
  json_int_t in_plan3 = 0;
  json_array_foreach(json_object_get(r, "items"), i, t)
    in_plan3 += json_integer_value(json_object_get(t, "plan_id")) == 3;
  nq_task_filter fp = {.plan_id = 3, .q = "khoa hoc", .limit = 500};
  json_t *rp = NULL;
  assert_int_equal(nq_store_tasks_query(f->s, &fp, &rp, &err), NQ_OK);
  assert_true(in_plan3 > 0);
  assert_int_equal(json_integer_value(json_object_get(rp, "total")), in_plan3);
  json_decref(rp);
  fp.q = "khoa ho"; /* the last word is a prefix, in both forms */
  assert_int_equal(nq_store_tasks_query(f->s, &fp, &rp, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(rp, "total")), in_plan3);
  json_decref(rp);
  fp.q = "hoa hoc"; /* but words match from their start only */
  assert_int_equal(nq_store_tasks_query(f->s, &fp, &rp, &err), NQ_OK);
  json_int_t mid = json_integer_value(json_object_get(rp, "total"));
  json_decref(rp);
  nq_task_filter fa = {.q = "hoa hoc", .limit = 500};
  assert_int_equal(nq_store_tasks_query(f->s, &fa, &rp, &err), NQ_OK);
  json_int_t mid_all = 0;
  json_array_foreach(json_object_get(rp, "items"), i, t)
    mid_all += json_integer_value(json_object_get(t, "plan_id")) == 3;
  assert_int_equal(mid, mid_all);
  json_decref(rp);
  json_decref(r);
  flt.q = "KHOA HỌC";
  assert_int_equal(nq_store_tasks_query(f->s, &flt, &r, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), folded);
  json_decref(r);
  flt.q = "dang uy"; /* đ folds to d */
  assert_int_equal(nq_store_tasks_query(f->s, &flt, &r, &err), NQ_OK);
  assert_true(json_integer_value(json_object_get(r, "total")) > 0);
  json_decref(r);
  flt.q = "zzzyyyxxx";
  assert_int_equal(nq_store_tasks_query(f->s, &flt, &r, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 0);
  json_decref(r);

  /* Paging: a plan's 43 tasks, pages of 10, in document order. */
  nq_task_filter page = {.plan_id = 3, .limit = 10, .offset = 40};
  assert_int_equal(nq_store_tasks_query(f->s, &page, &r, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 43);
  assert_int_equal(json_array_size(json_object_get(r, "items")), 3);
  json_decref(r);
  page.offset = 0;
  assert_int_equal(nq_store_tasks_query(f->s, &page, &r, &err), NQ_OK);
  t = json_array_get(json_object_get(r, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(t, "code")), "II.1.a");
  assert_true(json_array_size(json_object_get(t, "lead")) == 1);
  json_decref(r);

  /* Unit filter: the tasks of Sở Khoa học và Công nghệ in plan 3. */
  int64_t khcn = 0;
  assert_int_equal(nq_store_unit_resolve(f->s, "Sở Khoa học và Công nghệ", &khcn, &err), NQ_OK);
  nq_task_filter byunit = {.unit_id = khcn, .limit = 500};
  assert_int_equal(nq_store_tasks_query(f->s, &byunit, &r, &err), NQ_OK);
  json_int_t n_unit = json_integer_value(json_object_get(r, "total"));
  json_decref(r);
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT count(DISTINCT task_id) FROM task_units WHERE unit_id=%lld",
           (long long)khcn);
  assert_int_equal(n_unit, count_rows(f->path, sql));
  assert_true(n_unit > 0);

  /* Due range and status at a date: plan 1 (000) has dated tasks. */
  nq_task_filter due = {.plan_id = 1, .due_from = "2025-01-01", .due_to = "2025-12-31", .limit = 100};
  assert_int_equal(nq_store_tasks_query(f->s, &due, &r, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")),
                   count_rows(f->path, "SELECT count(*) FROM tasks WHERE plan_id=1 AND due_date"
                                       " BETWEEN '2025-01-01' AND '2025-12-31'"));
  json_decref(r);
  nq_task_filter st = {.plan_id = 1, .status = "done_on_time", .at_date = "2026-01-01", .limit = 100};
  assert_int_equal(nq_store_tasks_query(f->s, &st, &r, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")),
                   count_rows(f->path, "SELECT count(*) FROM tasks WHERE plan_id=1 AND done=1"));
  json_decref(r);
  st.status = "overdue";
  assert_int_equal(nq_store_tasks_query(f->s, &st, &r, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")),
                   count_rows(f->path, "SELECT count(*) FROM tasks WHERE plan_id=1 AND done=0"
                                       " AND due_date<'2026-01-01'"
                                       " AND schedule_kind IN ('once','range')"));
  json_decref(r);
  st.status = "bogus";
  assert_int_equal(nq_store_tasks_query(f->s, &st, &r, &err), NQ_EINVAL);
  nq_task_filter big = {.limit = 501};
  assert_int_equal(nq_store_tasks_query(f->s, &big, &r, &err), NQ_EINVAL);

  /* Make one task done late and one in progress, so every rule is used. */
  {
    nq_task_filter once = {.plan_id = 1, .limit = 100};
    json_t *l = NULL, *out = NULL;
    assert_int_equal(nq_store_tasks_query(f->s, &once, &l, &err), NQ_OK);
    int late = 0, progress = 0;
    json_array_foreach(json_object_get(l, "items"), i, t) {
      json_t *sched = json_object_get(t, "schedule");
      int64_t id = json_integer_value(json_object_get(t, "id"));
      if (!late && strcmp(json_string_value(json_object_get(sched, "kind")), "once") == 0) {
        json_t *p = json_pack("{s:b,s:s}", "done", 1, "done_date", "2026-12-31");
        assert_int_equal(nq_store_task_update(f->s, &tester, id, -1, p, &out, &err), NQ_OK);
        assert_string_equal(json_string_value(json_object_get(out, "status")), "done_late");
        json_decref(p);
        json_decref(out);
        late = 1;
      } else if (!progress && json_is_false(json_object_get(t, "done"))) {
        json_t *p = json_pack("{s:i}", "percent", 30);
        assert_int_equal(nq_store_task_update(f->s, &tester, id, -1, p, &out, &err), NQ_OK);
        json_decref(p);
        json_decref(out);
        progress = 1;
      }
    }
    assert_true(late && progress);
    json_decref(l);
  }
  /* Every status filter agrees with the status each task reports. */
  static const char *const statuses[] = {"done_on_time", "done_late", "overdue", "at_risk",
                                         "in_progress", "not_started"};
  const char *dates[] = {"2025-06-01", "2025-12-31", "2027-01-01"};
  json_int_t seen[6] = {0};
  for (int d = 0; d < 3; d++) {
    nq_task_filter all = {.at_date = dates[d], .limit = 500};
    json_t *everything = NULL;
    assert_int_equal(nq_store_tasks_query(f->s, &all, &everything, &err), NQ_OK);
    json_int_t sum_all = 0;
    for (int k = 0; k < 6; k++) {
      json_int_t expect = 0;
      json_array_foreach(json_object_get(everything, "items"), i, t)
        expect += strcmp(json_string_value(json_object_get(t, "status")), statuses[k]) == 0;
      seen[k] += expect;
      nq_task_filter one = {.status = statuses[k], .at_date = dates[d], .limit = 500};
      assert_int_equal(nq_store_tasks_query(f->s, &one, &r, &err), NQ_OK);
      assert_int_equal(json_integer_value(json_object_get(r, "total")), expect);
      sum_all += expect;
      json_decref(r);
    }
    assert_int_equal(sum_all, 108);
    json_decref(everything);
  }
  /* The SQL-written rules were exercised, not vacuously equal. */
  assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0 && seen[5] > 0);

  /* The same filters driven by a unit's index or by the text index (the
  ** other conditions then only test its rows) give the same answers, and
  ** the units fetched for a whole page are each task's own. */
  json_t *busiest = NULL;
  nq_task_filter every = {.limit = 500};
  assert_int_equal(nq_store_tasks_query(f->s, &every, &busiest, &err), NQ_OK);
  int64_t unit_id = json_integer_value(json_object_get(
    json_array_get(json_object_get(json_array_get(json_object_get(busiest, "items"), 0), "lead"), 0),
    "id"));
  assert_true(unit_id > 0);
  json_decref(busiest);
  for (int d = 0; d < 3; d++) {
    nq_task_filter by_unit = {.unit_id = unit_id, .at_date = dates[d], .limit = 500};
    nq_task_filter by_text = {.q = "nhiem vu", .at_date = dates[d], .limit = 500};
    nq_task_filter *bases[] = {&by_unit, &by_text};
    for (int b = 0; b < 2; b++) {
      json_t *base = NULL;
      assert_int_equal(nq_store_tasks_query(f->s, bases[b], &base, &err), NQ_OK);
      assert_true(json_array_size(json_object_get(base, "items")) > 0);
      for (int k = 0; k < 6; k++) {
        json_int_t expect = 0;
        json_array_foreach(json_object_get(base, "items"), i, t)
          expect += strcmp(json_string_value(json_object_get(t, "status")), statuses[k]) == 0;
        nq_task_filter one = *bases[b];
        one.status = statuses[k];
        assert_int_equal(nq_store_tasks_query(f->s, &one, &r, &err), NQ_OK);
        assert_int_equal(json_integer_value(json_object_get(r, "total")), expect);
        assert_int_equal(json_array_size(json_object_get(r, "items")), expect);
        json_decref(r);
      }
      if (d == 0) {
        json_array_foreach(json_object_get(base, "items"), i, t) {
          json_t *one = NULL;
          assert_int_equal(nq_store_task_get(f->s, json_integer_value(json_object_get(t, "id")),
                                             &one, &err), NQ_OK);
          assert_true(json_equal(json_object_get(t, "lead"), json_object_get(one, "lead")));
          assert_true(json_equal(json_object_get(t, "support"), json_object_get(one, "support")));
          json_decref(one);
        }
      }
      json_decref(base);
    }
  }

  /* Overview counts add up to the plan's tasks. */
  json_t *ov = NULL;
  assert_int_equal(nq_store_plan_overview(f->s, 1, "2026-01-01", &ov, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(ov, "total")), 28);
  json_int_t sum = 0;
  const char *k;
  json_t *v;
  json_object_foreach(json_object_get(ov, "by_status"), k, v) sum += json_integer_value(v);
  assert_int_equal(sum, 28);
  assert_true(json_array_size(json_object_get(ov, "by_lead")) > 3);
  json_decref(ov);
  assert_int_equal(nq_store_plan_overview(f->s, 1, "2026-13-01", &ov, &err), NQ_EINVAL);
}

static void test_if_match(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_demo(f->s, &err), NQ_OK);
  json_t *t = NULL;
  assert_int_equal(nq_store_task_get(f->s, 1, &t, &err), NQ_OK);
  int64_t v = json_integer_value(json_object_get(t, "version"));
  json_decref(t);
  int64_t gen = nq_store_generation(f->s);

  json_t *patch = json_pack("{s:i,s:s,s:[s]}", "percent", 40, "title", "Nhiệm vụ đã sửa về an ninh mạng",
                            "support", "Sở Tài chính");
  json_t *out = NULL;
  assert_int_equal(nq_store_task_update(f->s, &tester, 1, v, patch, &out, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(out, "version")), v + 1);
  assert_int_equal(json_integer_value(json_object_get(out, "percent")), 40);
  assert_int_equal(json_array_size(json_object_get(out, "support")), 1);
  json_decref(out);
  assert_true(nq_store_generation(f->s) > gen);

  /* A second writer with the old version is refused, and nothing changes. */
  json_t *other = json_pack("{s:i}", "percent", 90);
  assert_int_equal(nq_store_task_update(f->s, &tester, 1, v, other, &out, &err), NQ_EPRECOND);
  json_decref(other);
  assert_int_equal(nq_store_task_get(f->s, 1, &t, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(t, "percent")), 40);
  json_decref(t);

  /* The new title is searchable, accent-free; the edit is audited. */
  nq_task_filter q = {.q = "an ninh mang", .limit = 10};
  json_t *r = NULL;
  assert_int_equal(nq_store_tasks_query(f->s, &q, &r, &err), NQ_OK);
  assert_true(json_integer_value(json_object_get(r, "total")) >= 1);
  json_decref(r);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM audit_log WHERE entity='task'"
                                       " AND entity_id=1 AND action='update' AND actor_name='tester'"
                                       " AND before_json LIKE '%\"percent\":0%'"
                                       " AND after_json LIKE '%\"percent\":40%'"), 1);

  json_t *bad = json_pack("{s:i}", "percent", 140);
  assert_int_equal(nq_store_task_update(f->s, &tester, 1, -1, bad, &out, &err), NQ_EINVAL);
  json_decref(bad);
  bad = json_pack("{s:s}", "code", "X");
  assert_int_equal(nq_store_task_update(f->s, &tester, 1, -1, bad, &out, &err), NQ_EINVAL);
  json_decref(bad);
  json_t *done = json_pack("{s:b}", "done", 1);
  assert_int_equal(nq_store_task_update(f->s, &tester, 1, v + 1, done, &out, &err), NQ_OK);
  assert_true(json_is_string(json_object_get(out, "done_date")));
  json_decref(out);
  json_decref(done);
  assert_int_equal(nq_store_task_update(f->s, &tester, 99999, -1, patch, &out, &err), NQ_ENOTFOUND);
  json_decref(patch);
}

/* Response caches key on the generation: it must move when another handle
** (another process, e.g. `nq57 load` beside the server) commits. */
static void test_generation_across_handles(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  nq_store *other = NULL;
  assert_int_equal(nq_store_open(&other, f->path, &err), NQ_OK);
  int64_t g0 = nq_store_generation(f->s);
  assert_int_equal(nq_store_generation(f->s), g0); /* stable while nothing changes */
  assert_int_equal(nq_store_seed_agencies(other, &tester, &err), NQ_OK);
  assert_true(nq_store_generation(f->s) > g0);
  int64_t g1 = nq_store_generation(f->s);
  json_t *u = json_pack("{s:s}", "name", "Sở Mới");
  assert_int_equal(nq_store_unit_create(f->s, &tester, u, NULL, &err), NQ_OK);
  json_decref(u);
  assert_true(nq_store_generation(f->s) > g1);
  nq_store_close(other);
}

/* Signing in writes (login attempts, sessions) but changes no API answer:
** the data generation, which the response cache keys on, stays; the full
** generation, which identity caches key on, moves. Anything else, and
** another process's write of any kind, moves both. */
static void test_signin_keeps_data_generation(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  int64_t g0 = nq_store_generation(f->s), d0 = nq_store_data_generation(f->s);
  assert_int_equal(nq_store_login_attempt(f->s, "ai-do", "127.0.0.1", false, "sai mật khẩu", 1000, &err),
                   NQ_OK);
  assert_true(nq_store_generation(f->s) > g0);
  assert_int_equal(nq_store_data_generation(f->s), d0);

  json_t *u = json_pack("{s:s}", "name", "Sở Thử nghiệm");
  assert_int_equal(nq_store_unit_create(f->s, &tester, u, NULL, &err), NQ_OK);
  json_decref(u);
  assert_true(nq_store_data_generation(f->s) > d0);

  int64_t d1 = nq_store_data_generation(f->s);
  nq_store *other = NULL;
  assert_int_equal(nq_store_open(&other, f->path, &err), NQ_OK);
  assert_int_equal(nq_store_login_attempt(other, "ai-do", "127.0.0.1", false, "sai mật khẩu", 1001, &err),
                   NQ_OK);
  assert_true(nq_store_data_generation(f->s) > d1); /* what another process wrote is unknown */
  nq_store_close(other);
}

/* An acknowledged write survives the process dying right after it (no
** close, no checkpoint): it is in the WAL, synced before the call returned. */
static void test_crash_keeps_acknowledged_writes(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_agencies(f->s, &tester, &err), NQ_OK);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    nq_store *s = NULL;
    nq_err e = {0};
    json_t *u = json_pack("{s:s}", "name", "Đơn vị ghi trước khi sập");
    if (nq_store_open(&s, f->path, &e) || nq_store_unit_create(s, &tester, u, NULL, &e)) _exit(1);
    _exit(0); /* like a crash: no close, no checkpoint, no free */
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  int64_t id = 0;
  assert_int_equal(nq_store_unit_resolve(f->s, "don vi ghi truoc khi sap", &id, &err), NQ_OK);
  json_t *res = NULL;
  assert_int_equal(nq_store_check(f->s, &res, &err), NQ_OK);
  assert_true(json_is_true(json_object_get(res, "ok")));
  json_decref(res);
}

/* ---- integrity ------------------------------------------------------------- */

static void test_audit_tamper(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_demo(f->s, &err), NQ_OK);
  json_t *res = NULL;
  assert_int_equal(nq_store_check(f->s, &res, &err), NQ_OK);
  assert_true(json_is_true(json_object_get(res, "ok")));
  json_decref(res);
  assert_true(count_rows(f->path, "SELECT count(*) FROM audit_log") > 10);

  exec_raw(f->path, "UPDATE audit_log SET actor_name='someone-else' WHERE id=5");
  assert_int_equal(nq_store_check(f->s, &res, &err), NQ_OK);
  assert_true(json_is_false(json_object_get(res, "ok")));
  const char *problem = json_string_value(json_array_get(json_object_get(res, "problems"), 0));
  assert_non_null(strstr(problem, "dòng 5"));
  json_decref(res);

  /* Deleting a row breaks the link of the next one. */
  exec_raw(f->path, "UPDATE audit_log SET actor_name='demo-loader' WHERE id=5;"
                    "DELETE FROM audit_log WHERE id=8");
  assert_int_equal(nq_store_check(f->s, &res, &err), NQ_OK);
  assert_true(json_is_false(json_object_get(res, "ok")));
  problem = json_string_value(json_array_get(json_object_get(res, "problems"), 0));
  assert_non_null(strstr(problem, "dòng 9"));
  json_decref(res);
}

static void test_backup_restore(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_demo(f->s, &err), NQ_OK);
  char dest[192];
  snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
  assert_int_equal(nq_store_backup(f->s, dest, &err), NQ_OK);
  assert_int_equal(count_rows(dest, "SELECT count(*) FROM tasks"), 28 + 37 + 43);

  json_t *patch = json_pack("{s:i}", "percent", 77), *out = NULL;
  assert_int_equal(nq_store_task_update(f->s, &tester, 2, -1, patch, &out, &err), NQ_OK);
  json_decref(patch);
  json_decref(out);
  assert_int_equal(nq_store_restore(f->s, dest, &err), NQ_OK);
  json_t *t = NULL;
  assert_int_equal(nq_store_task_get(f->s, 2, &t, &err), NQ_OK);
  assert_int_equal(json_integer_value(json_object_get(t, "percent")), 0);
  json_decref(t);
  json_t *res = NULL;
  assert_int_equal(nq_store_check(f->s, &res, &err), NQ_OK);
  assert_true(json_is_true(json_object_get(res, "ok")));
  json_decref(res);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM audit_log WHERE action='restore'"), 1);

  /* A backup from an older nq57 (a migration missing) is brought up to date. */
  exec_raw(dest, "DROP INDEX tasks_done_kind_due; DELETE FROM schema_migrations WHERE version=4");
  assert_int_equal(nq_store_restore(f->s, dest, &err), NQ_OK);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sqlite_master WHERE name='tasks_done_kind_due'"), 1);
  assert_int_equal(count_rows(f->path, "SELECT max(version) FROM schema_migrations"), nq_store_schema_latest());
  /* One from a newer nq57 is refused, and nothing changes. */
  exec_raw(dest, "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')");
  int64_t audit_rows = count_rows(f->path, "SELECT count(*) FROM audit_log");
  assert_int_equal(nq_store_restore(f->s, dest, &err), NQ_ECONFLICT);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM audit_log"), audit_rows);

  /* A file that is not an nq57 database is refused before anything changes. */
  char junk[192];
  snprintf(junk, sizeof junk, "%s/junk.db", f->dir);
  FILE *fp = fopen(junk, "w");
  fputs("not a database at all, just text padding padding padding padding padding", fp);
  fclose(fp);
  assert_int_equal(nq_store_restore(f->s, junk, &err), NQ_EINVAL);
  snprintf(junk, sizeof junk, "%s/missing.db", f->dir);
  assert_int_equal(nq_store_restore(f->s, junk, &err), NQ_ENOTFOUND);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM tasks"), 28 + 37 + 43);
}

static void test_bad_plan_leaves_nothing(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_agencies(f->s, &tester, &err), NQ_OK);
  int64_t units = count_rows(f->path, "SELECT count(*) FROM units");
  int64_t audit = count_rows(f->path, "SELECT count(*) FROM audit_log");
  json_t *plan = load_gold(gold_files[0]);
  json_t *task = json_array_get(json_object_get(plan, "tasks"), 3);
  json_object_set_new(json_object_get(task, "schedule"), "due", json_string("2025-02-30"));
  int64_t id = 0;
  assert_int_equal(nq_store_plan_create(f->s, &tester, plan, &id, &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "tasks[3].schedule.due"));
  json_decref(plan);

  /* A failure half-way through the database writes rolls everything back:
  ** the last task's code collides only after the agencies were created. */
  plan = json_loads("{\"plan\":{\"title\":\"K\",\"number\":\"9/KH\"},\"tasks\":["
                    "{\"code\":\"1\",\"title\":\"a\",\"lead\":[\"Cơ quan Mới Toanh\"]}],"
                    "\"duties\":[{\"unit\":\"(...)\",\"text\":\"x\"}]}", 0, NULL);
  assert_int_equal(nq_store_plan_create(f->s, &tester, plan, &id, &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "duties[0].unit"));
  json_decref(plan);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM plans"), 0);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM tasks"), 0);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM units"), units);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM audit_log"), audit);

  /* Second load of the same plan: refused, and the first stays whole. */
  create_gold(f, gold_files[0]);
  int64_t tasks = count_rows(f->path, "SELECT count(*) FROM tasks");
  plan = load_gold(gold_files[0]);
  assert_int_equal(nq_store_plan_create(f->s, &tester, plan, &id, &err), NQ_ECONFLICT);
  json_decref(plan);
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM tasks"), tasks);
}

/* Readers and the writer share the handle from several threads. */
typedef struct reader_arg {
  nq_store *s;
  int failures;
} reader_arg;

static void *reader(void *p) {
  reader_arg *a = p;
  for (int i = 0; i < 50; i++) {
    nq_err err = {0};
    json_t *r = NULL;
    nq_task_filter flt = {.plan_id = 2, .limit = 20};
    if (nq_store_tasks_query(a->s, &flt, &r, &err) ||
        json_integer_value(json_object_get(r, "total")) != 37)
      a->failures++;
    json_decref(r);
  }
  return NULL;
}

static void *writer(void *p) {
  reader_arg *a = p;
  for (int i = 0; i < 20; i++) {
    nq_err err = {0};
    json_t *patch = json_pack("{s:i}", "percent", i + 1), *out = NULL;
    if (nq_store_task_update(a->s, &tester, 30 + i, -1, patch, &out, &err)) a->failures++;
    json_decref(patch);
    json_decref(out);
  }
  return NULL;
}

static void test_threads(void **state) {
  fixture *f = *state;
  nq_err err = {0};
  assert_int_equal(nq_store_seed_demo(f->s, &err), NQ_OK);
  pthread_t th[5];
  reader_arg args[5];
  for (int i = 0; i < 5; i++) {
    args[i] = (reader_arg){f->s, 0};
    pthread_create(&th[i], NULL, i == 4 ? writer : reader, &args[i]);
  }
  /* A backup taken while the writer runs is a consistent database. */
  char dest[192];
  snprintf(dest, sizeof dest, "%s/during.db", f->dir);
  assert_int_equal(nq_store_backup(f->s, dest, &err), NQ_OK);
  for (int i = 0; i < 5; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(args[i].failures, 0);
  }
  assert_int_equal(count_rows(f->path, "SELECT count(*) FROM audit_log WHERE action='update'"), 20);
  nq_store *copy = NULL;
  assert_int_equal(nq_store_open(&copy, dest, &err), NQ_OK);
  json_t *res = NULL;
  assert_int_equal(nq_store_check(copy, &res, &err), NQ_OK);
  assert_true(json_is_true(json_object_get(res, "ok")));
  json_decref(res);
  nq_store_close(copy);
  /* Each committed update is in the copy with its audit row, or neither. */
  assert_int_equal(count_rows(dest, "SELECT count(*) FROM audit_log WHERE action='update'"),
                   count_rows(dest, "SELECT count(*) FROM tasks WHERE id BETWEEN 30 AND 49"
                                    " AND version>1"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
    cmocka_unit_test_setup_teardown(test_gold_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown(test_units_resolve, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unknown_agencies_proposed, setup, teardown),
    cmocka_unit_test_setup_teardown(test_full_plan_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown(test_search_and_filters, setup, teardown),
    cmocka_unit_test_setup_teardown(test_if_match, setup, teardown),
    cmocka_unit_test_setup_teardown(test_generation_across_handles, setup, teardown),
    cmocka_unit_test_setup_teardown(test_signin_keeps_data_generation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_crash_keeps_acknowledged_writes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_audit_tamper, setup, teardown),
    cmocka_unit_test_setup_teardown(test_backup_restore, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bad_plan_leaves_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
