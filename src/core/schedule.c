/*
** schedule.c: from a task's time phrase to a schedule (see schedule.h).
**
** The phrase is tokenised (timetok.h) and scanned left to right for time
** expressions: a day, a month, a quarter, a part of a year ("6 tháng đầu năm
** 2026") or a year. Each expression is an interval [first, last]. Two joined by
** "-" or "đến" make a range; "trước" before a month, quarter or year moves the
** deadline to the day before it; otherwise an expression is a deadline on its
** last day. Frequency and condition words are looked up over the whole phrase.
*/
#include "core/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "core/timetok.h"

typedef enum span_kind { SPAN_DAY, SPAN_MONTH, SPAN_QUARTER, SPAN_PART, SPAN_YEAR } span_kind;

typedef struct span {
  span_kind kind;
  nq_date first, last;
} span;

static span make_span(span_kind kind, nq_date first, nq_date last) {
  return (span){kind, first, last};
}

static span month_span(int y, int m) {
  return make_span(SPAN_MONTH, nq_date_make(y, m, 1), nq_date_last_of_month(y, m));
}

/* "d/m/yyyy", "d-m-yyyy", "d.m.yyyy" at toks[i]. */
static size_t day_numeric(const tt_token *t, size_t n, size_t i, span *out) {
  if (i + 4 >= n || t[i].type != TT_NUM || t[i + 1].type != TT_PUNCT ||
      t[i + 2].type != TT_NUM || !tt_punct(&t[i + 3], t[i + 1].text[0]) ||
      !tt_year_num(&t[i + 4]))
    return 0;
  char sep = t[i + 1].text[0];
  if (sep != '/' && sep != '-' && sep != '.') return 0;
  nq_date d = nq_date_make(t[i + 4].num, t[i + 2].num, t[i].num);
  if (nq_date_is_none(d)) return 0;
  *out = make_span(SPAN_DAY, d, d);
  return 5;
}

static size_t parse_day(const tt_token *t, size_t n, size_t i, span *out) {
  size_t k = day_numeric(t, n, i, out);
  if (k) return k;
  if (i < n && tt_is_day(&t[i])) {
    k = day_numeric(t, n, i + 1, out);
    if (k) return k + 1;
    /* ngày 22 tháng 12 năm 2024 */
    if (i + 5 < n && t[i + 1].type == TT_NUM && tt_is_month(&t[i + 2]) &&
        t[i + 3].type == TT_NUM && tt_is_year(&t[i + 4]) && tt_year_num(&t[i + 5])) {
      nq_date d = nq_date_make(t[i + 5].num, t[i + 3].num, t[i + 1].num);
      if (nq_date_is_none(d)) return 0;
      *out = make_span(SPAN_DAY, d, d);
      return 6;
    }
  }
  return 0;
}

/* Separator between a month or quarter number and its year: "/", "-" or "năm". */
static bool year_sep(const tt_token *t) {
  return tt_punct(t, '/') || tt_punct(t, '-') || tt_is_year(t);
}

static size_t parse_month(const tt_token *t, size_t n, size_t i, span *out) {
  size_t j = i;
  if (j < n && tt_is_month(&t[j])) j++;
  if (j + 2 >= n || t[j].type != TT_NUM || t[j].num < 1 || t[j].num > 12 ||
      t[j].ndigits > 2 || !year_sep(&t[j + 1]) || !tt_year_num(&t[j + 2]))
    return 0;
  /* a bare "7/2025" needs the slash; "7-2025" alone is too ambiguous */
  if (j == i && !tt_punct(&t[j + 1], '/')) return 0;
  *out = month_span(t[j + 2].num, t[j].num);
  return j + 3 - i;
}

static size_t parse_quarter(const tt_token *t, size_t n, size_t i, span *out) {
  if (i + 2 >= n || !tt_is_quarter(&t[i])) return 0;
  int q = tt_quarter_number(&t[i + 1]);
  if (!q) return 0;
  size_t j = i + 2;
  if (year_sep(&t[j])) j++;
  if (j >= n || !tt_year_num(&t[j])) return 0;
  int y = t[j].num;
  *out = make_span(SPAN_QUARTER, nq_date_make(y, 3 * q - 2, 1),
                   nq_date_last_of_month(y, 3 * q));
  return j + 1 - i;
}

