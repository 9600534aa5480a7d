/*
** vntext.h: Vietnamese text rules: NFC normalisation, case and accent
** folding (đ/Đ -> d), accent-insensitive search keys and Vietnamese
** collation. Pure functions over UTF-8; no I/O.
**
** Every function returning char* returns a malloc'd string the caller frees.
** Invalid UTF-8 is never passed through: vn_valid_utf8() lets callers reject
** it with a clear message, and the other functions replace bad bytes by
** U+FFFD rather than crash.
*/
#ifndef NQ_VNTEXT_H
#define NQ_VNTEXT_H

#include <stdbool.h>
#include <stddef.h>

bool vn_valid_utf8(const char *s, size_t len);

/* NFC form (what every stored text must be). */
char *vn_nfc(const char *s);

/* Lower case, diacritics removed, đ -> d: "Khoa Học" -> "khoa hoc". */
char *vn_fold(const char *s);

/* vn_fold, then every run of non-alphanumerics becomes one space, trimmed:
** "Sở KH&CN (An Giang)" -> "so kh cn an giang". Used for search and matching. */
char *vn_search_key(const char *s);

/* A byte string whose memcmp/strcmp order is Vietnamese dictionary order:
** base letters in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t
** u ư v x y, then tones (ngang, huyền, hỏi, ngã, sắc, nặng), then case. */
char *vn_sort_key(const char *s);

/* strcmp-like comparison in Vietnamese order. */
int vn_collate(const char *a, const char *b);

/* Collapse runs of whitespace to one space and trim both ends (in place). */
void vn_squeeze_space(char *s);

#endif
