/* digest.c: grouping similar difficulties by TF-IDF cosine; see digest.h. */
#include "monitor/digest.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

/* Folded Vietnamese function words that say nothing about the problem. */
static const char *const STOP_WORDS[] = {
  "va", "cua", "cac", "cho", "trong", "la", "co", "duoc", "da", "dang", "nhung", "voi",
  "de", "tai", "theo", "nay", "do", "mot", "nhu", "khi", "tu", "den", "ve", "ra", "vao",
  "thi", "ma", "cung", "hien", "viec", "nen", "tren", "bi", "se", "rat", "nhieu", "it",
  "con", "van", "hoac", "cong", "tac", "nhat", "dinh", "mot", "so",
};

static bool is_stop(const char *w) {
  if (strlen(w) < 2) return true;
  for (size_t i = 0; i < sizeof STOP_WORDS / sizeof STOP_WORDS[0]; i++)
    if (strcmp(w, STOP_WORDS[i]) == 0) return true;
  return false;
}

/* ---- vocabulary: term -> id, open addressing -------------------------- */

typedef struct vocab {
  char **terms;   /* by id */
  int *df;        /* points containing the term */
  size_t count, cap_terms;
  int *slots;     /* -1 empty, else id */
  size_t nslots;
} vocab;

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static void vocab_grow(vocab *v) {
  size_t n = v->nslots ? v->nslots * 2 : 1024;
  int *slots = nq_xmalloc(n * sizeof *slots);
  for (size_t i = 0; i < n; i++) slots[i] = -1;
  for (size_t id = 0; id < v->count; id++) {
    size_t k = hash(v->terms[id]) & (n - 1);
    while (slots[k] >= 0) k = (k + 1) & (n - 1);
    slots[k] = (int)id;
  }
  free(v->slots);
  v->slots = slots;
  v->nslots = n;
}

static int vocab_id(vocab *v, const char *term) {
  if ((v->count + 1) * 2 > v->nslots) vocab_grow(v);
  size_t k = hash(term) & (v->nslots - 1);
  while (v->slots[k] >= 0) {
    if (strcmp(v->terms[v->slots[k]], term) == 0) return v->slots[k];
    k = (k + 1) & (v->nslots - 1);
  }
  if (v->count == v->cap_terms) {
    v->cap_terms = v->cap_terms ? v->cap_terms * 2 : 256;
    v->terms = nq_xrealloc(v->terms, v->cap_terms * sizeof *v->terms);
    v->df = nq_xrealloc(v->df, v->cap_terms * sizeof *v->df);
  }
  v->terms[v->count] = nq_xstrdup(term);
  v->df[v->count] = 0;
  v->slots[k] = (int)v->count;
  return (int)v->count++;
}

static void vocab_free(vocab *v) {
  for (size_t i = 0; i < v->count; i++) free(v->terms[i]);
  free(v->terms);
  free(v->df);
  free(v->slots);
}

/* ---- sparse vectors, sorted by term id --------------------------------- */

typedef struct entry {
  int term;
  double w;
} entry;

typedef struct svec {
  entry *e;
  size_t n;
} svec;

static int cmp_entry(const void *a, const void *b) {
  const entry *x = a, *y = b;
  return (x->term > y->term) - (x->term < y->term);
}

static double dot(const svec *a, const svec *b) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    if (a->e[i].term == b->e[j].term) s += a->e[i++].w * b->e[j++].w;
    else if (a->e[i].term < b->e[j].term) i++;
    else j++;
  }
  return s;
}

static double norm(const svec *a) { return sqrt(dot(a, a)); }

/* acc += v (merging sorted term lists). */
static void add_into(svec *acc, const svec *v) {
  entry *out = nq_xmalloc((acc->n + v->n + 1) * sizeof *out);
  size_t i = 0, j = 0, k = 0;
  while (i < acc->n || j < v->n) {
    if (j >= v->n || (i < acc->n && acc->e[i].term < v->e[j].term)) out[k++] = acc->e[i++];
    else if (i >= acc->n || v->e[j].term < acc->e[i].term) out[k++] = v->e[j++];
    else {
      out[k] = acc->e[i++];
      out[k++].w += v->e[j++].w;
    }
  }
  free(acc->e);
  acc->e = out;
  acc->n = k;
}

/* ---- points ------------------------------------------------------------- */

typedef struct point {
  char *text;      /* as written, trimmed */
  size_t item;     /* index into the caller's items */
  svec v;
} point;

/* A point without its list mark ("- ", "+ ", "1. ", "a) " is kept: it may
** be a word) and trailing punctuation. */
static char *trim_point(const char *s, size_t n) {
  for (;;) {
    if (n && strchr(" \t\r-+*", *s)) {
      s++;
      n--;
      continue;
    }
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9') d++;
    if (d && d < n && (s[d] == '.' || s[d] == ')')) {
      s += d + 1;
      n -= d + 1;
      continue;
    }
    if (n >= 3 && memcmp(s, "\xE2\x80\xA2", 3) == 0) {  /* U+2022 bullet */
      s += 3;
      n -= 3;
      continue;
    }
    break;
  }
  while (n && strchr(" \t\r.", s[n - 1])) n--;
  return nq_xstrndup(s, n);
}

