/*
** task_table.c: appendix task tables as OCR leaves them (task_table.h).
**
** Each line of a row is cut into task text and "side" material (agency and
** time cells). Cells separated by '|' are taken as printed; where OCR lost
** the bar, the first agency phrase the directory recognises (capitalised,
** as names in a table are) starts the side material, and a time phrase at
** the end of a side piece is the time cell. Agency cells wrap over lines, so
** a fragment continues the column whose text is unfinished ("Sở Khoa học
** và" + "Công nghệ"). Which column a name came from is lost too often to
** trust, so roles follow plan-json.md by kind: where the table has a
** "Cơ quan chủ trì tham mưu" column, party bodies named beside a state
** body advise (oversight) and the state bodies carry the task out (lead).
*/
#include "import/task_table.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "import/tokens.h"
#include "util/buf.h"

enum { NCOLS = 4 };

typedef struct row {
  int section;          /* 1-based index of the part (roman row) */
  int number;
  bool implicit;        /* OCR lost the row number */
  nq_buf text;
  size_t text_before_last; /* text length before the last text-only line */
  bool last_text_only;
  char *col[NCOLS];
  int ncol_used;
  nq_buf time;
} row;

typedef struct rows {
  row *v;
  int n, cap;
} rows;

static bool starts_with_key(const char *s, const char *words) {
  char *k = vn_search_key(s);
  bool ok = strncmp(k, words, strlen(words)) == 0;
  free(k);
  return ok;
}

static bool is_year(const vn_tok *t) {
  return strlen(t->fold) == 4 && t->fold[0] == '2' && t->fold[1] == '0' && isdigit((unsigned char)t->fold[2]) &&
         isdigit((unsigned char)t->fold[3]);
}

/* OCR spellings of "năm" next to a year ("Năm", "Nim", "Niam", "Néam"). */
static bool year_word(const char *f) {
  return !strcmp(f, "nam") || !strcmp(f, "nim") || !strcmp(f, "niam") || !strcmp(f, "niem") ||
         !strcmp(f, "neam") || !strcmp(f, "ndm") || !strcmp(f, "nidm");
}

/* Index where a time phrase starts in t (from `from`), or -1: a year with
** the word before it when that word is "năm", "hằng năm", "nhiệm vụ
** thường xuyên". */
static int time_start(const vn_toks *t, int from) {
  for (int k = from; k < t->n; k++) {
    const char *f = t->v[k].fold;
    if (is_year(&t->v[k])) return k > from && year_word(t->v[k - 1].fold) ? k - 1 : k;
    if ((!strcmp(f, "hang") || !strcmp(f, "heng") || !strcmp(f, "hing")) && k + 1 < t->n &&
        (year_word(t->v[k + 1].fold) || !strcmp(t->v[k + 1].fold, "nam")))
      return k;
    if (vn_toks_at(t, k, "nhiem vu thuong") || vn_toks_at(t, k, "thuong xuyen")) return k;
  }
  return -1;
}

/* Does the source of token k start with a capital (names in cells do)? */
static bool capitalised(const char *src, const vn_tok *tk) {
  const unsigned char *p = (const unsigned char *)src + tk->start;
  if (isupper(*p)) return true;
  return p[0] == 0xC4 && p[1] == 0x90; /* Đ */
}

/* Is everything from token k on agency names, time words or a short
** unfinished name, as a run of cells is (and task text seldom is)? */
static bool side_to_end(const nq_agency_dir *dir, const vn_toks *t, int k) {
  int loose = 0;
  while (k < t->n) {
    char *name = NULL;
    int m = nq_agency_match(dir, t, k, &name);
    free(name);
    if (m > 0) {
      k += m;
      continue;
    }
    if (time_start(t, k) == k) return true;
    if (strcmp(t->v[k].fold, "va") && ++loose > 4) return false;
    k++;
  }
  return true;
}

/* First token where side material starts in s: an agency phrase, or (when
** `with_time`) a time phrase that runs to the end; t.n when none. */
static int side_start(const nq_agency_dir *dir, const char *s, const vn_toks *t, bool with_time) {
  int ts = with_time ? time_start(t, 0) : -1;
  for (int k = 0; k < t->n; k++) {
    if (k == ts) return k;
    char *name = NULL;
    int m = nq_agency_match(dir, t, k, &name);
    free(name);
    bool named = k == 0 || capitalised(s, &t->v[k]) || !strcmp(t->v[k].fold, "dang");
    if (m > 0 && named && side_to_end(dir, t, k)) return k;
  }
  return t->n;
}

