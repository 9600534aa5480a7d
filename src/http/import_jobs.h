/*
** import_jobs.h: the background reader of uploaded scans. OCR takes seconds
** per page, so POST /api/imports stores a "processing" draft, hands the
** bytes here and answers 202; one worker thread reads queued documents in
** order, records page progress in the draft and finishes it ready or
** failed (store_imports.h). Stopping cancels the page being read and fails
** what is left, so no draft stays "processing" after a clean shutdown.
*/
#ifndef NQ_HTTP_IMPORT_JOBS_H
#define NQ_HTTP_IMPORT_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "import/import.h"
#include "store/store.h"
#include "util/err.h"

typedef struct nq_import_jobs nq_import_jobs;

/* models may be NULL (built per document). */
nq_code nq_import_jobs_start(nq_import_jobs **out, nq_store *store, const nq_import_models *models,
                             nq_err *err);
/* Queue draft_id for reading; data is copied. who is copied too (the
** finished draft is audited as its uploader's). */
void nq_import_jobs_submit(nq_import_jobs *j, int64_t draft_id, const void *data, size_t len,
                           const char *file_name, const nq_actor *who);
/* Cancel, fail what is queued, join the worker, free. NULL is fine. */
void nq_import_jobs_stop(nq_import_jobs *j);

#endif
