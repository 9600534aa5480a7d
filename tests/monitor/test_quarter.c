/* test_quarter.c: a full quarter of the seed plan 15-KH/ĐU on a real
** database: periods from the plan's regime, three units reporting monthly
** and quarterly through the whole flow (one late, one returned and sent
** again), the aggregator's compilation, the quarter's DOCX and XLSX read
** back and checked against the database, scorecards, digest, warnings and
** the audit trail. */
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
#include <unistd.h>

#include "monitor/monitor.h"
#include "readback.h"
#include "report/docx.h"
#include "report/xlsx.h"
#include "store/store.h"

typedef struct world {
  char *dir, path[4096];
  nq_store *s;
  int64_t plan, sci, fin, home, agg;        /* plan and units */
  int64_t sci_officer, sci_head, fin_head, home_head, agg_officer, agg_clerk, steering;
  int64_t indicator;
} world;

static world W;

static nq_actor as(int64_t user, const char *name) { return (nq_actor){user, name, "test"}; }

static void ok(nq_code rc, const nq_err *err) {
  if (rc) fail_msg("nq_code %d: %s", rc, err->msg);
}

static int64_t exec_id(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
  return sqlite3_last_insert_rowid(db);
}

static int64_t unit(const char *name) {
  int64_t id = 0;
  nq_err err = {0};
  ok(nq_store_unit_resolve(W.s, name, &id, &err), &err);
  return id;
}

static int64_t user_as(sqlite3 *db, const char *login, const char *name, int64_t unit_id, const char *role,
                       int scope_all) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO users(login, full_name, role, unit_id, scope_all, created_at) VALUES ('%s', '%s', '%s', %lld,"
           " %d, '2025-01-01T00:00:00Z')", login, name, role, (long long)unit_id, scope_all);
  return exec_id(db, sql);
}

static int64_t user(sqlite3 *db, const char *login, const char *name, int64_t unit_id) {
  return user_as(db, login, name, unit_id, "officer", 0);
}

static int setup(void **state) {
  (void)state;
  W.dir = rb_tempdir();
  snprintf(W.path, sizeof W.path, "%s/nq57.db", W.dir);
  nq_err err = {0};
  ok(nq_store_open(&W.s, W.path, &err), &err);
  ok(nq_store_seed_demo(W.s, &err), &err);
  json_t *plans;
  ok(nq_store_plans_list(W.s, &plans, &err), &err);
  size_t i;
  json_t *p;
  json_array_foreach(plans, i, p) {
    const char *number = json_string_value(json_object_get(p, "number"));
    if (number && strcmp(number, "15-KH/ĐU") == 0) W.plan = json_integer_value(json_object_get(p, "id"));
  }
  json_decref(plans);
  assert_true(W.plan > 0);
  W.sci = unit("Đảng ủy Sở Khoa học và Công nghệ");
  W.fin = unit("Đảng ủy Sở Tài chính");
  W.home = unit("Đảng ủy Sở Nội vụ");
  W.agg = unit("Sở Khoa học và Công nghệ");

  /* People and one indicator, written as the auth and import modules would. */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(W.path, &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  W.sci_officer = user(db, "skhcn.cb", "Lê Thị Bình", W.sci);
  W.sci_head = user(db, "skhcn.gd", "Trần Văn Cường", W.sci);
  W.fin_head = user(db, "stc.gd", "Phạm Thị Dung", W.fin);
  /* Nội vụ's head is known by the auth role alone (no unit_heads row). */
  W.home_head = user_as(db, "snv.gd", "Hoàng Văn Em", W.home, "head", 0);
  W.steering = user_as(db, "bcd.th", "Đỗ Văn Hải", unit("Sở Nội vụ"), "aggregator", 1);
  /* The aggregating body's reviewer: an aggregator account of its unit. */
  W.agg_officer = user_as(db, "thop.cb", "Ngô Thị Giang", W.agg, "aggregator", 0);
  W.agg_clerk = user(db, "thop.vt", "Văn Thị Hà", W.agg);
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO indicators(plan_id, ordinal, code, name, measure, aggregation)"
           " VALUES (%lld, 1, 'I.1', 'Tỷ lệ hồ sơ công việc được xử lý trên môi trường số', '%%', 'mean')",
           (long long)W.plan);
  W.indicator = exec_id(db, sql);
  snprintf(sql, sizeof sql, "INSERT INTO indicator_targets(indicator_id, year, target) VALUES (%lld, 2025, '>=90')",
           (long long)W.indicator);
  exec_id(db, sql);
  sqlite3_close(db);

  nq_actor admin = as(0, "cli");
  ok(nq_monitor_set_aggregator(W.s, &admin, W.plan, W.agg, &err), &err);
  ok(nq_monitor_set_head(W.s, &admin, W.sci, W.sci_head, false, &err), &err);
  ok(nq_monitor_set_head(W.s, &admin, W.fin, W.fin_head, false, &err), &err);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  nq_store_close(W.s);
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", W.dir);
  if (system(cmd) != 0) return 1;
  free(W.dir);
  return 0;
}

