/*
** docnum.c: scanning and repairing document numbers (docnum.h).
**
** A number is DIGITS then parts joined by '-' or '/': letter parts (NQ,
** CTr, TTg, QH15) or a year. At least one '/' and one letter part make it
** a document number rather than a date or a list "1-2".
*/
#include "import/docnum.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Symbol parts whose letters OCR misreads. Written with Đ where they have one. */
static const char *const known_parts[] = {
  "NQ", "QĐ", "KH", "CTr", "CT", "TW", "TU", "ĐU", "CP", "KL", "HD", "TTg", "UBND", "HĐND",
  "NĐ", "TT", "BC", "TB", "CV", "BCĐTW", "BCĐ", "BCH", "BTV", "VPCP", "BTGTU", "ĐUK", "BKHĐT",
  "BGDĐT", "BKHCN", "BTTTT", "BNV", "BTC", "BCA", "BQP", "QH", "ĐA", "TTr", "VP", "BTGDVTU",
};

#define DSTROKE_UP "\xC4\x90"
#define DSTROKE_LO "\xC4\x91"

/* Letters of a part: ASCII letters, Đ, đ. Returns bytes of one letter or 0. */
static size_t letter_at(const char *s) {
  if (isalpha((unsigned char)*s)) return 1;
  if (!strncmp(s, DSTROKE_UP, 2) || !strncmp(s, DSTROKE_LO, 2)) return 2;
  return 0;
}

/* Upper-case ASCII form with Đ as 'D' (for comparing). */
static void fold_part(const char *p, char *out, size_t outsz) {
  size_t o = 0;
  while (*p && o + 1 < outsz) {
    if (!strncmp(p, DSTROKE_UP, 2) || !strncmp(p, DSTROKE_LO, 2)) {
      out[o++] = 'D';
      p += 2;
    } else {
      out[o++] = (char)toupper((unsigned char)*p++);
    }
  }
  out[o] = 0;
}

/* Positions of Đ in a known part, as a mask over its folded letters. */
static unsigned dstroke_mask(const char *k) {
  unsigned m = 0;
  int i = 0;
  while (*k) {
    if (!strncmp(k, DSTROKE_UP, 2)) {
      m |= 1u << i;
      k += 2;
    } else {
      k++;
    }
    i++;
  }
  return m;
}

static bool letters_fit(const char *p, const char *kf, unsigned mask) {
  size_t n = strlen(kf);
  if (strlen(p) != n) return false;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == kf[i]) continue;
    if ((mask >> i & 1) && (p[i] == 'B' || p[i] == 'P' || p[i] == 'D')) continue;
    return false;
  }
  return true;
}

/* The known part an OCR-damaged part stands for, or NULL. */
static const char *repair_part(const char *part) {
  for (size_t k = 0; k < sizeof known_parts / sizeof known_parts[0]; k++)
    if (!strcmp(part, known_parts[k])) return known_parts[k];
  char pf[32];
  fold_part(part, pf, sizeof pf);
  for (size_t k = 0; k < sizeof known_parts / sizeof known_parts[0]; k++) {
    char kf[32];
    fold_part(known_parts[k], kf, sizeof kf);
    unsigned mask = dstroke_mask(known_parts[k]);
    if (!mask && strcmp(pf, kf)) continue;
    if (letters_fit(pf, kf, mask)) return known_parts[k];
    /* Đ read as two letters ("QbB") */
    size_t n = strlen(pf);
    if (mask && n == strlen(kf) + 1)
      for (size_t drop = 0; drop < n; drop++) {
        char tmp[32];
        memcpy(tmp, pf, drop);
        strcpy(tmp + drop, pf + drop + 1);
        if (letters_fit(tmp, kf, mask)) return known_parts[k];
      }
  }
  return NULL;
}

static bool is_known(const char *part) {
  for (size_t k = 0; k < sizeof known_parts / sizeof known_parts[0]; k++)
    if (!strcmp(part, known_parts[k])) return true;
  return false;
}

/* Read letters at s into buf; returns bytes consumed. */
static size_t read_letters(const char *s, char *buf, size_t bufsz) {
  size_t i = 0, o = 0, l;
  while ((l = letter_at(s + i)) && o + l < bufsz) {
    memcpy(buf + o, s + i, l);
    o += l;
    i += l;
  }
  buf[o] = 0;
  return i;
}

