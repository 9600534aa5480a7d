/*
** period.h: reporting periods (kỳ báo cáo) and their dates.
**
** A period is a kind plus a year and an index (month 1..12, quarter 1..4;
** half, nine_months and year have index 1). For each period this module
** gives the dates it covers, the data cut-off window of Decree
** 09/2019/NĐ-CP Art. 12, and the day the report is due under the plan's
** regime ("reporting" in plan JSON, docs/spec/plan-json.md):
**
**   "day N"               the Nth of the period's last month
**                         (month: "trước ngày 20 hằng tháng" = the 20th of
**                         that same month; year: the Nth of December)
**   "day N of last month" the same, as plans write it for quarters
**   "day N of next month" the Nth of the month after the period
**   "MM-DD"               that day in the period's year ("06-10" = 10 June)
**   NULL                  the default: the 20th of the period's last month
**                         (docs/core.md explains the choice)
**
** "6 tháng" is the first half of the year: Decree 09 covers the second half
** with the annual report, so a "half" period is always January to June.
** Ad hoc (đột xuất) periods have no dates.
*/
#ifndef NQ_PERIOD_H
#define NQ_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"
#include "util/err.h"

typedef enum nq_period_kind {
  NQ_PERIOD_MONTH = 0,
  NQ_PERIOD_QUARTER,
  NQ_PERIOD_HALF,
  NQ_PERIOD_NINE_MONTHS,
  NQ_PERIOD_YEAR,
  NQ_PERIOD_ADHOC
} nq_period_kind;

#define NQ_PERIOD_KINDS 6

typedef struct nq_period {
  nq_period_kind kind;
  int year, index;
  nq_date start, end;           /* the dates the period covers */
  nq_date cut_from, cut_to;     /* data cut-off window (Decree 09 Art. 12) */
  nq_date due;                  /* report due (inclusive) */
} nq_period;

/* Stable ids as in plan JSON: "month", "quarter", "half", "nine_months",
** "year", "adhoc"; Vietnamese labels: "Tháng", "Quý", "6 tháng", "9 tháng",
** "Năm", "Đột xuất". */
const char *nq_period_kind_name(nq_period_kind kind);
const char *nq_period_kind_label(nq_period_kind kind);
nq_code nq_period_kind_from_name(const char *name, nq_period_kind *out, nq_err *err);
int nq_period_count_in_year(nq_period_kind kind);   /* 12, 4, 1, 1, 1, 0 */

/* Checks a regime due string (see above) without a period. */
bool nq_period_due_valid(const char *due);

/* Fills *out for kind/year/index with due from `due` (NULL: default).
** Fails with NQ_EINVAL on a bad index, year or due string. */
nq_code nq_period_make(nq_period_kind kind, int year, int index, const char *due,
                       nq_period *out, nq_err *err);

/* The period of a kind that contains `day` (by start..end). */
nq_code nq_period_containing(nq_period_kind kind, nq_date day, const char *due,
                             nq_period *out, nq_err *err);

/* Every period of `kind` whose start..end intersects from..to, in order.
** Writes at most cap periods and returns how many there are (like snprintf),
** or -1 on a bad kind or due string (ad hoc periods: 0). */
long nq_periods_between(nq_period_kind kind, nq_date from, nq_date to, const char *due,
                        nq_period *out, size_t cap);

/* "Tháng 7/2025", "Quý III/2025", "6 tháng đầu năm 2025", "9 tháng năm 2025",
** "Năm 2025", "Đột xuất" into out[cap]; returns out. */
char *nq_period_title(const nq_period *p, char *out, size_t cap);

/* One entry of a plan's reporting regime. */
typedef struct nq_regime_item {
  nq_period_kind period;
  char due[24];                 /* "" when the plan gives no day */
} nq_regime_item;

/* Reads the reporting regime from a sentence of a plan ("Định kỳ hằng tháng,
** 3 tháng, 6 tháng, 9 tháng, 01 năm hoặc đột xuất báo cáo ...", "báo cáo Quý
** trước ngày 10 tháng cuối Quý", OCR text without diacritics). Items come out
** once per kind, in kind order (month first, adhoc last). Writes at most cap;
** returns how many kinds were found. */
size_t nq_regime_parse(const char *text, nq_regime_item *out, size_t cap);

#endif
