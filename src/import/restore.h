/*
** restore.h: repair of OCR text that lost its Vietnamese diacritics.
**
** A model learnt from clean Vietnamese (the clean seed plans, the agency
** directory and the hunspell-vi syllable list, embedded at build time)
** maps each OCR word to the syllables it may stand for — folded forms
** within a few typical OCR confusions (Đ read as P/B/D, ư as w, ơ as ¢,
** digits inside words, "ủy" as 1y/iy/ty) — and a bigram Viterbi pass picks
** the most likely sentence. Words it does not know are kept as written.
*/
#ifndef NQ_IMPORT_RESTORE_H
#define NQ_IMPORT_RESTORE_H

#include <stdbool.h>

typedef struct nq_restorer nq_restorer;

/* True when the text reads as Vietnamese typed without diacritics. */
bool nq_text_lacks_diacritics(const char *text);

nq_restorer *nq_restorer_new(void);
void nq_restorer_free(nq_restorer *r);

/* The restored text (malloc'd), line structure kept. */
char *nq_restore_text(const nq_restorer *r, const char *text);

#endif
