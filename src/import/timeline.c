/*
** timeline.c: time phrase -> schedule, and time phrases inside task text
** (timeline.h). Works on folded tokens; the separators between tokens
** tell "7/2025" from "7 2025".
*/
#include "import/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schedule.h"
#include "import/tokens.h"
#include "util/buf.h"

static bool is_num(const char *s, size_t minlen, size_t maxlen) {
  size_t n = strlen(s);
  if (n < minlen || n > maxlen) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static int year_of(const char *s) {
  if (!is_num(s, 4, 4)) return 0;
  int y = atoi(s);
  return y >= 1990 && y <= 2100 ? y : 0;
}

static int days_in(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0)) return 29;
  return d[(m - 1) % 12];
}

static int roman_quarter(const char *s) {
  if (!strcmp(s, "i") || !strcmp(s, "1")) return 1;
  if (!strcmp(s, "ii") || !strcmp(s, "2")) return 2;
  if (!strcmp(s, "iii") || !strcmp(s, "3")) return 3;
  if (!strcmp(s, "iv") || !strcmp(s, "4")) return 4;
  return 0;
}

static json_t *sched(const char *kind, const char *start, const char *due) {
  return json_pack("{s:s,s:s?,s:s?}", "kind", kind, "start", start, "due", due);
}

/* "M/YYYY", "M năm YYYY" at token i: month and year, tokens used. */
static int month_year(const vn_toks *t, int i, int *m, int *y) {
  if (i + 1 >= t->n || !is_num(t->v[i].fold, 1, 2)) return 0;
  *m = atoi(t->v[i].fold);
  if (*m < 1 || *m > 12) return 0;
  if (t->v[i].sep == '/' && (*y = year_of(t->v[i + 1].fold))) return 2;
  if (i + 2 < t->n && !strcmp(t->v[i + 1].fold, "nam") && (*y = year_of(t->v[i + 2].fold))) return 3;
  return 0;
}

/* A deadline or period at token i; fills out and returns true. */
static bool date_at(const vn_toks *t, int i, json_t **out) {
  char a[48], b[48];
  int m, y, d;
  const char *w = t->v[i].fold;
  if (!strcmp(w, "thang") && month_year(t, i + 1, &m, &y)) {
    snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, days_in(y, m));
    *out = sched("once", NULL, b);
    return true;
  }
  if (!strcmp(w, "quy") && i + 2 < t->n) {
    int q = roman_quarter(t->v[i + 1].fold);
    int at = i + 2;
    if (q && at < t->n && !strcmp(t->v[at].fold, "nam")) at++;
    if (q && at < t->n && (y = year_of(t->v[at].fold))) {
      snprintf(b, sizeof b, "%04d-%02d-%02d", y, q * 3, days_in(y, q * 3));
      *out = sched("once", NULL, b);
      return true;
    }
  }
  /* D/M/YYYY, or "ngày D tháng M năm YYYY" */
  if (is_num(w, 1, 2) && t->v[i].sep == '/' && i + 2 < t->n && is_num(t->v[i + 1].fold, 1, 2) &&
      t->v[i + 1].sep == '/' && (y = year_of(t->v[i + 2].fold))) {
    d = atoi(w);
    m = atoi(t->v[i + 1].fold);
    if (m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m)) {
      snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
      *out = sched("once", NULL, b);
      return true;
    }
  }
  if (!strcmp(w, "ngay") && i + 5 < t->n && is_num(t->v[i + 1].fold, 1, 2) &&
      !strcmp(t->v[i + 2].fold, "thang") && month_year(t, i + 3, &m, &y)) {
    d = atoi(t->v[i + 1].fold);
    if (d >= 1 && d <= days_in(y, m)) {
      snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
      *out = sched("once", NULL, b);
      return true;
    }
  }
  if ((y = year_of(w))) {
    /* YYYY-YYYY, YYYY - YYYY, YYYY đến YYYY: a range */
    int y2 = 0;
    if (i + 1 < t->n && t->v[i].sep == '-') y2 = year_of(t->v[i + 1].fold);
    if (!y2 && i + 2 < t->n && !strcmp(t->v[i + 1].fold, "den")) y2 = year_of(t->v[i + 2].fold);
    if (y2 > y) {
      snprintf(a, sizeof a, "%04d-01-01", y);
      snprintf(b, sizeof b, "%04d-12-31", y2);
      *out = sched("range", a, b);
      return true;
    }
    snprintf(b, sizeof b, "%04d-12-31", y);
    *out = sched("once", NULL, b);
    return true;
  }
  return false;
}

static const char *const recurring_words[] = {
  "thuong xuyen", "hang nam", "hang thang", "hang quy", "hang tuan", "dinh ky", "hang ngay",
};

static int recurring_at(const vn_toks *t, int i) {
  for (size_t k = 0; k < sizeof recurring_words / sizeof recurring_words[0]; k++) {
    int m = vn_toks_at(t, i, recurring_words[k]);
    if (m) return m;
  }
  return 0;
}

json_t *nq_timeline_schedule(const char *phrase) {
  nq_schedule sc = nq_schedule_parse(phrase);
  char a[NQ_DATE_ISO_LEN], b[NQ_DATE_ISO_LEN];
  return sched(nq_sched_kind_name(sc.kind), nq_date_is_none(sc.start) ? NULL : nq_date_format_iso(sc.start, a),
               nq_date_is_none(sc.due) ? NULL : nq_date_format_iso(sc.due, b));
}

bool nq_timeline_done(const char *phrase) { return phrase && nq_phrase_says_done(phrase); }

char *nq_timeline_find(const char *text) {
  vn_toks t;
  vn_toks_make(&t, text);
  char *found = NULL;
  for (int i = 0; i < t.n && !found; i++) {
    /* a deadline: "trong năm 2025", "trước ngày 30/6/2025", "trong quý IV/2025" */
    if (vn_toks_at(&t, i, "trong") || vn_toks_at(&t, i, "truoc")) {
      int j = i + 1;
      json_t *s = NULL;
      if (j < t.n && (!strcmp(t.v[j].fold, "nam") || !strcmp(t.v[j].fold, "thang") ||
                      !strcmp(t.v[j].fold, "quy") || !strcmp(t.v[j].fold, "ngay"))) {
        int k = !strcmp(t.v[j].fold, "nam") ? j + 1 : j;
        if (k < t.n && date_at(&t, k, &s)) {
          int end = k;
          while (end + 1 < t.n && (t.v[end].sep == '/' || t.v[end].sep == ' ') &&
                 (is_num(t.v[end + 1].fold, 1, 4) || !strcmp(t.v[end + 1].fold, "nam") ||
                  !strcmp(t.v[end + 1].fold, "thang")))
            end++;
          found = nq_xstrndup(text + t.v[i].start, t.v[end].end - t.v[i].start);
          json_decref(s);
        }
      }
      continue;
    }
    int m = recurring_at(&t, i);
    if (m && strcmp(t.v[i].fold, "dinh")) {
      /* qualifies a noun when "của" follows */
      int next = i + m;
      if (next < t.n && t.v[next - 1].sep == ' ' && !strcmp(t.v[next].fold, "cua")) continue;
      found = nq_xstrndup(text + t.v[i].start, t.v[i + m - 1].end - t.v[i].start);
    }
  }
  vn_toks_free(&t);
  return found;
}
