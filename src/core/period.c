/*
** period.c: reporting periods, their Decree 09/2019/NĐ-CP cut-off windows
** and due dates, and the reader of a plan's reporting-regime sentence
** (see period.h).
*/
#include "core/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timetok.h"

static const char *const kind_names[NQ_PERIOD_KINDS] = {
  "month", "quarter", "half", "nine_months", "year", "adhoc"};
static const char *const kind_labels[NQ_PERIOD_KINDS] = {
  "Tháng", "Quý", "6 tháng", "9 tháng", "Năm", "Đột xuất"};

static bool kind_ok(nq_period_kind kind) { return (unsigned)kind < NQ_PERIOD_KINDS; }

const char *nq_period_kind_name(nq_period_kind kind) {
  return kind_ok(kind) ? kind_names[kind] : "adhoc";
}

const char *nq_period_kind_label(nq_period_kind kind) {
  return kind_ok(kind) ? kind_labels[kind] : "Đột xuất";
}

nq_code nq_period_kind_from_name(const char *name, nq_period_kind *out, nq_err *err) {
  for (int k = 0; name && k < NQ_PERIOD_KINDS; k++)
    if (strcmp(name, kind_names[k]) == 0) {
      *out = (nq_period_kind)k;
      return NQ_OK;
    }
  return nq_fail(err, NQ_EINVAL, "kỳ báo cáo không hợp lệ: \"%.40s\"", name ? name : "(null)");
}

int nq_period_count_in_year(nq_period_kind kind) {
  switch (kind) {
  case NQ_PERIOD_MONTH: return 12;
  case NQ_PERIOD_QUARTER: return 4;
  case NQ_PERIOD_HALF:
  case NQ_PERIOD_NINE_MONTHS:
  case NQ_PERIOD_YEAR: return 1;
  default: return 0;
  }
}

/* The parsed form of a regime due string. */
typedef enum due_rule { DUE_DEFAULT, DUE_DAY_OF_LAST, DUE_DAY_OF_NEXT, DUE_MONTH_DAY } due_rule;

static bool read_int(const char **ps, int *out) {
  const char *s = *ps;
  int v = 0, n = 0;
  while (*s >= '0' && *s <= '9' && n < 3) v = v * 10 + (*s++ - '0'), n++;
  if (n == 0 || (*s >= '0' && *s <= '9')) return false;
  *ps = s;
  *out = v;
  return true;
}

static bool parse_due(const char *due, due_rule *rule, int *month, int *day) {
  *rule = DUE_DEFAULT;
  *month = 0;
  *day = 20;
  if (!due || !*due) return true;
  const char *p = due;
  if (strncmp(p, "day ", 4) == 0) {
    p += 4;
    if (!read_int(&p, day) || *day < 1 || *day > 31) return false;
    if (*p == '\0' || strcmp(p, " of last month") == 0) *rule = DUE_DAY_OF_LAST;
    else if (strcmp(p, " of next month") == 0) *rule = DUE_DAY_OF_NEXT;
    else return false;
    return true;
  }
  if (!read_int(&p, month) || *p++ != '-' || !read_int(&p, day) || *p != '\0') return false;
  *rule = DUE_MONTH_DAY;
  return nq_date_valid(2024, *month, *day);   /* a leap year admits 02-29 */
}

bool nq_period_due_valid(const char *due) {
  due_rule r;
  int m, d;
  return parse_due(due, &r, &m, &d);
}

/* The Nth of a month, clamped to its last day ("day 31" in June is 30 June). */
static nq_date day_of_month(int y, int m, int day) {
  int last = nq_days_in_month(y, m);
  return nq_date_make(y, m, day > last ? last : day);
}

nq_code nq_period_make(nq_period_kind kind, int year, int index, const char *due,
                       nq_period *out, nq_err *err) {
  due_rule rule;
  int due_month, due_day;
  if (!kind_ok(kind)) return nq_fail(err, NQ_EINVAL, "kỳ báo cáo không hợp lệ");
  if (!parse_due(due, &rule, &due_month, &due_day))
    return nq_fail(err, NQ_EINVAL, "hạn báo cáo không hợp lệ: \"%.40s\"", due);
  memset(out, 0, sizeof *out);
  out->kind = kind;
  out->year = year;
  out->index = index;
  if (kind == NQ_PERIOD_ADHOC) return NQ_OK;
  if (year < 1900 || year > 9998)
    return nq_fail(err, NQ_EINVAL, "năm của kỳ báo cáo không hợp lệ: %d", year);
  if (index < 1 || index > nq_period_count_in_year(kind))
    return nq_fail(err, NQ_EINVAL, "số thứ tự kỳ %s không hợp lệ: %d",
                   nq_period_kind_label(kind), index);

  int first_month, last_month;
  switch (kind) {
  case NQ_PERIOD_MONTH: first_month = last_month = index; break;
  case NQ_PERIOD_QUARTER: first_month = 3 * index - 2, last_month = 3 * index; break;
  case NQ_PERIOD_HALF: first_month = 1, last_month = 6; break;
  case NQ_PERIOD_NINE_MONTHS: first_month = 1, last_month = 9; break;
  default: first_month = 1, last_month = 12; break;
  }
  out->start = nq_date_make(year, first_month, 1);
  out->end = nq_date_last_of_month(year, last_month);
  /* Decree 09 Art. 12: from the 15th of the month before the period's first
  ** month (15/12 of the previous year for half, nine months and year, which
  ** all start in January) to the 14th of its last month. */
  out->cut_from = nq_date_add_months(nq_date_make(year, first_month, 15), -1);
  out->cut_to = nq_date_make(year, last_month, 14);

  switch (rule) {
  case DUE_DEFAULT:
  case DUE_DAY_OF_LAST: out->due = day_of_month(year, last_month, due_day); break;
  case DUE_DAY_OF_NEXT: {
    nq_date next = nq_date_add_months(nq_date_make(year, last_month, 1), 1);
    out->due = day_of_month(next.y, next.m, due_day);
    break;
  }
  case DUE_MONTH_DAY: out->due = day_of_month(year, due_month, due_day); break;
  }
  return NQ_OK;
}