/* "6 tháng đầu năm 2026", "9 tháng đầu năm", "6 tháng cuối năm 2025". */
static size_t parse_part_of_year(const tt_token *t, size_t n, size_t i, span *out) {
  if (i + 3 >= n || t[i].type != TT_NUM || !tt_is_month(&t[i + 1])) return 0;
  int months = t[i].num;
  if (months < 1 || months > 11) return 0;
  bool first = tt_word(&t[i + 2], "dau");
  if (!first && !tt_is_last(&t[i + 2])) return 0;
  size_t j = i + 3;
  if (j < n && tt_is_year(&t[j])) j++;
  if (j >= n || !tt_year_num(&t[j])) return 0;
  int y = t[j].num;
  if (first)
    *out = make_span(SPAN_PART, nq_date_make(y, 1, 1), nq_date_last_of_month(y, months));
  else
    *out = make_span(SPAN_PART, nq_date_make(y, 13 - months, 1), nq_date_make(y, 12, 31));
  return j + 1 - i;
}

static size_t parse_year(const tt_token *t, size_t n, size_t i, span *out) {
  size_t j = i;
  if (j < n && tt_is_year(&t[j])) j++;
  if (j >= n || !tt_year_num(&t[j])) return 0;
  *out = make_span(SPAN_YEAR, nq_date_make(t[j].num, 1, 1), nq_date_make(t[j].num, 12, 31));
  return j + 1 - i;
}

static size_t parse_span(const tt_token *t, size_t n, size_t i, span *out) {
  size_t k;
  if ((k = parse_day(t, n, i, out))) return k;
  if ((k = parse_part_of_year(t, n, i, out))) return k;
  if ((k = parse_quarter(t, n, i, out))) return k;
  if ((k = parse_month(t, n, i, out))) return k;
  return parse_year(t, n, i, out);
}

/* A day and month without a year, "15/11": the anchor of a yearly task. */
static size_t parse_day_month(const tt_token *t, size_t n, size_t i, int *m, int *d) {
  if (i + 2 >= n || t[i].type != TT_NUM || !tt_punct(&t[i + 1], '/') ||
      t[i + 2].type != TT_NUM || t[i + 2].ndigits > 2)
    return 0;
  if (i + 3 < n && (tt_punct(&t[i + 3], '/') || tt_punct(&t[i + 3], '-'))) return 0;
  if (!nq_date_valid(2024, t[i + 2].num, t[i].num)) return 0;
  *m = t[i + 2].num;
  *d = t[i].num;
  return 3;
}

static bool joins_range(const tt_token *t) {
  return tt_punct(t, '-') || tt_word(t, "den") || tt_word(t, "toi");
}

static nq_freq frequency(const tt_token *t, size_t n) {
  nq_freq best = NQ_FREQ_NONE;
  for (size_t i = 0; i < n; i++) {
    nq_freq f = NQ_FREQ_NONE;
    if (tt_is_every(&t[i]) && i + 1 < n) {
      if (tt_is_year(&t[i + 1])) f = NQ_FREQ_YEARLY;
      else if (tt_is_quarter(&t[i + 1])) f = NQ_FREQ_QUARTERLY;
      else if (tt_is_month(&t[i + 1])) f = NQ_FREQ_MONTHLY;
      else if (tt_word(&t[i + 1], "tuan")) f = NQ_FREQ_WEEKLY;
    } else if (tt_seq(t, n, i, "dinh ky") || tt_seq(t, n, i, "dot xuat")) {
      f = NQ_FREQ_PERIODIC;
    } else if (tt_is_regular(&t[i]) && i + 1 < n && tt_word(&t[i + 1], "xuyen")) {
      f = NQ_FREQ_CONTINUOUS;
    }
    if (f > best) best = f;   /* enum order is specificity order */
  }
  return best;
}

