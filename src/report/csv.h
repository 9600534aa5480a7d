/*
** csv.h: one table of a report (report/report.h) as CSV per RFC 4180:
** comma-separated, fields quoted when they hold a comma, quote or line
** break, quotes doubled, CRLF line ends, and a UTF-8 byte order mark so
** Excel opens Vietnamese text correctly.
*/
#ifndef NQ_CSV_H
#define NQ_CSV_H

#include <jansson.h>
#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"

/* The report's tables that can be written. */
typedef enum nq_csv_table {
  NQ_CSV_TASKS,
  NQ_CSV_INDICATORS,
  NQ_CSV_TIMELINESS
} nq_csv_table;

/* "tasks", "indicators", "timeliness" -> table; false when unknown. */
bool nq_csv_table_from_name(const char *name, nq_csv_table *out);

/* Append one field; first says whether it starts a row (no comma before).
** A text field starting with = + - @ that is not a number gets a leading
** apostrophe, so a spreadsheet never runs text that units typed as a formula. */
void nq_csv_field(nq_buf *out, const char *text, bool first);
void nq_csv_row_end(nq_buf *out);

/* BOM, header row and one row per item of the table. */
nq_code nq_csv_render(const json_t *report, nq_csv_table table, nq_buf *out, nq_err *err);
nq_code nq_csv_write(const json_t *report, nq_csv_table table, const char *path, nq_err *err);

#endif
