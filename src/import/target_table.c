/*
** target_table.c: OCR'd target tables (target_table.h).
**
** The header names "Chỉ tiêu" and the years. Rows are numbered 1, 2, 3 …
** without gaps, so a line opening with the next number starts a row (page
** numbers and targets that look like numbers do not fit the sequence);
** roman rows are groups. A row's words split into its name and its target
** cells; the targets map to the years in order only when there is exactly
** one per year, each readable (">= 50%", "42-45%", "Có").
*/
#include "import/target_table.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

enum { MAX_YEARS = 8, MAX_VALUES = 16 };

static bool key_starts(const char *s, const char *words) {
  char *k = vn_search_key(s);
  bool ok = strncmp(k, words, strlen(words)) == 0;
  free(k);
  return ok;
}

static bool key_has(const char *s, const char *words) {
  char *k = vn_search_key(s);
  bool ok = strstr(k, words) != NULL;
  free(k);
  return ok;
}

/* A target cell normalised (">=50", "42-45", "yes"), or NULL when the
** chunk does not read as one. *percent is set when it carried '%'. */
static char *target_of(const char *chunk, bool *percent) {
  char *k = vn_search_key(chunk);
  bool yes = !strcmp(k, "co");
  free(k);
  if (yes) return nq_xstrdup("yes");
  nq_buf b = NQ_BUF_INIT;
  const char *p = chunk;
  if (!strncmp(p, "\xe2\x89\xa5", 3)) { nq_buf_puts(&b, ">="); p += 3; }       /* ≥ */
  else if (!strncmp(p, "\xe2\x89\xa4", 3)) { nq_buf_puts(&b, "<="); p += 3; }  /* ≤ */
  else if (!strncmp(p, ">=", 2) || !strncmp(p, "=>", 2)) { nq_buf_puts(&b, ">="); p += 2; }
  else if (!strncmp(p, "<=", 2)) { nq_buf_puts(&b, "<="); p += 2; }
  else if (*p == '>' || *p == '<') nq_buf_putc(&b, *p++);
  while (*p == ' ') p++;
  int numbers = 0;
  bool ok = true;
  while (ok && *p) {
    if (!isdigit((unsigned char)*p)) { ok = false; break; }
    while (isdigit((unsigned char)*p)) nq_buf_putc(&b, *p++);
    if ((*p == ',' || *p == '.') && isdigit((unsigned char)p[1])) {
      nq_buf_putc(&b, '.');
      p++;
      while (isdigit((unsigned char)*p)) nq_buf_putc(&b, *p++);
    }
    numbers++;
    if (*p == '%') { *percent = true; p++; }
    if (*p == '-' && numbers == 1 && isdigit((unsigned char)p[1])) { nq_buf_putc(&b, '-'); p++; continue; }
    if (*p) ok = false;
  }
  if (!ok || numbers == 0) {
    nq_buf_free(&b);
    return NULL;
  }
  nq_buf_putc(&b, 0);
  return nq_buf_detach(&b);
}

/* Split a line into chunks by '|' and spaces, a lone comparator joined to
** the number after it ("> 50%"). */
static int chunks_of(const char *s, char out[][64], int max) {
  int n = 0;
  const char *p = s;
  while (*p && n < max) {
    while (*p == ' ' || *p == '|') p++;
    if (!*p) break;
    const char *e = p;
    while (*e && *e != ' ' && *e != '|') e++;
    size_t len = (size_t)(e - p);
    bool comparator = (len == 1 && (*p == '>' || *p == '<')) || (len == 2 && (!strncmp(p, ">=", 2) || !strncmp(p, "=>", 2))) ||
                      (len == 3 && (!strncmp(p, "\xe2\x89\xa5", 3) || !strncmp(p, "\xe2\x89\xa4", 3)));
    if (comparator) {
      const char *q = e;
      while (*q == ' ') q++;
      const char *qe = q;
      while (*qe && *qe != ' ' && *qe != '|') qe++;
      snprintf(out[n++], 64, "%.*s%.*s", (int)len, p, (int)(qe - q < 50 ? qe - q : 50), q);
      p = qe;
      continue;
    }
    snprintf(out[n++], 64, "%.*s", (int)(len < 63 ? len : 63), p);
    p = e;
  }
  return n;
}

/* "III | Phát triển …", "III": the group numeral (I for OCR's T, l). */
static bool group_row(const char *s, char *roman, size_t sz, const char **rest) {
  while (*s == ' ') s++;
  size_t n = 0;
  while (s[n] && strchr("IVXTl", s[n])) n++;
  if (n == 0 || n > 5 || !strchr("IVX", s[0])) return false;
  const char *p = s + n;
  if (*p && *p != ' ' && *p != '|') return false;
  while (*p == ' ' || *p == '|') p++;
  snprintf(roman, sz, "%.*s", (int)n, s);
  for (char *c = roman; *c; c++)
    if (*c == 'T' || *c == 'l') *c = 'I';
  *rest = p;
  return true;
}

