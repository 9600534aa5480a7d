/*
** formats.h: the document formats the importer reads and their text
** extractors. Each extractor returns UTF-8 text with one paragraph per
** line (list numbering written out, table cells separated by " | ").
*/
#ifndef NQ_IMPORT_FORMATS_H
#define NQ_IMPORT_FORMATS_H

#include <stddef.h>

#include "import/import.h"

typedef enum nq_format {
  NQ_FORMAT_TEXT, NQ_FORMAT_DOCX, NQ_FORMAT_PDF, NQ_FORMAT_IMAGE, NQ_FORMAT_ZIP
} nq_format;

/* By content (magic bytes), never by file name. */
nq_format nq_format_detect(const unsigned char *d, size_t len);

nq_code nq_docx_text(const unsigned char *d, size_t len, char **text, nq_err *err);
nq_code nq_pdf_text(const unsigned char *d, size_t len, const nq_import_opts *opts, char **text,
                    nq_err *err);
nq_code nq_image_text(const unsigned char *d, size_t len, const nq_import_opts *opts, char **text,
                      nq_err *err);

#endif
