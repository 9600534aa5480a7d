/*
** store_bench.c: latency of the store calls behind the benchmarked reads,
** without HTTP: nq_store_plan_overview, nq_store_tasks_query (by unit, one
** page of 50 as the API asks) and nq_store_task_get, each followed by
** json_dumps as the HTTP layer would. It separates what the store costs
** from what the server adds, and is what to run under perf when bench/run.sh
** misses a target.
**
** For each call it runs a fixed URL-like case (the same ids as run.sh) and a
** varied one (random ids among the largest plans, busiest units, any task),
** single-threaded, for a bounded time, and prints calls/s, p50, p99, max.
*/
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct ids { int64_t *v; int n; } ids;

/* Ids chosen with plain SQL on a read-only connection, as run.sh does. */
static nq_code pick_ids(const char *db_path, const char *sql, ids *out, nq_err *err) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  out->v = NULL;
  out->n = 0;
  if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    nq_code rc = nq_fail(err, NQ_EIO, "%s: %s", db_path, sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc;
  }
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (out->n == cap) out->v = nq_xrealloc(out->v, sizeof *out->v * (size_t)(cap = cap * 2 + 64));
    out->v[out->n++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (!out->n) return nq_fail(err, NQ_ENOTFOUND, "%s: không có dữ liệu (no rows for: %s)", db_path, sql);
  return NQ_OK;
}

typedef enum call {
  CALL_OVERVIEW, CALL_TASKS_BY_UNIT, CALL_TASK,
  CALL_TASKS_OVERDUE, CALL_TASKS_SEARCH, CALL_TASKS_UNIT_STATUS, CALL_COUNT
} call;
static const char *const call_names[] = {"overview", "tasks_by_unit", "task",
                                         "tasks_overdue", "tasks_q", "tasks_unit_st"};

/* What officials type into the search box: common words of task titles,
** short prefixes (many matches) and rarer phrases (few). */
static const char *const search_words[] = {
  "chuyển đổi số", "khoa học", "đổi mới sáng tạo", "dữ liệu", "hạ tầng số", "nhân lực",
  "cơ sở dữ liệu", "an toàn thông tin", "trí tuệ nhân tạo", "chính phủ số", "kh", "đổi",
  "thương mại điện tử", "bán dẫn", "công nghệ chiến lược", "xyzzy không có",
};
#define N_SEARCH_WORDS (sizeof search_words / sizeof search_words[0])

/* at_date: NULL = today, as the API without ?date= */
static nq_code run_call(nq_store *s, call c, int64_t id, const char *at_date, size_t *bytes,
                        nq_err *err) {
  json_t *out = NULL;
  nq_code rc;
  if (c == CALL_OVERVIEW) {
    rc = nq_store_plan_overview(s, id, at_date, &out, err);
  } else if (c == CALL_TASKS_BY_UNIT) {
    nq_task_filter f = {.unit_id = id, .at_date = at_date, .limit = 50};
    rc = nq_store_tasks_query(s, &f, &out, err);
  } else if (c == CALL_TASK) {
    rc = nq_store_task_get(s, id, &out, err);
  } else if (c == CALL_TASKS_OVERDUE) {
    /* The country's overdue tasks at a date: `id` picks a day of 2025-2026. */
    unsigned n = (unsigned)id % 672;
    char day[16];
    snprintf(day, sizeof day, "202%u-%02u-%02u", 5 + n / 336, 1 + n / 28 % 12, 1 + n % 28);
    nq_task_filter f = {.status = "overdue", .at_date = at_date ? at_date : day, .limit = 50};
    rc = nq_store_tasks_query(s, &f, &out, err);
  } else if (c == CALL_TASKS_SEARCH) {
    nq_task_filter f = {.q = search_words[id % (int64_t)N_SEARCH_WORDS], .at_date = at_date,
                        .limit = 50};
    rc = nq_store_tasks_query(s, &f, &out, err);
  } else {
    /* A unit's tasks in progress: the status needs nq_task_status per task. */
    nq_task_filter f = {.unit_id = id, .status = "in_progress", .at_date = at_date, .limit = 50};
    rc = nq_store_tasks_query(s, &f, &out, err);
  }
  if (rc) return rc;
  char *text = json_dumps(out, JSON_COMPACT);
  *bytes = text ? strlen(text) : 0;
  free(text);
  json_decref(out);
  return NQ_OK;
}

