/*
** date.h: civil dates of the proleptic Gregorian calendar, as plans and
** reports write them (ISO "2025-07-31", Vietnamese "31/7/2025" and
** "ngày 31 tháng 7 năm 2025"). Pure functions; no clock: callers pass "today".
**
** A date is a small value type. The all-zero value is "no date" (a task
** without a deadline), so structs holding dates can be zero-initialised.
*/
#ifndef NQ_DATE_H
#define NQ_DATE_H

#include <stdbool.h>
#include "util/err.h"

typedef struct nq_date {
  int y, m, d;            /* {0,0,0} = no date */
} nq_date;

#define NQ_DATE_NONE ((nq_date){0, 0, 0})
#define NQ_DATE_ISO_LEN 11   /* "2025-07-31" + NUL; also fits "31/07/2025" */

bool nq_date_is_none(nq_date d);
bool nq_date_valid(int y, int m, int d);   /* year 1..9999 */
bool nq_is_leap_year(int y);
int nq_days_in_month(int y, int m);        /* 0 for a bad month */

/* Builds a date, or NQ_DATE_NONE when y-m-d is not a real day. */
nq_date nq_date_make(int y, int m, int d);
nq_date nq_date_last_of_month(int y, int m);

/* Day number: days since 1970-01-01 (negative before). */
long nq_date_to_days(nq_date d);
nq_date nq_date_from_days(long days);

/* b - a in days. Both must be real dates. */
long nq_date_diff(nq_date a, nq_date b);
nq_date nq_date_add_days(nq_date d, long days);
/* Adds months; the day is clamped to the target month (31/1 + 1 = 28/2 or 29/2). */
nq_date nq_date_add_months(nq_date d, int months);

/* <0, 0, >0. NQ_DATE_NONE sorts before every real date. */
int nq_date_cmp(nq_date a, nq_date b);
int nq_date_quarter(nq_date d);            /* 1..4 */

/* "2025-07-31" exactly (zero-padded). */
nq_code nq_date_parse_iso(const char *s, nq_date *out, nq_err *err);
/* "31/7/2025", "31-07-2025", "31.7.2025", "ngày 31 tháng 7 năm 2025" (also
** without diacritics, as OCR gives it). Surrounding spaces are allowed. */
nq_code nq_date_parse_vn(const char *s, nq_date *out, nq_err *err);
/* Either form. */
nq_code nq_date_parse(const char *s, nq_date *out, nq_err *err);

/* Writes into out[NQ_DATE_ISO_LEN]; returns out. NQ_DATE_NONE gives "". */
char *nq_date_format_iso(nq_date d, char *out);
char *nq_date_format_vn(nq_date d, char *out);     /* "31/07/2025" */

#endif
