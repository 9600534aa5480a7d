/*
** agencies.c: directory parsing and agency phrase matching (agencies.h).
**
** Each name becomes one or more patterns of folded words. A pattern word
** may be optional ("và" inside names, a leading "các") and may list
** alternatives ("a|b"). Matching tries every pattern at a token and keeps
** the longest, so "Các sở, ban, ngành, địa phương" wins over "Các sở, ban,
** ngành" and "Sở Khoa học và Công nghệ" is not cut at its "và".
*/
#include "import/agencies.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

extern const char nq_embedded_agencies_md[];

typedef struct pattern {
  char **word;          /* folded word, or alternatives joined by '|' */
  bool *optional;
  int n;
} pattern;

typedef struct entry {
  char *name;
  bool collective;
  bool party;           /* a party body: no "Đảng ủy " prefix is added to it */
  pattern *pat;
  int npat;
} entry;

struct nq_agency_dir {
  entry *e;
  int n;
  char *place[8];       /* folded words of the document's place */
  int nplace;
};

/* Phrases documents use for the directory's collective assignees, beyond
** the directory's own spelling. Words ending in '?' are optional. */
static const char *const collective_phrases[][2] = {
  {"cac? so ban? nganh cac? dia phuong", "cac so ban nganh dia phuong"},
  {"cac? co quan don vi va? dia phuong", "cac so ban nganh dia phuong"},
  {"cac? so ban? nganh", "cac so ban nganh"},
  {"cac? so ban nganh doan the", "cac so ban nganh"},
  {"cac? cap uy to chuc dang truc thuoc", "cac cap uy to chuc dang truc thuoc"},
  {"cac? to chuc chinh tri xa hoi", "cac to chuc chinh tri xa hoi"},
};

/* Words that may follow a collective phrase and belong to it. */
static const char *const collective_tails[] = {
  "co lien quan", "lien quan", "tren dia ban tinh", "tren dia ban phuong", "tren dia ban",
};

/* Heads of agencies named instead of the agency ("Thủ trưởng các sở"). */
static const char *const head_titles[] = {"thu truong", "chu tich", "lanh dao", "de nghi"};

static bool word_eq(const char *pat, const char *w) {
  const char *p = pat;
  size_t wl = strlen(w);
  while (*p) {
    const char *bar = strchr(p, '|');
    size_t pl = bar ? (size_t)(bar - p) : strlen(p);
    if (pl == wl && !memcmp(p, w, wl)) return true;
    /* one OCR slip in a long word still matches */
    if (pl >= 5 && wl >= 5) {
      char tmp[64];
      snprintf(tmp, sizeof tmp, "%.*s", (int)pl, p);
      if (vn_word_distance(tmp, w) <= 1) return true;
    }
    if (!bar) break;
    p = bar + 1;
  }
  return false;
}

static void pattern_from_words(pattern *p, const char *spec) {
  char *copy = nq_xstrdup(spec), *save = NULL;
  p->n = 0;
  p->word = NULL;
  p->optional = NULL;
  for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    p->word = nq_xrealloc(p->word, (size_t)(p->n + 1) * sizeof *p->word);
    p->optional = nq_xrealloc(p->optional, (size_t)(p->n + 1) * sizeof *p->optional);
    size_t l = strlen(w);
    bool opt = l > 1 && w[l - 1] == '?';
    if (opt) w[l - 1] = 0;
    p->word[p->n] = nq_xstrdup(w);
    p->optional[p->n] = opt;
    p->n++;
  }
  free(copy);
}

/* A name's own pattern: its folded words, "và" optional, leading "các" optional. */
static void pattern_from_name(pattern *p, const char *name) {
  vn_toks t;
  vn_toks_make(&t, name);
  nq_buf b = NQ_BUF_INIT;
  for (int i = 0; i < t.n; i++) {
    nq_buf_puts(&b, t.v[i].fold);
    if (!strcmp(t.v[i].fold, "va") || (i == 0 && !strcmp(t.v[i].fold, "cac"))) nq_buf_putc(&b, '?');
    nq_buf_putc(&b, ' ');
  }
  vn_toks_free(&t);
  pattern_from_words(p, b.data ? b.data : "");
  nq_buf_free(&b);
}

static void add_pattern(entry *e, void (*make)(pattern *, const char *), const char *s) {
  e->pat = nq_xrealloc(e->pat, (size_t)(e->npat + 1) * sizeof *e->pat);
  make(&e->pat[e->npat], s);
  if (e->pat[e->npat].n == 0) {
    free(e->pat[e->npat].word);
    free(e->pat[e->npat].optional);
    return;
  }
  e->npat++;
}

static char *trim_dup(const char *a, const char *b) {
  while (a < b && (*a == ' ' || *a == '\t')) a++;
  while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) b--;
  return nq_xstrndup(a, (size_t)(b - a));
}

