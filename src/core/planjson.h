/*
** planjson.h: the rules a plan JSON document (docs/spec/plan-json.md) must
** keep before it is stored or exported, and the schedule object inside it.
**
** Validation stops at the first fault and names it by its JSON path in
** Vietnamese: `tasks[3].schedule.due: ngày không hợp lệ "2025-13-01"`.
** Unknown keys (e.g. "notes") are allowed; the ones the format defines must
** have their types, every string must be NFC, codes and periods unique.
*/
#ifndef NQ_PLANJSON_H
#define NQ_PLANJSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/schedule.h"
#include "util/err.h"

nq_code nq_plan_validate(const json_t *doc, nq_err *err);

/* {"kind": "once", "start": null, "due": "2025-07-31"} <-> nq_schedule.
** from_json checks the kind/date rules of plan-json.md (once: due only;
** range: start <= due; none and conditional: no dates). */
nq_code nq_schedule_from_json(const json_t *obj, nq_schedule *out, nq_err *err);
json_t *nq_schedule_to_json(const nq_schedule *s);

/* ---- normalisation (planjson_norm.c) ---------------------------------------
** What the store runs on every plan before writing it. Returns a normalised
** deep copy in *out: every string NFC with surrounding whitespace trimmed,
** optional fields present with their defaults (implements/references/lead/
** support/duties/indicators/reporting = [], done = false, timeline/date/...
** = null), then checked by nq_plan_validate. On failure a message that starts
** with the JSON path of the first problem ("tasks[3].schedule.due: ...").
** Stricter than nq_plan_validate where data would be lost: plan.title and
** each task's code and title are required; unknown keys inside plan, tasks,
** duties, indicators and reporting are errors; indicator targets map a year
** to a string. Unknown top-level keys (notes, new_agencies) are kept. */
nq_code nq_planjson_normalize(const json_t *in, json_t **out, nq_err *err);

/* True for a real calendar date "YYYY-MM-DD". */
bool nq_iso_date_valid(const char *s);

/* The top-level keys nq57 models; the store keeps others verbatim. */
bool nq_planjson_known_top_key(const char *key);

#endif
