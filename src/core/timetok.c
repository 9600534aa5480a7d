/*
** timetok.c: folding and tokenising time phrases (see timetok.h).
** The OCR variants listed here are the ones the seed plans actually contain;
** each is a misreading of one Vietnamese word by tesseract without the
** Vietnamese model.
*/
#include "core/timetok.h"

#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

size_t tt_tokenize(const char *utf8, tt_token **out) {
  char *f = vn_fold(utf8 ? utf8 : "");
  size_t len = strlen(f), n = 0;
  tt_token *toks = nq_xcalloc(len + 1, sizeof *toks);
  const char *p = f;
  while (*p) {
    tt_token *t = &toks[n];
    if (is_digit(*p)) {
      t->type = TT_NUM;
      while (is_digit(*p)) {
        if (t->num < 99999) t->num = t->num * 10 + (*p - '0');
        t->ndigits++;
        p++;
      }
      n++;
    } else if (is_alpha(*p)) {
      size_t k = 0;
      t->type = TT_WORD;
      while (is_alpha(*p)) {
        if (k + 1 < sizeof t->text) t->text[k++] = (char)(*p | 0x20);
        p++;
      }
      n++;
    } else if ((unsigned char)*p == 0xE2 && (unsigned char)p[1] == 0x80 &&
               ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94)) {
      t->type = TT_PUNCT;           /* en dash, em dash */
      t->text[0] = '-';
      p += 3;
      n++;
    } else if ((unsigned char)*p >= 0x80) {
      p++;                          /* other non-ASCII (quotes, symbols): a separator */
    } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      p++;
    } else {
      t->type = TT_PUNCT;
      t->text[0] = *p++;
      n++;
    }
  }
  free(f);
  *out = toks;
  return n;
}

bool tt_word(const tt_token *t, const char *word) {
  return t->type == TT_WORD && strcmp(t->text, word) == 0;
}

bool tt_punct(const tt_token *t, char c) { return t->type == TT_PUNCT && t->text[0] == c; }

bool tt_year_num(const tt_token *t) {
  return t->type == TT_NUM && t->ndigits == 4 && t->num >= 1900 && t->num <= 2199;
}

static bool word_in(const tt_token *t, const char *const *words) {
  if (t->type != TT_WORD) return false;
  for (; *words; words++)
    if (strcmp(t->text, *words) == 0) return true;
  return false;
}

bool tt_is_month(const tt_token *t) {
  static const char *const w[] = {"thang", "thing", "theng", "thdng", NULL};
  return word_in(t, w);
}

bool tt_is_year(const tt_token *t) {
  static const char *const w[] = {"nam", "nim", "niim", "ndm", "ndam", "nem", "neim", NULL};
  return word_in(t, w);
}

bool tt_is_quarter(const tt_token *t) {
  static const char *const w[] = {"quy", "qui", NULL};
  return word_in(t, w);
}

bool tt_is_day(const tt_token *t) {
  static const char *const w[] = {"ngay", "ngiy", "ngdy", NULL};
  return word_in(t, w);
}

bool tt_is_before(const tt_token *t) {
  static const char *const w[] = {"truoc", "trude", "trudc", "truoe", "truec", NULL};
  return word_in(t, w);
}

bool tt_is_last(const tt_token *t) {
  static const char *const w[] = {"cuoi", "cudi", "cuei", NULL};
  return word_in(t, w);
}

bool tt_is_regular(const tt_token *t) {
  static const char *const w[] = {"thuong", "thurong", "thirong", "thwrong", "thuomg", NULL};
  return word_in(t, w);
}

bool tt_is_every(const tt_token *t) {
  static const char *const w[] = {"hang", "moi", NULL};
  return word_in(t, w);
}

int tt_quarter_number(const tt_token *t) {
  static const char *const roman[] = {"i", "ii", "iii", "iv"};
  if (t->type == TT_NUM) return t->num >= 1 && t->num <= 4 ? t->num : 0;
  for (int q = 0; q < 4; q++)
    if (tt_word(t, roman[q])) return q + 1;
  return 0;
}

bool tt_seq(const tt_token *toks, size_t n, size_t i, const char *phrase) {
  const char *p = phrase;
  while (*p) {
    const char *end = strchr(p, ' ');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (i >= n || toks[i].type != TT_WORD || strlen(toks[i].text) != len ||
        strncmp(toks[i].text, p, len) != 0)
      return false;
    i++;
    p += len;
    while (*p == ' ') p++;
  }
  return true;
}

bool tt_has(const tt_token *toks, size_t n, const char *phrase) {
  for (size_t i = 0; i < n; i++)
    if (tt_seq(toks, n, i, phrase)) return true;
  return false;
}
