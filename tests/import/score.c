/*
** score.c: the plan scorer (see score.h). Pairing is greedy on the
** similarity matrix, best pair first, which is one-to-one and stable.
*/
#include "score.h"

#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

const char *const nq_score_meta_names[8] = {
  "kind", "number", "issuer", "place", "date", "title", "implements", "references"};

/* Tokens of a folded search key, split in place. */
typedef struct toks {
  char *key;
  char **v;
  int n;
} toks;

static void toks_make(toks *t, const char *s) {
  t->key = vn_search_key(s ? s : "");
  t->n = 0;
  t->v = NULL;
  int cap = 0;
  for (char *p = strtok(t->key, " "); p; p = strtok(NULL, " ")) {
    if (t->n == cap) {
      cap = cap ? cap * 2 : 16;
      t->v = nq_xrealloc(t->v, (size_t)cap * sizeof *t->v);
    }
    t->v[t->n++] = p;
  }
}

static void toks_free(toks *t) {
  free(t->key);
  free(t->v);
}

/* Dice coefficient over token multisets. */
static double dice(const toks *a, const toks *b) {
  if (a->n + b->n == 0) return 1.0;
  char *used = nq_xcalloc((size_t)b->n + 1, 1);
  int common = 0;
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++)
      if (!used[j] && !strcmp(a->v[i], b->v[j])) {
        used[j] = 1;
        common++;
        break;
      }
  free(used);
  return 2.0 * common / (a->n + b->n);
}

static const char *str_of(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static size_t arr_size(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_array(v) ? json_array_size(v) : 0;
}

/* pair[g] = index of the imported task paired with gold task g, or -1. */
static int *pair_by_title(json_t *imp_arr, json_t *gold_arr, size_t ni, size_t ng) {
  toks *ti = nq_xcalloc(ni + 1, sizeof *ti), *tg = nq_xcalloc(ng + 1, sizeof *tg);
  for (size_t i = 0; i < ni; i++) toks_make(&ti[i], str_of(json_array_get(imp_arr, i), "title"));
  for (size_t g = 0; g < ng; g++) toks_make(&tg[g], str_of(json_array_get(gold_arr, g), "title"));
  double *sim = nq_xcalloc(ni * ng + 1, sizeof *sim);
  for (size_t g = 0; g < ng; g++)
    for (size_t i = 0; i < ni; i++) sim[g * ni + i] = dice(&ti[i], &tg[g]);
  int *pair = nq_xmalloc((ng + 1) * sizeof *pair);
  char *taken = nq_xcalloc(ni + 1, 1);
  for (size_t g = 0; g < ng; g++) pair[g] = -1;
  for (;;) {
    double best = NQ_SCORE_TITLE_MIN;
    long bg = -1, bi = -1;
    for (size_t g = 0; g < ng; g++) {
      if (pair[g] >= 0) continue;
      for (size_t i = 0; i < ni; i++)
        if (!taken[i] && sim[g * ni + i] >= best && (bg < 0 || sim[g * ni + i] > best)) {
          best = sim[g * ni + i];
          bg = (long)g;
          bi = (long)i;
        }
    }
    if (bg < 0) break;
    pair[bg] = (int)bi;
    taken[bi] = 1;
  }
  for (size_t i = 0; i < ni; i++) toks_free(&ti[i]);
  for (size_t g = 0; g < ng; g++) toks_free(&tg[g]);
  free(ti);
  free(tg);
  free(sim);
  free(taken);
  return pair;
}

static void prf_finish(nq_prf *p) {
  p->precision = p->tp + p->fp ? (double)p->tp / (p->tp + p->fp) : 1.0;
  p->recall = p->tp + p->fn ? (double)p->tp / (p->tp + p->fn) : 1.0;
  p->f1 = p->precision + p->recall > 0
              ? 2 * p->precision * p->recall / (p->precision + p->recall) : 0.0;
}

static bool str_in(json_t *arr, const char *s) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return true;
  return false;
}

/* Count a role's agency names as true/false positives/negatives. */
static void score_role(json_t *it, json_t *gt, const char *role, nq_prf *p) {
  json_t *ia = json_object_get(it, role), *ga = json_object_get(gt, role);
  size_t i;
  json_t *v;
  if (json_is_array(ia))
    json_array_foreach(ia, i, v) {
      if (!json_is_string(v)) continue;
      if (json_is_array(ga) && str_in(ga, json_string_value(v))) p->tp++;
      else p->fp++;
    }
  if (json_is_array(ga))
    json_array_foreach(ga, i, v)
      if (json_is_string(v) && !(json_is_array(ia) && str_in(ia, json_string_value(v)))) p->fn++;
}

static bool same_json_str(json_t *a, json_t *b) {
  if (json_is_null(a) || !a) return json_is_null(b) || !b;
  if (!json_is_string(a) || !json_is_string(b)) return false;
  return !strcmp(json_string_value(a), json_string_value(b));
}

