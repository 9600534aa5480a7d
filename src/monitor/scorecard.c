/* scorecard.c: weighing a unit's yearly figures into a score; see scorecard.h. */
#include "monitor/scorecard.h"

#include <math.h>
#include <stdlib.h>

#include "util/buf.h"

nq_score_weights nq_score_weights_default(void) {
  return (nq_score_weights){.completion = 0.4, .punctuality = 0.2, .timeliness = 0.2,
                            .indicators = 0.2, .excellent = 90, .good = 70, .done = 50};
}

nq_code nq_score_weights_from_json(const json_t *j, nq_score_weights *out, nq_err *err) {
  nq_score_weights w = nq_score_weights_default();
  struct {
    const char *key;
    double *field;
  } fields[] = {
    {"completion", &w.completion}, {"punctuality", &w.punctuality},
    {"timeliness", &w.timeliness}, {"indicators", &w.indicators},
    {"excellent", &w.excellent}, {"good", &w.good}, {"done", &w.done},
  };
  if (j && !json_is_object(j)) return nq_fail(err, NQ_EINVAL, "trọng số phải là một đối tượng JSON");
  for (size_t i = 0; j && i < sizeof fields / sizeof fields[0]; i++) {
    const json_t *v = json_object_get(j, fields[i].key);
    if (!v) continue;
    if (!json_is_number(v) || json_number_value(v) < 0)
      return nq_fail(err, NQ_EINVAL, "trọng số \"%s\" phải là số không âm", fields[i].key);
    *fields[i].field = json_number_value(v);
  }
  if (w.completion + w.punctuality + w.timeliness + w.indicators <= 0)
    return nq_fail(err, NQ_EINVAL, "tổng các trọng số phải lớn hơn 0");
  if (!(w.excellent <= 100 && w.excellent > w.good && w.good > w.done && w.done >= 0))
    return nq_fail(err, NQ_EINVAL, "ngưỡng xếp loại phải giảm dần trong khoảng 0-100");
  *out = w;
  return NQ_OK;
}

static const char *const CLASS_NAMES[] = {"excellent", "good", "done", "not_done"};
static const char *const CLASS_LABELS[] = {
  "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
  "Không hoàn thành nhiệm vụ"};

const char *nq_score_class_name(nq_score_class c) { return (unsigned)c < 4 ? CLASS_NAMES[c] : "?"; }
const char *nq_score_class_label(nq_score_class c) { return (unsigned)c < 4 ? CLASS_LABELS[c] : "?"; }

static double clamp100(double v) { return v < 0 ? 0 : v > 100 ? 100 : v; }

static void score_one(const nq_score_input *in, const nq_score_weights *w, nq_score_result *r) {
  double sum = 0, weight = 0;
  r->completion = r->punctuality = r->timeliness = r->indicators = -1;
  if (in->tasks_due > 0) {
    r->completion = clamp100(100.0 * (in->done_on_time + 0.5 * in->done_late) / in->tasks_due);
    r->punctuality = clamp100(100.0 - 100.0 * in->overdue / in->tasks_due);
    sum += w->completion * r->completion + w->punctuality * r->punctuality;
    weight += w->completion + w->punctuality;
  }
  if (in->reports_due > 0) {
    r->timeliness = clamp100(100.0 * (in->reports_on_time + 0.5 * in->reports_late) / in->reports_due);
    sum += w->timeliness * r->timeliness;
    weight += w->timeliness;
  }
  if (in->indicators_assessed > 0) {
    r->indicators = clamp100(100.0 * in->indicator_attainment);
    sum += w->indicators * r->indicators;
    weight += w->indicators;
  }
  /* Nothing measured: no evidence of work, so no merit either. */
  r->score = weight > 0 ? sum / weight : 0;
  r->score = round(r->score * 10) / 10;
  r->cls = r->score >= w->excellent ? NQ_CLASS_EXCELLENT
         : r->score >= w->good      ? NQ_CLASS_GOOD
         : r->score >= w->done      ? NQ_CLASS_DONE
                                    : NQ_CLASS_NOT_DONE;
}

typedef struct by_score {
  double score;
  size_t index;
} by_score;

static int cmp_score(const void *a, const void *b) {
  const by_score *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

void nq_scorecard_compute(const nq_score_input *inputs, size_t n, const nq_score_weights *w,
                          nq_score_result *results) {
  by_score *order = nq_xcalloc(n, sizeof *order);
  for (size_t i = 0; i < n; i++) {
    score_one(&inputs[i], w, &results[i]);
    order[i] = (by_score){results[i].score, i};
  }
  qsort(order, n, sizeof *order, cmp_score);
  /* Competition ranking: 1, 2, 2, 4. */
  for (size_t k = 0; k < n; k++) {
    int rank = (k > 0 && order[k].score == order[k - 1].score)
                 ? results[order[k - 1].index].rank
                 : (int)k + 1;
    results[order[k].index].rank = rank;
  }
  free(order);
}

static json_t *component(double v) { return v < 0 ? json_null() : json_real(round(v * 10) / 10); }

json_t *nq_score_result_json(const nq_score_input *in, const nq_score_result *r) {
  return json_pack("{s:I, s:f, s:i, s:s, s:s, s:{s:o, s:o, s:o, s:o}, "
                   "s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}}",
                   "unit_id", (json_int_t)in->unit_id, "score", r->score, "rank", r->rank,
                   "class", nq_score_class_name(r->cls), "class_label", nq_score_class_label(r->cls),
                   "components", "completion", component(r->completion),
                   "punctuality", component(r->punctuality), "timeliness", component(r->timeliness),
                   "indicators", component(r->indicators),
                   "figures", "tasks_due", in->tasks_due, "done_on_time", in->done_on_time,
                   "done_late", in->done_late, "overdue", in->overdue, "reports_due", in->reports_due,
                   "reports_on_time", in->reports_on_time, "reports_late", in->reports_late,
                   "reports_missing", in->reports_missing, "indicators_assessed", in->indicators_assessed);
}