typedef struct trow {
  int number;
  char group[16];
  char *group_name;
  nq_buf name;
  char *values[MAX_VALUES];
  int nvalues;
  bool percent, unreadable;
  bool values_alone;     /* the last line held targets only (one cell per line) */
  nq_buf next_group;    /* a capitalised line after the targets: a group heading that lost its numeral */
} trow;

static double number_in(const char *v) {
  while (*v && !isdigit((unsigned char)*v)) v++;
  return atof(v);
}

/* OCR reads "≥" as "2": "2300" among "> 600", "> 1200" is "≥300". A bare
** value starting with 2 that breaks a rising series is taken as misread. */
static bool misread_two(const trow *r) {
  for (int i = 0; i + 1 < r->nvalues; i++) {
    const char *v = r->values[i];
    if (v[0] == '2' && number_in(v) > number_in(r->values[i + 1])) return true;
  }
  return false;
}

static void finish(trow *r, const int *years, int nyears, json_t *out) {
  if (r->number && r->nvalues == nyears && !r->unreadable && r->name.len && !misread_two(r)) {
    char *name = nq_xstrdup(r->name.data);
    vn_squeeze_space(name);
    size_t l = strlen(name);
    while (l && (name[l - 1] == '.' || name[l - 1] == ' ' || name[l - 1] == ';')) name[--l] = 0;
    json_t *tg = json_object();
    for (int i = 0; i < nyears; i++) {
      char y[8];
      snprintf(y, sizeof y, "%d", years[i]);
      json_object_set_new(tg, y, json_string(r->values[i]));
    }
    char code[48];
    if (r->group[0]) snprintf(code, sizeof code, "%s.%d", r->group, r->number);
    else snprintf(code, sizeof code, "%d", r->number);
    json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:s,s:o}", "code", code, "group",
                                         r->group_name ? r->group_name : "", "name", name, "unit",
                                         r->percent ? "%" : "", "targets", tg));
    free(name);
  }
  for (int i = 0; i < r->nvalues; i++) free(r->values[i]);
  r->nvalues = 0;
  r->unreadable = false;
  r->percent = false;
  nq_buf_free(&r->name);
}

static int roman_number(const char *s) {
  static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
  for (int i = 0; i < 12; i++)
    if (!strcmp(s, r[i])) return i + 1;
  return 0;
}

/* Add a line to a row: leading words to the name, the rest to targets. */
static void add_line(trow *r, const char *s) {
  char ch[24][64];
  int n = chunks_of(s, ch, 24);
  /* targets are the trailing chunks that read as targets */
  int first = n;
  bool pct = false;
  while (first > 0) {
    bool p2 = false;
    char *v = target_of(ch[first - 1], &p2);
    if (!v) break;
    free(v);
    first--;
  }
  if (first > 0 && r->nvalues) {
    /* words after targets: OCR debris or a wrapped name ("cơ bản") */
    bool letters = false;
    for (const char *p = s; *p; p++) letters |= isalpha((unsigned char)*p) || (unsigned char)*p >= 0xC3;
    if (first == n && letters && !r->next_group.len && islower((unsigned char)s[0])) {
      nq_buf_putc(&r->name, ' ');
      nq_buf_puts(&r->name, s);
      return;
    }
    int upper = 0, lower = 0;
    for (const char *c = s; *c; c++) {
      upper += isupper((unsigned char)*c) != 0;
      lower += islower((unsigned char)*c) != 0;
    }
    bool title_case = (isupper((unsigned char)s[0]) || (unsigned char)s[0] >= 0xC3) && lower > upper;
    if (first == n && letters && title_case && (r->values_alone || r->next_group.len)) {
      if (r->next_group.len) nq_buf_putc(&r->next_group, ' ');
      nq_buf_puts(&r->next_group, s);
      r->values_alone = false;
      return;
    }
    if (first == n && letters) return; /* a unit ("GRDP") or the next row's name: not a target */
    r->unreadable = true;
  }
  if (first > 0) {
    /* the name part: the line up to the first target chunk */
    const char *p = s;
    for (int k = 0; k < first; k++) {
      const char *f = strstr(p, ch[k]);
      if (f) p = f + strlen(ch[k]);
    }
    nq_buf_putc(&r->name, ' ');
    nq_buf_printf(&r->name, "%.*s", (int)(p - s), s);
    /* a name cell that ended with '|' */
    while (r->name.len && (r->name.data[r->name.len - 1] == '|' || r->name.data[r->name.len - 1] == ' '))
      r->name.data[--r->name.len] = 0;
  }
  r->values_alone = first == 0 && n > 0;
  /* cells after the name must read as targets: "6G (50%)" does not */
  const char *bar = strchr(s, '|');
  while (bar) {
    const char *e = strchr(bar + 1, '|');
    char cell[128];
    snprintf(cell, sizeof cell, "%.*s", (int)(e ? e - bar - 1 : (long)strlen(bar + 1)), bar + 1);
    char cc[8][64];
    int m = chunks_of(cell, cc, 8);
    for (int q = 0; q < m; q++) {
      bool p2 = false;
      char *v = target_of(cc[q], &p2);
      if (!v) r->unreadable = true;
      free(v);
    }
    bar = e;
  }
  for (int k = first; k < n; k++) {
    char *v = target_of(ch[k], &pct);
    if (r->nvalues < MAX_VALUES) r->values[r->nvalues++] = v;
    else free(v);
  }
  r->percent |= pct;
}

