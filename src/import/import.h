/*
** import.h: turn a plan document into plan JSON (docs/spec/plan-json.md).
**
** Formats: plain text (UTF-8, with or without diacritics, OCR output
** included), DOCX, PDF with a text layer, and scans (PDF without text, PNG,
** JPEG) read with tesseract's Vietnamese model. The importer knows nothing
** of the store: it returns a JSON object the caller may show, edit or load.
** Errors are Vietnamese sentences fit for the user (nq_err).
*/
#ifndef NQ_IMPORT_H
#define NQ_IMPORT_H

#include <stddef.h>
#include <jansson.h>

#include "util/err.h"

/* Largest document accepted (bytes). */
#define NQ_IMPORT_MAX_BYTES (50u * 1024u * 1024u)

/* Called after each page of a PDF or scan: done of total pages. Return
** nonzero to cancel the import (it then fails with NQ_EUNAVAILABLE). */
typedef int (*nq_import_progress)(void *ctx, int done, int total);

/* What the importer learns before reading (the OCR repair model, ~45 ms to
** build): make it once with nq_import_models_new() and pass it in opts to
** every import; it never changes afterwards, so threads may share it. */
typedef struct nq_import_models nq_import_models;

nq_import_models *nq_import_models_new(void);
void nq_import_models_free(nq_import_models *m);

typedef struct nq_import_opts {
  nq_import_progress progress;   /* may be NULL */
  void *progress_ctx;
  const char *agencies_md;       /* another directory (agencies.md format); NULL: built-in */
  int no_ocr;                    /* refuse scans instead of running tesseract */
  size_t max_bytes;              /* largest input accepted; 0: NQ_IMPORT_MAX_BYTES */
  const nq_import_models *models;/* shared models; NULL: built for this import when needed */
} nq_import_opts;

/* Import a file; the format comes from its content, not its name. */
nq_code nq_import_file(const char *path, const nq_import_opts *opts, json_t **plan_out,
                       nq_err *err);

/* Import bytes; filename_hint (may be NULL) becomes "source" and helps
** tell formats apart. */
nq_code nq_import_buffer(const void *data, size_t len, const char *filename_hint,
                         const nq_import_opts *opts, json_t **plan_out, nq_err *err);

/* Import UTF-8 plain text (the step every format ends in). */
nq_code nq_import_text(const char *text, const char *source, const nq_import_opts *opts,
                       json_t **plan_out, nq_err *err);

#endif