static char *trimmed(const char *s, size_t a, size_t b) {
  while (a < b && (s[a] == ' ' || s[a] == '|')) a++;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '|')) b--;
  return nq_xstrndup(s + a, b - a);
}

static void append(char **acc, const char *more) {
  if (!*more) return;
  nq_buf b = NQ_BUF_INIT;
  if (*acc && **acc) {
    nq_buf_puts(&b, *acc);
    nq_buf_putc(&b, ' ');
  }
  nq_buf_puts(&b, more);
  nq_buf_putc(&b, 0);
  free(*acc);
  *acc = nq_buf_detach(&b);
}

/* Does a column's text stop in the middle of a name ("Sở Khoa học và",
** "các tổ", "Đảng ủy", "Báo Nghệ An -")? */
static bool unfinished(const char *col) {
  if (!col || !*col) return false;
  size_t n = strlen(col);
  char c = col[n - 1];
  if (c == '-' || c == ',' || c == ';') return true;
  vn_toks t;
  vn_toks_make(&t, col);
  bool open = false;
  if (t.n) {
    const char *f = t.v[t.n - 1].fold;
    open = !strcmp(f, "va") || !strcmp(f, "cac") || !strcmp(f, "to") || !strcmp(f, "uy") ||
           !strcmp(f, "dang") || !strcmp(f, "khoa") || !strcmp(f, "quan");
  }
  vn_toks_free(&t);
  return open;
}

/* Put one side piece (agency text and/or time text) into the row. */
static void add_side(row *r, const nq_agency_dir *dir, const char *piece, int index, int count) {
  vn_toks t;
  vn_toks_make(&t, piece);
  int ts = time_start(&t, 0);
  size_t cut = ts >= 0 ? t.v[ts].start : strlen(piece);
  /* the last cell of a wrapped line with no name in it continues the
  ** time cell ("Năm 2025 và giai" / "đoạn tiếp theo") */
  if (ts < 0 && count > 1 && index == count - 1 && r->time.len) {
    bool named = false;
    for (int k = 0; k < t.n && !named; k++) {
      char *name = NULL;
      named = nq_agency_match(dir, &t, k, &name) > 0;
      free(name);
    }
    if (!named) cut = 0;
  }
  char *agency = trimmed(piece, 0, cut);
  char *time = trimmed(piece, cut, strlen(piece));
  if (*agency) {
    int c = -1;
    for (int k = 0; k < NCOLS && c < 0; k++)
      if (unfinished(r->col[k])) c = k;
    if (c < 0) c = count > 1 ? (index < NCOLS ? index : NCOLS - 1) : r->ncol_used;
    if (c >= NCOLS) c = NCOLS - 1;
    append(&r->col[c], agency);
    if (c + 1 > r->ncol_used) r->ncol_used = c + 1;
  }
  if (*time) {
    if (r->time.len) nq_buf_putc(&r->time, ' ');
    nq_buf_puts(&r->time, time);
  }
  free(agency);
  free(time);
  vn_toks_free(&t);
}

static void add_text(row *r, const char *text, bool text_only) {
  if (!*text) return;
  r->text_before_last = r->text.len;
  r->last_text_only = text_only && (isupper((unsigned char)text[0]) || !strncmp(text, "\xc4\x90", 2));
  if (r->text.len) nq_buf_putc(&r->text, ' ');
  nq_buf_puts(&r->text, text);
}

/* Does the column end inside a name: its last word not the end of a name
** the directory knows ("Sở Nông nghiệp" before "và Môi trường")? */
static bool open_name(const char *col, const nq_agency_dir *dir) {
  if (!col || !*col) return false;
  vn_toks t;
  vn_toks_make(&t, col);
  bool closed = false;
  for (int k = 0; k < t.n;) {
    char *name = NULL;
    int m = nq_agency_match(dir, &t, k, &name);
    free(name);
    if (m > 0 && k + m == t.n) closed = true;
    k += m > 0 ? m : 1;
  }
  vn_toks_free(&t);
  return !closed || unfinished(col);
}

