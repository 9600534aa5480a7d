/*
** plan_text.c: plan text -> plan JSON (plan_text.h).
**
** Three passes. Lines are cleaned of markup and classified (numbered item,
** lettered item, bullet, field line "Cơ quan chủ trì: …", heading, running
** text). Blocks are then joined into a tree by the numbering each document
** uses (I. > 1. > 1.1. > a) > bullets; a kind of marker seen again closes
** everything opened after it). Finally the tree is read by the rules of
** plan-json.md: which nodes are tasks, their lead/support, time lines,
** duties of "Tổ chức thực hiện" and the reporting regime.
*/
#include "import/plan_text.h"
#include "import/target_table.h"
#include "import/task_table.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/vntext.h"
#include "import/docnum.h"
#include "import/timeline.h"
#include "import/tokens.h"
#include "util/buf.h"

/* ---------------------------------------------------------------- lines */

typedef enum btype {
  B_PARA, B_ROMAN, B_APPENDIX, B_NUM, B_NUM2, B_NUM3, B_LETTER, B_SLASH, B_PAREN, B_BULLET, B_PLUS,
  B_FIELD, B_HEADING
} btype;

typedef enum ftype { F_NONE, F_LEAD, F_SUPPORT, F_OVERSIGHT, F_TIME, F_OTHER } ftype;

typedef struct line {
  char *text;      /* cleaned, trimmed */
  bool heading;    /* the whole line was bold or a markdown heading */
  bool blank;
} line;

/* Remove markup: <sup>…</sup> (footnote marks), **, __, leading #. */
static char *clean_line(const char *s, bool *heading) {
  nq_buf b = NQ_BUF_INIT;
  *heading = false;
  while (*s == ' ' || *s == '\t') s++;
  if (*s == '#') {
    while (*s == '#') s++;
    *heading = true;
  }
  for (const char *p = s; *p;) {
    if (!strncmp(p, "<sup>", 5)) {
      const char *e = strstr(p, "</sup>");
      p = e ? e + 6 : p + 5;
      continue;
    }
    if (*p == '<' && (!strncmp(p, "</", 2) || !strncmp(p, "<br", 3))) {
      const char *e = strchr(p, '>');
      p = e ? e + 1 : p + 1;
      continue;
    }
    if ((p[0] == '*' && p[1] == '*') || (p[0] == '_' && p[1] == '_')) {
      p += 2;
      continue;
    }
    if (*p == '\r' || *p == '\t') {
      nq_buf_putc(&b, ' ');
      p++;
      continue;
    }
    nq_buf_putc(&b, *p++);
  }
  nq_buf_putc(&b, 0);
  char *r = nq_buf_detach(&b);
  /* a line wrapped in bold/italic markers is a heading */
  size_t n = strlen(s);
  bool bold = n > 4 && !strncmp(s, "**", 2) && !strncmp(s + n - 2, "**", 2);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r')) n--;
  if (n > 4 && !strncmp(s, "**", 2) && s[n - 1] == '*') bold = true;
  if (bold) *heading = true;
  /* single-star italics around a whole line */
  size_t rl = strlen(r);
  while (rl > 0 && (r[rl - 1] == ' ')) r[--rl] = 0;
  if (rl > 2 && r[0] == '*' && r[1] != ' ' && r[rl - 1] == '*') {
    size_t a = 0, z = rl;
    while (a < z && r[a] == '*') a++;
    while (z > a && r[z - 1] == '*') z--;
    char *inner = nq_xstrndup(r + a, z - a);
    free(r);
    r = inner;
  }
  vn_squeeze_space(r);
  if (!strcmp(r, "---") || !strcmp(r, "***")) r[0] = 0;
  return r;
}

static line *split_lines(const char *text, int *count) {
  line *v = NULL;
  int n = 0, cap = 0;
  const char *p = text;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *raw = nq_xstrndup(p, len);
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      v = nq_xrealloc(v, (size_t)cap * sizeof *v);
    }
    v[n].text = clean_line(raw, &v[n].heading);
    v[n].blank = !v[n].text[0];
    n++;
    free(raw);
    p = e ? e + 1 : p + len;
  }
  *count = n;
  return v;
}

/* ---------------------------------------------------- folded helpers */

static char *fold_key(const char *s) { return vn_search_key(s); }

static bool starts_with_words(const char *key, const char *words) {
  size_t n = strlen(words);
  return !strncmp(key, words, n) && (key[n] == 0 || key[n] == ' ');
}

/* Fuzzy "words at the start of key": each word within one edit when it
** has 4+ letters (OCR slips in field labels: "thot gian thuc hien"). */
static bool fuzzy_prefix(const char *key, const char *words, size_t *consumed) {
  char kb[256], wb[128];
  snprintf(kb, sizeof kb, "%s", key);
  snprintf(wb, sizeof wb, "%s", words);
  char *ks = NULL, *ws = NULL;
  char *k = strtok_r(kb, " ", &ks);
  size_t used = 0;
  for (char *w = strtok_r(wb, " ", &ws); w; w = strtok_r(NULL, " ", &ws)) {
    if (!k) return false;
    if (strcmp(k, w) && (strlen(w) < 4 || vn_word_distance(k, w) > 1)) return false;
    used = (size_t)(k - kb) + strlen(k);
    k = strtok_r(NULL, " ", &ks);
  }
  if (consumed) *consumed = used;
  return true;
}

/* Mostly capitals (ASCII letters decide; headings keep enough of them even
** when OCR or accents get in the way). */
static bool has_upper_majority(const char *s) {
  int up = 0, low = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (isupper(*p)) up++;
    else if (islower(*p)) low++;
  }
  return up + low > 0 && up * 10 >= (up + low) * 5;
}

/* ------------------------------------------------------------- blocks */

typedef struct block {
  btype type;
  ftype field;
  char label[16];
  char *text;
  bool heading;
  bool blank_before;
} block;

static const struct {
  const char *words;
  ftype f;
} field_labels[] = {
  {"co quan chu tri tham muu", F_OVERSIGHT},
  {"co quan chu tri", F_LEAD},
  {"don vi chu tri", F_LEAD},
  {"co quan phoi hop", F_SUPPORT},
  {"don vi phoi hop", F_SUPPORT},
  {"thoi gian thuc hien", F_TIME},
  {"thoi gian hoan thanh", F_TIME},
  {"thoi han hoan thanh", F_TIME},
  {"thoi han", F_TIME},
  {"tien do thuc hien", F_TIME},
  {"san pham", F_OTHER},
  {"ket qua dau ra", F_OTHER},
};

/* Length of a leading roman numeral with its dot ("III. ", OCR "I11. "). */
static size_t roman_marker(const char *s) {
  size_t i = 0;
  while (s[i] && strchr("IVXLl1|", s[i]) && i < 5) i++;
  if (i == 0 || (s[i] != '.' && s[i] != '-') || s[i + 1] != ' ') return 0;
  /* at least one real roman letter */
  bool real = false;
  for (size_t k = 0; k < i; k++) real |= s[k] == 'I' || s[k] == 'V' || s[k] == 'X';
  if (!real) return 0;
  return i + 2;
}

/* Value of a roman numeral as OCR prints it ("I11", "Il" are III, II), or 0. */
static int roman_value(const char *s, size_t n) {
  int v = 0, prev = 0;
  for (size_t i = n; i-- > 0;) {
    char c = s[i];
    int d = (c == 'I' || c == 'l' || c == '1' || c == '|') ? 1 : c == 'V' ? 5 : c == 'X' ? 10 : 0;
    if (!d) return 0;
    v += d < prev ? -d : d;
    if (d > prev) prev = d;
  }
  return v > 0 && v <= 15 ? v : 0;
}

static size_t digits(const char *s) {
  size_t i = 0;
  while (isdigit((unsigned char)s[i])) i++;
  return i;
}

