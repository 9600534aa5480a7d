/*
** monitor_bench.c: the monitoring workload at national scale, through the
** monitor module's public functions: a province's quarter roll-up
** (nq_monitor_compile of the provincial People's Committee plan, with the
** cascade from its sectoral and commune plans), the quarter's DOCX
** (nq_monitor_document + nq_docx_render), and the scorecards of every unit
** for the year (nq_monitor_scorecards, plan 0). Targets of the issue
** "Monitoring": 200 ms, 1 s and 2 s.
**
** bench/gen.c writes twelve months of unit reports without periods or
** contents. The first run on a database adds a realistic quarter (the last
** one the generated reports cover) and keeps it: the year's periods of
** every plan through nq_monitor_periods_generate (the monitor's own rules,
** which also adopt the generated monthly reports), then in one bulk
** transaction each sent report's contents: one item per task the unit
** leads, taken from its latest progress update of the period (linked by
** update_id and progress_updates.report_id, as submitting does), the
** quarterly reports sent with the September ones (one in 13 late), and
** free sections (results, difficulties, proposals).
**
**   monitor_bench --db PATH [--runs N] [--trace MS]
**
** Prints, for each call, CPU and wall milliseconds (min and median of N
** runs, default 5) and the size of what it produced; --trace MS lists the
** SQL statements slower than MS.
*/
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/monitor.h"
#include "report/docx.h"
#include "store/sql.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

static const nq_actor bench_actor = {0, "bench/monitor_bench", "cli"};