/* The unfinished column that `tail` completes into a directory name
** ("Sở Khoa học và" + "Công nghệ"), or -1. */
static int completed_column(const row *r, const nq_agency_dir *dir, const char *tail) {
  for (int c = 0; c < NCOLS; c++) {
    if (!open_name(r->col[c], dir)) continue;
    vn_toks a, t;
    vn_toks_make(&a, r->col[c]);
    char *joined = nq_xmalloc(strlen(r->col[c]) + strlen(tail) + 2);
    sprintf(joined, "%s %s", r->col[c], tail);
    vn_toks_make(&t, joined);
    bool ok = false;
    for (int k = 0; k < a.n && !ok; k++) {
      char *name = NULL;
      int m = nq_agency_match(dir, &t, k, &name);
      free(name);
      ok = m > 0 && k + m > a.n && k + m >= t.n - 1;
    }
    vn_toks_free(&a);
    vn_toks_free(&t);
    free(joined);
    if (ok) return c;
  }
  return -1;
}

/* One line of a row (row number already removed). */
static void read_line(row *r, const char *s, const nq_agency_dir *dir, bool first) {
  /* pieces split by '|' */
  char *pieces[16];
  int np = 0;
  const char *p = s;
  while (np < 16) {
    const char *e = strchr(p, '|');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *piece = trimmed(p, 0, len);
    if (*piece || np == 0) pieces[np++] = piece;
    else free(piece);
    if (!e) break;
    p = e + 1;
  }
  /* the first piece is task text up to where side material starts */
  vn_toks t;
  vn_toks_make(&t, pieces[0]);
  int k = side_start(dir, pieces[0], &t, first && np == 1);
  /* a short fragment finishing an agency cell ("chức Đảng", "Công nghệ") */
  bool open_col = false;
  for (int c = 0; c < NCOLS; c++) open_col |= open_name(r->col[c], dir);
  size_t cut = k < t.n ? t.v[k].start : strlen(pieces[0]);
  char *text = trimmed(pieces[0], 0, cut);
  char *rest = trimmed(pieces[0], cut, strlen(pieces[0]));
  vn_toks_free(&t);
  /* a name wrapped onto a text line's end: "… chuyển đổi số Công nghệ" */
  bool moved = false;
  if (!*rest && np == 1 && open_col && *text) {
    vn_toks tt;
    vn_toks_make(&tt, text);
    for (int q = tt.n - 1; q >= (first ? 1 : 0) && q >= tt.n - 4; q--) {
      int c = completed_column(r, dir, text + tt.v[q].start);
      if (c < 0) continue;
      append(&r->col[c], text + tt.v[q].start);
      text[tt.v[q].start] = 0;
      char *head = trimmed(text, 0, strlen(text));
      free(text);
      text = head;
      moved = true;
      break;
    }
    /* a short fragment of a cell that did not complete a name ("chức
    ** Đảng" after "các tổ") still belongs to the cell, not to the task */
    if (!moved && !first && tt.n <= 3 && isalpha((unsigned char)text[0]) && islower((unsigned char)text[0])) {
      free(rest);
      rest = text;
      text = nq_xstrdup("");
    }
    vn_toks_free(&tt);
  }
  add_text(r, text, np == 1 && !*rest);
  int count = (*rest ? 1 : 0) + np - 1, index = 0;
  if (*rest) add_side(r, dir, rest, index++, count);
  for (int i = 1; i < np; i++) add_side(r, dir, pieces[i], index++, count);
  free(text);
  free(rest);
  for (int i = 0; i < np; i++) free(pieces[i]);
}

/* "12 | text", "12 text": the row number, and where the text starts. */
static int row_number(const char *s, const char **body) {
  while (*s == ' ') s++;
  int d = 0;
  while (isdigit((unsigned char)s[d])) d++;
  if (d == 0 || d > 2) return 0;
  const char *p = s + d;
  if (*p != ' ' && *p != '|') return 0;
  while (*p == ' ' || *p == '|') p++;
  if (!*p) return 0;
  *body = p;
  return atoi(s);
}

/* "IV | Phát triển …", "VI Xây dựng …" (OCR reads I as T or l at times). */
static bool section_row(const char *s) {
  while (*s == ' ') s++;
  int n = 0;
  while (s[n] && strchr("IVXTl", s[n])) n++;
  if (n == 0 || n > 5 || !strchr("IVX", s[0])) return false;
  const char *p = s + n;
  if (*p != ' ' && *p != '|') return false;
  while (*p == ' ' || *p == '|') p++;
  return isupper((unsigned char)*p) || !strncmp(p, "\xc4\x90", 2) || (unsigned char)*p >= 0xC3;
}