/* Classify a cleaned line; *body is where its text starts. */
static btype classify(const char *s, const char **body, char *label, size_t labsz) {
  *body = s;
  label[0] = 0;
  size_t r = roman_marker(s);
  /* OCR may leave a stray letter before the numeral ("i V- TỔ CHỨC …") */
  size_t junk = 0;
  if (!r && s[0] && s[1] == ' ' && islower((unsigned char)s[0]) && (r = roman_marker(s + 2))) junk = 2;
  if (r && has_upper_majority(s + junk + r)) {
    *body = s + junk + r;
    return B_ROMAN;
  }
  /* "PHỤ LỤC 2": an appendix closes the body's sections */
  if (strlen(s) < 40 && has_upper_majority(s)) {
    char *k = fold_key(s);
    bool appendix = starts_with_words(k, "phu luc") || !strncmp(k, "phu luc", 7);
    free(k);
    if (appendix) return B_APPENDIX;
  }
  /* OCR reads the numeral 5 as S ("S. Thu hút …", which the diacritics
  ** repair may turn into "Sở. Thu hút …"): item 5 */
  {
    size_t sl = !strncmp(s, "S. ", 3) ? 1 : !strncmp(s, "S\xe1\xbb\x9f. ", 6) ? 4 : 0;
    const unsigned char c = sl ? (unsigned char)s[sl + 2] : 0;
    if (sl && (isupper(c) || c >= 0xC3)) {
      snprintf(label, labsz, "5");
      *body = s + sl + 2;
      return B_NUM;
    }
  }
  size_t d = digits(s);
  if (d >= 1 && d <= 2) {
    const char *p = s + d;
    if (p[0] == '.' && isdigit((unsigned char)p[1])) {
      size_t d2 = digits(p + 1);
      const char *q = p + 1 + d2;
      if (q[0] == '.' && isdigit((unsigned char)q[1])) {
        size_t d3 = digits(q + 1);
        const char *z = q + 1 + d3;
        if (*z == '.') z++;
        if (*z == ' ') {
          snprintf(label, labsz, "%.*s", (int)(z - s), s);
          *body = z + 1;
          return B_NUM3;
        }
      }
      if (*q == '.') q++;
      if (*q == ' ') {
        snprintf(label, labsz, "%.*s", (int)(q - s), s);
        if (label[strlen(label) - 1] == '.') label[strlen(label) - 1] = 0;
        *body = q + 1;
        return B_NUM2;
      }
    }
    if (p[0] == '.' && p[1] == ' ' && !isdigit((unsigned char)p[2])) {
      snprintf(label, labsz, "%.*s", (int)d, s);
      *body = p + 2;
      return B_NUM;
    }
    if (p[0] == '/' && p[1] == ' ') {
      snprintf(label, labsz, "%.*s", (int)d, s);
      *body = p + 2;
      return B_SLASH;
    }
    if (p[0] == ')' && p[1] == ' ') {
      snprintf(label, labsz, "%.*s", (int)d, s);
      *body = p + 2;
      return B_PAREN;
    }
  }
  /* a) b) … đ) */
  if (islower((unsigned char)s[0]) && s[1] == ')' && s[2] == ' ') {
    snprintf(label, labsz, "%c", s[0]);
    *body = s + 3;
    return B_LETTER;
  }
  if (!strncmp(s, "\xc4\x91) ", 4)) {
    snprintf(label, labsz, "đ");
    *body = s + 4;
    return B_LETTER;
  }
  if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
    *body = s + 2;
    return s[0] == '+' ? B_PLUS : B_BULLET;
  }
  if ((!strncmp(s, "\xe2\x80\x93 ", 4) || !strncmp(s, "\xe2\x80\xa2 ", 4))) {
    *body = s + 4;
    return B_BULLET;
  }
  return B_PARA;
}

static ftype field_of(const char *body, const char **rest) {
  /* a field label is followed by its colon within a few words */
  const char *colon = strchr(body, ':');
  if (!colon || colon - body >= 60) return F_NONE;
  char *label = nq_xstrndup(body, (size_t)(colon - body));
  char *key = fold_key(label);
  free(label);
  ftype f = F_NONE;
  for (size_t k = 0; k < sizeof field_labels / sizeof field_labels[0] && f == F_NONE; k++) {
    size_t used;
    if (fuzzy_prefix(key, field_labels[k].words, &used)) {
      const char *colon = strchr(body, ':');
      /* a field label is followed by its colon within a few words */
      if (colon && colon - body < 60) {
        f = field_labels[k].f;
        *rest = colon + 1;
        while (**rest == ' ') (*rest)++;
      }
    }
  }
  free(key);
  return f;
}

static bool ends_sentence(const char *s) {
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ') n--;
  return n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == ';');
}

/* Append a wrapped line to running text, undoing hyphenation of numbers
** ("69-" + "KL/TW"). */
static void join_text(char **acc, const char *more) {
  nq_buf b = NQ_BUF_INIT;
  size_t n = strlen(*acc);
  nq_buf_puts(&b, *acc);
  if (n && more[0]) {
    bool glue = n >= 2 && (*acc)[n - 1] == '-' && isalnum((unsigned char)(*acc)[n - 2]);
    if (!glue) nq_buf_putc(&b, ' ');
  }
  nq_buf_puts(&b, more);
  free(*acc);
  *acc = nq_buf_detach(&b);
}

static bool is_page_number(const char *s) {
  size_t d = digits(s);
  return d > 0 && d <= 3 && s[d] == 0;
}

/* ------------------------------------------------------------- tree */

typedef struct node {
  btype type;
  char label[16];
  char *text;          /* the item's own text (first paragraph) */
  char *body;          /* running paragraphs after it */
  bool heading;
  char *field[6];      /* indexed by ftype */
  int parent;
  int *kids;
  int nkids;
} node;

typedef struct tree {
  node *v;
  int n;
} tree;

static int tree_add(tree *t, btype type, const char *label, const char *text, bool heading, int parent) {
  t->v = nq_xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
  node *x = &t->v[t->n];
  memset(x, 0, sizeof *x);
  x->type = type;
  snprintf(x->label, sizeof x->label, "%s", label);
  x->text = nq_xstrdup(text);
  x->heading = heading;
  x->parent = parent;
  if (parent >= 0) {
    node *p = &t->v[parent];
    p->kids = nq_xrealloc(p->kids, (size_t)(p->nkids + 1) * sizeof *p->kids);
    p->kids[p->nkids++] = t->n;
  }
  return t->n++;
}

static void tree_free(tree *t) {
  for (int i = 0; i < t->n; i++) {
    free(t->v[i].text);
    free(t->v[i].body);
    for (int f = 0; f < 6; f++) free(t->v[i].field[f]);
    free(t->v[i].kids);
  }
  free(t->v);
}

/* ------------------------------------------------------------ sentences */

/* Length of the first sentence: up to ". " before a capital, or the end. */
static size_t first_sentence_len(const char *s) {
  for (size_t i = 0; s[i]; i++) {
    if (s[i] != '.') continue;
    if (s[i + 1] == 0) return i;
    if (s[i + 1] != ' ') continue;
    if (i > 0 && s[i - 1] == '.') continue; /* ellipsis */
    const char *n = s + i + 2;
    char *f = vn_fold((char[]){n[0], n[1], n[2], n[3], 0});
    bool upper = isupper((unsigned char)n[0]) || ((unsigned char)n[0] >= 0xC3 && f[0] && strncmp(n, f, 1) &&
                 !islower((unsigned char)n[0]) && (unsigned char)n[0] != 0xE2);
    free(f);
    if (!upper) continue;
    /* "TP. Hồ Chí Minh": a short capital abbreviation does not end a sentence */
    size_t w = i;
    while (w > 0 && isupper((unsigned char)s[w - 1])) w--;
    if (i - w >= 1 && i - w <= 3 && (w == 0 || s[w - 1] == ' ')) continue;
    return i;
  }
  return strlen(s);
}

static const char *const action_verbs[] = {
  "xay dung", "to chuc", "trien khai", "thuc hien", "nghien cuu", "day manh", "tang cuong",
  "hoan thien", "ban hanh", "phat trien", "ra soat", "tham muu", "de xuat", "boi duong",
  "dao tao", "kien toan", "thanh lap", "ung dung", "tuyen truyen", "quan triet", "cu the hoa",
  "bo tri", "dau tu", "ho tro", "khuyen khich", "nang cao", "theo doi", "kiem tra",
};

static void strip_end(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ';' || s[n - 1] == ':' ||
               s[n - 1] == ','))
    s[--n] = 0;
  /* an ellipsis belongs to the text */
  if (n >= 2 && s[n - 1] == '.' && s[n - 2] == '.') return;
}

/* The task title of an item's text (plan-json.md "title"). */
static char *title_of(const char *text, const nq_agency_dir *dir) {
  size_t n = first_sentence_len(text);
  char *t = nq_xstrndup(text, n);
  /* a colon ends a heading when an action starts after it and what comes
  ** before is not just an agency name ("Chiến lược …: Xây dựng …") */
  for (char *c = strchr(t, ':'); c; c = strchr(c + 1, ':')) {
    const char *after = c + 1;
    while (*after == ' ') after++;
    if (!isupper((unsigned char)*after) && (unsigned char)*after < 0xC3) continue;
    char *key = fold_key(after);
    bool verb = false;
    for (size_t k = 0; k < sizeof action_verbs / sizeof action_verbs[0] && !verb; k++)
      verb = starts_with_words(key, action_verbs[k]);
    free(key);
    if (!verb) continue;
    char *before = nq_xstrndup(t, (size_t)(c - t));
    vn_toks bt;
    vn_toks_make(&bt, before);
    char *name = NULL;
    int m = bt.n ? nq_agency_match(dir, &bt, 0, &name) : 0;
    bool agency_only = m == bt.n;
    free(name);
    vn_toks_free(&bt);
    free(before);
    if (agency_only) continue;
    *c = 0;
    break;
  }
  vn_squeeze_space(t);
  strip_end(t);
  return t;
}

/* ---------------------------------------------------------- agencies */

/* Words an agency's name starts with: a phrase that starts so and is not in
** the directory is proposed as a new agency. */
static const char *const agency_heads[] = {
  "so", "ban", "trung tam", "phong", "uy ban", "hoi", "vien", "truong", "cong an", "bo", "cuc",
  "chi cuc", "van phong", "dai", "bao", "lien doan", "doan", "hoi dong", "cong ty", "tong cong ty",
  "buu dien", "vien thong", "thanh tra", "kho bac", "chi nhanh", "ngan hang", "dang uy", "chi bo",
  "mat tran", "lien hiep", "quy", "benh vien", "ubnd", "uy ban nhan dan",
};

