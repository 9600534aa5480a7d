/*
** attain.h: indicator targets (chỉ tiêu) and whether a reported value meets
** them, with a traffic light, and the roll-up of unit values by rule.
**
** Targets are read in the normalised form of plan JSON (">=50", ">50",
** "<=10", "<10", "100", "42-45", "yes", free text) and also as plans print
** them ("≥ 50%", "> 40%", "80-90%", "Có"). Values use the Vietnamese decimal
** comma ("48,5"); "1.234,5" and "1,234.5" both read as 1234.5.
**
** Rules (docs/core.md):
**   - a bare number is a level to reach ("100" is met by 100 or more);
**   - a range "42-45" is met from its lower bound (going past the upper bound
**     is over-achievement, not failure);
**   - ratio = value / target for "more is better", target / value for
**     "<=" and "<", 1 or 0 for yes/no;
**   - light: green when met, or when ratio keeps pace with the share of the
**     period elapsed (ratio >= elapsed); amber within 20% of that pace (and a
**     yes/no target not yet met before 3/4 of the period); red otherwise and
**     whenever the period is over without the target met.
*/
#ifndef NQ_ATTAIN_H
#define NQ_ATTAIN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "util/err.h"

typedef enum nq_target_op {
  NQ_TARGET_TEXT = 0,   /* free text: not evaluable */
  NQ_TARGET_LEVEL,      /* "100": value >= lo */
  NQ_TARGET_GE,         /* ">=50" */
  NQ_TARGET_GT,         /* ">50" */
  NQ_TARGET_LE,         /* "<=10" */
  NQ_TARGET_LT,         /* "<10" */
  NQ_TARGET_RANGE,      /* "42-45": lo..hi */
  NQ_TARGET_YES         /* "yes" (Có) */
} nq_target_op;

typedef struct nq_target {
  nq_target_op op;
  double lo, hi;
} nq_target;

typedef enum nq_attain {
  NQ_ATTAIN_NOT_EVALUABLE = 0,
  NQ_ATTAIN_YES,
  NQ_ATTAIN_NO
} nq_attain;

typedef enum nq_light { NQ_LIGHT_NONE = 0, NQ_LIGHT_GREEN, NQ_LIGHT_AMBER, NQ_LIGHT_RED } nq_light;

typedef struct nq_eval {
  nq_attain attained;
  double ratio;          /* achievement, 1.0 = exactly the target; -1 when not evaluable */
  nq_light light;
} nq_eval;

/* Never fails: what is not a recognisable target is NQ_TARGET_TEXT. */
nq_target nq_target_parse(const char *text);

/* Writes the normalised spelling (">=50", "42-45", "yes", "" for text). */
char *nq_target_format(const nq_target *t, char *out, size_t cap);

/* A number as Vietnamese reports write it ("48,5", "1.234", "55%"). */
nq_code nq_value_parse_number(const char *text, double *out, nq_err *err);

/* Yes/no answers: "có", "Có", "yes", "đạt", "x" -> true; "không", "no",
** "chưa", "chưa đạt" -> false. Returns false when it is neither. */
bool nq_value_parse_yes(const char *text, bool *yes);

/* elapsed: share of the target's period gone, 0..1 (values outside are
** clamped; pass 1 to judge a closed period). */
nq_eval nq_target_eval(const nq_target *t, const char *value, double elapsed);

/* "green", "amber", "red", "none" and "Xanh", "Vàng", "Đỏ", "Chưa đánh giá". */
const char *nq_light_name(nq_light l);
const char *nq_light_label(nq_light l);
/* "attained", "not_attained", "not_evaluable" and "Đạt", "Không đạt", "Chưa đánh giá được". */
const char *nq_attain_name(nq_attain a);
const char *nq_attain_label(nq_attain a);

typedef enum nq_agg_rule {
  NQ_AGG_SUM = 0,
  NQ_AGG_MEAN,
  NQ_AGG_MIN,
  NQ_AGG_MAX,
  NQ_AGG_LATEST,        /* last non-empty value in array order (callers order by date) */
  NQ_AGG_SHARE_YES      /* share 0..1 of yes among the yes/no answers */
} nq_agg_rule;

/* "sum", "mean", "min", "max", "latest", "share_yes" */
const char *nq_agg_rule_name(nq_agg_rule r);
nq_code nq_agg_rule_from_name(const char *name, nq_agg_rule *out, nq_err *err);

/* Rolls up values[0..n) (NULL or blank entries are units that did not
** report and are skipped). *used counts the values taken; with none, *out
** is 0 and the call succeeds. A value that does not read fails with
** NQ_EUNPROCESSABLE naming its position. */
nq_code nq_aggregate(nq_agg_rule rule, const char *const *values, size_t n, double *out,
                     size_t *used, nq_err *err);

/* An indicator's figure: the units' values rolled up by its aggregation
** rule (by its target and measure when it names none: yes/no targets count
** the share of "yes", percentages average, other figures add up) and
** judged against its target. Compilations, dashboards and the public page
** all show this one figure. */
typedef struct nq_rollup {
  nq_agg_rule rule;
  size_t used;    /* values taken, as nq_aggregate counted them */
  json_t *value;  /* new reference: the figure (2 decimals; a share of "yes"
                  ** in percent with 1, or "Có"/"Không"), a single unit's
                  ** unreadable text as written, or null */
  bool free_text; /* value is that text: shown, not judged */
  nq_eval ev;
} nq_rollup;

/* measure: the unit of measure ("%"); aggregation: a rule name or NULL;
** target: the target's text or NULL; elapsed as for nq_target_eval. */
nq_rollup nq_indicator_rollup(const char *measure, const char *aggregation, const char *target,
                              char *const *values, size_t n, double elapsed);

#endif
