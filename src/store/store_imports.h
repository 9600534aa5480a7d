/*
** store_imports.h: imported plan documents kept as drafts until an officer
** has checked them against the document's text, corrected them and
** published them as plans (table import_drafts of 0006_imports.sql). Part
** of the store interface (store.h); the SQLite implementation is
** sqlite_imports.c.
**
** A draft is "processing" while the importer reads it (page of pages for
** scans), then "ready" with plan JSON to review or "failed" with a
** Vietnamese reason, and finally "published" with the id of the plan made
** from it. Every change of state or content is audited; progress ticks are
** not (they change nothing anyone reviews).
**
** Rows: {"id","file_name","media_type","byte_count","state",
** "progress":{"page","pages"},"error","plan_id","version","created_by",
** "created_by_name","created_at","updated_at"}; nq_store_import_get adds
** "source_text", "plan" (current plan JSON or null) and "agencies" (the
** plan's "new_agencies" proposals, [] when none).
*/
#ifndef NQ_STORE_IMPORTS_H
#define NQ_STORE_IMPORTS_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* A new draft. With plan NULL it is "processing" (text and plan come later
** through nq_store_import_finish); with plan it is "ready" at once. */
typedef struct nq_import_draft_new {
  const char *file_name;
  const char *media_type;
  int64_t byte_count;
  const char *source_text;  /* may be NULL */
  const json_t *plan;       /* may be NULL */
} nq_import_draft_new;

nq_code nq_store_import_create(nq_store *s, const nq_actor *who, const nq_import_draft_new *d,
                               int64_t *id_out, nq_err *err);
/* Newest first, without text and plan. */
nq_code nq_store_imports_list(nq_store *s, json_t **out, nq_err *err);
nq_code nq_store_import_get(nq_store *s, int64_t id, json_t **out, nq_err *err);

/* Pages read so far (not audited). */
nq_code nq_store_import_progress(nq_store *s, int64_t id, int page, int pages, nq_err *err);
/* End of processing: plan given -> "ready", else "failed" with error.
** NQ_ECONFLICT when the draft is no longer processing. */
nq_code nq_store_import_finish(nq_store *s, const nq_actor *who, int64_t id,
                               const char *source_text, const json_t *plan, const char *error,
                               nq_err *err);
/* Drafts left "processing" by a server that stopped become "failed"
** (run at start, before any worker). */
nq_code nq_store_imports_fail_interrupted(nq_store *s, const nq_actor *who, int64_t *count,
                                          nq_err *err);

/* Replace the plan JSON of a ready draft (the caller has validated it) if
** its version is if_version (NQ_EPRECOND otherwise); returns the draft.
** NQ_ECONFLICT unless the draft is ready. */
nq_code nq_store_import_update(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                               const json_t *plan, json_t **out, nq_err *err);
/* In one transaction: the draft's plan becomes a plan (as
** nq_store_plan_create) and the draft "published" with its id.
** NQ_ECONFLICT when already published, not ready, or a plan with the same
** number and issuer exists; NQ_EINVAL naming the JSON path when the plan
** JSON breaks a rule. */
nq_code nq_store_import_publish(nq_store *s, const nq_actor *who, int64_t id, int64_t *plan_id_out,
                                nq_err *err);
/* Discard a draft that is not published (NQ_ECONFLICT if it is). */
nq_code nq_store_import_delete(nq_store *s, const nq_actor *who, int64_t id, nq_err *err);

#endif