static bool starts_like_agency(const vn_toks *t, int i) {
  for (size_t k = 0; k < sizeof agency_heads / sizeof agency_heads[0]; k++)
    if (vn_toks_at(t, i, agency_heads[k])) return true;
  return false;
}

/* Record a proposed agency (best spelling: as printed, trimmed). */
static void propose(json_t *proposals, const char *src, size_t a, size_t b, json_t *role) {
  char *name = nq_xstrndup(src + a, b - a);
  vn_squeeze_space(name);
  strip_end(name);
  size_t n = strlen(name);
  if (n < 4 || n > 120) {
    free(name);
    return;
  }
  if (islower((unsigned char)name[0])) name[0] = (char)toupper((unsigned char)name[0]);
  char *key = fold_key(name);
  size_t i;
  json_t *v;
  bool known = false;
  json_array_foreach(proposals, i, v) {
    char *k2 = fold_key(json_string_value(json_object_get(v, "name")));
    if (!strcmp(k2, key)) {
      json_object_set_new(v, "mentions", json_integer(json_integer_value(json_object_get(v, "mentions")) + 1));
      free(name);
      name = nq_xstrdup(json_string_value(json_object_get(v, "name")));
      known = true;
    }
    free(k2);
    if (known) break;
  }
  if (!known) json_array_append_new(proposals, json_pack("{s:s,s:i}", "name", name, "mentions", 1));
  if (role) {
    bool in = false;
    json_array_foreach(role, i, v) in |= !strcmp(json_string_value(v), name);
    if (!in) json_array_append_new(role, json_string(name));
  }
  free(key);
  free(name);
}

/* Lead and support named by an item's first sentence:
** "X chủ trì, phối hợp với Y, Z …", "X: Chủ trì, phối hợp …", "X có trách
** nhiệm …", "X phối hợp với Y …". A subject before "chủ trì" that is not in
** the directory but reads as an agency name becomes a proposal. */
static void lead_sentence(const char *text, const nq_agency_dir *dir, json_t *lead, json_t *support,
                          json_t *proposals) {
  size_t n = first_sentence_len(text);
  char *s = nq_xstrndup(text, n);
  vn_toks t;
  vn_toks_make(&t, s);
  int start = 0;
  if (vn_toks_at(&t, 0, "giao")) start = 1;
  int p = nq_agency_list(dir, &t, start, t.n, lead);
  if (p == start && proposals) {
    int k = vn_toks_find(&t, start, "chu tri");
    if (k > start && k - start <= 12 && starts_like_agency(&t, start)) {
      propose(proposals, s, t.v[start].start, t.v[k - 1].end, lead);
      p = k;
    }
  }
  if (p > start) {
    int q = vn_toks_find(&t, p, "phoi hop");
    if (q >= 0) {
      q += 2;
      if (vn_toks_at(&t, q, "voi")) q++;
      nq_agency_list(dir, &t, q, t.n, support);
    }
  }
  vn_toks_free(&t);
  free(s);
}

/* Agencies of a field line ("Cơ quan phối hợp: A, B và C"); a piece the
** directory does not know becomes a proposal. */
static void field_agencies(const char *text, const nq_agency_dir *dir, json_t *arr, json_t *proposals) {
  vn_toks t;
  vn_toks_make(&t, text);
  int i = 0;
  while (i < t.n) {
    int j = nq_agency_list(dir, &t, i, t.n, arr);
    if (j == i) {
      int from = i;
      while (i < t.n && t.v[i].sep != ',' && t.v[i].sep != ';' && t.v[i].sep != '.') i++;
      int to = i < t.n ? i : t.n - 1;
      if (proposals && starts_like_agency(&t, from)) propose(proposals, text, t.v[from].start, t.v[to].end, arr);
      i++;
    } else {
      i = j;
      if (vn_toks_at(&t, i, "va")) i++;
    }
  }
  vn_toks_free(&t);
}

/* ----------------------------------------------------------- sections */

typedef enum skind { S_TASKS, S_NONE, S_DUTIES } skind;

static skind section_kind(const char *heading) {
  char *k = fold_key(heading);
  skind s = S_TASKS;
  if (strstr(k, "to chuc thuc hien")) s = S_DUTIES;
  else if (strstr(k, "nhiem vu") || strstr(k, "giai phap") || strstr(k, "noi dung")) s = S_TASKS;
  else if (strstr(k, "muc dich") || strstr(k, "yeu cau") || strstr(k, "quan diem") ||
           strstr(k, "muc tieu") || strstr(k, "kinh phi") || strstr(k, "can cu") ||
           strstr(k, "tinh hinh") || strstr(k, "ket qua") || strstr(k, "phu luc"))
    s = S_NONE;
  free(k);
  return s;
}

static const char *const romans[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                     "XI", "XII", "XIII", "XIV", "XV"};

/* --------------------------------------------------------------- reader */

typedef struct reader {
  nq_agency_dir *dir;
  tree t;
  json_t *tasks;
  json_t *duties;
  json_t *proposals;        /* new_agencies */
  char *heading_timeline;   /* time phrase of an enclosing heading */
} reader;

static bool is_bullet(btype t) { return t == B_BULLET || t == B_PLUS; }

static bool heading_like(const node *x) {
  if (x->heading) return true;
  size_t n = strlen(x->text);
  if (n == 0 || n > 400) return false;
  if (ends_sentence(x->text)) return false;
  return first_sentence_len(x->text) == n;
}

/* Code of an unnumbered heading ("Một số công việc cần làm ngay trong năm
** 2025:" -> NGAY): the word before its time phrase, else its first word,
** in folded capitals, so the items under it get codes of their own. */
static void heading_code(const char *text, char *out, size_t outsz) {
  vn_toks t;
  vn_toks_make(&t, text);
  int k = 0;
  char *tl = nq_timeline_find(text);
  const char *at = tl ? strstr(text, tl) : NULL;
  if (at)
    for (int i = 0; i < t.n && t.v[i].end <= (size_t)(at - text); i++) k = i;
  free(tl);
  snprintf(out, outsz, "%s", t.n ? t.v[k].fold : "H");
  for (char *p = out; *p; p++) *p = (char)toupper((unsigned char)*p);
  vn_toks_free(&t);
}

static char *node_code(const reader *r, int i) {
  const node *x = &r->t.v[i];
  char seg[32];
  if (x->type == B_NUM2 || x->type == B_NUM3) {
    const char *dot = strrchr(x->label, '.');
    snprintf(seg, sizeof seg, "%s", dot ? dot + 1 : x->label);
    /* an orphan 1.1 (no "1." above) keeps its full label */
    if (x->parent < 0 || (r->t.v[x->parent].type != B_NUM && r->t.v[x->parent].type != B_NUM2))
      snprintf(seg, sizeof seg, "%s", x->label);
  } else if (is_bullet(x->type)) {
    int k = 0;
    const node *p = x->parent >= 0 ? &r->t.v[x->parent] : NULL;
    for (int j = 0; p && j < p->nkids; j++) {
      if (is_bullet(r->t.v[p->kids[j]].type)) k++;
      if (p->kids[j] == i) break;
    }
    snprintf(seg, sizeof seg, "%d", k);
  } else if (x->type == B_HEADING && !x->label[0]) {
    heading_code(x->text, seg, sizeof seg);
  } else {
    snprintf(seg, sizeof seg, "%s", x->label);
  }
  if (x->parent < 0) return nq_xstrdup(seg);
  char *pc = node_code(r, x->parent);
  nq_buf b = NQ_BUF_INIT;
  nq_buf_printf(&b, "%s%s%s", pc, *pc ? "." : "", seg);
  free(pc);
  return nq_buf_detach(&b);
}

static char *capitalise(const char *s) {
  char *r = nq_xstrdup(s);
  if (islower((unsigned char)r[0])) r[0] = (char)toupper((unsigned char)r[0]);
  return r;
}

static void emit_task(reader *r, const char *code, const char *title_src, json_t *lead,
                      json_t *support, json_t *oversight, const char *timeline) {
  char *title = title_of(title_src, r->dir);
  char *tl = timeline ? nq_xstrdup(timeline) : NULL;
  if (tl) {
    vn_squeeze_space(tl);
    strip_end(tl);
  }
  json_t *task = json_pack("{s:s,s:s,s:O,s:O}", "code", code, "title", title, "lead", lead,
                           "support", support);
  if (oversight && json_array_size(oversight)) json_object_set(task, "oversight", oversight);
  json_object_set_new(task, "timeline", tl && *tl ? json_string(tl) : json_null());
  json_object_set_new(task, "schedule", nq_timeline_schedule(tl));
  json_object_set_new(task, "done", json_boolean(nq_timeline_done(tl)));
  json_array_append_new(r->tasks, task);
  free(title);
  free(tl);
}

