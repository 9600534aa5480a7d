/*
** tokens.c: folded word tokens with source spans (see tokens.h).
*/
#include "import/tokens.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/vntext.h"
#include "util/buf.h"

static bool is_word_cp(int32_t cp) {
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) || c == UTF8PROC_CATEGORY_ND;
}

/* Abbreviations officials write for the words the directory spells out;
** a token that is one of them stands for its expansion, so matchers only
** ever see the long form. */
static const char *const abbreviations[][2] = {
  {"ubnd", "uy ban nhan dan"}, {"hdnd", "hoi dong nhan dan"}, {"mttq", "mat tran to quoc"},
  {"mttqvn", "mat tran to quoc viet nam"}, {"ubkt", "uy ban kiem tra"}, {"vp", "van phong"},
  {"btv", "ban thuong vu"},
};

static void push_one(vn_toks *t, int *cap, const char *fold, size_t a, size_t b) {
  if (t->n == *cap) {
    *cap = *cap ? *cap * 2 : 32;
    t->v = nq_xrealloc(t->v, (size_t)*cap * sizeof *t->v);
  }
  vn_tok *k = &t->v[t->n++];
  size_t n = strlen(fold);
  if (n >= sizeof k->fold) n = sizeof k->fold - 1;
  memcpy(k->fold, fold, n);
  k->fold[n] = 0;
  k->start = a;
  k->end = b;
  k->sep = 0;
}

static void push(vn_toks *t, int *cap, const char *s, size_t a, size_t b) {
  /* ASCII words fold by lower-casing; only the others need vn_fold */
  bool ascii = true;
  for (size_t i = a; i < b && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
  char *f;
  if (ascii) {
    f = nq_xstrndup(s + a, b - a);
    for (char *p = f; *p; p++)
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  } else {
    char *word = nq_xstrndup(s + a, b - a);
    f = vn_fold(word);
    free(word);
  }
  for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
    if (!strcmp(f, abbreviations[i][0])) {
      char *exp = nq_xstrdup(abbreviations[i][1]), *save = NULL;
      for (char *w = strtok_r(exp, " ", &save); w; w = strtok_r(NULL, " ", &save)) push_one(t, cap, w, a, b);
      for (int j = t->n - 1; j > 0 && t->v[j - 1].start == a; j--) t->v[j - 1].sep = ' ';
      free(exp);
      free(f);
      return;
    }
  push_one(t, cap, f, a, b);
  free(f);
}


void vn_toks_make(vn_toks *t, const char *s) {
  t->v = NULL;
  t->n = 0;
  int cap = 0;
  size_t i = 0, len = strlen(s), wstart = 0;
  bool inword = false;
  while (i <= len) {
    int32_t cp = 0;
    utf8proc_ssize_t k = 1;
    if (i < len) {
      k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
      if (k <= 0) {
        k = 1;
        cp = 0xFFFD;
      }
    }
    bool w = i < len && is_word_cp(cp);
    if (w && !inword) {
      wstart = i;
      inword = true;
    } else if (!w && inword) {
      push(t, &cap, s, wstart, i);
      inword = false;
    }
    if (!w && i < len && t->n > 0 && !inword) {
      /* remember the strongest separator after the last token */
      vn_tok *last = &t->v[t->n - 1];
      char c = cp < 128 ? (char)cp : ' ';
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
      if (cp == 0x2013 || cp == 0x2014) c = '-';
      if (last->sep == 0 || last->sep == ' ') last->sep = c;
    }
    i += (size_t)k;
  }
}

void vn_toks_free(vn_toks *t) {
  free(t->v);
  t->v = NULL;
  t->n = 0;
}

int vn_toks_at(const vn_toks *t, int i, const char *words) {
  int n = 0;
  const char *p = words;
  while (*p) {
    while (*p == ' ') p++;
    if (!*p) break;
    const char *e = strchr(p, ' ');
    size_t wl = e ? (size_t)(e - p) : strlen(p);
    if (i + n >= t->n) return 0;
    const char *f = t->v[i + n].fold;
    if (strlen(f) != wl || memcmp(f, p, wl)) return 0;
    n++;
    p += wl;
  }
  return n;
}

int vn_toks_find(const vn_toks *t, int from, const char *words) {
  for (int i = from < 0 ? 0 : from; i < t->n; i++)
    if (vn_toks_at(t, i, words)) return i;
  return -1;
}

int vn_word_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 30 || lb > 30) return 9;
  int row[32], prev[32];
  for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < c) c = prev[j] + 1;
      if (row[j - 1] + 1 < c) c = row[j - 1] + 1;
      row[j] = c;
    }
    memcpy(prev, row, sizeof row);
  }
  return prev[lb] > 9 ? 9 : prev[lb];
}