static void read_table(const char *const *L, int from, int to, const int *years, int nyears, json_t *out) {
  trow r;
  memset(&r, 0, sizeof r);
  int last = 0;
  char group[16] = "";
  char *group_name = NULL;
  bool naming_group = false;
  for (int i = from; i < to; i++) {
    const char *s = L[i];
    while (*s == ' ') s++;
    if (!*s) continue;
    char roman[16];
    const char *rest;
    if (group_row(s, roman, sizeof roman, &rest)) {
      finish(&r, years, nyears, out);
      nq_buf_free(&r.next_group);
      r.number = 0;
      r.group_name = NULL;
      snprintf(group, sizeof group, "%s", roman);
      free(group_name);
      group_name = nq_xstrdup(rest);
      naming_group = true;
      continue;
    }
    int d = 0;
    while (isdigit((unsigned char)s[d])) d++;
    int num = d > 0 && d <= 2 && (s[d] == 0 || s[d] == ' ' || s[d] == '|') ? atoi(s) : 0;
    /* OCR drops a row number now and then: allow a short gap */
    if (num && num > last && num <= last + 3) {
      finish(&r, years, nyears, out);
      if (r.next_group.len && roman_number(group) > 0 && roman_number(group) < 12) {
        static const char *const rn[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
        snprintf(group, sizeof group, "%s", rn[roman_number(group)]);
        free(group_name);
        group_name = nq_xstrdup(r.next_group.data);
      }
      nq_buf_free(&r.next_group);
      last = num;
      r.number = num;
      snprintf(r.group, sizeof r.group, "%s", group);
      r.group_name = group_name;
      naming_group = false;
      const char *body = s + d;
      while (*body == ' ' || *body == '|') body++;
      if (*body) add_line(&r, body);
      continue;
    }
    if (naming_group && *group_name && (strchr(s, '|') || !islower((unsigned char)s[0]))) naming_group = false;
    if (naming_group) {
      /* a group name wrapped over lines */
      char *g = NULL;
      size_t gl = strlen(group_name) + strlen(s) + 2;
      g = nq_xmalloc(gl);
      snprintf(g, gl, "%s%s%s", group_name, *group_name ? " " : "", s);
      free(group_name);
      group_name = g;
      continue;
    }
    if (r.number) add_line(&r, s);
  }
  finish(&r, years, nyears, out);
  nq_buf_free(&r.next_group);
  free(group_name);
}

json_t *nq_target_table_read(const char *const *L, int n) {
  json_t *out = json_array();
  int appendix_line = -100;
  for (int i = 0; i < n; i++) {
    const char *s = L[i];
    while (*s == ' ') s++;
    if (key_starts(s, "phu luc")) {
      appendix_line = i;
      continue;
    }
    if (i - appendix_line > 8 || !key_has(s, "chi tieu")) continue;
    int years[MAX_YEARS], ny = 0, j = i;
    for (; j < n && j < i + 3; j++) {
      for (const char *p = L[j]; *p && ny < MAX_YEARS; p++)
        if ((p == L[j] || !isalnum((unsigned char)p[-1])) && p[0] == '2' && p[1] == '0' &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && !isalnum((unsigned char)p[4]))
          years[ny++] = atoi(p);
      if (ny >= 2) break;
    }
    if (ny < 2) continue;
    int end = j + 1;
    while (end < n && !key_starts(L[end] + strspn(L[end], " "), "phu luc")) end++;
    read_table(L, j + 1, end, years, ny, out);
    i = end - 1;
  }
  return out;
}
