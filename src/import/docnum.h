/*
** docnum.h: document numbers ("số ký hiệu") cited in a plan: 57-NQ/TW,
** 71/NQ-CP, 193/2025/QH15, 15-KH/ĐU. The scanner repairs what OCR and line
** wrapping break: spaces inside ("57-N Q/TW", "5 7-NQ/T W"), Đ read as
** D/B/P ("QB/TW" -> QĐ/TW, "DU" -> ĐU), footnote marks glued to the end
** ("71/NQ-CP2", "QĐ/TW?").
*/
#ifndef NQ_IMPORT_DOCNUM_H
#define NQ_IMPORT_DOCNUM_H

#include <stdbool.h>
#include <stddef.h>

/* Parse a document number starting at s[0] (a digit). On success returns
** the bytes consumed and writes the repaired number to out. */
size_t nq_docnum_parse(const char *s, char *out, size_t outsz);

/* Same document? "20/NQ-TW" is "20-NQ/TW"; "03/NQ" is "03/NQ-CP". */
bool nq_docnum_same(const char *a, const char *b);

/* Call fn for every document number in text, in order. */
void nq_docnum_scan(const char *text, void (*fn)(void *ctx, const char *num, size_t at), void *ctx);

#endif
