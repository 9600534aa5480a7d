/*
** scorecard.h: a unit's yearly score from what it did, as pure arithmetic
** (the figures come from sqlite_monitor.c; this file only weighs them).
**
** Four components, each 0..100:
**   completion   tasks due in the year done (late ones count half),
**   punctuality  100 minus the share of tasks overdue and not done,
**   timeliness   reports due in the year sent on time (late ones half,
**                missing ones nothing),
**   indicators   mean attainment of the unit's indicator targets.
** A component with nothing to measure (no task due, no indicator) is left
** out and the other weights are scaled up, so a unit is not rewarded or
** punished for work it was never given.
** The score ranks units (equal scores share a rank) and gives the yearly
** classification used in the evaluation of the unit's head.
*/
#ifndef NQ_MONITOR_SCORECARD_H
#define NQ_MONITOR_SCORECARD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct nq_score_weights {
  double completion, punctuality, timeliness, indicators;
  /* Lowest scores of each class: excellent > good > done. */
  double excellent, good, done;
} nq_score_weights;

/* 0.4 / 0.2 / 0.2 / 0.2; classes from 90, 70 and 50. */
nq_score_weights nq_score_weights_default(void);

/* Reads {"completion":..,"punctuality":..,"timeliness":..,"indicators":..,
** "excellent":..,"good":..,"done":..} over the defaults; weights must be
** >= 0 with a positive sum, thresholds descending in 0..100. */
nq_code nq_score_weights_from_json(const json_t *j, nq_score_weights *out, nq_err *err);

typedef struct nq_score_input {
  int64_t unit_id;
  int tasks_due, done_on_time, done_late, overdue;
  int reports_due, reports_on_time, reports_late, reports_missing;
  int indicators_assessed;     /* 0 = no indicator to measure */
  double indicator_attainment; /* mean attainment 0..1 over those */
} nq_score_input;

typedef enum nq_score_class {
  NQ_CLASS_EXCELLENT = 0,  /* Hoàn thành xuất sắc nhiệm vụ */
  NQ_CLASS_GOOD,           /* Hoàn thành tốt nhiệm vụ */
  NQ_CLASS_DONE,           /* Hoàn thành nhiệm vụ */
  NQ_CLASS_NOT_DONE        /* Không hoàn thành nhiệm vụ */
} nq_score_class;

typedef struct nq_score_result {
  double completion, punctuality, timeliness, indicators; /* -1 = not measured */
  double score;            /* 0..100 */
  int rank;                /* 1 = best */
  nq_score_class cls;
} nq_score_result;

const char *nq_score_class_name(nq_score_class c);   /* "excellent", ... */
const char *nq_score_class_label(nq_score_class c);  /* Vietnamese */

/* results[i] is the score of inputs[i]; ranks are over all n inputs. */
void nq_scorecard_compute(const nq_score_input *inputs, size_t n, const nq_score_weights *w,
                          nq_score_result *results);

/* One result as JSON (components rounded to 0.1). */
json_t *nq_score_result_json(const nq_score_input *in, const nq_score_result *r);

#endif