/* Body text of a node, bullets included (for finding time words). */
static void full_text(const reader *r, int i, nq_buf *b) {
  const node *x = &r->t.v[i];
  nq_buf_puts(b, x->text);
  nq_buf_putc(b, ' ');
  if (x->body) {
    nq_buf_puts(b, x->body);
    nq_buf_putc(b, ' ');
  }
  for (int k = 0; k < x->nkids; k++) full_text(r, x->kids[k], b);
}

static void read_tasks(reader *r, int i);

static void read_task_node(reader *r, int i) {
  node *x = &r->t.v[i];
  int nstruct = 0, nbullets = 0;
  for (int k = 0; k < x->nkids; k++) {
    if (is_bullet(r->t.v[x->kids[k]].type)) nbullets++;
    else nstruct++;
  }
  if (nstruct) {
    char *saved = r->heading_timeline;
    char *own = x->type == B_HEADING ? nq_timeline_find(x->text) : NULL;
    if (own) {
      r->heading_timeline = capitalise(own);
      free(own);
    }
    for (int k = 0; k < x->nkids; k++)
      if (!is_bullet(r->t.v[x->kids[k]].type)) read_tasks(r, x->kids[k]);
    if (r->heading_timeline != saved) {
      free(r->heading_timeline);
      r->heading_timeline = saved;
    }
    return;
  }
  char *code = node_code(r, i);
  json_t *lead = json_array(), *support = json_array(), *oversight = json_array();
  if (x->field[F_LEAD] || x->field[F_TIME] || x->field[F_SUPPORT]) {
    if (x->field[F_LEAD]) field_agencies(x->field[F_LEAD], r->dir, lead, r->proposals);
    if (x->field[F_SUPPORT]) field_agencies(x->field[F_SUPPORT], r->dir, support, r->proposals);
    if (x->field[F_OVERSIGHT]) field_agencies(x->field[F_OVERSIGHT], r->dir, oversight, r->proposals);
    emit_task(r, code, x->text, lead, support, oversight,
              x->field[F_TIME] ? x->field[F_TIME] : r->heading_timeline);
  } else {
    lead_sentence(x->text, r->dir, lead, support, r->proposals);
    bool named = json_array_size(lead) > 0;
    bool colon = strlen(x->text) && x->text[strlen(x->text) - 1] == ':';
    if (nbullets && ((named && colon) || (!named && heading_like(x) && !colon))) {
      for (int k = 0; k < x->nkids; k++) {
        int b = x->kids[k];
        if (!is_bullet(r->t.v[b].type)) continue;
        char *bcode = node_code(r, b);
        nq_buf body = NQ_BUF_INIT;
        full_text(r, b, &body);
        char *tl = nq_timeline_find(body.data);
        emit_task(r, bcode, r->t.v[b].text, lead, support, oversight, tl ? tl : r->heading_timeline);
        free(tl);
        nq_buf_free(&body);
        free(bcode);
      }
    } else {
      nq_buf body = NQ_BUF_INIT;
      full_text(r, i, &body);
      char *tl = nq_timeline_find(body.data);
      emit_task(r, code, x->text, lead, support, oversight, tl ? tl : r->heading_timeline);
      free(tl);
      nq_buf_free(&body);
    }
  }
  json_decref(lead);
  json_decref(support);
  json_decref(oversight);
  free(code);
}

static void read_tasks(reader *r, int i) {
  node *x = &r->t.v[i];
  if (is_bullet(x->type)) return;
  if (x->type == B_HEADING || x->type == B_ROMAN) {
    skind k = section_kind(x->text);
    if (k == S_NONE) return;
    if (k == S_DUTIES) return;
  }
  if (x->type == B_NUM && x->parent < 0 && section_kind(x->text) == S_DUTIES) return;
  read_task_node(r, i);
}

/* --------------------------------------------------------------- duties */

static void read_duties(reader *r, int sec) {
  node *s = &r->t.v[sec];
  for (int k = 0; k < s->nkids; k++) {
    node *x = &r->t.v[s->kids[k]];
    if (is_bullet(x->type)) continue;
    json_t *units = json_array(), *ignore = json_array();
    lead_sentence(x->text, r->dir, units, ignore, NULL);
    json_decref(ignore);
    nq_buf text = NQ_BUF_INIT;
    vn_toks t;
    vn_toks_make(&t, x->text);
    char *name = NULL;
    int m = t.n ? nq_agency_match(r->dir, &t, 0, &name) : 0;
    free(name);
    bool heading_only = m > 0 && m == t.n;
    vn_toks_free(&t);
    if (!heading_only) {
      size_t n = first_sentence_len(x->text);
      nq_buf_append(&text, x->text, n);
      if (x->text[n] == '.') nq_buf_putc(&text, '.');
    }
    for (int j = 0; j < x->nkids; j++) {
      node *b = &r->t.v[x->kids[j]];
      if (!is_bullet(b->type)) continue;
      if (text.len) nq_buf_putc(&text, '\n');
      nq_buf_puts(&text, b->text);
    }
    size_t u;
    json_t *v;
    json_array_foreach(units, u, v)
      json_array_append_new(r->duties, json_pack("{s:O,s:s}", "unit", v, "text", text.data ? text.data : ""));
    nq_buf_free(&text);
    json_decref(units);
  }
}

/* ------------------------------------------------------------ reporting */

/* The reporting regime the section sets for the units under the plan:
** sentences about reports that name a period ("định kỳ 6 tháng, 01 năm
** hoặc đột xuất"); "định kỳ hoặc đột xuất" alone names none and adds nothing. */
static json_t *read_reporting(reader *r, int sec) {
  bool seen[NQ_PERIOD_KINDS] = {0};
  char due[NQ_PERIOD_KINDS][24] = {{0}};
  nq_buf all = NQ_BUF_INIT;
  full_text(r, sec, &all);
  const char *s = all.data ? all.data : "";
  while (*s) {
    size_t n = first_sentence_len(s);
    char *sent = nq_xstrndup(s, n);
    vn_toks t;
    vn_toks_make(&t, sent);
    bool reports = vn_toks_find(&t, 0, "bao cao") >= 0;
    vn_toks_free(&t);
    nq_regime_item items[NQ_PERIOD_KINDS];
    size_t k = reports ? nq_regime_parse(sent, items, NQ_PERIOD_KINDS) : 0;
    bool named = false;
    for (size_t j = 0; j < k; j++) named |= items[j].period != NQ_PERIOD_ADHOC;
    for (size_t j = 0; named && j < k; j++) {
      seen[items[j].period] = true;
      if (items[j].due[0] && !due[items[j].period][0])
        snprintf(due[items[j].period], sizeof due[0], "%s", items[j].due);
    }
    free(sent);
    s += n;
    while (*s == '.' || *s == ' ') s++;
  }
  nq_buf_free(&all);
  json_t *out = json_array();
  for (int k = 0; k < NQ_PERIOD_KINDS; k++)
    if (seen[k])
      json_array_append_new(out, json_pack("{s:s,s:s?}", "period", nq_period_kind_name((nq_period_kind)k),
                                           "due", due[k][0] ? due[k] : NULL));
  return out;
}

/* ------------------------------------------------------------ metadata */

static const struct {
  const char *key;
  const char *name;
} kinds[] = {
  {"chuong trinh hanh dong", "Chương trình hành động"}, {"ke hoach hanh dong", "Kế hoạch hành động"},
  {"ke hoach", "Kế hoạch"},
  {"nghi quyet", "Nghị quyết"}, {"quyet dinh", "Quyết định"}, {"chuong trinh", "Chương trình"},
  {"de an", "Đề án"}, {"huong dan", "Hướng dẫn"}, {"chi thi", "Chỉ thị"}, {"ket luan", "Kết luận"},
};