static double clock_ms(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Call repeatedly for about budget_ms (at least 20 calls), then report. */
static nq_code measure(nq_store *s, call c, const char *label, const ids *pool,
                       const char *at_date, double budget_ms, nq_err *err) {
  int cap = 1 << 16, n = 0;
  double *lat = nq_xmalloc(sizeof *lat * (size_t)cap);
  size_t bytes = 0;
  unsigned seed = 57;
  double start = now_ms(), cpu_start = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  while (n < cap && (n < 20 || now_ms() - start < budget_ms)) {
    int64_t id = pool->v[pool->n == 1 ? 0 : rand_r(&seed) % pool->n];
    double t0 = now_ms();
    nq_code rc = run_call(s, c, id, at_date, &bytes, err);
    if (rc) {
      free(lat);
      return rc;
    }
    lat[n++] = now_ms() - t0;
  }
  double total = now_ms() - start, cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  qsort(lat, (size_t)n, sizeof *lat, cmp_double);
  printf("%-14s %-7s %8.0f %9.3f %9.3f %9.3f %9.3f %8zu\n", call_names[c], label,
         n / total * 1e3, cpu / n, lat[n / 2], lat[(int)(n * 0.99)], lat[n - 1], bytes);
  free(lat);
  return NQ_OK;
}

/* Peak and current memory from /proc/self/status. RssFile is the database
** pages SQLite maps (page cache shared with the OS), RssAnon the private heap. */
static void print_memory(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return;
  char line[256];
  fputs("memory:", stdout);
  while (fgets(line, sizeof line, f)) {
    static const char *const keys[] = {"VmHWM:", "RssAnon:", "RssFile:"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
      if (strncmp(line, keys[i], strlen(keys[i]))) continue;
      long kb = atol(line + strlen(keys[i]));
      printf(" %s %ld MB", keys[i], kb / 1024);
    }
  }
  fputc('\n', stdout);
  fclose(f);
}

int main(int argc, char **argv) {
  const char *db_path = NULL;
  double seconds = 2;
  const char *only = NULL, *at_date = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) db_path = argv[++i];
    else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atof(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--date") && i + 1 < argc) at_date = argv[++i];
    else {
      fputs("Cách dùng (usage): store_bench --db PATH [--seconds S] [--only overview|tasks_by_unit|task|\n"
            "  tasks_overdue|tasks_q|tasks_unit_st] [--date YYYY-MM-DD]\n", stderr);
      return 2;
    }
  }
  if (!db_path) {
    fputs("Cách dùng (usage): store_bench --db PATH [--seconds S] [--only overview|tasks_by_unit|task|\n"
            "  tasks_overdue|tasks_q|tasks_unit_st] [--date YYYY-MM-DD]\n", stderr);
    return 2;
  }
  static const char *const fixed_sql[] = {
    "SELECT t.plan_id FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'"
    " GROUP BY t.plan_id ORDER BY count(DISTINCT tu.unit_id) DESC, count(*) DESC, t.plan_id LIMIT 1",
    "SELECT unit_id FROM task_units GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1",
    "SELECT task_id FROM progress_updates GROUP BY task_id ORDER BY count(*) DESC, task_id LIMIT 1",
    "SELECT 0", "SELECT 0",
    "SELECT unit_id FROM task_units GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1",
  };
  static const char *const varied_sql[] = {
    "SELECT t.plan_id FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'"
    " GROUP BY t.plan_id ORDER BY count(DISTINCT tu.unit_id) DESC, count(*) DESC LIMIT 500",
    "SELECT unit_id FROM task_units GROUP BY unit_id ORDER BY count(*) DESC LIMIT 2000",
    "SELECT id FROM tasks ORDER BY random() LIMIT 20000",
    "WITH RECURSIVE n(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM n WHERE v < 671) SELECT v FROM n",
    "WITH RECURSIVE n(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM n WHERE v < 999) SELECT v FROM n",
    "SELECT unit_id FROM task_units GROUP BY unit_id ORDER BY count(*) DESC LIMIT 2000",
  };
  nq_err err = {0};
  nq_store *s = NULL;
  if (nq_store_open(&s, db_path, &err)) {
    fprintf(stderr, "store_bench: %s: %s\n", db_path, err.msg);
    return 1;
  }
  /* cpu ms is the mean CPU time per call: on a shared machine it moves far
  ** less than wall-clock latency, which includes waiting for a core. */
  printf("%-14s %-7s %8s %9s %9s %9s %9s %8s\n", "call", "ids", "calls/s", "cpu ms", "p50 ms",
         "p99 ms", "max ms", "bytes");
  nq_code rc = NQ_OK;
  for (int c = 0; c < CALL_COUNT && !rc; c++) {
    /* By default the three reads run.sh measures; the filtered lists on demand
    ** (--only NAME or --only lists). */
    if (only ? strcmp(only, call_names[c]) && !(strcmp(only, "lists") == 0 && c >= CALL_TASKS_BY_UNIT && c != CALL_TASK)
             : c >= CALL_TASKS_OVERDUE)
      continue;
    ids fixed, varied;
    if ((rc = pick_ids(db_path, fixed_sql[c], &fixed, &err))) break;
    if ((rc = pick_ids(db_path, varied_sql[c], &varied, &err))) {
      free(fixed.v);
      break;
    }
    rc = measure(s, (call)c, "fixed", &fixed, at_date, seconds * 1e3, &err);
    if (!rc) rc = measure(s, (call)c, "varied", &varied, at_date, seconds * 1e3, &err);
    free(fixed.v);
    free(varied.v);
  }
  if (!rc) print_memory();
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "store_bench: %s\n", err.msg);
    return 1;
  }
  return 0;
}