/* Terms of one point: unigrams and bigrams of its non-stop words. */
static void point_terms(vocab *voc, point *p) {
  char *key = vn_search_key(p->text);
  char **words = NULL;
  size_t nw = 0, cap = 0;
  for (char *tok = strtok(key, " "); tok; tok = strtok(NULL, " ")) {
    if (is_stop(tok)) continue;
    if (nw == cap) words = nq_xrealloc(words, (cap = cap ? cap * 2 : 16) * sizeof *words);
    words[nw++] = tok;
  }
  entry *e = nq_xmalloc((2 * nw + 1) * sizeof *e);
  size_t ne = 0;
  nq_buf bigram = NQ_BUF_INIT;
  for (size_t i = 0; i < nw; i++) {
    e[ne++] = (entry){vocab_id(voc, words[i]), 1};
    if (i + 1 < nw) {
      nq_buf_reset(&bigram);
      nq_buf_printf(&bigram, "%s_%s", words[i], words[i + 1]);
      e[ne++] = (entry){vocab_id(voc, bigram.data), 1};
    }
  }
  nq_buf_free(&bigram);
  qsort(e, ne, sizeof *e, cmp_entry);
  size_t k = 0;
  for (size_t i = 0; i < ne; i++) {
    if (k && e[k - 1].term == e[i].term) e[k - 1].w += 1;
    else e[k++] = e[i];
  }
  for (size_t i = 0; i < k; i++) voc->df[e[i].term]++;
  p->v = (svec){e, k};
  free(words);
  free(key);
}

typedef struct group {
  size_t *members;
  size_t n, cap;
  svec centroid;   /* sum of member vectors */
  double cnorm;
} group;

static void json_add_unique(json_t *arr, json_int_t v) {
  size_t i;
  json_t *x;
  json_array_foreach(arr, i, x) if (json_integer_value(x) == v) return;
  json_array_append_new(arr, json_integer(v));
}

static int cmp_group(const void *a, const void *b) {
  const group *x = a, *y = b;
  if (x->n != y->n) return x->n > y->n ? -1 : 1;
  return x->members[0] < y->members[0] ? -1 : x->members[0] > y->members[0];
}

json_t *nq_digest_cluster(const nq_digest_input *items, size_t n, double threshold) {
  if (threshold <= 0) threshold = NQ_DIGEST_THRESHOLD;
  vocab voc = {0};
  point *pts = NULL;
  size_t np = 0, capp = 0;
  for (size_t i = 0; i < n; i++) {
    const char *s = items[i].text;
    while (s && *s) {
      size_t len = strcspn(s, "\n;");
      char *t = trim_point(s, len);
      char *key = vn_search_key(t);
      bool worth = strchr(key, ' ') != NULL;  /* at least two words */
      free(key);
      if (worth) {
        if (np == capp) pts = nq_xrealloc(pts, (capp = capp ? capp * 2 : 64) * sizeof *pts);
        pts[np] = (point){t, i, {NULL, 0}};
        point_terms(&voc, &pts[np]);
        np++;
      } else {
        free(t);
      }
      s += len;
      if (*s) s++;
    }
  }
  /* TF-IDF with sublinear tf and smoothed idf, then unit length. */
  for (size_t p = 0; p < np; p++) {
    for (size_t k = 0; k < pts[p].v.n; k++) {
      entry *e = &pts[p].v.e[k];
      e->w = (1 + log(e->w)) * (log((1.0 + (double)np) / (1.0 + voc.df[e->term])) + 1);
    }
    double len = norm(&pts[p].v);
    for (size_t k = 0; len > 0 && k < pts[p].v.n; k++) pts[p].v.e[k].w /= len;
  }

  group *groups = NULL;
  size_t ng = 0, capg = 0;
  for (size_t p = 0; p < np; p++) {
    double best = -1;
    size_t best_g = 0;
    for (size_t g = 0; g < ng; g++) {
      double sim = groups[g].cnorm > 0 ? dot(&pts[p].v, &groups[g].centroid) / groups[g].cnorm : 0;
      if (sim > best) {
        best = sim;
        best_g = g;
      }
    }
    if (best < threshold) {
      if (ng == capg) groups = nq_xrealloc(groups, (capg = capg ? capg * 2 : 32) * sizeof *groups);
      groups[ng] = (group){0};
      best_g = ng++;
    }
    group *g = &groups[best_g];
    if (g->n == g->cap) g->members = nq_xrealloc(g->members, (g->cap = g->cap ? g->cap * 2 : 4) * sizeof *g->members);
    g->members[g->n++] = p;
    add_into(&g->centroid, &pts[p].v);
    g->cnorm = norm(&g->centroid);
  }
  if (ng) qsort(groups, ng, sizeof *groups, cmp_group);

  json_t *out = json_array();
  for (size_t g = 0; g < ng; g++) {
    group *gr = &groups[g];
    /* The representative is the point closest to the group's centre. */
    size_t rep = gr->members[0];
    double best = -1;
    for (size_t m = 0; m < gr->n; m++) {
      double sim = dot(&pts[gr->members[m]].v, &gr->centroid);
      if (sim > best + 1e-12) {
        best = sim;
        rep = gr->members[m];
      }
    }
    json_t *units = json_array(), *sources = json_array(), *examples = json_array();
    for (size_t m = 0; m < gr->n; m++) {
      const nq_digest_input *in = &items[pts[gr->members[m]].item];
      json_add_unique(units, in->unit_id);
      json_add_unique(sources, in->source_id);
      if (gr->members[m] != rep && json_array_size(examples) < 3)
        json_array_append_new(examples, json_string(pts[gr->members[m]].text));
    }
    json_array_append_new(out, json_pack("{s:s, s:I, s:o, s:o, s:o}", "text", pts[rep].text,
                                         "count", (json_int_t)gr->n, "units", units,
                                         "sources", sources, "examples", examples));
    free(gr->members);
    free(gr->centroid.e);
  }
  free(groups);
  for (size_t p = 0; p < np; p++) {
    free(pts[p].text);
    free(pts[p].v.e);
  }
  free(pts);
  vocab_free(&voc);
  return out;
}