/* Provinces and cities (before and after the 2025 merger), for the place,
** with their folded words. */
static const struct {
  const char *name;
  const char *fold;
} provinces[] = {
  {"An Giang", "an giang"}, {"Bà Rịa - Vũng Tàu", "ba ria vung tau"}, {"Bạc Liêu", "bac lieu"},
  {"Bắc Giang", "bac giang"}, {"Bắc Kạn", "bac kan"}, {"Bắc Ninh", "bac ninh"},
  {"Bến Tre", "ben tre"}, {"Bình Dương", "binh duong"}, {"Bình Định", "binh dinh"},
  {"Bình Phước", "binh phuoc"}, {"Bình Thuận", "binh thuan"}, {"Cà Mau", "ca mau"},
  {"Cao Bằng", "cao bang"}, {"Cần Thơ", "can tho"}, {"Đà Nẵng", "da nang"}, {"Đắk Lắk", "dak lak"},
  {"Đắk Nông", "dak nong"}, {"Điện Biên", "dien bien"}, {"Đồng Nai", "dong nai"},
  {"Đồng Tháp", "dong thap"}, {"Gia Lai", "gia lai"}, {"Hà Giang", "ha giang"},
  {"Hà Nam", "ha nam"}, {"Hà Nội", "ha noi"}, {"Hà Tĩnh", "ha tinh"}, {"Hải Dương", "hai duong"},
  {"Hải Phòng", "hai phong"}, {"Hậu Giang", "hau giang"}, {"Hòa Bình", "hoa binh"},
  {"Hưng Yên", "hung yen"}, {"Khánh Hòa", "khanh hoa"}, {"Kiên Giang", "kien giang"},
  {"Kon Tum", "kon tum"}, {"Lai Châu", "lai chau"}, {"Lạng Sơn", "lang son"},
  {"Lào Cai", "lao cai"}, {"Lâm Đồng", "lam dong"}, {"Long An", "long an"},
  {"Nam Định", "nam dinh"}, {"Nghệ An", "nghe an"}, {"Ninh Bình", "ninh binh"},
  {"Ninh Thuận", "ninh thuan"}, {"Phú Thọ", "phu tho"}, {"Phú Yên", "phu yen"},
  {"Quảng Bình", "quang binh"}, {"Quảng Nam", "quang nam"}, {"Quảng Ngãi", "quang ngai"},
  {"Quảng Ninh", "quang ninh"}, {"Quảng Trị", "quang tri"}, {"Sóc Trăng", "soc trang"},
  {"Sơn La", "son la"}, {"Tây Ninh", "tay ninh"}, {"Thái Bình", "thai binh"},
  {"Thái Nguyên", "thai nguyen"}, {"Thanh Hóa", "thanh hoa"}, {"Thừa Thiên Huế", "thua thien hue"},
  {"Huế", "hue"}, {"Tiền Giang", "tien giang"}, {"Thành phố Hồ Chí Minh", "thanh pho ho chi minh"},
  {"Hồ Chí Minh", "ho chi minh"}, {"Trà Vinh", "tra vinh"}, {"Tuyên Quang", "tuyen quang"},
  {"Vĩnh Long", "vinh long"}, {"Vĩnh Phúc", "vinh phuc"}, {"Yên Bái", "yen bai"},
};
static const char *province_at(const vn_toks *t, int i, bool fuzzy, int *used) {
  const char *best = NULL;
  int bestn = 0;
  for (size_t p = 0; p < sizeof provinces / sizeof provinces[0]; p++) {
    char words[64];
    snprintf(words, sizeof words, "%s", provinces[p].fold);
    char *save = NULL;
    int k = 0;
    bool ok = true;
    for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save), k++) {
      if (i + k >= t->n) {
        ok = false;
        break;
      }
      const char *a = t->v[i + k].fold;
      if (strcmp(a, w) && !(fuzzy && strlen(w) >= 2 && strlen(a) == strlen(w) && vn_word_distance(a, w) <= 1)) {
        ok = false;
        break;
      }
    }
    if (ok && k > bestn) {
      best = provinces[p].name;
      bestn = k;
    }
  }
  *used = bestn;
  return best;
}

typedef struct meta {
  const char *kind;
  char number[64];
  char *issuer;
  const char *place;
  char date[16];
  char *title;
  int kind_line;
  int body_line;      /* first line after the title */
  char *own_place;    /* a place not in the province list, as printed */
} meta;

static bool is_kind_line(const char *s, const char **kind) {
  char *k = fold_key(s);
  bool ok = false;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && !ok; i++)
    if (!strcmp(k, kinds[i].key)) {
      ok = has_upper_majority(s);
      *kind = kinds[i].name;
    }
  free(k);
  return ok;
}

/* Place and signing date from "An Giang, ngày 20 tháng 10 năm 2025". */
static bool place_date(const char *s, meta *m) {
  vn_toks t;
  vn_toks_make(&t, s);
  bool ok = false;
  for (int i = 1; i + 6 <= t.n && !ok; i++) {
    if (strcmp(t.v[i].fold, "ngay") || t.v[i - 1].sep != ',') continue;
    if (strcmp(t.v[i + 2].fold, "thang") || strcmp(t.v[i + 4].fold, "nam")) continue;
    int d = atoi(t.v[i + 1].fold), mo = atoi(t.v[i + 3].fold), y = atoi(t.v[i + 5].fold);
    /* OCR reads 1 as 7 ("tháng 70") */
    if (mo > 12 && t.v[i + 3].fold[0] == '7') mo = atoi(t.v[i + 3].fold + 1) + 10;
    if (d < 1 || d > 31 || mo < 1 || mo > 12 || y < 1990 || y > 2100) continue;
    snprintf(m->date, sizeof m->date, "%04d-%02d-%02d", y, mo, d);
    ok = true;
    for (int back = 1; back <= 4 && i - back >= 0; back++) {
      int used;
      const char *p = province_at(&t, i - back, true, &used);
      if (p && used == back) m->place = p;
    }
    if (!m->place) {
      /* a ward or district: the capitalised words before ", ngày" */
      int k = i;
      while (k > 0 && i - k < 3 && t.v[k - 1].sep == (k == i ? ',' : ' ') &&
             (isupper((unsigned char)s[t.v[k - 1].start]) || (unsigned char)s[t.v[k - 1].start] >= 0xC3) &&
             !(k >= 2 && t.v[k - 2].start == t.v[k - 1].start)) {
        /* an acronym ("UBND") ends the name */
        bool lower = false;
        for (size_t b = t.v[k - 1].start; b < t.v[k - 1].end; b++) lower |= islower((unsigned char)s[b]) || (unsigned char)s[b] >= 0x80;
        if (!lower) break;
        k--;
      }
      if (k < i) {
        m->own_place = nq_xstrndup(s + t.v[k].start, t.v[i - 1].end - t.v[k].start);
        m->place = m->own_place;
      }
    }
  }
  vn_toks_free(&t);
  return ok;
}

/* Issuer named in the header lines: the longest directory name found in
** a line once spaces are ignored (OCR glues header words). */
static char *issuer_in(const char *s, const nq_agency_dir *dir);

static char *with_place(const char *name, const char *place) {
  size_t n = strlen(name);
  size_t lt = strlen("tỉnh"), lp = strlen("phường");
  size_t lu = strlen("Tỉnh ủy");
  bool generic = (n >= lt && !strcmp(name + n - lt, "tỉnh")) || (n >= lp && !strcmp(name + n - lp, "phường")) ||
                 (n == lu && !strcmp(name, "Tỉnh ủy"));
  nq_buf b = NQ_BUF_INIT;
  nq_buf_puts(&b, name);
  if (generic && place) nq_buf_printf(&b, " %s", place);
  return nq_buf_detach(&b);
}

/* ----------------------------------------------------------- references */

typedef struct refs {
  json_t *implements;
  json_t *references;
} refs;

static bool listed(json_t *a, const char *num) {
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) if (nq_docnum_same(json_string_value(v), num)) return true;
  return false;
}

typedef struct scan_ctx {
  refs *r;
  const char *text;
  bool opening;   /* text before the first task section: "thực hiện X" implements */
} scan_ctx;

/* Is the number at `at` governed by "thực hiện" (not "tiếp tục thực hiện")
** through a list of document names ("… X và Quyết định số Y")? */
static bool governed_by_implement(const char *text, size_t at) {
  size_t from = at > 400 ? at - 400 : 0;
  char *pre = nq_xstrndup(text + from, at - from);
  vn_toks t;
  vn_toks_make(&t, pre);
  bool yes = false;
  /* walk back over "số", the document kind, list glue and earlier numbers */
  int i = t.n - 1;
  if (i >= 0 && !strcmp(t.v[i].fold, "so")) i--;
  for (int guard = 0; guard < 8 && i >= 0; guard++) {
    bool moved = false;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
      vn_toks kt;
      vn_toks_make(&kt, kinds[k].key);
      int start = i - kt.n + 1;
      if (start >= 0 && vn_toks_at(&t, start, kinds[k].key)) {
        i = start - 1;
        moved = true;
      }
      vn_toks_free(&kt);
      if (moved) break;
    }
    if (!moved && i >= 0 && (!strcmp(t.v[i].fold, "hanh") || !strcmp(t.v[i].fold, "dong"))) {
      i--;
      continue;
    }
    if (!moved) break;
    /* before the kind: "thực hiện (có hiệu quả)", or a list glue */
    int j = i;
    while (j >= 0 && (!strcmp(t.v[j].fold, "co") || !strcmp(t.v[j].fold, "hieu") ||
                      !strcmp(t.v[j].fold, "qua") || !strcmp(t.v[j].fold, "tot")))
      j--;
    if (j >= 1 && !strcmp(t.v[j].fold, "hien") && !strcmp(t.v[j - 1].fold, "thuc")) {
      yes = !(j >= 2 && !strcmp(t.v[j - 2].fold, "tuc"));
      break;
    }
    if (j >= 0 && !strcmp(t.v[j].fold, "va")) {
      /* "… 177-KH/TU và Quyết định số 709": the number before the glue */
      i = j - 1;
      while (i >= 0 && (isdigit((unsigned char)t.v[i].fold[0]) || strlen(t.v[i].fold) <= 5) &&
             strcmp(t.v[i].fold, "so") && i > j - 6)
        i--;
      if (i >= 0 && !strcmp(t.v[i].fold, "so")) i--;
      continue;
    }
    break;
  }
  vn_toks_free(&t);
  free(pre);
  return yes;
}