static int64_t period(const char *code) {
  int64_t id = 0;
  nq_err err = {0};
  ok(nq_monitor_period_find(W.s, W.plan, code, &id, &err), &err);
  return id;
}

/* The unit fills in every task it leads: percent grows by month. */
static void fill(int64_t report, int64_t unit_id, int month_index, const char *difficulty) {
  nq_err err = {0};
  json_t *r;
  ok(nq_monitor_report_get(W.s, report, &r, &err), &err);
  json_t *items = json_array();
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(r, "items"), i, it) {
    int pct = (int)(20 * month_index + 5 * (int)i);
    if (pct > 100) pct = 100;
    json_t *item = json_pack("{s:O, s:s, s:i, s:s, s:s, s:s}", "task_id", json_object_get(it, "task_id"),
                             "status", pct == 100 ? "done" : "in_progress", "percent", pct,
                             "results", "Đã triển khai theo kế hoạch", "difficulties", difficulty,
                             "proposals", "Đề nghị bố trí kinh phí cho hạ tầng số");
    if (i == 0) json_object_set_new(item, "evidence", json_pack("[{s:s, s:s}]", "kind", "document", "ref", "12/QĐ-UBND"));
    json_array_append_new(items, item);
  }
  double value = unit_id == W.sci ? 80 + month_index : unit_id == W.fin ? 70 : 60;
  json_t *body = json_pack("{s:o, s:[{s:I, s:f, s:s}], s:{s:s, s:s}}", "items", items, "indicators",
                           "indicator_id", (json_int_t)W.indicator, "value", value, "source", "Hệ thống quản lý văn bản",
                           "sections", "results", "Hoàn thành các nhiệm vụ trọng tâm của kỳ.",
                           "next", "Tiếp tục triển khai các nhiệm vụ còn lại.");
  nq_actor officer = as(unit_id == W.sci ? W.sci_officer : unit_id == W.fin ? W.fin_head : W.home_head, "u");
  ok(nq_monitor_report_save(W.s, &officer, report, body, &err), &err);
  json_decref(body);
  json_decref(r);
}

static void head_sends(int64_t report, int64_t head, const char *at) {
  nq_err err = {0};
  nq_actor h = as(head, "head");
  ok(nq_monitor_report_act(W.s, &h, report, NQ_ACT_APPROVE, NULL, at, &err), &err);
  ok(nq_monitor_report_act(W.s, &h, report, NQ_ACT_SUBMIT, NULL, at, &err), &err);
}