static double clock_ms(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static nq_code sql_fail(sqlite3 *db, const char *what, nq_err *err) {
  return nq_fail(err, NQ_EIO, "%s: %s", what, sqlite3_errmsg(db));
}

/* One integer from SQL with one optional text parameter. */
static nq_code sql_int(sqlite3 *db, const char *sql, const char *arg, int64_t *out, nq_err *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return sql_fail(db, sql, err);
  if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? NQ_OK : sql_fail(db, sql, err);
}

static nq_code exec_bound(sqlite3 *db, const char *sql, const char *month0, const char *quarter,
                          nq_err *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return sql_fail(db, sql, err);
  int i = sqlite3_bind_parameter_index(st, ":month0");
  if (i) sqlite3_bind_text(st, i, month0, -1, SQLITE_TRANSIENT);
  i = sqlite3_bind_parameter_index(st, ":quarter");
  if (i) sqlite3_bind_text(st, i, quarter, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? NQ_OK : sql_fail(db, sql, err);
}

/* The quarter's report contents, in one transaction (see the file comment).
** :month0 is the quarter's first day, :quarter its code. */
static const char *const fill_sql[] = {
  /* Monthly reports the generator marked sent were sent once. */
  "UPDATE unit_reports SET first_submitted_at=submitted_at, submit_count=1"
  " WHERE period_kind='month' AND period_start>=:month0"
  " AND period_start<date(:month0, '+3 months') AND submitted_at IS NOT NULL",
  /* The quarterly report goes with the last month's: same state, sent
  ** before its due date, one in 13 a few days late. */
  "UPDATE unit_reports AS q SET state=m.state, accepted_at=m.accepted_at, returned_at=m.returned_at,"
  " submitted_at=CASE WHEN q.id % 13 = 0 THEN date(q.due_date, '+4 days') || 'T09:00:00Z'"
  "  ELSE date(q.due_date, '-' || (q.id % 5) || ' days') || 'T15:30:00Z' END,"
  " first_submitted_at=CASE WHEN q.id % 13 = 0 THEN date(q.due_date, '+4 days') || 'T09:00:00Z'"
  "  ELSE date(q.due_date, '-' || (q.id % 5) || ' days') || 'T15:30:00Z' END,"
  " submit_count=1"
  " FROM unit_reports m WHERE q.period_id IN (SELECT id FROM report_periods WHERE code=:quarter)"
  " AND m.plan_id=q.plan_id AND m.unit_id=q.unit_id AND m.period_kind='month'"
  " AND m.period_start=date(:month0, '+2 months') AND m.submitted_at IS NOT NULL",
  /* One item per task the unit leads, from its latest update of the period. */
  "INSERT INTO report_items(report_id, task_id, status, percent, results, difficulties, proposals,"
  " update_id)"
  " SELECT r.id, t.id,"
  "  COALESCE(pu.status, CASE WHEN t.done THEN 'done' WHEN t.percent>0 THEN 'in_progress'"
  "   ELSE 'not_started' END),"
  "  COALESCE(pu.percent, t.percent), pu.results, pu.difficulties, pu.proposals, pu.id"
  " FROM unit_reports r"
  " JOIN tasks t ON t.plan_id=r.plan_id"
  " JOIN task_units tu ON tu.task_id=t.id AND tu.role='lead' AND tu.unit_id=r.unit_id"
  " LEFT JOIN progress_updates pu ON pu.id=(SELECT p2.id FROM progress_updates p2"
  "  WHERE p2.task_id=t.id AND +p2.unit_id=r.unit_id AND p2.at>=r.period_start"
  "  AND p2.at<date(r.period_end, '+1 day') ORDER BY p2.at DESC, p2.id DESC LIMIT 1)"
  " WHERE r.period_start>=:month0 AND r.period_start<date(:month0, '+3 months')"
  " AND r.period_id IS NOT NULL AND r.submitted_at IS NOT NULL"
  " AND r.period_kind IN ('month','quarter')",
  /* Submitting ties each update to its report (the monthly one). */
  "UPDATE progress_updates SET report_id=ri.report_id FROM report_items ri"
  " JOIN unit_reports r ON r.id=ri.report_id AND r.period_kind='month'"
  " WHERE ri.update_id=progress_updates.id AND r.period_start>=:month0"
  " AND r.period_start<date(:month0, '+3 months')",
  /* Free sections of the quarterly reports. */
  "INSERT INTO report_sections(report_id, section, body)"
  " SELECT r.id, 'results', 'Trong quý, đơn vị đã triển khai các nhiệm vụ được giao theo kế hoạch;'"
  "  || ' ' || (SELECT count(*) FROM report_items i WHERE i.report_id=r.id AND i.status='done')"
  "  || ' nhiệm vụ đã hoàn thành, các nhiệm vụ còn lại đang được tổ chức thực hiện.'"
  " FROM unit_reports r WHERE r.period_id IN (SELECT id FROM report_periods WHERE code=:quarter)"
  " AND r.submitted_at IS NOT NULL",
  "INSERT INTO report_sections(report_id, section, body)"
  " SELECT r.id, 'difficulties', CASE r.id % 4"
  "  WHEN 0 THEN 'Kinh phí bố trí cho chuyển đổi số còn hạn chế, chưa đáp ứng yêu cầu.'"
  "  WHEN 1 THEN 'Nguồn nhân lực công nghệ thông tin tại cơ sở còn thiếu và yếu.'"
  "  WHEN 2 THEN 'Hạ tầng mạng tại một số xã vùng sâu, vùng xa chưa bảo đảm.'"
  "  ELSE 'Việc kết nối, chia sẻ dữ liệu giữa các hệ thống thông tin còn chậm.' END"
  " FROM unit_reports r WHERE r.period_id IN (SELECT id FROM report_periods WHERE code=:quarter)"
  " AND r.submitted_at IS NOT NULL AND r.id % 3 <> 0",
  "INSERT INTO report_sections(report_id, section, body)"
  " SELECT r.id, 'proposals', CASE r.id % 3"
  "  WHEN 0 THEN 'Đề nghị cấp trên bổ sung kinh phí thực hiện các nhiệm vụ chuyển đổi số.'"
  "  WHEN 1 THEN 'Đề nghị tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.'"
  "  ELSE 'Đề nghị sớm ban hành hướng dẫn kết nối cơ sở dữ liệu dùng chung.' END"
  " FROM unit_reports r WHERE r.period_id IN (SELECT id FROM report_periods WHERE code=:quarter)"
  " AND r.submitted_at IS NOT NULL AND r.id % 2 = 0",
};

/* Adds the quarter once; *quarter_out is its code ("2026-Q3"). */
static nq_code prepare_quarter(nq_store *s, const char *path, char quarter_out[16], nq_err *err) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    nq_code rc = sql_fail(db, path, err);
    sqlite3_close(db);
    return rc;
  }
  sqlite3_busy_timeout(db, 10000);
  /* The last month the generated reports cover, and its quarter. */
  sqlite3_stmt *st = NULL;
  nq_code rc = NQ_OK;
  if (sqlite3_prepare_v2(db, "SELECT max(period_start) FROM unit_reports WHERE period_kind='month'"
                             " AND submitted_at IS NOT NULL", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_text(st, 0)) {
    rc = nq_fail(err, NQ_ENOTFOUND, "%s: không có báo cáo tháng nào (no generated reports)", path);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
  }
  int year = 0, month = 0;
  sscanf((const char *)sqlite3_column_text(st, 0), "%d-%d", &year, &month);
  sqlite3_finalize(st);
  /* The last quarter whose three months are all covered. */
  int q = month / 3;
  if (q == 0) {
    year--;
    q = 4;
  }
  if (year < 2000 || year > 2100) {
    sqlite3_close(db);
    return nq_fail(err, NQ_EINVAL, "%s: năm không hợp lệ %d", path, year);
  }
  char month0[32];
  snprintf(quarter_out, 16, "%04d-Q%d", year % 10000, q % 10);
  snprintf(month0, sizeof month0, "%04d-%02d-01", year, (q % 10 - 1) * 3 + 1);

  int64_t have = 0;
  if ((rc = sql_int(db, "SELECT count(*) FROM report_items ri JOIN unit_reports r ON r.id=ri.report_id"
                        " JOIN report_periods p ON p.id=r.period_id WHERE p.code=?1",
                    quarter_out, &have, err)) || have) {
    sqlite3_close(db);
    return rc;
  }
  fprintf(stderr, "monitor_bench: thêm dữ liệu quý %s (adding the quarter's reports)...\n", quarter_out);
  double t0 = clock_ms(CLOCK_MONOTONIC);
  /* Periods the monitor's way, plan by plan (each call one transaction). */
  int64_t nplans = 0;
  if ((rc = sql_int(db, "SELECT count(*) FROM plans", NULL, &nplans, err))) goto out;
  /* Plans without the quarter's period yet (a run stopped half-way keeps
  ** what it committed). */
  if (sqlite3_prepare_v2(db, "SELECT id FROM plans WHERE id NOT IN"
                             " (SELECT plan_id FROM report_periods WHERE code=?1) ORDER BY id",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = sql_fail(db, "plans", err);
    goto out;
  }
  sqlite3_bind_text(st, 1, quarter_out, -1, SQLITE_TRANSIENT);
  while (!rc && sqlite3_step(st) == SQLITE_ROW)
    rc = nq_monitor_periods_generate(s, &bench_actor, sqlite3_column_int64(st, 0), year, NULL, err);
  sqlite3_finalize(st);
  if (rc) goto out;
  double t1 = clock_ms(CLOCK_MONOTONIC);
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    rc = sql_fail(db, "BEGIN", err);
    goto out;
  }
  for (size_t i = 0; i < sizeof fill_sql / sizeof fill_sql[0] && !rc; i++)
    rc = exec_bound(db, fill_sql[i], month0, quarter_out, err);
  if (rc || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    if (!rc) rc = sql_fail(db, "COMMIT", err);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    goto out;
  }
  sqlite3_exec(db, "ANALYZE", NULL, NULL, NULL);
  int64_t items = 0, reports = 0;
  sql_int(db, "SELECT count(*) FROM report_items", NULL, &items, err);
  sql_int(db, "SELECT count(*) FROM unit_reports WHERE period_id IS NOT NULL", NULL, &reports, err);
  fprintf(stderr, "monitor_bench: %lld plans' periods in %.1f s; %lld reports with periods,"
          " %lld items in %.1f s\n", (long long)nplans, (t1 - t0) / 1e3, (long long)reports,
          (long long)items, (clock_ms(CLOCK_MONOTONIC) - t1) / 1e3);
out:
  sqlite3_close(db);
  return rc;
}

/* --trace MS: every statement of the store's connections slower than MS
** is printed with its time, to name the query behind a slow figure. */
static double trace_ms;

static int on_profile(unsigned type, void *ctx, void *p, void *x) {
  (void)ctx;
  if (type != SQLITE_TRACE_PROFILE) return 0;
  double ms = (double)*(sqlite3_int64 *)x / 1e6;
  if (ms < trace_ms) return 0;
  char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
  fprintf(stderr, "  %8.1f ms  %.300s\n", ms, sql ? sql : "?");
  sqlite3_free(sql);
  return 0;
}

static nq_code install_trace(nq_db *db, void *ctx, nq_err *err) {
  (void)ctx;
  (void)err;
  sqlite3_trace_v2(nq_db_handle(db), SQLITE_TRACE_PROFILE, on_profile, NULL);
  return NQ_OK;
}

typedef enum call { CALL_ROLLUP, CALL_DOCX, CALL_SCORECARDS } call;
static const char *const call_names[] = {"rollup", "docx", "scorecards"};

/* One call; *size: task rows, DOCX bytes or units scored. */
static nq_code run_call(nq_store *s, call c, int64_t period_id, int year, size_t *size,
                        nq_err *err) {
  json_t *out = NULL;
  nq_code rc;
  if (c == CALL_ROLLUP) {
    rc = nq_monitor_compile(s, NULL, period_id, 0, &out, err);
    if (!rc) *size = json_array_size(json_object_get(out, "tasks"));
  } else if (c == CALL_DOCX) {
    rc = nq_monitor_document(s, period_id, 0, NULL, &out, err);
    nq_buf docx = NQ_BUF_INIT;
    if (!rc) rc = nq_docx_render(out, &docx, err);
    *size = docx.len;
    nq_buf_free(&docx);
  } else {
    rc = nq_monitor_scorecards(s, 0, year, &out, err);
    if (!rc) *size = json_array_size(json_object_get(out, "units"));
  }
  json_decref(out);
  return rc;
}

static nq_code measure(nq_store *s, call c, int64_t period_id, int year, int runs, nq_err *err) {
  double *cpu = nq_xmalloc(sizeof *cpu * (size_t)runs), *wall = nq_xmalloc(sizeof *wall * (size_t)runs);
  size_t size = 0;
  nq_code rc = NQ_OK;
  for (int i = 0; i < runs && !rc; i++) {
    double w0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    rc = run_call(s, c, period_id, year, &size, err);
    cpu[i] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    wall[i] = clock_ms(CLOCK_MONOTONIC) - w0;
  }
  if (!rc) {
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
    qsort(wall, (size_t)runs, sizeof *wall, cmp_double);
    printf("%-11s %9.1f %9.1f %9.1f %9.1f %10zu\n", call_names[c], cpu[0], cpu[runs / 2], wall[0],
           wall[runs / 2], size);
  }
  free(cpu);
  free(wall);
  return rc;
}

static void usage(void) {
  fputs("Cách dùng (usage): monitor_bench --db PATH [--runs N] [--trace MS]\n", stderr);
}

int main(int argc, char **argv) {
  const char *db_path = NULL;
  int runs = 5;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) db_path = argv[++i];
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--trace") && i + 1 < argc) trace_ms = atof(argv[++i]);
    else {
      usage();
      return 2;
    }
  }
  if (!db_path || runs < 1) {
    usage();
    return 2;
  }
  nq_err err = {0};
  nq_store *s = NULL;
  if (nq_store_open(&s, db_path, &err)) {
    fprintf(stderr, "monitor_bench: %s: %s\n", db_path, err.msg);
    return 1;
  }
  char quarter[16];
  nq_code rc = prepare_quarter(s, db_path, quarter, &err);
  /* The province: the People's Committee plan with the most tasks below it. */
  sqlite3 *db = NULL;
  int64_t plan_id = 0, period_id = 0, tasks = 0, below = 0;
  if (!rc && sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    rc = sql_fail(db, db_path, &err);
  if (!rc)
    rc = sql_int(db, "SELECT pt.plan_id FROM tasks c JOIN tasks pt ON pt.id=c.parent_task_id"
                     " JOIN plans p ON p.id=pt.plan_id WHERE p.number LIKE '%/KH-UBND'"
                     " GROUP BY pt.plan_id ORDER BY count(*) DESC, pt.plan_id LIMIT 1",
                 NULL, &plan_id, &err);
  char sql[256];
  if (!rc) {
    snprintf(sql, sizeof sql, "SELECT id FROM report_periods WHERE plan_id=%lld AND code=?1",
             (long long)plan_id);
    rc = sql_int(db, sql, quarter, &period_id, &err);
  }
  if (!rc) {
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks WHERE plan_id=%lld", (long long)plan_id);
    rc = sql_int(db, sql, NULL, &tasks, &err);
  }
  if (!rc) {
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks c JOIN tasks pt ON pt.id=c.parent_task_id"
                              " WHERE pt.plan_id=%lld", (long long)plan_id);
    rc = sql_int(db, sql, NULL, &below, &err);
  }
  sqlite3_close(db);
  if (!rc && !period_id) rc = nq_fail(&err, NQ_ENOTFOUND, "kỳ %s của kế hoạch %lld không có", quarter,
                                      (long long)plan_id);
  /* Readers are taken round robin: visiting a few times reaches them all. */
  for (int i = 0; !rc && trace_ms > 0 && i < 16; i++) rc = nq_sql_read(s, install_trace, NULL, &err);
  if (!rc) {
    printf("quarter %s of plan %lld (%lld tasks, %lld tasks of lower plans linked to them),"
           " period %lld; scorecards of %d\n", quarter, (long long)plan_id, (long long)tasks,
           (long long)below, (long long)period_id, atoi(quarter));
    printf("%-11s %9s %9s %9s %9s %10s\n", "call", "cpu min", "cpu med", "wall min", "wall med",
           "size");
    for (int c = 0; c < 3 && !rc; c++) rc = measure(s, (call)c, period_id, atoi(quarter), runs, &err);
    puts("(ms; size: task rows, DOCX bytes, units scored)");
  }
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "monitor_bench: %s\n", err.msg);
    return 1;
  }
  return 0;
}