nq_code nq_period_containing(nq_period_kind kind, nq_date day, const char *due,
                             nq_period *out, nq_err *err) {
  int index = 1;
  if (kind == NQ_PERIOD_MONTH) index = day.m;
  else if (kind == NQ_PERIOD_QUARTER) index = nq_date_quarter(day);
  nq_code rc = nq_period_make(kind, day.y, index, due, out, err);
  if (rc != NQ_OK) return rc;
  if (kind == NQ_PERIOD_ADHOC || nq_date_cmp(day, out->end) > 0) {
    char buf[NQ_DATE_ISO_LEN];
    return nq_fail(err, NQ_ENOTFOUND, "không có kỳ %s chứa ngày %s", nq_period_kind_label(kind),
                   nq_date_format_vn(day, buf));
  }
  return NQ_OK;
}

long nq_periods_between(nq_period_kind kind, nq_date from, nq_date to, const char *due,
                        nq_period *out, size_t cap) {
  if (!kind_ok(kind) || !nq_period_due_valid(due)) return -1;
  long count = 0;
  int per_year = nq_period_count_in_year(kind);
  for (int y = from.y; y <= to.y && per_year > 0; y++)
    for (int i = 1; i <= per_year; i++) {
      nq_period p;
      if (nq_period_make(kind, y, i, due, &p, NULL) != NQ_OK) return -1;
      if (nq_date_cmp(p.start, to) > 0 || nq_date_cmp(p.end, from) < 0) continue;
      if ((size_t)count < cap) out[count] = p;
      count++;
    }
  return count;
}

char *nq_period_title(const nq_period *p, char *out, size_t cap) {
  static const char *const roman[] = {"I", "II", "III", "IV"};
  switch (p->kind) {
  case NQ_PERIOD_MONTH: snprintf(out, cap, "Tháng %d/%d", p->index, p->year); break;
  case NQ_PERIOD_QUARTER:
    snprintf(out, cap, "Quý %s/%d", roman[(p->index - 1) & 3], p->year);
    break;
  case NQ_PERIOD_HALF: snprintf(out, cap, "6 tháng đầu năm %d", p->year); break;
  case NQ_PERIOD_NINE_MONTHS: snprintf(out, cap, "9 tháng năm %d", p->year); break;
  case NQ_PERIOD_YEAR: snprintf(out, cap, "Năm %d", p->year); break;
  default: snprintf(out, cap, "Đột xuất"); break;
  }
  return out;
}

/* ---- the regime sentence ---- */

