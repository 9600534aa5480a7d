/*
** report.h: the report document model shared by the DOCX, XLSX and CSV
** writers, and the small formatting rules they have in common.
**
** A report is one jansson object, built by src/monitor from the database
** (or by hand in tests), so the writers never touch the store and every
** writer renders the same figures:
**
**   {
**     "issuer_parent": "ỦY BAN NHÂN DÂN TỈNH AN GIANG",   (optional)
**     "issuer":        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
**     "number":        "125/BC-SKHCN",          ("…" is written when absent)
**     "place":         "An Giang",
**     "date":          "2025-12-10",
**     "subject":       "Kết quả thực hiện … quý III năm 2025",
**     "period":        {"code": "2025-Q3", "label": "Quý III năm 2025"},
**     "sections": {                              each an array of paragraphs:
**       "results": [...], "shortcomings": [...], a string, or
**       "difficulties": [...], "proposals": [...], {"heading": "1. …"}
**       "next": [...]
**     },
**     "recipients": ["Như trên;", "Lưu: VT."],
**     "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC",
**                "name": "Nguyễn Văn A"},
**     "tasks": [{"code", "title", "lead", "due", "percent", "status",
**                "result", "updates": [update ids]}],
**     "indicators": [{"code", "name", "unit", "target", "value",
**                     "assessment", "source", "updates": [ids]}],
**     "timeliness": [{"unit", "period", "due", "submitted_at", "state",
**                     "timeliness", "days_late"}],
**     "updates": [every update id the figures came from]
**   }
**
** "status" is a status name (done_on_time, done_late, in_progress, at_risk,
** overdue, not_started, or any text), shown through nq_report_status_label.
** "updates" keeps the progress-update ids each figure came from, so a printed
** number can be traced back to what a unit entered.
*/
#ifndef NQ_REPORT_H
#define NQ_REPORT_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* "ngày 05 tháng 02 năm 2025" from "2025-02-05", following Decree 30's
** rule that days below 10 and months 1 and 2 take a leading zero.
** NQ_EINVAL on a malformed date. */
nq_code nq_report_date_words(const char *iso_date, nq_buf *out, nq_err *err);

/* Vietnamese label for a task status name; unknown names pass through. */
const char *nq_report_status_label(const char *status);

/* A number as Vietnamese writes it: decimal comma, no trailing zeros,
** at most two decimals ("75", "75,5"). */
void nq_report_number(double v, nq_buf *out);

/* A JSON value as display text: strings as they are, numbers through
** nq_report_number, null/absent as "". */
void nq_report_value_text(const json_t *v, nq_buf *out);

/* Check that every string in the report is valid UTF-8 and return it in NFC
** through a deep copy, so writers can trust their input. */
nq_code nq_report_normalise(const json_t *report, json_t **out, nq_err *err);

/* Upper case of a UTF-8 text ("Sở Khoa học" -> "SỞ KHOA HỌC"), as the
** issuing body is printed; the caller frees. */
char *nq_report_upper(const char *s);

/* Write bytes to path through a temporary file renamed over it, so a reader
** never sees half a report. */
nq_code nq_report_write_file(const char *path, const void *data, size_t len, nq_err *err);

/* Read a whole file into out (appending). */
nq_code nq_report_read_file(const char *path, nq_buf *out, nq_err *err);

#endif
