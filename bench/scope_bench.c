/*
** scope_bench.c: what the dashboard's three whole-scope answers cost the
** store when nothing is cached -- nq_store_scope_overview,
** nq_store_scope_timeliness and nq_store_scope_indicators (first page of
** 12, as the dashboard asks), for every plan (a steering reader's reach),
** each followed by json_dumps as the HTTP layer would. These are the
** answers a leader waits for on the first dashboard view after any data
** write (a write empties the response cache), so their CPU time is what
** the cold dashboard figure of bench/dashboard.sh is made of.
**
**   scope_bench --db PATH [--runs N] [--only overview|timeliness|indicators]
**                         [--date YYYY-MM-DD]
**
** Prints, per call, the CPU ms and wall ms of each run and their median.
** Single-threaded; run it under perf to see where a call spends its time.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_scope.h"
#include "util/err.h"

typedef nq_code (*scope_call)(nq_store *, const nq_scope_query *, json_t **, nq_err *);

static double ms_between(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static nq_code run_call(nq_store *s, const char *name, scope_call fn, const nq_scope_query *q,
                        int runs, nq_err *err) {
  double *cpu = calloc((size_t)runs, sizeof *cpu), *wall = calloc((size_t)runs, sizeof *wall);
  if (!cpu || !wall) {
    free(cpu);
    free(wall);
    return nq_fail(err, NQ_ENOMEM, "out of memory");
  }
  size_t bytes = 0;
  nq_code rc = NQ_OK;
  for (int i = 0; i < runs && !rc; i++) {
    struct timespec c0, c1, w0, w1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    clock_gettime(CLOCK_MONOTONIC, &w0);
    json_t *out = NULL;
    rc = fn(s, q, &out, err);
    if (!rc) {
      char *text = json_dumps(out, JSON_COMPACT);
      bytes = text ? strlen(text) : 0;
      free(text);
      json_decref(out);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    clock_gettime(CLOCK_MONOTONIC, &w1);
    cpu[i] = ms_between(&c0, &c1);
    wall[i] = ms_between(&w0, &w1);
  }
  if (!rc) {
    printf("%-11s", name);
    for (int i = 0; i < runs; i++) printf(" %7.1f", cpu[i]);
    qsort(cpu, (size_t)runs, sizeof *cpu, by_value);
    qsort(wall, (size_t)runs, sizeof *wall, by_value);
    printf("   median cpu %6.1f ms, wall %6.1f ms, %zu bytes\n", cpu[runs / 2], wall[runs / 2],
           bytes);
  }
  free(cpu);
  free(wall);
  return rc;
}

static nq_code board_first_page(nq_store *s, const nq_scope_query *q, json_t **out, nq_err *err) {
  nq_scope_query page = *q;
  page.limit = 12;
  return nq_store_scope_indicators(s, &page, out, err);
}

int main(int argc, char **argv) {
  const char *db_path = NULL, *only = NULL, *at_date = NULL;
  int runs = 5;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) db_path = argv[++i];
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--date") && i + 1 < argc) at_date = argv[++i];
    else db_path = NULL, i = argc;
  }
  if (!db_path || runs < 1) {
    fputs("Cách dùng (usage): scope_bench --db PATH [--runs N]"
          " [--only overview|timeliness|indicators] [--date YYYY-MM-DD]\n", stderr);
    return 2;
  }
  nq_err err = {0};
  nq_store *s = NULL;
  if (nq_store_open(&s, db_path, &err)) {
    fprintf(stderr, "scope_bench: %s: %s\n", db_path, err.msg);
    return 1;
  }
  static const struct {
    const char *name;
    scope_call fn;
  } calls[] = {
    {"overview", nq_store_scope_overview},
    {"timeliness", nq_store_scope_timeliness},
    {"indicators", board_first_page},
  };
  nq_scope_query q = {.at_date = at_date};
  printf("whole-scope answers, uncached: CPU ms per run (%d runs)\n", runs);
  nq_code rc = NQ_OK;
  for (size_t c = 0; c < sizeof calls / sizeof calls[0] && !rc; c++)
    if (!only || !strcmp(only, calls[c].name)) rc = run_call(s, calls[c].name, calls[c].fn, &q, runs, &err);
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "scope_bench: %s\n", err.msg);
    return 1;
  }
  return 0;
}
