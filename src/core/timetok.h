/*
** timetok.h: tokens of Vietnamese time and reporting phrases, folded to
** ASCII (lower case, no diacritics, đ -> d), with the OCR misspellings of the
** seed plans recognised as the words they stand for ("thing" for "tháng",
** "trude" for "trước"). Internal to src/core: schedule.c and period.c share it.
*/
#ifndef NQ_TIMETOK_H
#define NQ_TIMETOK_H

#include <stdbool.h>
#include <stddef.h>

typedef enum tt_type { TT_WORD, TT_NUM, TT_PUNCT } tt_type;

typedef struct tt_token {
  tt_type type;
  int num;           /* TT_NUM: value (saturates at 99999) */
  int ndigits;       /* TT_NUM: digits as written ("01" has 2) */
  char text[16];     /* TT_WORD: the folded word (truncated); TT_PUNCT: the char */
} tt_token;

/* Tokenises a UTF-8 phrase; *out is malloc'd (caller frees), returns the count.
** Dashes (-, –, —) all become "-". */
size_t tt_tokenize(const char *utf8, tt_token **out);

bool tt_word(const tt_token *t, const char *word);
bool tt_punct(const tt_token *t, char c);
bool tt_year_num(const tt_token *t);           /* 4 digits, 1900..2199 */

/* Concept words, OCR variants included. */
bool tt_is_month(const tt_token *t);           /* tháng */
bool tt_is_year(const tt_token *t);            /* năm */
bool tt_is_quarter(const tt_token *t);         /* quý */
bool tt_is_day(const tt_token *t);             /* ngày */
bool tt_is_before(const tt_token *t);          /* trước */
bool tt_is_last(const tt_token *t);            /* cuối */
bool tt_is_every(const tt_token *t);           /* hằng / hàng / mỗi */
bool tt_is_regular(const tt_token *t);         /* thường (of thường xuyên) */

/* Roman or Arabic quarter number 1..4, or 0. */
int tt_quarter_number(const tt_token *t);

/* True when toks[i..] spells the words of `phrase` (space separated). */
bool tt_seq(const tt_token *toks, size_t n, size_t i, const char *phrase);
/* True when the phrase occurs anywhere. */
bool tt_has(const tt_token *toks, size_t n, const char *phrase);

#endif
