/*
** xlsx.h: writes the tables of a report (report/report.h) as an Excel
** workbook with libxlsxwriter, one sheet per question a reader asks:
**   "Tổng hợp"           tasks counted by status,
**   "Nhiệm vụ"           every task, grouped by status, with its figures,
**   "Chỉ tiêu"           indicators against their targets,
**   "Tình hình báo cáo"  report timeliness of each unit.
** Percentages and values that are numbers are written as numbers so the
** sheet can be summed; the progress-update ids behind each row are kept in a
** last column ("Nguồn số liệu") for traceability.
*/
#ifndef NQ_XLSX_H
#define NQ_XLSX_H

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"

/* Write the workbook to path (replaced atomically). */
nq_code nq_xlsx_write(const json_t *report, const char *path, nq_err *err);

/* The bytes of the workbook, for downloads. */
nq_code nq_xlsx_render(const json_t *report, nq_buf *out, nq_err *err);

#endif