static bool same_folded(const char *a, const char *b) {
  if (!a || !b) return !a && !b;
  char *ka = vn_search_key(a), *kb = vn_search_key(b);
  bool eq = !strcmp(ka, kb);
  free(ka);
  free(kb);
  return eq;
}

/* Same members, any order (document numbers are unique within a list). */
static bool same_set(json_t *a, json_t *b) {
  if (!json_is_array(a) || !json_is_array(b)) return json_equal(a, b);
  if (json_array_size(a) != json_array_size(b)) return false;
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) if (!json_is_string(v) || !str_in(b, json_string_value(v))) return false;
  return true;
}

static void score_meta(json_t *ip, json_t *gp, nq_score *s) {
  s->meta_matched = 0;
  for (int k = 0; k < 8; k++) {
    const char *name = nq_score_meta_names[k];
    json_t *a = json_object_get(ip, name), *b = json_object_get(gp, name);
    bool ok;
    if (!strcmp(name, "title")) ok = same_folded(json_string_value(a), json_string_value(b));
    else if (!strcmp(name, "implements") || !strcmp(name, "references")) ok = same_set(a, b);
    else ok = same_json_str(a, b);
    s->meta_ok[k] = ok;
    s->meta_matched += ok;
  }
}

static void score_indicators(json_t *imp, json_t *gold, nq_score *s) {
  json_t *ia = json_object_get(imp, "indicators"), *ga = json_object_get(gold, "indicators");
  size_t ni = json_is_array(ia) ? json_array_size(ia) : 0;
  size_t ng = json_is_array(ga) ? json_array_size(ga) : 0;
  s->indicators_gold = (int)ng;
  s->indicators_ok = 0;
  if (ng) {
    /* indicators pair by name the same way tasks pair by title */
    json_t *iw = json_array(), *gw = json_array();
    size_t k;
    json_t *v;
    json_array_foreach(ia, k, v) json_array_append_new(iw, json_pack("{s:O?}", "title", json_object_get(v, "name")));
    json_array_foreach(ga, k, v) json_array_append_new(gw, json_pack("{s:O?}", "title", json_object_get(v, "name")));
    int *pair = pair_by_title(iw, gw, ni, ng);
    for (size_t g = 0; g < ng; g++)
      if (pair[g] >= 0 && json_equal(json_object_get(json_array_get(ga, g), "targets"),
                                     json_object_get(json_array_get(ia, (size_t)pair[g]), "targets")))
        s->indicators_ok++;
    free(pair);
    json_decref(iw);
    json_decref(gw);
  }
  s->indicator_acc = ng ? (double)s->indicators_ok / (double)ng : (ni ? 0.0 : 1.0);
}

static void score_reporting(json_t *imp, json_t *gold, nq_score *s) {
  json_t *ia = json_object_get(imp, "reporting"), *ga = json_object_get(gold, "reporting");
  size_t ng = json_is_array(ga) ? json_array_size(ga) : 0;
  size_t ni = json_is_array(ia) ? json_array_size(ia) : 0;
  s->reporting_gold = (int)ng;
  s->reporting_ok = 0;
  size_t g, i;
  json_t *gv, *iv;
  json_array_foreach(ga, g, gv) {
    json_array_foreach(ia, i, iv) if (json_equal(gv, iv)) {
      s->reporting_ok++;
      break;
    }
  }
  size_t denom = ng > ni ? ng : ni;
  s->reporting_acc = denom ? (double)s->reporting_ok / (double)denom : 1.0;
}

void nq_score_compute(json_t *imported, json_t *gold, nq_score *s) {
  memset(s, 0, sizeof *s);
  json_t *it = json_object_get(imported, "tasks"), *gt = json_object_get(gold, "tasks");
  size_t ni = arr_size(imported, "tasks"), ng = arr_size(gold, "tasks");
  int *pair = pair_by_title(it, gt, ni, ng);
  for (size_t g = 0; g < ng; g++) {
    if (pair[g] < 0) continue;
    s->paired++;
    json_t *a = json_array_get(it, (size_t)pair[g]), *b = json_array_get(gt, g);
    score_role(a, b, "lead", &s->agencies);
    score_role(a, b, "support", &s->agencies);
    score_role(a, b, "oversight", &s->agencies);
    json_t *sa = json_object_get(a, "schedule"), *sb = json_object_get(b, "schedule");
    if (same_json_str(json_object_get(sa, "kind"), json_object_get(sb, "kind"))) s->kind_ok++;
    if (same_json_str(json_object_get(sa, "due"), json_object_get(sb, "due"))) s->due_ok++;
    if (json_is_true(json_object_get(a, "done")) == json_is_true(json_object_get(b, "done"))) s->done_ok++;
  }
  free(pair);
  s->tasks.tp = s->paired;
  s->tasks.fp = (int)ni - s->paired;
  s->tasks.fn = (int)ng - s->paired;
  prf_finish(&s->tasks);
  prf_finish(&s->agencies);
  s->kind_acc = s->paired ? (double)s->kind_ok / s->paired : (ng ? 0.0 : 1.0);
  s->due_acc = s->paired ? (double)s->due_ok / s->paired : (ng ? 0.0 : 1.0);
  s->done_acc = s->paired ? (double)s->done_ok / s->paired : (ng ? 0.0 : 1.0);
  score_meta(json_object_get(imported, "plan"), json_object_get(gold, "plan"), s);
  score_indicators(imported, gold, s);
  score_reporting(imported, gold, s);
}

