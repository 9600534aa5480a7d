/*
** sqlite_public.c: indicator figures of the public page over SQLite; see
** store_public.h.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attain.h"
#include "core/date.h"
#include "store/sql.h"
#include "store/store_public.h"
#include "util/buf.h"

typedef struct figures_ctx {
  int64_t plan_id;
  int year;
  json_t *rows;
} figures_ctx;

/* Accepted values of the plan's indicators up to the year, oldest first:
** the last row of each (indicator, year, unit) is that unit's latest. */
static nq_code values_in(nq_db *db, void *vctx, nq_err *err) {
  figures_ctx *ctx = vctx;
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT iv.indicator_id, iv.unit_id, iv.year, iv.value, iv.value_text"
    " FROM indicator_values iv JOIN indicators i ON i.id=iv.indicator_id"
    " LEFT JOIN unit_reports r ON r.id=iv.report_id"
    " WHERE i.plan_id=?1 AND iv.year<=?2 AND (iv.report_id IS NULL OR r.state='accepted')"
    " ORDER BY iv.indicator_id, iv.year, iv.unit_id, iv.at, iv.id");
  if (!st) return nq_db_error(db, err);
  sqlite3_bind_int64(st, 1, ctx->plan_id);
  sqlite3_bind_int(st, 2, ctx->year);
  return nq_db_rows(db, st, &ctx->rows, err);
}

static int64_t jint(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* A stored value as text for core/attain.h: the number, else the text. */
static char *value_text(const json_t *row) {
  const json_t *v = json_object_get(row, "value");
  if (json_is_number(v)) {
    char num[64];
    snprintf(num, sizeof num, "%.10g", json_number_value(v));
    return nq_xstrdup(num);
  }
  const char *t = json_string_value(json_object_get(row, "value_text"));
  return t ? nq_xstrdup(t) : NULL;
}

/* The year's target, else the nearest later one (a plan often sets only
** its final year); NULL when the indicator has none from that year on. */
static const char *target_for(const json_t *targets, int year) {
  const char *best = NULL;
  int best_year = 0;
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)targets, k, v) {
    int y = atoi(k);
    if (y >= year && (!best || y < best_year) && json_is_string(v)) {
      best = json_string_value(v);
      best_year = y;
    }
  }
  return best;
}

/* Roll up texts[0..n) by the indicator's rule into ind. */
static void judge(json_t *ind, char **texts, size_t n, int year, double elapsed) {
  const char *target_text = target_for(json_object_get(ind, "targets"), year);
  nq_rollup r = nq_indicator_rollup(json_string_value(json_object_get(ind, "unit")),
                                    json_string_value(json_object_get(ind, "aggregation")),
                                    target_text, texts, n, elapsed);
  json_t *value = r.value;
  nq_agg_rule rule = r.rule;
  nq_eval ev = r.ev;
  size_t used = r.free_text ? 1 : r.used; /* the unit that wrote it has reported */
  json_object_set_new(ind, "year", json_integer(year));
  json_object_set_new(ind, "target", target_text ? json_string(target_text) : json_null());
  json_object_set_new(ind, "value", value);
  json_object_set_new(ind, "units_reported", json_integer((json_int_t)used));
  json_object_set_new(ind, "rule", json_string(nq_agg_rule_name(rule)));
  json_object_set_new(ind, "attained", json_string(nq_attain_name(ev.attained)));
  json_object_set_new(ind, "assessment",
                      json_string(used ? nq_attain_label(ev.attained) : "Chưa có số liệu"));
  json_object_set_new(ind, "light", json_string(nq_light_name(ev.light)));
  json_object_set_new(ind, "ratio", ev.ratio >= 0 ? json_real(round(ev.ratio * 1000) / 1000) : json_null());
}

nq_code nq_store_indicator_figures(nq_store *s, int64_t plan_id, const char *date,
                                   json_t *indicators, nq_err *err) {
  nq_date day;
  nq_code rc = nq_date_parse_iso(date, &day, err);
  if (rc) return rc;
  figures_ctx ctx = {plan_id, day.y, NULL};
  if ((rc = nq_sql_read(s, values_in, &ctx, err))) return rc;
  size_t n = json_array_size(ctx.rows);
  char **texts = nq_xcalloc(n + 1, sizeof *texts);
  size_t i;
  json_t *ind;
  json_array_foreach(indicators, i, ind) {
    int64_t id = jint(ind, "id");
    /* The latest year with values; rows are ordered by indicator, year. */
    int year = 0;
    for (size_t k = 0; k < n; k++) {
      json_t *row = json_array_get(ctx.rows, k);
      if (jint(row, "indicator_id") == id && jint(row, "year") > year) year = (int)jint(row, "year");
    }
    size_t m = 0;
    for (size_t k = 0; year && k < n; k++) {
      json_t *row = json_array_get(ctx.rows, k), *next = json_array_get(ctx.rows, k + 1);
      if (jint(row, "indicator_id") != id || jint(row, "year") != year) continue;
      if (next && jint(next, "indicator_id") == id && jint(next, "year") == year &&
          jint(next, "unit_id") == jint(row, "unit_id"))
        continue; /* a later value of the same unit follows */
      texts[m++] = value_text(row);
    }
    if (!year) year = day.y;
    /* A past year is judged as closed; the current one at its pace. */
    nq_date jan1 = nq_date_make(year, 1, 1), dec31 = nq_date_make(year, 12, 31);
    double elapsed = year < day.y ? 1.0
                   : (double)(nq_date_diff(jan1, day) + 1) / (double)(nq_date_diff(jan1, dec31) + 1);
    judge(ind, texts, m, year, elapsed);
    for (size_t k = 0; k < m; k++) free(texts[k]);
  }
  free(texts);
  json_decref(ctx.rows);
  return NQ_OK;
}