/* A period named at toks[i]; returns tokens consumed (0: none). */
static size_t period_at(const tt_token *t, size_t n, size_t i, nq_period_kind *kind) {
  const tt_token *prev = i > 0 ? &t[i - 1] : NULL;
  const tt_token *next = i + 1 < n ? &t[i + 1] : NULL;
  /* hằng tháng, hằng quý, hằng năm */
  if (tt_is_every(&t[i]) && next) {
    if (tt_is_month(next)) return *kind = NQ_PERIOD_MONTH, 2;
    if (tt_is_quarter(next)) return *kind = NQ_PERIOD_QUARTER, 2;
    if (tt_is_year(next)) return *kind = NQ_PERIOD_YEAR, 2;
    return 0;
  }
  /* 3 tháng, 6 tháng, 9 tháng, 01 năm; not "ngày 10 tháng ...", not "10/6" */
  if (t[i].type == TT_NUM && next && !(prev && (tt_is_day(prev) || tt_punct(prev, '/') || tt_punct(prev, '-')))) {
    if (tt_is_month(next)) {
      switch (t[i].num) {
      case 3: return *kind = NQ_PERIOD_QUARTER, 2;
      case 6: return *kind = NQ_PERIOD_HALF, 2;
      case 9: return *kind = NQ_PERIOD_NINE_MONTHS, 2;
      case 12: return *kind = NQ_PERIOD_YEAR, 2;
      default: return 0;
      }
    }
    if (tt_is_year(next) && t[i].num == 1) return *kind = NQ_PERIOD_YEAR, 2;
    return 0;
  }
  bool next_is_num = next && next->type == TT_NUM;
  bool after_number = prev && (prev->type == TT_NUM || tt_is_day(prev));
  /* "theo tháng, quý", "báo cáo tháng" (not "tháng 7", not "tháng cuối quý") */
  if (tt_is_month(&t[i]) && !next_is_num && !after_number &&
      !(next && (tt_is_last(next) || tt_word(next, "dau"))))
    return *kind = NQ_PERIOD_MONTH, 1;
  /* "báo cáo Quý trước", "quý," (not "Quý III/2025", not "tháng cuối quý",
  ** and not "quy định", "quy trình": without diacritics "quý" is "quy") */
  if (tt_is_quarter(&t[i]) && !(prev && tt_is_last(prev)) &&
      (!next || next->type == TT_PUNCT || tt_is_before(next) || tt_word(next, "va") ||
       tt_word(next, "hoac")))
    return *kind = NQ_PERIOD_QUARTER, 1;
  /* "báo cáo năm", "6 tháng, năm", "hoặc năm" (not "năm 2025") */
  if (tt_is_year(&t[i]) && !next_is_num && prev &&
      (tt_word(prev, "cao") || tt_word(prev, "va") || tt_word(prev, "hoac") ||
       tt_punct(prev, ',')))
    return *kind = NQ_PERIOD_YEAR, 1;
  /* đột xuất (OCR: "dot Xuat", "d6t xuét") */
  if ((tt_word(&t[i], "xuat") || tt_word(&t[i], "xuet") || tt_word(&t[i], "xuit")) && prev &&
      (tt_word(prev, "dot") || tt_word(prev, "t")))
    return *kind = NQ_PERIOD_ADHOC, 1;
  return 0;
}

/* "trước ngày 20", "trước ngày 10 tháng cuối quý", "trước ngày 10/6" at toks[i]. */
static size_t due_at(const tt_token *t, size_t n, size_t i, char *due, size_t cap) {
  if (i + 2 >= n || !tt_is_before(&t[i]) || !tt_is_day(&t[i + 1]) || t[i + 2].type != TT_NUM)
    return 0;
  int day = t[i + 2].num;
  size_t j = i + 3;
  if (day < 1 || day > 31) return 0;
  if (j + 1 < n && tt_punct(&t[j], '/') && t[j + 1].type == TT_NUM) {
    int month = t[j + 1].num;
    if (!nq_date_valid(2024, month, day)) return 0;
    snprintf(due, cap, "%02d-%02d", month, day);
    return j + 2 - i;
  }
  if (j < n && tt_word(&t[j], "cua")) j++;
  if (j + 2 < n && tt_is_month(&t[j]) && tt_is_last(&t[j + 1]) && tt_is_quarter(&t[j + 2])) {
    snprintf(due, cap, "day %d of last month", day);
    return j + 3 - i;
  }
  if (j + 1 < n && tt_is_month(&t[j]) &&
      (tt_word(&t[j + 1], "sau") || tt_word(&t[j + 1], "tiep"))) {
    snprintf(due, cap, "day %d of next month", day);
    return j + 2 - i;
  }
  snprintf(due, cap, "day %d", day);
  return 3;
}

size_t nq_regime_parse(const char *text, nq_regime_item *out, size_t cap) {
  bool seen[NQ_PERIOD_KINDS] = {false};
  char dues[NQ_PERIOD_KINDS][sizeof out->due] = {{0}};
  char pending[sizeof out->due] = "";
  int last = -1;
  tt_token *t;
  size_t n = tt_tokenize(text, &t);

  for (size_t i = 0; i < n;) {
    nq_period_kind kind;
    char due[sizeof out->due];
    size_t k = due_at(t, n, i, due, sizeof due);
    if (k) {
      nq_period_kind upcoming;
      /* "trước ngày 20 hằng tháng": the day belongs to the period after it */
      if (i + k < n && period_at(t, n, i + k, &upcoming)) snprintf(pending, sizeof pending, "%s", due);
      else if (last >= 0 && !dues[last][0]) snprintf(dues[last], sizeof dues[last], "%s", due);
      else if (last < 0) snprintf(pending, sizeof pending, "%s", due);
      i += k;
      continue;
    }
    k = period_at(t, n, i, &kind);
    if (k) {
      seen[kind] = true;
      last = (int)kind;
      if (pending[0] && kind != NQ_PERIOD_ADHOC) {
        if (!dues[kind][0]) snprintf(dues[kind], sizeof dues[kind], "%s", pending);
        pending[0] = '\0';
      }
      i += k;
      continue;
    }
    i++;
  }
  free(t);

  size_t count = 0;
  for (int kind = 0; kind < NQ_PERIOD_KINDS; kind++) {
    if (!seen[kind]) continue;
    if (count < cap) {
      out[count].period = (nq_period_kind)kind;
      /* Same-sized arrays: a plain copy cannot truncate. */
      if (kind == NQ_PERIOD_ADHOC) out[count].due[0] = '\0';
      else memcpy(out[count].due, dues[kind], sizeof out[count].due);
    }
    count++;
  }
  return count;
}
