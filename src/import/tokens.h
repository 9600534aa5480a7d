/*
** tokens.h: a sentence as a list of accent-folded word tokens that remember
** where they came from. Every matcher of the importer (agency names, key
** phrases, time words) compares folded tokens, so "Sở KH&CN", "SO KH&CN"
** and "So KH & CN" look alike, while the output is cut from the source.
*/
#ifndef NQ_IMPORT_TOKENS_H
#define NQ_IMPORT_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct vn_tok {
  char fold[32];   /* lower case, no diacritics, đ -> d (truncated) */
  size_t start;    /* byte span in the source string */
  size_t end;
  char sep;        /* punctuation between this token and the next: ',', ';',
                      ':', '.', '(' ... or ' ' for plain space, 0 at the end */
} vn_tok;

typedef struct vn_toks {
  vn_tok *v;
  int n;
} vn_toks;

/* Split s into word tokens (letters and digits). */
void vn_toks_make(vn_toks *t, const char *s);
void vn_toks_free(vn_toks *t);

/* Does the folded word w appear at token i ("a b c" may name several
** tokens)? Returns the number of tokens matched or 0. */
int vn_toks_at(const vn_toks *t, int i, const char *words);

/* Index of the first token >= from where words match, or -1. */
int vn_toks_find(const vn_toks *t, int from, const char *words);

/* Levenshtein distance of two short ASCII words (capped at 9). */
int vn_word_distance(const char *a, const char *b);

#endif