static void on_docnum(void *ctx, const char *num, size_t at) {
  scan_ctx *c = ctx;
  if (listed(c->r->implements, num)) return;
  bool implements = c->opening && governed_by_implement(c->text, at);
  if (listed(c->r->references, num)) {
    if (!implements) return;
    /* cited first ("Căn cứ …"), carried out later ("thực hiện …"): move it */
    for (size_t i = 0; i < json_array_size(c->r->references); i++)
      if (nq_docnum_same(json_string_value(json_array_get(c->r->references, i)), num)) {
        json_array_append(c->r->implements, json_array_get(c->r->references, i));
        json_array_remove(c->r->references, i);
        return;
      }
  }
  json_array_append_new(implements ? c->r->implements : c->r->references, json_string(num));
}

/* --------------------------------------------------------------- tables */

/* Cells of a table row "a | b | c" (DOCX tables, markdown tables). */
static int split_cells(const char *row, char cells[][512], int max) {
  int n = 0;
  const char *p = row;
  while (*p == ' ') p++;
  if (*p == '|') p++;
  while (*p && n < max) {
    const char *e = strstr(p, "|");
    size_t len = e ? (size_t)(e - p) : strlen(p);
    snprintf(cells[n], 512, "%.*s", (int)(len < 511 ? len : 511), p);
    vn_squeeze_space(cells[n]);
    n++;
    if (!e) break;
    p = e + 1;
    if (!*p) break;
  }
  while (n > 0 && !cells[n - 1][0]) n--;
  return n;
}

enum { COL_NONE, COL_STT, COL_TITLE, COL_LEAD, COL_SUPPORT, COL_OVERSIGHT, COL_TIME, COL_NAME, COL_UNIT, COL_YEAR };

static int column_role(const char *head, int *year) {
  char *k = fold_key(head);
  int role = COL_NONE;
  *year = 0;
  for (const char *p = k; *p && !*year; p++)
    if ((p == k || p[-1] == ' ') && p[0] == '2' && p[1] == '0' && isdigit((unsigned char)p[2]) &&
        isdigit((unsigned char)p[3]) && (p[4] == 0 || p[4] == ' '))
      *year = atoi(p);
  if (!strcmp(k, "stt") || !strcmp(k, "tt") || !strcmp(k, "so tt")) role = COL_STT;
  else if (strstr(k, "chu tri tham muu")) role = COL_OVERSIGHT;
  else if (strstr(k, "chu tri")) role = COL_LEAD;
  else if (strstr(k, "phoi hop")) role = COL_SUPPORT;
  else if (strstr(k, "thoi gian") || strstr(k, "thoi han") || strstr(k, "tien do")) role = COL_TIME;
  else if (strstr(k, "chi tieu")) role = COL_NAME;
  else if (strstr(k, "don vi tinh") || !strcmp(k, "dvt")) role = COL_UNIT;
  else if (strstr(k, "nhiem vu") || strstr(k, "noi dung") || strstr(k, "ten de an")) role = COL_TITLE;
  else if (*year) role = COL_YEAR;
  free(k);
  return role;
}

static bool is_roman_label(const char *s) {
  if (!*s) return false;
  for (const char *p = s; *p; p++)
    if (!strchr("IVX.", *p)) return false;
  return true;
}

/* A target as written, normalised (plan-json.md): ">=50", "100", "42-45",
** "yes"; a percent sign moves to the unit. */
static json_t *target_value(const char *cell, char *unit, size_t unitsz) {
  char buf[512];
  snprintf(buf, sizeof buf, "%.500s", cell);
  char *key = fold_key(buf);
  bool yes = !strcmp(key, "co");
  free(key);
  if (yes) return json_string("yes");
  nq_buf b = NQ_BUF_INIT;
  bool percent = false;
  for (const char *p = buf; *p;) {
    if (!strncmp(p, "\xe2\x89\xa5", 3)) { nq_buf_puts(&b, ">="); p += 3; continue; } /* ≥ */
    if (!strncmp(p, "\xe2\x89\xa4", 3)) { nq_buf_puts(&b, "<="); p += 3; continue; } /* ≤ */
    if (*p == '%') { percent = true; p++; continue; }
    if (*p == ' ') { p++; continue; }
    if (*p == ',' && isdigit((unsigned char)p[1])) { nq_buf_putc(&b, '.'); p++; continue; }
    nq_buf_putc(&b, *p++);
  }
  if (percent && !unit[0]) snprintf(unit, unitsz, "%%");
  nq_buf_putc(&b, 0);
  json_t *v = json_string(b.data);
  nq_buf_free(&b);
  return v;
}

/* Task tables (Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian)
** and target tables (Chỉ tiêu | Đơn vị tính | 2025 | 2030), as DOCX tables
** and markdown tables come out: one row per line, cells split by '|'. */
static void read_tables(reader *r, line *L, int nl, int from, json_t *indicators) {
  int appendix = 0;
  for (int i = from; i < nl; i++) {
    if (L[i].blank) continue;
    const char *s = L[i].text;
    bool row = strstr(s, " | ") || s[0] == '|';
    if (!row) {
      char *k = fold_key(s);
      if (starts_with_words(k, "phu luc")) appendix = atoi(k + 8) > 0 ? atoi(k + 8) : appendix + 1;
      free(k);
      continue;
    }
    static char cells[16][512];
    int n = split_cells(s, cells, 16);
    int role[16], year[16];
    bool tasks = false;
    int year_cols = 0;
    for (int c = 0; c < n; c++) {
      role[c] = column_role(cells[c], &year[c]);
      tasks |= role[c] == COL_LEAD;
      year_cols += role[c] == COL_YEAR;
    }
    /* a target table's header names its years; one year is a row's time */
    bool targets = year_cols >= 2;
    int title_col = -1, name_col = -1;
    for (int c = 0; c < n; c++) {
      if (role[c] == COL_TITLE && title_col < 0) title_col = c;
      if (role[c] == COL_NAME && name_col < 0) name_col = c;
    }
    if (targets && name_col < 0) name_col = title_col;
    if (!(tasks && title_col >= 0) && !(targets && name_col >= 0)) continue;
    int ncols = n;
    char group[64] = "", group_name[512] = "";
    int seq = 0;
    for (i = i + 1; i < nl; i++) {
      if (L[i].blank) continue;
      s = L[i].text;
      if (!(strstr(s, " | ") || s[0] == '|')) {
        i--;
        break;
      }
      n = split_cells(s, cells, 16);
      if (n == 0) continue;
      /* a separator row of a markdown table */
      if (strspn(cells[0], "-: ") == strlen(cells[0]) && cells[0][0]) continue;
      const char *stt = role[0] == COL_STT ? cells[0] : "";
      int main_col = tasks ? title_col : name_col;
      const char *text = main_col < n ? cells[main_col] : "";
      if (is_roman_label(stt) || (stt[0] == 0 && n <= 2)) {
        /* a group row: "I | Phát triển hạ tầng" */
        snprintf(group, sizeof group, "%.60s", stt);
        size_t gl = strlen(group);
        if (gl && group[gl - 1] == '.') group[gl - 1] = 0;
        snprintf(group_name, sizeof group_name, "%.500s", text[0] ? text : (n > 1 ? cells[1] : ""));
        continue;
      }
      if (!text[0]) continue;
      seq++;
      char num[32];
      snprintf(num, sizeof num, "%.30s", stt[0] ? stt : "");
      size_t ln = strlen(num);
      if (ln && num[ln - 1] == '.') num[ln - 1] = 0;
      if (!num[0]) snprintf(num, sizeof num, "%d", seq);
      nq_buf code = NQ_BUF_INIT;
      if (tasks) {
        nq_buf_printf(&code, "PL%d.", appendix ? appendix : 1);
        if (group[0]) nq_buf_printf(&code, "%s.", group);
        nq_buf_puts(&code, num);
        json_t *lead = json_array(), *support = json_array(), *oversight = json_array();
        const char *tl = NULL;
        for (int c = 0; c < n && c < ncols; c++) {
          if (role[c] == COL_LEAD) field_agencies(cells[c], r->dir, lead, r->proposals);
          if (role[c] == COL_SUPPORT) field_agencies(cells[c], r->dir, support, r->proposals);
          if (role[c] == COL_OVERSIGHT) field_agencies(cells[c], r->dir, oversight, r->proposals);
          if (role[c] == COL_TIME && cells[c][0]) tl = cells[c];
        }
        emit_task(r, code.data, text, lead, support, oversight, tl);
        json_decref(lead);
        json_decref(support);
        json_decref(oversight);
      } else {
        if (group[0]) nq_buf_printf(&code, "%s.", group);
        nq_buf_puts(&code, num);
        char unit[64] = "";
        json_t *tg = json_object();
        for (int c = 0; c < n && c < ncols; c++) {
          if (role[c] == COL_UNIT) snprintf(unit, sizeof unit, "%.60s", cells[c]);
        }
        for (int c = 0; c < n && c < ncols; c++)
          if (role[c] == COL_YEAR && cells[c][0]) {
            char y[8];
            snprintf(y, sizeof y, "%d", year[c]);
            json_object_set_new(tg, y, target_value(cells[c], unit, sizeof unit));
          }
        json_array_append_new(indicators, json_pack("{s:s,s:s,s:s,s:s,s:o}", "code", code.data, "group",
                                                    group_name, "name", text, "unit", unit, "targets", tg));
      }
      nq_buf_free(&code);
    }
  }
}