size_t nq_docnum_parse(const char *s, char *out, size_t outsz) {
  char num[64] = "";
  size_t i = 0, o = 0;
  while (isdigit((unsigned char)s[i]) && o < 10) num[o++] = s[i++];
  if (!o || o >= 10) return 0;
  /* "5 7-NQ": a split digit group right before the first separator */
  if (o == 1 && s[i] == ' ' && isdigit((unsigned char)s[i + 1]) &&
      (s[i + 2] == '-' || s[i + 2] == '/')) {
    num[o++] = s[i + 1];
    i += 2;
  }
  num[o] = 0;
  /* "59  /KH-UBND": a number typed apart from its symbol */
  {
    size_t sp = 0;
    while (s[i + sp] == ' ' && sp < 3) sp++;
    if (sp && s[i + sp] == '/' && letter_at(s + i + sp + 1)) i += sp;
  }
  char res[256];
  snprintf(res, sizeof res, "%s", num);
  int letter_parts = 0, slashes = 0;
  for (;;) {
    char sep = s[i];
    if (sep != '-' && sep != '/') break;
    size_t j = i + 1;
    /* "57- -NQ/TW", "57--NQ": a separator OCR printed twice */
    if (s[j] == sep) j++;
    else if (s[j] == ' ' && s[j + 1] == sep) j += 2;
    char part[128];
    if (isdigit((unsigned char)s[j])) {
      size_t d = 0;
      while (isdigit((unsigned char)s[j + d]) && d < 8) d++;
      if (d != 4 || letter_at(s + j + d)) break; /* only a year may stand alone */
      snprintf(part, sizeof part, "%.4s", s + j);
      j += 4;
    } else {
      size_t l = read_letters(s + j, part, sizeof part);
      if (!l || islower((unsigned char)part[0])) break;
      j += l;
      /* "N Q/TW", "T W": letters split by one space */
      if (s[j] == ' ' && letter_at(s + j + 1) && !repair_part(part)) {
        char more[48], joined[128];
        size_t l2 = read_letters(s + j + 1, more, sizeof more);
        snprintf(joined, sizeof joined, "%.60s%.40s", part, more);
        if (repair_part(joined)) {
          snprintf(part, sizeof part, "%s", joined);
          j += 1 + l2;
        }
      }
      size_t d = 0;
      while (isdigit((unsigned char)s[j + d]) && d < 3) d++;
      const char *fixed = repair_part(part);
      if (fixed) snprintf(part, sizeof part, "%s", fixed);
      if (d) {
        /* a legislature's term (QH15) is part of the number; other digits
        ** glued to a known part are footnote marks */
        if (!strcmp(part, "QH") || !is_known(part)) {
          size_t pl = strlen(part);
          snprintf(part + pl, sizeof part - pl, "%.*s", (int)d, s + j);
        }
        j += d;
      }
      letter_parts++;
    }
    if (sep == '/') slashes++;
    size_t rl = strlen(res);
    snprintf(res + rl, sizeof res - rl, "%c%s", sep, part);
    i = j;
  }
  if (!letter_parts || !slashes) return 0;
  if (strlen(res) + 1 > outsz) return 0;
  strcpy(out, res);
  return i;
}

/* number and parts of a document number, for comparing */
static int split_parts(const char *n, char parts[8][32], char *num) {
  size_t i = 0;
  while (isdigit((unsigned char)n[i])) i++;
  snprintf(num, 16, "%.*s", (int)i, n);
  int np = 0;
  while (n[i] && np < 8) {
    i++;
    size_t j = i;
    while (n[j] && n[j] != '-' && n[j] != '/') j++;
    snprintf(parts[np++], 32, "%.*s", (int)(j - i), n + i);
    i = j;
  }
  return np;
}

static bool subset(char a[8][32], int na, char b[8][32], int nb) {
  for (int i = 0; i < na; i++) {
    bool found = false;
    for (int j = 0; j < nb && !found; j++) found = !strcmp(a[i], b[j]);
    if (!found) return false;
  }
  return true;
}

bool nq_docnum_same(const char *a, const char *b) {
  char pa[8][32], pb[8][32], na[16], nb[16];
  int ka = split_parts(a, pa, na), kb = split_parts(b, pb, nb);
  if (strcmp(na, nb)) return false;
  return ka <= kb ? subset(pa, ka, pb, kb) : subset(pb, kb, pa, ka);
}

void nq_docnum_scan(const char *text, void (*fn)(void *ctx, const char *num, size_t at), void *ctx) {
  for (size_t i = 0; text[i]; i++) {
    if (!isdigit((unsigned char)text[i])) continue;
    if (i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '/' || text[i - 1] == '-' ||
                  text[i - 1] == '.'))
      continue;
    char out[128];
    size_t n = nq_docnum_parse(text + i, out, sizeof out);
    if (n) {
      fn(ctx, out, i);
      i += n - 1;
    } else {
      while (isdigit((unsigned char)text[i + 1])) i++;
    }
  }
}