/* A line that starts a row whose number OCR lost: task text, then an
** agency, then a time phrase. */
static bool unnumbered_row(const char *s, const nq_agency_dir *dir) {
  vn_toks t;
  vn_toks_make(&t, s);
  int k = side_start(dir, s, &t, false);
  bool ok = k >= 3 && k < t.n && time_start(&t, k) > k;
  vn_toks_free(&t);
  return ok;
}

static bool is_party(const char *name) {
  char *k = vn_search_key(name);
  bool party = strstr(k, "dang uy") || strstr(k, "tinh uy") || strstr(k, "cap uy") || strstr(k, "to chuc dang") ||
               strstr(k, "dang bo");
  free(k);
  return party;
}

static void names_in(const char *text, const nq_agency_dir *dir, json_t *arr, int *dangling) {
  vn_toks t;
  vn_toks_make(&t, text);
  for (int k = 0; k < t.n;) {
    char *name = NULL;
    int m = nq_agency_match(dir, &t, k, &name);
    if (m == 0 && vn_toks_at(&t, k, "dang uy")) ++*dangling;
    if (m > 0) {
      bool dup = false;
      size_t i;
      json_t *v;
      json_array_foreach(arr, i, v) dup |= !strcmp(json_string_value(v), name);
      if (!dup) json_array_append_new(arr, json_string(name));
      k += m;
    } else {
      k++;
    }
    free(name);
  }
  vn_toks_free(&t);
}

static void roman(int n, char *out, size_t sz) {
  static const char *const r[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                  "XI", "XII", "XIII", "XIV", "XV"};
  snprintf(out, sz, "%s", n > 0 && n < 16 ? r[n] : "X");
}

static row *new_row(rows *rs, int section, int number, bool implicit) {
  if (rs->n == rs->cap) {
    rs->cap = rs->cap ? 2 * rs->cap : 32;
    rs->v = realloc(rs->v, (size_t)rs->cap * sizeof *rs->v);
    if (!rs->v) abort();
  }
  row *r = &rs->v[rs->n++];
  memset(r, 0, sizeof *r);
  r->section = section;
  r->number = number;
  r->implicit = implicit;
  return r;
}

