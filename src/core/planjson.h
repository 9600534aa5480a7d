/*
** planjson.h: validation and normalisation of plan JSON (docs/spec/plan-json.md),
** the format plans are loaded, imported and exported in. Pure: no I/O, no
** database; the store calls it before writing anything.
*/
#ifndef NQ_PLANJSON_H
#define NQ_PLANJSON_H

#include <jansson.h>
#include <stdbool.h>

#include "util/err.h"

/* Check a plan JSON document and return a normalised deep copy in *out:
** every string NFC with surrounding whitespace trimmed, optional fields
** present with their defaults (implements/references/lead/support/duties/
** indicators/reporting = [], done = false, timeline/date/... = null).
** On failure NQ_EINVAL with a message that starts with the JSON path of the
** first problem: "tasks[3].schedule.due: ngày không hợp lệ ...".
** Rules: plan.title and each task's code and title are required non-empty
** strings; task codes are unique; dates are real ISO dates (YYYY-MM-DD);
** schedule.kind is once|range|recurring|conditional|none, "once" needs a due
** date and start <= due; reporting periods are month|quarter|half|
** nine_months|year|adhoc; indicator targets map a year to a string. Unknown
** keys inside plan, tasks, duties, indicators and reporting are errors (they
** would be lost); unknown top-level keys (notes, new_agencies) are kept. */
nq_code nq_planjson_normalize(const json_t *in, json_t **out, nq_err *err);

/* True for a real calendar date "YYYY-MM-DD". */
bool nq_iso_date_valid(const char *s);

/* The top-level keys nq57 models; others are kept verbatim by the store. */
bool nq_planjson_known_top_key(const char *key);

#endif
