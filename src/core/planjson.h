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
#include "core/schedule.h"
#include "util/err.h"

nq_code nq_plan_validate(const json_t *doc, nq_err *err);

/* {"kind": "once", "start": null, "due": "2025-07-31"} <-> nq_schedule.
** from_json checks the kind/date rules of plan-json.md (once: due only;
** range: start <= due; none and conditional: no dates). */
nq_code nq_schedule_from_json(const json_t *obj, nq_schedule *out, nq_err *err);
json_t *nq_schedule_to_json(const nq_schedule *s);

#endif