bool nq_score_passes(const nq_score *s) {
  return s->tasks.f1 >= 0.95 && s->agencies.f1 >= 0.95 && s->kind_acc >= 0.95 &&
         s->due_acc >= 0.95 && s->meta_matched == 8;
}

static void print_list(FILE *f, json_t *t, const char *role) {
  json_t *a = json_object_get(t, role);
  size_t i;
  json_t *v;
  fprintf(f, "%s=[", role);
  json_array_foreach(a, i, v) fprintf(f, "%s%s", i ? "; " : "", json_string_value(v));
  fputs("]", f);
}

static void print_task_diffs(FILE *f, json_t *imported, json_t *gold) {
  json_t *it = json_object_get(imported, "tasks"), *gt = json_object_get(gold, "tasks");
  size_t ni = arr_size(imported, "tasks"), ng = arr_size(gold, "tasks");
  int *pair = pair_by_title(it, gt, ni, ng);
  char *taken = nq_xcalloc(ni + 1, 1);
  for (size_t g = 0; g < ng; g++) {
    json_t *b = json_array_get(gt, g);
    if (pair[g] < 0) {
      fprintf(f, "  MISSING %s %.90s\n", str_of(b, "code"), str_of(b, "title"));
      continue;
    }
    taken[pair[g]] = 1;
    json_t *a = json_array_get(it, (size_t)pair[g]);
    nq_prf p = {0};
    score_role(a, b, "lead", &p);
    score_role(a, b, "support", &p);
    score_role(a, b, "oversight", &p);
    json_t *sa = json_object_get(a, "schedule"), *sb = json_object_get(b, "schedule");
    bool sched = same_json_str(json_object_get(sa, "kind"), json_object_get(sb, "kind")) &&
                 same_json_str(json_object_get(sa, "due"), json_object_get(sb, "due"));
    if (p.fp || p.fn || !sched) {
      fprintf(f, "  DIFF %s (imported %s)\n    gold: ", str_of(b, "code"), str_of(a, "code"));
      print_list(f, b, "lead"), fputc(' ', f), print_list(f, b, "support");
      char *gs = json_dumps(sb, JSON_COMPACT), *is = json_dumps(sa, JSON_COMPACT);
      fprintf(f, " %s %s\n    got:  ", str_of(b, "timeline") ? str_of(b, "timeline") : "-", gs);
      print_list(f, a, "lead"), fputc(' ', f), print_list(f, a, "support");
      fprintf(f, " %s %s\n", str_of(a, "timeline") ? str_of(a, "timeline") : "-", is);
      free(gs);
      free(is);
    }
  }
  for (size_t i = 0; i < ni; i++)
    if (!taken[i]) {
      json_t *a = json_array_get(it, i);
      fprintf(f, "  EXTRA %s %.90s\n", str_of(a, "code"), str_of(a, "title"));
    }
  free(pair);
  free(taken);
}

void nq_score_print(FILE *f, json_t *imported, json_t *gold, const nq_score *s, bool verbose) {
  fprintf(f, "tasks      P=%.3f R=%.3f F1=%.3f (paired %d, extra %d, missing %d)\n",
          s->tasks.precision, s->tasks.recall, s->tasks.f1, s->tasks.tp, s->tasks.fp, s->tasks.fn);
  fprintf(f, "lead/supp  P=%.3f R=%.3f F1=%.3f\n", s->agencies.precision, s->agencies.recall,
          s->agencies.f1);
  fprintf(f, "schedule   kind=%.3f due=%.3f done=%.3f\n", s->kind_acc, s->due_acc, s->done_acc);
  fprintf(f, "indicators %.3f (%d/%d)   reporting %.3f (%d/%d)\n", s->indicator_acc,
          s->indicators_ok, s->indicators_gold, s->reporting_acc, s->reporting_ok, s->reporting_gold);
  fprintf(f, "metadata   %d/8", s->meta_matched);
  json_t *ip = json_object_get(imported, "plan"), *gp = json_object_get(gold, "plan");
  for (int k = 0; k < 8; k++) {
    if (s->meta_ok[k]) continue;
    char *a = json_dumps(json_object_get(ip, nq_score_meta_names[k]), JSON_ENCODE_ANY | JSON_COMPACT);
    char *b = json_dumps(json_object_get(gp, nq_score_meta_names[k]), JSON_ENCODE_ANY | JSON_COMPACT);
    fprintf(f, "\n  %s: got %s, gold %s", nq_score_meta_names[k], a ? a : "(absent)", b ? b : "(absent)");
    free(a);
    free(b);
  }
  fprintf(f, "\n%s\n", nq_score_passes(s) ? "PASS" : "FAIL");
  if (verbose) print_task_diffs(f, imported, gold);
}