static bool is_party_name(const char *name) {
  char *f = vn_fold(name);
  bool party = !strncmp(f, "dang uy", 7) || strstr(f, "tinh uy") || strstr(f, "ban chi dao") ||
               strstr(f, "hoi dong tu van") || !strncmp(f, "cac cap uy", 10) ||
               !strncmp(f, "cac to chuc dang", 16) || !strncmp(f, "cac co quan chuyen trach", 24);
  free(f);
  return party;
}

nq_agency_dir *nq_agency_dir_parse(const char *md) {
  nq_agency_dir *d = nq_xcalloc(1, sizeof *d);
  bool collective = false;
  const char *line = md;
  while (line && *line) {
    const char *eol = strchr(line, '\n');
    const char *end = eol ? eol : line + strlen(line);
    if (!strncmp(line, "## ", 3)) {
      char *h = trim_dup(line + 3, end);
      char *f = vn_fold(h);
      collective = strstr(f, "collective") || strstr(f, "tap the");
      free(f);
      free(h);
    } else if (!strncmp(line, "- ", 2)) {
      char *item = trim_dup(line + 2, end);
      /* "Name (note) | alias | alias" */
      char *save = NULL;
      char *first = strtok_r(item, "|", &save);
      if (first) {
        char *paren = strchr(first, '(');
        char *name = trim_dup(first, paren ? paren : first + strlen(first));
        if (*name) {
          d->e = nq_xrealloc(d->e, (size_t)(d->n + 1) * sizeof *d->e);
          entry *e = &d->e[d->n++];
          memset(e, 0, sizeof *e);
          e->name = name;
          e->collective = collective;
          e->party = is_party_name(name);
          add_pattern(e, pattern_from_name, name);
          for (char *a = strtok_r(NULL, "|", &save); a; a = strtok_r(NULL, "|", &save)) {
            char *alias = trim_dup(a, a + strlen(a));
            add_pattern(e, pattern_from_name, alias);
            free(alias);
          }
        } else {
          free(name);
        }
      }
      free(item);
    }
    line = eol ? eol + 1 : NULL;
  }
  /* attach the collective phrases to the entries they name */
  for (size_t k = 0; k < sizeof collective_phrases / sizeof collective_phrases[0]; k++)
    for (int i = 0; i < d->n; i++) {
      char *key = vn_search_key(d->e[i].name);
      bool same = !strcmp(key, collective_phrases[k][1]);
      free(key);
      if (same) {
        add_pattern(&d->e[i], pattern_from_words, collective_phrases[k][0]);
        break;
      }
    }
  return d;
}

nq_agency_dir *nq_agency_dir_default(void) {
  return nq_agency_dir_parse(nq_embedded_agencies_md);
}

void nq_agency_dir_free(nq_agency_dir *d) {
  if (!d) return;
  for (int i = 0; i < d->n; i++) {
    for (int k = 0; k < d->e[i].npat; k++) {
      for (int w = 0; w < d->e[i].pat[k].n; w++) free(d->e[i].pat[k].word[w]);
      free(d->e[i].pat[k].word);
      free(d->e[i].pat[k].optional);
    }
    free(d->e[i].pat);
    free(d->e[i].name);
  }
  for (int i = 0; i < d->nplace; i++) free(d->place[i]);
  free(d->e);
  free(d);
}

void nq_agency_dir_set_place(nq_agency_dir *d, const char *place) {
  for (int i = 0; i < d->nplace; i++) free(d->place[i]);
  d->nplace = 0;
  if (!place) return;
  vn_toks t;
  vn_toks_make(&t, place);
  for (int i = 0; i < t.n && d->nplace < 8; i++) d->place[d->nplace++] = nq_xstrdup(t.v[i].fold);
  vn_toks_free(&t);
}

/* Tokens matched by p at token i (strong punctuation ends a name), or -1. */
/* A one- or two-digit token inside a name is OCR of a short syllable
** ("các cấp ủy, 6 chức đảng"): it may stand for any word but the first. */
static bool ocr_digit_word(const char *pat, const char *w, int k) {
  size_t n = strlen(w);
  return k > 0 && n >= 1 && n <= 2 && w[0] >= '0' && w[0] <= '9' && (n == 1 || (w[1] >= '0' && w[1] <= '9')) &&
         strlen(pat) <= 3 && !(pat[0] >= '0' && pat[0] <= '9');
}

static int match_pattern(const pattern *p, int k, const vn_toks *t, int i) {
  if (k == p->n) return 0;
  int best = -1;
  if (i < t->n && (word_eq(p->word[k], t->v[i].fold) || ocr_digit_word(p->word[k], t->v[i].fold, k))) {
    bool stop = k + 1 < p->n && (t->v[i].sep == ';' || t->v[i].sep == ':' || t->v[i].sep == '.');
    if (!stop) {
      int r = match_pattern(p, k + 1, t, i + 1);
      if (r >= 0) best = r + 1;
    }
  }
  if (p->optional[k]) {
    int r = match_pattern(p, k + 1, t, i);
    if (r > best) best = r;
  }
  return best;
}