/* Task tables of an appendix that OCR flattened (task_table.h). When the
** document assigns its agencies only there, the numbered items of the body
** are not tasks of their own (plan-json.md: items are tasks without an
** agency only where the document assigns no agency at all). */
static void read_ocr_task_tables(reader *r, line *L, int nl) {
  const char **lines = nq_xmalloc((size_t)(nl ? nl : 1) * sizeof *lines);
  for (int i = 0; i < nl; i++) lines[i] = L[i].blank ? "" : L[i].text;
  json_t *rows = nq_task_table_read(lines, nl, r->dir);
  free(lines);
  bool assigns = false;
  size_t i;
  json_t *v;
  json_array_foreach(rows, i, v)
    assigns |= json_array_size(json_object_get(v, "lead")) + json_array_size(json_object_get(v, "oversight")) > 0;
  if (assigns) {
    bool body_assigns = false;
    json_array_foreach(r->tasks, i, v)
      body_assigns |= json_array_size(json_object_get(v, "lead")) + json_array_size(json_object_get(v, "support")) > 0;
    if (!body_assigns) json_array_clear(r->tasks);
  }
  json_array_foreach(rows, i, v) {
    json_t *support = json_array();
    emit_task(r, json_string_value(json_object_get(v, "code")), json_string_value(json_object_get(v, "text")),
              json_object_get(v, "lead"), support, json_object_get(v, "oversight"),
              json_string_value(json_object_get(v, "timeline")));
    json_decref(support);
  }
  json_decref(rows);
}

/* ------------------------------------------------------------- driver */

static void build_tree(reader *r, line *L, int nl, int from, int *opening_end) {
  int stack[64];
  int sp = 0;
  int current = -1;        /* node receiving continuation text */
  ftype cur_field = F_NONE;
  bool blank = false;
  bool cur_heading = false;
  int roman_count = 0;
  *opening_end = nl;
  for (int li = from; li < nl; li++) {
    if (L[li].blank) {
      blank = true;
      continue;
    }
    const char *s = L[li].text;
    if (*s == 'N' || *s == 'n') {
      char *key = fold_key(s);
      bool stop = starts_with_words(key, "noi nhan");
      free(key);
      if (stop) break;
    }
    if (is_page_number(s)) continue;
    if (strstr(s, " | ") || s[0] == '|') continue; /* table rows: read_tables() */
    const char *body;
    char label[16];
    btype type = classify(s, &body, label, sizeof label);
    const char *rest = NULL;
    ftype f = F_NONE;
    if (type == B_BULLET || type == B_PARA) f = field_of(body, &rest);
    if (f != F_NONE) {
      /* attach to the nearest item that is not a bullet */
      while (sp > 0 && is_bullet(r->t.v[stack[sp - 1]].type)) sp--;
      if (sp > 0) {
        node *x = &r->t.v[stack[sp - 1]];
        free(x->field[f]);
        x->field[f] = nq_xstrdup(rest);
        current = stack[sp - 1];
        cur_field = f;
      }
      blank = false;
      continue;
    }
    if (type == B_PARA && L[li].heading && sp > 0) type = B_HEADING;
    if (type == B_PARA && L[li].heading && sp == 0 && li > from) type = B_HEADING;
    if (type == B_PARA) {
      if (current >= 0) {
        node *x = &r->t.v[current];
        if (x->type == B_ROMAN && !x->body) {
          /* a section heading continues only in capitals */
          if (has_upper_majority(s)) join_text(&x->text, s);
          else x->body = nq_xstrdup(s);
        } else if (cur_field != F_NONE) {
          join_text(&x->field[cur_field], s);
        } else if (cur_heading || (blank && ends_sentence(x->body ? x->body : x->text))) {
          if (!x->body) x->body = nq_xstrdup(s);
          else join_text(&x->body, s);
          cur_heading = false;
          cur_field = F_NONE;
        } else if (x->body) {
          join_text(&x->body, s);
        } else {
          join_text(&x->text, s);
        }
      }
      blank = false;
      continue;
    }
    if (*opening_end == nl) *opening_end = li;
    int parent;
    if (type == B_APPENDIX) {
      sp = 0;
      parent = -1;
      snprintf(label, sizeof label, "PL");
    } else if (type == B_ROMAN) {
      sp = 0;
      parent = -1;
      /* the printed numeral when it reads, else the next in sequence */
      const char *num = s;
      if (num[1] == ' ' && islower((unsigned char)num[0])) num += 2;
      int v = roman_value(num, (size_t)(body - num) - 2);
      if (v <= roman_count) v = roman_count + 1;
      roman_count = v;
      snprintf(label, sizeof label, "%s", romans[v <= 15 ? v - 1 : 14]);
    } else if (type == B_HEADING) {
      while (sp > 0 && r->t.v[stack[sp - 1]].type != B_ROMAN) sp--;
      parent = sp ? stack[sp - 1] : -1;
    } else {
      int same = -1;
      for (int k = sp - 1; k >= 0; k--)
        if (r->t.v[stack[k]].type == type) {
          same = k;
          break;
        }
      if (same >= 0) sp = same;
      parent = sp ? stack[sp - 1] : -1;
    }
    int id = tree_add(&r->t, type, label, body, L[li].heading, parent);
    if (sp < 64) stack[sp++] = id;
    current = id;
    cur_field = F_NONE;
    cur_heading = L[li].heading;
    blank = false;
  }
}

static char *issuer_in(const char *s, const nq_agency_dir *dir) {
  char *key = fold_key(s);
  /* compare without spaces: OCR glues and splits header words */
  nq_buf flat = NQ_BUF_INIT;
  for (const char *p = key; *p; p++)
    if (*p != ' ') nq_buf_putc(&flat, *p);
  free(key);
  nq_buf_putc(&flat, 0);
  static const char *const mottos[] = {"conghoaxahoichunghiavietnam", "doclaptudohanhphuc",
                                       "dangcongsanvietnam"};
  for (size_t k = 0; k < sizeof mottos / sizeof mottos[0]; k++) {
    char *at = strstr(flat.data, mottos[k]);
    if (at) memmove(at, at + strlen(mottos[k]), strlen(at + strlen(mottos[k])) + 1);
  }
  flat.len = strlen(flat.data);
  char *best = NULL;
  size_t bestlen = 0;
  for (int i = 0; i < nq_agency_dir_count(dir); i++) {
    const char *name = nq_agency_dir_name(dir, i);
    char *nk = fold_key(name);
    nq_buf nf = NQ_BUF_INIT;
    for (const char *p = nk; *p; p++)
      if (*p != ' ') nq_buf_putc(&nf, *p);
    free(nk);
    if (flat.data && nf.data && strstr(flat.data, nf.data) && nf.len > bestlen) {
      bestlen = nf.len;
      free(best);
      best = nq_xstrdup(name);
    }
    nq_buf_free(&nf);
  }
  nq_buf_free(&flat);
  return best;
}

