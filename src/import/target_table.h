/*
** target_table.h: the reader of target tables (chỉ tiêu by year) as OCR
** leaves them: one cell per line or rows with '|' only sometimes printed.
** A row is kept only when every year's target reads cleanly, because a
** wrong target is worse than a missing one.
*/
#ifndef NQ_IMPORT_TARGET_TABLE_H
#define NQ_IMPORT_TARGET_TABLE_H

#include <jansson.h>

/* Indicators (plan-json.md) of every target table of an appendix in
** lines[0..n) ("" for a blank line); empty array when there is none. */
json_t *nq_target_table_read(const char *const *lines, int n);

#endif
