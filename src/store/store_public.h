/*
** store_public.h: the figures of the public page that come from the units'
** reports: each indicator of a plan with the latest values the units
** reported, rolled up across units by the indicator's rule (core/attain.h)
** and judged against that year's target. Part of the store interface
** (store.h); the SQLite implementation is sqlite_public.c.
**
** Published figures only: a value counts when the aggregating body accepted
** the report carrying it (or it was recorded without a report); a submitted
** report may still be returned, a draft is the unit's own.
*/
#ifndef NQ_STORE_PUBLIC_H
#define NQ_STORE_PUBLIC_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* indicators: the plan's list from nq_store_indicators_list (members "id",
** "unit", "aggregation", "targets"), completed in place with
**   "year"            the latest year up to date's with accepted values (or
**                     date's year when there are none)
**   "target"          that year's target (else the next year's), or null
**   "value"           the roll-up (number; "Có"/"Không" or a share in % for
**                     yes/no targets; a unit's text when only one is free
**                     text), null without values
**   "units_reported", "rule" (sum, mean, ...), "attained" (attained,
**   not_attained, not_evaluable), "assessment" (Vietnamese), "light"
**   (green, amber, red, none), "ratio" (achievement, null when not judged)
** date: "YYYY-MM-DD", the day figures are judged at (the share of the year
** elapsed sets the pace for the light). */
nq_code nq_store_indicator_figures(nq_store *s, int64_t plan_id, const char *date,
                                   json_t *indicators, nq_err *err);

#endif