static int match_entry(const nq_agency_dir *d, const vn_toks *t, int i, bool allow_party, int *which) {
  int best = 0;
  *which = -1;
  for (int e = 0; e < d->n; e++) {
    if (!allow_party && (d->e[e].party || d->e[e].collective)) continue;
    for (int k = 0; k < d->e[e].npat; k++) {
      int r = match_pattern(&d->e[e].pat[k], 0, t, i);
      if (r > best) {
        best = r;
        *which = e;
      }
    }
  }
  return best;
}

/* After a name: "(tỉnh) An Giang", or a collective's "có liên quan". */
static int absorb_tail(const nq_agency_dir *d, const vn_toks *t, int i, bool collective) {
  int j = i;
  if (collective) {
    for (size_t k = 0; k < sizeof collective_tails / sizeof collective_tails[0]; k++) {
      int m = vn_toks_at(t, j, collective_tails[k]);
      if (m && t->v[j - 1].sep == ' ') return j + m - i;
    }
    return 0;
  }
  if (d->nplace == 0 || j >= t->n || t->v[j - 1].sep != ' ') return 0;
  if (!strcmp(t->v[j].fold, "tinh")) j++;
  for (int p = 0; p < d->nplace; p++, j++)
    if (j >= t->n || strcmp(t->v[j].fold, d->place[p])) return 0;
  return j - i;
}

int nq_agency_match(const nq_agency_dir *d, const vn_toks *t, int i, char **name) {
  *name = NULL;
  int skip = 0;
  for (size_t k = 0; k < sizeof head_titles / sizeof head_titles[0]; k++) {
    int m = vn_toks_at(t, i, head_titles[k]);
    if (m) {
      skip = m;
      break;
    }
  }
  for (int pass = 0; pass < 2; pass++) {
    int at = i + (pass ? skip : 0);
    if (pass && !skip) break;
    int which;
    int direct = match_entry(d, t, at, true, &which);
    int party = 0, pwhich = -1;
    if (vn_toks_at(t, at, "dang uy") && t->v[at + 1].sep == ' ') {
      int r = match_entry(d, t, at + 2, false, &pwhich);
      if (r) party = r + 2;
    }
    if (party > direct) {
      party += absorb_tail(d, t, at + party, false);
      nq_buf b = NQ_BUF_INIT;
      nq_buf_printf(&b, "Đảng ủy %s", d->e[pwhich].name);
      *name = nq_buf_detach(&b);
      return party + (at - i);
    }
    if (direct) {
      direct += absorb_tail(d, t, at + direct, d->e[which].collective);
      /* "… trực thuộc Đảng ủy UBND tỉnh": the body they belong to is part of the phrase */
      int end = at + direct;
      if (d->e[which].collective && end < t->n && !strcmp(t->v[end - 1].fold, "thuoc") &&
          t->v[end - 1].sep == ' ') {
        char *parent = NULL;
        int m = nq_agency_match(d, t, end, &parent);
        free(parent);
        direct += m;
      }
      *name = nq_xstrdup(d->e[which].name);
      return direct + (at - i);
    }
  }
  return 0;
}

static bool has_name(json_t *arr, const char *s) {
  size_t k;
  json_t *v;
  json_array_foreach(arr, k, v) if (!strcmp(json_string_value(v), s)) return true;
  return false;
}

int nq_agency_list(const nq_agency_dir *d, const vn_toks *t, int i, int stop, json_t *arr) {
  int last_good = i;
  if (stop > t->n) stop = t->n;
  while (i < stop) {
    char *name = NULL;
    int m = nq_agency_match(d, t, i, &name);
    if (!m || i + m > stop) {
      free(name);
      break;
    }
    if (!has_name(arr, name)) json_array_append_new(arr, json_string(name));
    free(name);
    i += m;
    last_good = i;
    char sep = t->v[i - 1].sep;
    if (sep == ',' && i < stop) {
      if (vn_toks_at(t, i, "va")) i++;
      continue;
    }
    if (sep == ' ' && i < stop && vn_toks_at(t, i, "va") && t->v[i].sep == ' ') {
      i++;
      continue;
    }
    break;
  }
  return last_good;
}

int nq_agency_is_collective(const nq_agency_dir *d, const char *name) {
  for (int i = 0; i < d->n; i++)
    if (!strcmp(d->e[i].name, name)) return d->e[i].collective;
  return 0;
}

int nq_agency_dir_count(const nq_agency_dir *d) { return d->n; }

const char *nq_agency_dir_name(const nq_agency_dir *d, int i) {
  return i >= 0 && i < d->n ? d->e[i].name : NULL;
}
