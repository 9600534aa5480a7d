/*
** vntext.c: Vietnamese normalisation, folding and collation on top of
** utf8proc; see vntext.h. Folding works on canonical decompositions so that
** precomposed and decomposed input give the same key.
*/
#include "core/vntext.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/buf.h"

bool vn_valid_utf8(const char *s, size_t len) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  utf8proc_ssize_t n = (utf8proc_ssize_t)len;
  while (n > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
    if (k <= 0 || cp == 0) return false;
    p += k;
    n -= k;
  }
  return true;
}

/* Decode the next code point, substituting U+FFFD for invalid bytes. */
static int32_t next_cp(const char **ps) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)*ps;
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
  if (k <= 0) {
    *ps += 1;
    return 0xFFFD;
  }
  *ps += k;
  return cp;
}

static void put_cp(nq_buf *b, int32_t cp) {
  utf8proc_uint8_t tmp[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
  nq_buf_append(b, tmp, (size_t)n);
}

char *vn_nfc(const char *s) {
  /* Re-encode first so invalid bytes become U+FFFD and utf8proc accepts it. */
  nq_buf clean = NQ_BUF_INIT;
  while (*s) put_cp(&clean, next_cp(&s));
  if (!clean.data) return nq_xstrdup("");
  utf8proc_uint8_t *out = utf8proc_NFC((const utf8proc_uint8_t *)clean.data);
  nq_buf_free(&clean);
  if (!out) return nq_xstrdup("");
  char *r = nq_xstrdup((char *)out);
  free(out);
  return r;
}

/* Vietnamese diacritic roles of combining marks. */
enum { MOD_NONE = 0, MOD_BREVE = 1, MOD_CIRC = 2, MOD_HORN = 3 };
enum { TONE_NONE = 0, TONE_GRAVE, TONE_HOOK, TONE_TILDE, TONE_ACUTE, TONE_DOT };

static int mark_modifier(int32_t cp) {
  switch (cp) {
  case 0x0306: return MOD_BREVE;
  case 0x0302: return MOD_CIRC;
  case 0x031B: return MOD_HORN;
  default: return -1;
  }
}

static int mark_tone(int32_t cp) {
  switch (cp) {
  case 0x0300: return TONE_GRAVE;
  case 0x0309: return TONE_HOOK;
  case 0x0303: return TONE_TILDE;
  case 0x0301: return TONE_ACUTE;
  case 0x0323: return TONE_DOT;
  default: return -1;
  }
}

/* One user-perceived letter: base code point (lower-cased), its Vietnamese
** modifier and tone, and whether it was upper case. */
typedef struct vn_letter {
  int32_t base;
  int modifier;
  int tone;
  bool upper;
  bool other_marks; /* marks outside Vietnamese; dropped when folding */
} vn_letter;

/* Read one base code point plus the combining marks that follow it. */
static bool next_letter(const char **ps, vn_letter *out) {
  if (!**ps) return false;
  int32_t cp = next_cp(ps);
  utf8proc_int32_t dec[8];
  utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 8, UTF8PROC_DECOMPOSE, NULL);
  if (n <= 0) { dec[0] = cp; n = 1; }
  memset(out, 0, sizeof *out);
  int32_t base = dec[0];
  /* Đ đ: a letter of its own. Ð ð (eth) stand in for them in text converted
  ** from the legacy TCVN3/VNI encodings, so they are read as Đ đ. */
  if (base == 0x0110 || base == 0x0111 || base == 0x00D0 || base == 0x00F0) {
    out->upper = base == 0x0110 || base == 0x00D0;
    out->base = 'd';
    out->modifier = 9; /* sorts after plain d */
  } else {
    int32_t lower = utf8proc_tolower(base);
    out->upper = lower != base;
    out->base = lower;
  }
  for (utf8proc_ssize_t i = 1; i < n; i++) {
    int m = mark_modifier(dec[i]), t = mark_tone(dec[i]);
    if (m >= 0) out->modifier = m;
    else if (t >= 0) out->tone = t;
    else out->other_marks = true;
  }
  /* Decomposed input: absorb following standalone combining marks. */
  for (;;) {
    const char *save = *ps;
    if (!**ps) break;
    int32_t mk = next_cp(ps);
    const utf8proc_property_t *pr = utf8proc_get_property(mk);
    if (pr->combining_class == 0 && pr->category != UTF8PROC_CATEGORY_MN) {
      *ps = save;
      break;
    }
    int m = mark_modifier(mk), t = mark_tone(mk);
    if (m >= 0) out->modifier = m;
    else if (t >= 0) out->tone = t;
    else out->other_marks = true;
  }
  return true;
}

