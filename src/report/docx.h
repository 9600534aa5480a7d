/*
** docx.h: writes a periodic report (báo cáo định kỳ) as an Office Open XML
** word-processing document in the layout Decree 30/2020/NĐ-CP prescribes for
** administrative documents: header table (issuing body | national title and
** motto), number and symbol, place and date, document type and subject,
** numbered body sections, recipients and signature, and an appendix with
** the task and indicator tables on a landscape page.
**
** Input is the report model of report/report.h. Every text is XML-escaped;
** control characters XML 1.0 cannot carry are dropped.
*/
#ifndef NQ_DOCX_H
#define NQ_DOCX_H

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"

/* Render the report into out (the bytes of a .docx file). */
nq_code nq_docx_render(const json_t *report, nq_buf *out, nq_err *err);

/* Render and write to path (replaced atomically through a temporary file). */
nq_code nq_docx_write(const json_t *report, const char *path, nq_err *err);

/* Append s to out escaped for XML character data and attribute values,
** dropping characters XML 1.0 forbids. Shared with the XLSX reader tests. */
void nq_xml_escape(nq_buf *out, const char *s);

#endif
