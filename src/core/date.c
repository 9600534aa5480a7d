/*
** date.c: civil date arithmetic and the date spellings of Vietnamese
** administrative documents. Day numbers use Howard Hinnant's
** days_from_civil algorithm, exact over the whole proleptic Gregorian range.
*/
#include "core/date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"

bool nq_date_is_none(nq_date d) { return d.y == 0 && d.m == 0 && d.d == 0; }

bool nq_is_leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int nq_days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && nq_is_leap_year(y) ? 29 : days[m - 1];
}

bool nq_date_valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && d >= 1 && d <= nq_days_in_month(y, m);
}

nq_date nq_date_make(int y, int m, int d) {
  if (!nq_date_valid(y, m, d)) return NQ_DATE_NONE;
  return (nq_date){y, m, d};
}

nq_date nq_date_last_of_month(int y, int m) {
  return nq_date_make(y, m, nq_days_in_month(y, m));
}

long nq_date_to_days(nq_date dt) {
  long y = dt.y - (dt.m <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

nq_date nq_date_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  int y = (int)(yoe + era * 400 + (m <= 2));
  return (nq_date){y, m, d};
}

long nq_date_diff(nq_date a, nq_date b) {
  return nq_date_to_days(b) - nq_date_to_days(a);
}

nq_date nq_date_add_days(nq_date d, long days) {
  return nq_date_from_days(nq_date_to_days(d) + days);
}

nq_date nq_date_add_months(nq_date d, int months) {
  long index = (long)d.y * 12 + (d.m - 1) + months;
  int y = (int)(index / 12), m = (int)(index % 12) + 1;
  int last = nq_days_in_month(y, m);
  return (nq_date){y, m, d.d > last ? last : d.d};
}

int nq_date_cmp(nq_date a, nq_date b) {
  if (a.y != b.y) return a.y < b.y ? -1 : 1;
  if (a.m != b.m) return a.m < b.m ? -1 : 1;
  if (a.d != b.d) return a.d < b.d ? -1 : 1;
  return 0;
}

int nq_date_quarter(nq_date d) { return (d.m - 1) / 3 + 1; }

/* Reads 1..max_digits digits; returns the count read (0 if none). */
static int read_uint(const char **ps, int max_digits, int *out) {
  const char *s = *ps;
  int n = 0, v = 0;
  while (n < max_digits && isdigit((unsigned char)s[n])) v = v * 10 + (s[n++] - '0');
  if (n == 0 || isdigit((unsigned char)s[n])) return 0;
  *ps = s + n;
  *out = v;
  return n;
}

static nq_code bad_date(nq_err *err, const char *s) {
  return nq_fail(err, NQ_EINVAL, "ngày không hợp lệ: \"%.60s\"", s);
}

nq_code nq_date_parse_iso(const char *s, nq_date *out, nq_err *err) {
  const char *p = s;
  int y, m, d;
  if (read_uint(&p, 4, &y) != 4 || *p++ != '-' || read_uint(&p, 2, &m) != 2 ||
      *p++ != '-' || read_uint(&p, 2, &d) != 2 || *p != '\0' ||
      !nq_date_valid(y, m, d))
    return bad_date(err, s);
  *out = (nq_date){y, m, d};
  return NQ_OK;
}

static void skip_spaces(const char **ps) {
  while (**ps == ' ') (*ps)++;
}

/* Matches a word followed by a space or digit; advances past it. */
static bool eat_word(const char **ps, const char *word) {
  size_t n = strlen(word);
  if (strncmp(*ps, word, n) != 0) return false;
  if ((*ps)[n] != ' ' && !isdigit((unsigned char)(*ps)[n])) return false;
  *ps += n;
  skip_spaces(ps);
  return true;
}

/* Parses the folded, space-squeezed form. */
static bool parse_folded(const char *p, nq_date *out) {
  int y = 0, m = 0, d = 0;
  skip_spaces(&p);
  if (eat_word(&p, "ngay")) {
    if (!read_uint(&p, 2, &d)) return false;
    skip_spaces(&p);
    if (eat_word(&p, "thang")) {
      if (!read_uint(&p, 2, &m)) return false;
      skip_spaces(&p);
      if (!eat_word(&p, "nam")) return false;
      if (read_uint(&p, 4, &y) != 4) return false;
      goto done;
    }
  } else if (!read_uint(&p, 2, &d)) {
    return false;
  }
  char sep = *p;
  if (sep != '/' && sep != '-' && sep != '.') return false;
  p++;
  if (!read_uint(&p, 2, &m) || *p++ != sep || read_uint(&p, 4, &y) != 4) return false;
done:
  skip_spaces(&p);
  if (*p != '\0' || !nq_date_valid(y, m, d)) return false;
  *out = (nq_date){y, m, d};
  return true;
}

nq_code nq_date_parse_vn(const char *s, nq_date *out, nq_err *err) {
  if (!s || !vn_valid_utf8(s, strlen(s))) return nq_fail(err, NQ_EINVAL, "ngày không hợp lệ (UTF-8 sai)");
  char *folded = vn_fold(s);
  vn_squeeze_space(folded);
  bool ok = parse_folded(folded, out);
  free(folded);
  return ok ? NQ_OK : bad_date(err, s);
}

nq_code nq_date_parse(const char *s, nq_date *out, nq_err *err) {
  if (s && nq_date_parse_iso(s, out, NULL) == NQ_OK) return NQ_OK;
  return nq_date_parse_vn(s, out, err);
}

char *nq_date_format_iso(nq_date d, char *out) {
  if (nq_date_is_none(d)) out[0] = '\0';
  else snprintf(out, NQ_DATE_ISO_LEN, "%04u-%02u-%02u",
                (unsigned)d.y % 10000u, (unsigned)d.m % 100u, (unsigned)d.d % 100u);
  return out;
}

char *nq_date_format_vn(nq_date d, char *out) {
  if (nq_date_is_none(d)) out[0] = '\0';
  else snprintf(out, NQ_DATE_ISO_LEN, "%02u/%02u/%04u",
                (unsigned)d.d % 100u, (unsigned)d.m % 100u, (unsigned)d.y % 10000u);
  return out;
}
