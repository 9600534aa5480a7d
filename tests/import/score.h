/*
** score.h: compares an imported plan JSON with a hand-checked gold plan.
**
** Tasks are paired one-to-one by accent-folded title similarity (token Dice
** over vn_search_key forms); lead/support, schedules and done flags are then
** compared on the pairs. Used by the nq57-score tool and by the import tests,
** which hold every gold plan to the acceptance bar (nq_score_passes).
*/
#ifndef NQ_TEST_SCORE_H
#define NQ_TEST_SCORE_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

/* Titles whose folded token Dice is below this never pair. */
#define NQ_SCORE_TITLE_MIN 0.6

typedef struct nq_prf {
  int tp, fp, fn;
  double precision, recall, f1;
} nq_prf;

typedef struct nq_score {
  nq_prf tasks;          /* task pairing */
  nq_prf agencies;       /* (role, name) pairs on paired tasks, role in lead/support/oversight */
  int paired;
  int kind_ok, due_ok, done_ok;   /* counts over paired tasks */
  double kind_acc, due_acc, done_acc;
  int indicators_gold, indicators_ok;
  double indicator_acc;
  int reporting_gold, reporting_ok;
  double reporting_acc;
  /* metadata fields in the order of nq_score_meta_names */
  bool meta_ok[8];
  int meta_matched;
} nq_score;

extern const char *const nq_score_meta_names[8];

/* Fill *out. Both documents must be plan JSON objects. */
void nq_score_compute(json_t *imported, json_t *gold, nq_score *out);

/* The acceptance bar: task F1, agency F1, schedule kind and due accuracy
** at least 0.95 and every metadata field exact. */
bool nq_score_passes(const nq_score *s);

/* Human-readable report; with verbose, also the unpaired and mismatched tasks. */
void nq_score_print(FILE *f, json_t *imported, json_t *gold, const nq_score *s, bool verbose);

#endif