json_t *nq_plan_from_text(const char *text, const char *source, nq_agency_dir *dir) {
  int nl;
  line *L = split_lines(text, &nl);
  meta m;
  memset(&m, 0, sizeof m);
  m.kind_line = -1;

  /* kind line, header above it */
  for (int i = 0; i < nl && i < 60; i++) {
    if (L[i].blank) continue;
    const char *k;
    if (is_kind_line(L[i].text, &k)) {
      m.kind = k;
      m.kind_line = i;
      break;
    }
  }
  int header_end = m.kind_line >= 0 ? m.kind_line : 0;
  for (int i = 0; i < header_end; i++) {
    if (L[i].blank) continue;
    if (!m.date[0]) place_date(L[i].text, &m);
    if (!m.number[0]) {
      for (const char *p = L[i].text; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > L[i].text && isalnum((unsigned char)p[-1]))) continue;
        if (nq_docnum_parse(p, m.number, sizeof m.number)) break;
      }
    }
  }
  /* issuer: the longest directory name in the header (two columns merged
  ** by OCR: the issuing body on the left, the national motto on the right) */
  {
    nq_buf hb = NQ_BUF_INIT;
    for (int i = 0; i < header_end; i++) {
      if (L[i].blank) continue;
      nq_buf_puts(&hb, L[i].text);
      nq_buf_putc(&hb, ' ');
    }
    if (hb.data) m.issuer = issuer_in(hb.data, dir);
    nq_buf_free(&hb);
  }

  /* title: after the kind line, paragraphs while they continue the title */
  int ti = m.kind_line >= 0 ? m.kind_line + 1 : 0;
  while (ti < nl && L[ti].blank) ti++;
  char *title = nq_xstrdup("");
  int li = ti;
  if (m.kind_line < 0) {
    /* no kind line: the first heading line is the title */
    if (li < nl && L[li].heading) {
      join_text(&title, L[li].text);
      li++;
    }
  } else {
    for (; li < nl; li++) {
      if (L[li].blank) {
        int nx = li + 1;
        while (nx < nl && L[nx].blank) nx++;
        if (nx >= nl) break;
        char *k = fold_key(L[nx].text);
        bool lower = islower((unsigned char)L[nx].text[0]);
        size_t tl = strlen(title);
        bool open = tl && title[tl - 1] != '.' &&
                    (lower || starts_with_words(k, "ket luan") || starts_with_words(k, "nghi quyet") ||
                     starts_with_words(k, "ve"));
        bool stop = starts_with_words(k, "can cu") || starts_with_words(k, "thuc hien") ||
                    starts_with_words(k, "nham") || !open;
        free(k);
        if (stop) break;
        continue;
      }
      const char *body;
      char lab[16];
      if (classify(L[li].text, &body, lab, sizeof lab) != B_PARA) break;
      if (title[0]) {
        /* without blank lines (PDF text), the opening's first words end the title */
        char *k = fold_key(L[li].text);
        bool stop = starts_with_words(k, "can cu") || starts_with_words(k, "thuc hien") ||
                    starts_with_words(k, "nham");
        free(k);
        if (stop) break;
      }
      join_text(&title, L[li].text);
    }
  }
  m.body_line = li;
  vn_squeeze_space(title);
  strip_end(title);
  {
    /* document numbers in the title as repaired ("57-N Q/TW" -> 57-NQ/TW) */
    nq_buf fixed = NQ_BUF_INIT;
    for (const char *p = title; *p;) {
      char num[128];
      size_t n = isdigit((unsigned char)*p) && (p == title || !isalnum((unsigned char)p[-1]))
                     ? nq_docnum_parse(p, num, sizeof num) : 0;
      if (n) {
        nq_buf_puts(&fixed, num);
        p += n;
      } else {
        nq_buf_putc(&fixed, *p++);
      }
    }
    nq_buf_putc(&fixed, 0);
    free(title);
    title = nq_buf_detach(&fixed);
    if (islower((unsigned char)title[0])) title[0] = (char)toupper((unsigned char)title[0]);
  }
  m.title = title;

  /* place: date line, else the first province named near the top */
  vn_toks tt;
  if (!m.place) {
    for (int i = 0; i < nl && !m.place; i++) {
      if (L[i].blank) continue;
      vn_toks_make(&tt, L[i].text);
      for (int k = 0; k < tt.n && !m.place; k++) {
        int used, used2;
        const char *p = province_at(&tt, k, false, &used);
        /* "Công nghệ An Giang": a name that overlaps a longer-reaching one yields */
        const char *q = p && k + 1 < tt.n ? province_at(&tt, k + 1, false, &used2) : NULL;
        if (q && k + 1 + used2 > k + used) p = q;
        if (p) m.place = p;
      }
      vn_toks_free(&tt);
    }
  }
  nq_agency_dir_set_place(dir, m.place);

  /* issuer when the header names none: "Đơn vị: X", "X ban hành Kế hoạch",
  ** "X xây dựng Kế hoạch" in the opening */
  for (int i = 0; i < nl && !m.issuer && i < m.body_line + 40; i++) {
    if (L[i].blank) continue;
    char *k = fold_key(L[i].text);
    bool unit = starts_with_words(k, "don vi") || starts_with_words(k, "co quan ban hanh");
    free(k);
    if (unit) {
      const char *c = strchr(L[i].text, ':');
      if (c) {
        vn_toks_make(&tt, c + 1);
        char *name = NULL;
        if (tt.n && nq_agency_match(dir, &tt, 0, &name)) m.issuer = name;
        else free(name);
        vn_toks_free(&tt);
      }
    }
  }
  if (!m.issuer) {
    /* join the opening into one string and look for "X ban hành/xây dựng" */
    nq_buf op = NQ_BUF_INIT;
    for (int i = m.body_line; i < nl && i < m.body_line + 60; i++) {
      const char *body;
      char lab[16];
      if (!L[i].blank && classify(L[i].text, &body, lab, sizeof lab) == B_ROMAN) break;
      nq_buf_puts(&op, L[i].text);
      nq_buf_putc(&op, ' ');
    }
    if (op.data) {
      vn_toks_make(&tt, op.data);
      for (int k = 0; k < tt.n && !m.issuer; k++) {
        char *name = NULL;
        int n = nq_agency_match(dir, &tt, k, &name);
        if (n && (vn_toks_at(&tt, k + n, "ban hanh") || vn_toks_at(&tt, k + n, "xay dung")) &&
            (k == 0 || tt.v[k - 1].sep != ' ' || vn_toks_at(&tt, k - 1, "tw") == 0)) {
          /* the subject starts a clause */
          if (k == 0 || tt.v[k - 1].sep == ';' || tt.v[k - 1].sep == ',' || tt.v[k - 1].sep == '.' ||
              tt.v[k - 1].sep == ')')
            m.issuer = name;
          else
            free(name);
        } else {
          free(name);
        }
      }
      vn_toks_free(&tt);
    }
    nq_buf_free(&op);
  }
  if (m.issuer) {
    char *full = with_place(m.issuer, m.place);
    free(m.issuer);
    m.issuer = full;
  }

  /* structure */
  reader r;
  memset(&r, 0, sizeof r);
  r.dir = dir;
  r.tasks = json_array();
  r.duties = json_array();
  r.proposals = json_array();
  int opening_end;
  build_tree(&r, L, nl, m.body_line, &opening_end);
  json_t *indicators = json_array();
  json_t *reporting = json_array();
  bool has_roman = false;
  for (int i = 0; i < r.t.n; i++) has_roman |= r.t.v[i].type == B_ROMAN;
  for (int i = 0; i < r.t.n; i++) {
    if (r.t.v[i].parent >= 0) continue;
    node *x = &r.t.v[i];
    skind k = (x->type == B_ROMAN || x->type == B_HEADING || !has_roman) ? section_kind(x->text) : S_NONE;
    if (x->type == B_APPENDIX) k = S_NONE;
    if (!has_roman && x->type != B_HEADING && k == S_NONE) k = S_TASKS;
    if (k == S_DUTIES) {
      read_duties(&r, i);
      json_decref(reporting);
      reporting = read_reporting(&r, i);
    } else if (k == S_TASKS) {
      read_tasks(&r, i);
    } else if (!has_roman && x->type == B_HEADING) {
      read_tasks(&r, i);
    }
  }

  read_tables(&r, L, nl, m.body_line, indicators);
  read_ocr_task_tables(&r, L, nl);
  if (!json_array_size(indicators)) {
    const char **lines = nq_xmalloc((size_t)(nl ? nl : 1) * sizeof *lines);
    for (int i = 0; i < nl; i++) lines[i] = L[i].blank ? "" : L[i].text;
    json_decref(indicators);
    indicators = nq_target_table_read(lines, nl);
    free(lines);
  }

  /* references: the opening (title, "Căn cứ", "Thực hiện", aims) decides
  ** what the plan implements; everything else is cited */
  refs rf = {json_array(), json_array()};
  nq_buf opening = NQ_BUF_INIT, rest = NQ_BUF_INIT;
  nq_buf_puts(&opening, m.title);
  nq_buf_putc(&opening, '\n');
  {
    /* the opening runs to the first section that holds tasks */
    bool in_opening = true;
    for (int i = m.body_line; i < nl; i++) {
      const char *body;
      char lab[16];
      btype bt = L[i].blank ? B_PARA : classify(L[i].text, &body, lab, sizeof lab);
      if (bt == B_ROMAN && section_kind(body) != S_NONE) in_opening = false;
      if (!has_roman && bt != B_PARA) in_opening = false;
      nq_buf *dst = in_opening ? &opening : &rest;
      if (L[i].blank) continue;
      char *acc = nq_xstrdup(dst->data ? dst->data : "");
      join_text(&acc, L[i].text);
      nq_buf_reset(dst);
      nq_buf_puts(dst, acc);
      free(acc);
    }
  }
  scan_ctx sc = {&rf, opening.data, true};
  nq_docnum_scan(opening.data, on_docnum, &sc);
  sc.opening = false;
  sc.text = rest.data ? rest.data : "";
  if (rest.data) nq_docnum_scan(rest.data, on_docnum, &sc);
  nq_buf_free(&opening);
  nq_buf_free(&rest);
  /* the plan's own number is not a reference */
  if (m.number[0]) {
    for (size_t i = 0; i < json_array_size(rf.references); i++)
      if (nq_docnum_same(json_string_value(json_array_get(rf.references, i)), m.number)) {
        json_array_remove(rf.references, i);
        break;
      }
  }

  json_t *plan = json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s,s:o,s:o}", "kind", m.kind, "number",
                           m.number[0] ? m.number : NULL, "issuer", m.issuer, "place", m.place,
                           "date", m.date[0] ? m.date : NULL, "title", m.title, "implements",
                           rf.implements, "references", rf.references);
  json_t *out = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "source", source ? source : "", "plan",
                          plan, "tasks", r.tasks, "duties", r.duties, "indicators", indicators,
                          "reporting", reporting, "new_agencies", r.proposals);
  free(m.issuer);
  free(m.title);
  free(m.own_place);
  free(r.heading_timeline);
  tree_free(&r.t);
  for (int i = 0; i < nl; i++) free(L[i].text);
  free(L);
  return out;
}