char *vn_fold(const char *s) {
  nq_buf b = NQ_BUF_INIT;
  vn_letter l;
  while (next_letter(&s, &l)) put_cp(&b, l.base);
  return b.data ? nq_buf_detach(&b) : nq_xstrdup("");
}

static bool is_alnum_cp(int32_t cp) {
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

char *vn_search_key(const char *s) {
  nq_buf b = NQ_BUF_INIT;
  vn_letter l;
  bool pending_space = false;
  while (next_letter(&s, &l)) {
    if (!is_alnum_cp(l.base)) {
      pending_space = b.len > 0;
      continue;
    }
    if (pending_space) nq_buf_putc(&b, ' ');
    pending_space = false;
    put_cp(&b, l.base);
  }
  return b.data ? nq_buf_detach(&b) : nq_xstrdup("");
}

/* Primary weight of a letter: Vietnamese alphabet for Latin letters, digits
** before letters, everything else by code point after them. Weights are
** 3 bytes, none zero, so keys compare with strcmp. */
static uint32_t primary_weight(const vn_letter *l) {
  int32_t c = l->base;
  if (c == ' ' || c == '\t' || c == '\n') return 0x010101;
  if (c >= '0' && c <= '9') return 0x010200 + (uint32_t)(c - '0') + 1;
  if (c >= 'a' && c <= 'z') {
    int mod = l->modifier;
    if (c == 'd' && mod == 9) mod = 1;                    /* đ after d */
    else if (c == 'a') mod = mod == MOD_BREVE ? 1 : mod == MOD_CIRC ? 2 : 0;
    else if (c == 'e' || c == 'o') mod = mod == MOD_CIRC ? 1 : (mod == MOD_HORN ? 2 : 0);
    else if (c == 'u') mod = mod == MOD_HORN ? 1 : 0;
    else mod = 0;
    return 0x010300 + (uint32_t)(c - 'a') * 4 + (uint32_t)mod + 1;
  }
  if (c >= 0x20 && c < 0x80) return 0x010100 + (uint32_t)c; /* punctuation */
  /* Other scripts by code point, after every Latin letter: three bytes
  ** with the top bit set, so never zero and above the weights above. */
  uint32_t u = (uint32_t)c & 0x1FFFFF;
  return (((u >> 14) & 0x7F) | 0x80) << 16 | (((u >> 7) & 0x7F) | 0x80) << 8 |
         ((u & 0x7F) | 0x80);
}

char *vn_sort_key(const char *s) {
  nq_buf prim = NQ_BUF_INIT, tone = NQ_BUF_INIT, kase = NQ_BUF_INIT;
  vn_letter l;
  while (next_letter(&s, &l)) {
    uint32_t w = primary_weight(&l);
    char bytes[3] = {(char)(w >> 16), (char)(w >> 8), (char)w};
    nq_buf_append(&prim, bytes, 3);
    nq_buf_putc(&tone, (char)(l.tone + 1));
    nq_buf_putc(&kase, (char)(l.upper ? 2 : 1));
  }
  nq_buf out = NQ_BUF_INIT;
  if (prim.len) nq_buf_append(&out, prim.data, prim.len);
  nq_buf_putc(&out, '\x01');
  if (tone.len) nq_buf_append(&out, tone.data, tone.len);
  nq_buf_putc(&out, '\x01');
  if (kase.len) nq_buf_append(&out, kase.data, kase.len);
  nq_buf_free(&prim);
  nq_buf_free(&tone);
  nq_buf_free(&kase);
  return nq_buf_detach(&out);
}

int vn_collate(const char *a, const char *b) {
  char *ka = vn_sort_key(a), *kb = vn_sort_key(b);
  int r = strcmp(ka, kb);
  free(ka);
  free(kb);
  if (r == 0) r = strcmp(a, b);
  return r < 0 ? -1 : r > 0;
}

void vn_squeeze_space(char *s) {
  char *w = s;
  bool space = false;
  for (char *r = s; *r; r++) {
    if (isspace((unsigned char)*r)) {
      space = w != s;
      continue;
    }
    if (space) *w++ = ' ';
    space = false;
    *w++ = *r;
  }
  *w = '\0';
}