static void read_table(const char *const *L, int from, int to, int appendix, bool advised,
                       const nq_agency_dir *dir, json_t *out) {
  rows rs = {0};
  int section = 0;
  row *cur = NULL;
  for (int i = from; i < to; i++) {
    const char *s = L[i];
    while (*s == ' ') s++;
    if (!*s) continue;
    if (strspn(s, "0123456789") == strlen(s)) continue; /* page number */
    const char *body = NULL;
    int num = row_number(s, &body);
    if (section_row(s) && !num) {
      section++;
      cur = NULL;
      continue;
    }
    int last = 0;
    for (int k = rs.n - 1; k >= 0 && rs.v[k].section == section; k--)
      if (rs.v[k].number > last) last = rs.v[k].number;
    if (num) {
      if (num <= last) {
        /* numbering restarted without a part heading: OCR lost the heading
        ** of a new part, and the unnumbered rows just before belong to it */
        int moved = 0;
        while (moved < num - 1 && moved < rs.n && rs.v[rs.n - 1 - moved].implicit &&
               rs.v[rs.n - 1 - moved].section == section)
          moved++;
        section++;
        for (int k = 0; k < moved; k++) {
          row *m = &rs.v[rs.n - moved + k];
          m->section = section;
          m->number = num - moved + k;
        }
        /* the lost heading read as the last line of the row before */
        if (moved && rs.n - moved - 1 >= 0) {
          row *prev = &rs.v[rs.n - moved - 1];
          if (prev->last_text_only && prev->text.len) {
            prev->text.len = prev->text_before_last;
            prev->text.data[prev->text.len] = 0;
          }
        }
      }
      cur = new_row(&rs, section, num, false);
      read_line(cur, body, dir, true);
    } else if (section > 0 && unnumbered_row(s, dir)) {
      cur = new_row(&rs, section, last + 1, true);
      read_line(cur, s, dir, true);
    } else if (cur) {
      read_line(cur, s, dir, false);
    }
  }
  for (int k = 0; k < rs.n; k++) {
    row *r = &rs.v[k];
    char sec[8];
    roman(r->section, sec, sizeof sec);
    nq_buf code = NQ_BUF_INIT;
    nq_buf_printf(&code, "PL%d.", appendix);
    if (r->section) nq_buf_printf(&code, "%s.", sec);
    nq_buf_printf(&code, "%d", r->number);
    json_t *names = json_array(), *lead = json_array(), *oversight = json_array();
    int dangling = 0;
    for (int c = 0; c < NCOLS; c++)
      if (r->col[c]) names_in(r->col[c], dir, names, &dangling);
    /* "Đảng ủy" left at a line's end and "UBND tỉnh" on a later line:
    ** the party committee of that body, not the body itself */
    /* the name wrapped onto a later line: take bare names from the last */
    for (int q = (int)json_array_size(names) - 1; dangling > 0 && q >= 0; q--) {
      const char *bare = json_string_value(json_array_get(names, (size_t)q));
      if (is_party(bare) || nq_agency_is_collective(dir, bare)) continue;
      char prefixed[256];
      snprintf(prefixed, sizeof prefixed, "Đảng ủy %s", bare);
      vn_toks pt;
      vn_toks_make(&pt, prefixed);
      char *name = NULL;
      if (nq_agency_match(dir, &pt, 0, &name) == pt.n && name) {
        bool dup = false;
        size_t z;
        json_t *w;
        json_array_foreach(names, z, w) dup |= !strcmp(json_string_value(w), name);
        if (dup) json_array_remove(names, (size_t)q);
        else json_array_set_new(names, (size_t)q, json_string(name));
        dangling--;
      }
      free(name);
      vn_toks_free(&pt);
    }
    size_t i;
    json_t *v;
    bool any_state = false;
    json_array_foreach(names, i, v) any_state |= !is_party(json_string_value(v));
    json_array_foreach(names, i, v) {
      bool advise = advised && any_state && is_party(json_string_value(v));
      json_array_append(advise ? oversight : lead, v);
    }
    char *text = nq_xstrdup(r->text.data ? r->text.data : "");
    vn_squeeze_space(text);
    char *time = nq_xstrdup(r->time.data ? r->time.data : "");
    vn_squeeze_space(time);
    if (*text)
      json_array_append_new(out, json_pack("{s:s,s:s,s:o,s:o,s:s?}", "code", code.data, "text", text, "lead", lead,
                                           "oversight", oversight, "timeline", *time ? time : NULL));
    else {
      json_decref(lead);
      json_decref(oversight);
    }
    json_decref(names);
    free(text);
    free(time);
    nq_buf_free(&code);
    nq_buf_free(&r->text);
    nq_buf_free(&r->time);
    for (int c = 0; c < NCOLS; c++) free(r->col[c]);
  }
  free(rs.v);
}

json_t *nq_task_table_read(const char *const *L, int n, const nq_agency_dir *dir) {
  json_t *out = json_array();
  int appendix = 0, appendix_line = -100;
  for (int i = 0; i < n; i++) {
    const char *s = L[i];
    while (*s == ' ') s++;
    if (starts_with_key(s, "phu luc")) {
      char *k = vn_search_key(s);
      const char *d = k + 7;
      while (*d == ' ') d++;
      appendix = isdigit((unsigned char)*d) ? atoi(d) : appendix + 1;
      appendix_line = i;
      free(k);
      continue;
    }
    if (i - appendix_line > 12 || strchr(s, '|')) continue;
    if (!(starts_with_key(s, "tt ") || starts_with_key(s, "stt "))) continue;
    char *k = vn_search_key(s);
    char *k2 = vn_search_key(i + 1 < n ? L[i + 1] : "");
    bool tasks = strstr(k, "chu tri") != NULL;
    bool advised = strstr(k, "tham muu") || strstr(k2, "tham muu");
    bool header2 = strstr(k2, "tham muu") || strstr(k2, "hoan thanh");
    free(k);
    free(k2);
    if (!tasks) continue;
    int end = i + 1;
    while (end < n && !starts_with_key(L[end] + strspn(L[end], " "), "phu luc")) end++;
    read_table(L, i + (header2 ? 2 : 1), end, appendix ? appendix : 1, advised, dir, out);
    i = end - 1;
  }
  return out;
}