static bool conditional(const tt_token *t, size_t n) {
  if (tt_has(t, n, "sau khi")) return true;
  for (size_t i = 0; i < n; i++)
    if (tt_word(&t[i], "khi") && (i == 0 || t[i - 1].type != TT_WORD || tt_word(&t[i - 1], "va") ||
                                  tt_word(&t[i - 1], "hoac")))
      return true;
  return false;
}

nq_schedule nq_schedule_parse(const char *phrase) {
  nq_schedule s = {0};
  tt_token *t;
  size_t n = tt_tokenize(phrase, &t);
  nq_date range_first = NQ_DATE_NONE, range_last = NQ_DATE_NONE, deadline = NQ_DATE_NONE;

  for (size_t i = 0; i < n;) {
    span a, b;
    size_t k = parse_span(t, n, i, &a);
    if (!k) {
      int m, d;
      size_t dm = parse_day_month(t, n, i, &m, &d);
      if (dm && !s.anchor_month) {
        s.anchor_month = m;
        s.anchor_day = d;
      }
      i += dm ? dm : 1;
      continue;
    }
    size_t j = i + k;
    size_t kb = 0;
    if (j < n && joins_range(&t[j])) {
      size_t jb = j + 1;
      if (jb < n && tt_word(&t[jb], "het")) jb++;     /* "đến hết năm 2030" */
      kb = parse_span(t, n, jb, &b);
      if (kb && nq_date_cmp(a.first, b.last) <= 0) {
        if (nq_date_is_none(range_first) || nq_date_cmp(a.first, range_first) < 0) range_first = a.first;
        if (nq_date_cmp(b.last, range_last) > 0) range_last = b.last;
        i = jb + kb;
        continue;
      }
    }
    nq_date due = a.last;
    if (i > 0 && tt_is_before(&t[i - 1]) && a.kind != SPAN_DAY)
      due = nq_date_add_days(a.first, -1);            /* "trước năm 2030" */
    /* several deadlines: the task is done when the last part is */
    if (nq_date_cmp(due, deadline) > 0) deadline = due;
    i = j;
  }

  s.every = frequency(t, n);
  if (!nq_date_is_none(range_first)) {
    s.kind = NQ_SCHED_RANGE;
    s.start = range_first;
    s.due = nq_date_cmp(deadline, range_last) > 0 ? deadline : range_last;
  } else if (!nq_date_is_none(deadline)) {
    s.kind = NQ_SCHED_ONCE;
    s.due = deadline;
  }
  if (s.every != NQ_FREQ_NONE) {
    s.kind = NQ_SCHED_RECURRING;
  } else {
    s.anchor_month = s.anchor_day = 0;
    if (s.kind == NQ_SCHED_NONE && conditional(t, n)) s.kind = NQ_SCHED_CONDITIONAL;
  }
  free(t);
  return s;
}

bool nq_phrase_says_done(const char *phrase) {
  tt_token *t;
  size_t n = tt_tokenize(phrase, &t);
  bool done = tt_has(t, n, "da hoan thanh") || tt_has(t, n, "da thuc hien xong") ||
              tt_has(t, n, "da xong");
  free(t);
  return done;
}

static const char *const kind_names[] = {"none", "once", "range", "recurring", "conditional"};

const char *nq_sched_kind_name(nq_sched_kind kind) {
  return (unsigned)kind < sizeof kind_names / sizeof *kind_names ? kind_names[kind] : "none";
}

nq_code nq_sched_kind_from_name(const char *name, nq_sched_kind *out, nq_err *err) {
  for (size_t k = 0; name && k < sizeof kind_names / sizeof *kind_names; k++)
    if (strcmp(name, kind_names[k]) == 0) {
      *out = (nq_sched_kind)k;
      return NQ_OK;
    }
  return nq_fail(err, NQ_EINVAL, "loại lịch không hợp lệ: \"%.40s\"", name ? name : "(null)");
}

const char *nq_freq_name(nq_freq every) {
  static const char *const names[] = {"none", "continuous", "periodic", "weekly",
                                      "monthly", "quarterly", "yearly"};
  return (unsigned)every < sizeof names / sizeof *names ? names[every] : "none";
}