static void test_full_quarter(void **state) {
  (void)state;
  nq_err err = {0};
  nq_actor admin = as(0, "cli"), agg = as(W.agg_officer, "thop.cb");
  /* Who carries out what: the head is known, the lead tasks listed. */
  json_t *assign;
  ok(nq_monitor_assignments(W.s, W.plan, &assign, &err), &err);
  size_t ai;
  json_t *a;
  int seen = 0;
  json_array_foreach(assign, ai, a) {
    if (json_integer_value(json_object_get(a, "unit_id")) != W.sci) continue;
    seen = 1;
    assert_int_equal(json_array_size(json_object_get(a, "lead")), 11);
    assert_string_equal(json_string_value(json_object_get(a, "head")), "Trần Văn Cường");
  }
  assert_true(seen);
  json_decref(assign);
  json_t *periods;
  ok(nq_monitor_periods_generate(W.s, &admin, W.plan, 2025, &periods, &err), &err);
  /* Regime of 15-KH/ĐU: monthly, quarterly, 6-month, 9-month, yearly (+ ad hoc). */
  assert_int_equal(json_array_size(periods), 12 + 4 + 1 + 1 + 1);
  json_decref(periods);
  ok(nq_monitor_periods_generate(W.s, &admin, W.plan, 2025, NULL, &err), &err);  /* idempotent */
  json_t *p;
  ok(nq_monitor_period_get(W.s, period("2025-08"), &p, &err), &err);
  assert_string_equal(json_string_value(json_object_get(p, "due_date")), "2025-08-20");
  assert_true(json_integer_value(json_object_get(p, "expected")) >= 3);
  json_decref(p);

  /* An ad hoc request has its own dates; every reporting unit owes it. */
  int64_t adhoc;
  json_t *req = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", "Báo cáo nhanh tình hình triển khai Đề án 06",
                          "request", "Số liệu đến hết ngày 15/8", "start", "2025-08-01", "end", "2025-08-15",
                          "due", "2025-08-18");
  ok(nq_monitor_period_adhoc(W.s, &admin, W.plan, req, &adhoc, &err), &err);
  json_object_set_new(req, "due", json_string("18/8"));
  assert_int_equal(nq_monitor_period_adhoc(W.s, &admin, W.plan, req, NULL, &err), NQ_EINVAL);
  json_decref(req);
  ok(nq_monitor_period_get(W.s, adhoc, &p, &err), &err);
  assert_string_equal(json_string_value(json_object_get(p, "code")), "2025-AH1");
  assert_string_equal(json_string_value(json_object_get(p, "due_date")), "2025-08-18");
  assert_true(json_integer_value(json_object_get(p, "expected")) >= 3);
  json_decref(p);

  const char *months[] = {"2025-07", "2025-08", "2025-09"};
  int64_t units[] = {W.sci, W.fin, W.home}, heads[] = {W.sci_head, W.fin_head, W.home_head};
  int64_t returned_report = 0, late_report = 0;
  for (int m = 0; m < 3; m++) {
    for (int u = 0; u < 3; u++) {
      int64_t rep;
      ok(nq_monitor_report_find(W.s, period(months[m]), units[u], &rep, &err), &err);
      const char *difficulty = u == 0 ? "Thiếu kinh phí để triển khai hạ tầng số"
                             : u == 1 ? "Kinh phí triển khai hạ tầng số còn thiếu, chưa được bố trí"
                                      : "Thiếu nhân lực chuyên trách về chuyển đổi số";
      fill(rep, units[u], m + 1, difficulty);
      char at[32];
      /* Tài chính sends August on the 25th: five days late. */
      snprintf(at, sizeof at, "%s-%s", months[m], u == 1 && m == 1 ? "25" : "15");
      if (u == 0 && m == 0) {
        /* The officer may not send; the head must approve first. */
        nq_actor officer = as(W.sci_officer, "skhcn.cb"), head = as(W.sci_head, "skhcn.gd");
        assert_int_equal(nq_monitor_report_act(W.s, &officer, rep, NQ_ACT_SUBMIT, NULL, at, &err), NQ_EFORBIDDEN);
        assert_int_equal(nq_monitor_report_act(W.s, &head, rep, NQ_ACT_SUBMIT, NULL, at, &err), NQ_ECONFLICT);
        nq_actor other_head = as(W.fin_head, "stc.gd");
        assert_int_equal(nq_monitor_report_act(W.s, &other_head, rep, NQ_ACT_APPROVE, NULL, at, &err), NQ_EFORBIDDEN);
      }
      head_sends(rep, heads[u], at);
      if (u == 2 && m == 2) {
        /* Nội vụ's September report goes back for correction; staff of
        ** the aggregating unit without the aggregator role may not. */
        nq_actor clerk = as(W.agg_clerk, "thop.vt");
        assert_int_equal(nq_monitor_report_act(W.s, &clerk, rep, NQ_ACT_RETURN, "Sai", "2025-09-16", &err), NQ_EFORBIDDEN);
        assert_int_equal(nq_monitor_report_act(W.s, &agg, rep, NQ_ACT_RETURN, "", "2025-09-16", &err), NQ_EUNPROCESSABLE);
        ok(nq_monitor_report_act(W.s, &agg, rep, NQ_ACT_RETURN, "Bổ sung số liệu chỉ tiêu I.1", "2025-09-16", &err), &err);
        fill(rep, units[u], 3, "Thiếu nhân lực chuyên trách chuyển đổi số ở cấp xã");
        head_sends(rep, heads[u], "2025-09-22");
        returned_report = rep;
      }
      if (u == 1 && m == 1) late_report = rep;
      ok(nq_monitor_report_act(W.s, &agg, rep, NQ_ACT_ACCEPT, NULL, returned_report == rep ? "2025-09-23" : at, &err), &err);
    }
  }
  /* The quarterly report of each unit, on time. */
  for (int u = 0; u < 3; u++) {
    int64_t rep;
    ok(nq_monitor_report_open(W.s, &admin, period("2025-Q3"), units[u], &rep, &err), &err);
    fill(rep, units[u], 3, "Thiếu kinh phí đầu tư hạ tầng số");
    head_sends(rep, heads[u], "2025-09-08");
    /* An aggregator account scoped to every plan may accept too. */
    nq_actor scoped = as(W.steering, "bcd.th");
    ok(nq_monitor_report_act(W.s, u == 0 ? &scoped : &agg, rep, NQ_ACT_ACCEPT, NULL, "2025-09-09", &err), &err);
  }

  /* Timeliness: late judged on the first submission, the returned one
  ** stays on time, with its whole history. */
  json_t *list;
  ok(nq_monitor_reports_list(W.s, period("2025-08"), &list, &err), &err);
  size_t i;
  json_t *row;
  int late = 0;
  json_array_foreach(list, i, row) {
    if (json_integer_value(json_object_get(row, "report_id")) == late_report) {
      assert_string_equal(json_string_value(json_object_get(row, "timeliness")), "late");
      assert_int_equal(json_integer_value(json_object_get(row, "days_late")), 5);
      late++;
    }
  }
  assert_int_equal(late, 1);
  json_decref(list);
  json_t *r;
  ok(nq_monitor_report_get(W.s, returned_report, &r, &err), &err);
  assert_string_equal(json_string_value(json_object_get(r, "state")), "accepted");
  assert_string_equal(json_string_value(json_object_get(r, "timeliness")), "on_time");
  assert_int_equal(json_integer_value(json_object_get(r, "submit_count")), 2);
  assert_string_equal(json_string_value(json_object_get(r, "return_comment")), "Bổ sung số liệu chỉ tiêu I.1");
  const char *flow[] = {"save", "approve", "submit", "return", "save", "approve", "submit", "accept"};
  json_t *events = json_object_get(r, "events");
  size_t nflow = sizeof flow / sizeof flow[0], first = json_array_size(events) - nflow;
  for (size_t k = 0; k < nflow; k++)
    assert_string_equal(json_string_value(json_object_get(json_array_get(events, first + k), "action")), flow[k]);
  json_t *item0 = json_array_get(json_object_get(r, "items"), 0);
  assert_true(json_integer_value(json_object_get(item0, "update_id")) > 0);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(item0, "evidence"), 0), "ref")),
                      "12/QĐ-UBND");
  json_decref(r);

  /* Nothing moves after acceptance. */
  nq_actor head = as(W.sci_head, "skhcn.gd");
  int64_t rep;
  ok(nq_monitor_report_find(W.s, period("2025-07"), W.sci, &rep, &err), &err);
  assert_int_equal(nq_monitor_report_act(W.s, &head, rep, NQ_ACT_SUBMIT, NULL, NULL, &err), NQ_ECONFLICT);

  /* The cascade: two tasks of a lower plan (seed 003) carry out a task of
  ** 15-KH/ĐU that no reporting unit leads; their progress becomes its figure. */
  sqlite3 *cdb;
  assert_int_equal(sqlite3_open(W.path, &cdb), SQLITE_OK);
  sqlite3_busy_timeout(cdb, 5000);
  char sql[1024];
  snprintf(sql, sizeof sql,
           "UPDATE tasks SET parent_task_id=(SELECT t.id FROM tasks t WHERE t.plan_id=%lld AND NOT EXISTS"
           " (SELECT 1 FROM task_units tu WHERE tu.task_id=t.id AND tu.role='lead' AND tu.unit_id IN (%lld,%lld,%lld))"
           " ORDER BY t.ordinal LIMIT 1), percent=CASE WHEN id%%2=0 THEN 40 ELSE 60 END, done=0"
           " WHERE id IN (SELECT id FROM tasks WHERE plan_id<>%lld ORDER BY id LIMIT 2)",
           (long long)W.plan, (long long)W.sci, (long long)W.fin, (long long)W.home, (long long)W.plan);
  exec_id(cdb, sql);
  sqlite3_close(cdb);

  /* The aggregator compiles the quarter. */
  json_t *c;
  ok(nq_monitor_compile(W.s, &agg, period("2025-Q3"), 0, &c, &err), &err);
  assert_true(json_integer_value(json_object_get(c, "compilation_id")) > 0);
  json_t *sum = json_object_get(c, "summary"), *rep_sum = json_object_get(sum, "reports");
  assert_int_equal(json_integer_value(json_object_get(rep_sum, "late")), 1);
  assert_int_equal(json_integer_value(json_object_get(rep_sum, "on_time")), 11);
  /* Every figure names its updates; check one task against the database. */
  json_t *t0 = NULL;
  json_array_foreach(json_object_get(c, "tasks"), i, row)
    if (json_integer_value(json_object_get(row, "units_reported")) > 0) { t0 = row; break; }
  assert_non_null(t0);
  assert_true(json_array_size(json_object_get(t0, "updates")) >= 1);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(W.path, &db), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT percent, task_id FROM progress_updates WHERE id=?1", -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_int64(st, 1, json_integer_value(json_array_get(json_object_get(t0, "updates"), 0)));
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_true(fabs(sqlite3_column_double(st, 0) - json_number_value(json_object_get(t0, "percent"))) < 0.01);
  assert_int_equal(sqlite3_column_int64(st, 1), json_integer_value(json_object_get(t0, "task_id")));
  sqlite3_finalize(st);
  int cascaded = 0;
  json_array_foreach(json_object_get(c, "tasks"), i, row) {
    json_t *cas = json_object_get(row, "cascade");
    if (!json_is_object(cas)) continue;
    assert_int_equal(json_integer_value(json_object_get(cas, "children")), 2);
    assert_true(fabs(json_number_value(json_object_get(cas, "percent")) - 50.0) < 0.01);
    assert_string_equal(json_string_value(json_object_get(row, "percent_source")), "cascade");
    assert_true(fabs(json_number_value(json_object_get(row, "percent")) - 50.0) < 0.01);
    cascaded++;
  }
  assert_int_equal(cascaded, 1);
  /* Indicator: mean of the three units' latest values. */
  json_t *ind = json_array_get(json_object_get(c, "indicators"), 0);
  assert_int_equal(json_integer_value(json_object_get(ind, "units_reported")), 3);
  assert_true(fabs(json_number_value(json_object_get(ind, "value")) - (83.0 + 70 + 60) / 3) < 0.01);
  assert_string_equal(json_string_value(json_object_get(ind, "attained")), "not_attained");
  /* The digest puts the funding complaints of two units together. */
  json_t *d0 = json_array_get(json_object_get(json_object_get(c, "digest"), "difficulties"), 0);
  assert_int_equal(json_array_size(json_object_get(d0, "units")), 2);
  sqlite3_close(db);
  json_decref(c);

  /* The quarter's documents, read back. */
  json_t *doc;
  ok(nq_monitor_document(W.s, period("2025-Q3"), 0, "2025-10-05", &doc, &err), &err);
  char docx[4200], xlsx[4200];
  snprintf(docx, sizeof docx, "%s/q3.docx", W.dir);
  snprintf(xlsx, sizeof xlsx, "%s/q3.xlsx", W.dir);
  ok(nq_docx_write(doc, docx, &err), &err);
  ok(nq_xlsx_write(doc, xlsx, &err), &err);
  xmlDocPtr x = rb_zip_xml(docx, "word/document.xml");
  assert_non_null(x);
  json_t *tables = rb_docx_tables(x), *paras = rb_docx_paragraphs(x);
  json_t *task_table = json_array_get(tables, 2);
  assert_int_equal(json_array_size(task_table), json_array_size(json_object_get(doc, "tasks")) + 1);
  const char *cell = json_string_value(json_array_get(json_array_get(task_table, 1), 1));
  assert_string_equal(cell, json_string_value(json_object_get(json_array_get(json_object_get(doc, "tasks"), 0), "title")));
  int found_subject = 0;
  json_array_foreach(paras, i, row)
    if (strstr(json_string_value(row), "Quý III/2025")) found_subject = 1;
  assert_true(found_subject);
  json_decref(tables);
  json_decref(paras);
  xmlFreeDoc(x);
  json_t *sheet = rb_xlsx_sheet(xlsx, "Tình hình báo cáo");
  int late_rows = 0;
  json_array_foreach(sheet, i, row)
    if (json_string_value(json_array_get(row, 6)) && strcmp(json_string_value(json_array_get(row, 6)), "Chậm") == 0) {
      late_rows++;
      assert_true(json_real_value(json_array_get(row, 7)) == 5.0);
    }
  assert_int_equal(late_rows, 1);
  json_decref(sheet);
  json_decref(doc);

  /* One unit's own report for a month: its tasks only, issued by it. */
  ok(nq_monitor_document(W.s, period("2025-08"), W.fin, "2025-08-25", &doc, &err), &err);
  assert_string_equal(json_string_value(json_object_get(doc, "issuer")), "ĐẢNG ỦY SỞ TÀI CHÍNH");
  assert_string_equal(json_string_value(json_object_get(doc, "subject")),
                      "Kết quả thực hiện Kế hoạch số 15-KH/ĐU, Tháng 8/2025");
  assert_int_equal(json_array_size(json_object_get(doc, "tasks")), 5);
  assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "signer"), "name")), "Phạm Thị Dung");
  json_decref(doc);

  /* Scorecards for 2025: every lead unit ranked, Tài chính's late report counts. */
  json_t *sc;
  ok(nq_monitor_scorecards(W.s, W.plan, 2025, &sc, &err), &err);
  json_t *units_sc = json_object_get(sc, "units");
  assert_true(json_array_size(units_sc) >= 3);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(units_sc, 0), "rank")), 1);
  json_array_foreach(units_sc, i, row) {
    if (json_integer_value(json_object_get(row, "unit_id")) != W.fin) continue;
    assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "figures"), "reports_late")), 1);
  }
  json_decref(sc);

  /* Amendments: each is a new plan version with who, when and why. */
  nq_actor lead = as(W.agg_officer, "thop.cb");
  json_t *tasks_page;
  nq_task_filter f = {.plan_id = W.plan, .limit = 500};
  ok(nq_store_tasks_query(W.s, &f, &tasks_page, &err), &err);
  int64_t task = json_integer_value(json_object_get(json_array_get(json_object_get(tasks_page, "items"), 0), "id"));
  json_decref(tasks_page);
  json_t *am, *change = json_pack("{s:s, s:I, s:s}", "kind", "deadline", "task_id", (json_int_t)task, "due", "2026-03-31");
  assert_int_equal(nq_monitor_amend(W.s, &lead, W.plan, change, &am, &err), NQ_EUNPROCESSABLE);  /* no reason */
  json_object_set_new(change, "reason", json_string("Chờ hướng dẫn của Trung ương"));
  json_object_set_new(change, "document", json_string("25/QĐ-UBND"));
  ok(nq_monitor_amend(W.s, &lead, W.plan, change, &am, &err), &err);
  assert_string_equal(json_string_value(json_object_get(json_object_get(am, "after"), "due")), "2026-03-31");
  assert_string_equal(json_string_value(json_object_get(am, "reason")), "Chờ hướng dẫn của Trung ương");
  json_int_t v1 = json_integer_value(json_object_get(am, "version"));
  json_decref(am);
  json_decref(change);
  change = json_pack("{s:s, s:I, s:[I], s:s}", "kind", "reassign", "task_id", (json_int_t)task,
                     "lead", (json_int_t)W.home, "reason", "Chuyển chức năng quản lý");
  ok(nq_monitor_amend(W.s, &lead, W.plan, change, &am, &err), &err);
  assert_int_equal(json_integer_value(json_object_get(am, "version")), v1 + 1);
  json_decref(am);
  json_decref(change);
  change = json_pack("{s:s, s:I, s:i, s:s, s:s}", "kind", "target", "indicator_id", (json_int_t)W.indicator,
                     "year", 2025, "target", ">=80", "reason", "Điều chỉnh theo sơ kết 6 tháng");
  ok(nq_monitor_amend(W.s, &lead, W.plan, change, &am, &err), &err);
  assert_string_equal(json_string_value(json_object_get(json_object_get(am, "before"), "target")), ">=90");
  json_decref(am);
  json_decref(change);
  change = json_pack("{s:s, s:{s:s, s:s, s:[I], s:s}, s:s}", "kind", "add_task", "task",
                     "code", "IV.1", "title", "Xây dựng kho dữ liệu dùng chung", "lead", (json_int_t)W.fin,
                     "due", "2026-06-30", "reason", "Bổ sung theo chỉ đạo của Ban Chỉ đạo");
  ok(nq_monitor_amend(W.s, &lead, W.plan, change, &am, &err), &err);
  json_decref(am);
  assert_int_equal(nq_monitor_amend(W.s, &lead, W.plan, change, &am, &err), NQ_ECONFLICT);  /* same code */
  json_decref(change);
  json_t *ams;
  ok(nq_monitor_amendments(W.s, W.plan, &ams, &err), &err);
  assert_int_equal(json_array_size(ams), 4);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ams, 0), "kind")), "add_task");
  json_decref(ams);

  /* Warnings and audit trails. */
  json_t *warn;
  ok(nq_monitor_warnings(W.s, W.plan, "2025-12-15", &warn, &err), &err);
  assert_true(json_array_size(warn) > 0);
  json_decref(warn);
  nq_audit_query q = {.unit_id = W.fin, .limit = 500};
  json_t *audit;
  ok(nq_monitor_audit(W.s, &q, &audit, &err), &err);
  int submits = 0;
  json_array_foreach(audit, i, row) {
    const char *action = json_string_value(json_object_get(json_object_get(row, "after"), "action"));
    if (action && strcmp(action, "submit") == 0) submits++;
  }
  assert_int_equal(submits, 4);
  json_decref(audit);
  json_t *check;
  ok(nq_store_check(W.s, &check, &err), &err);
  assert_true(json_is_true(json_object_get(check, "ok")));
  json_decref(check);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_full_quarter, setup, teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
