/*
** restore.c: diacritics and OCR repair for plan text (restore.h).
**
** The model: unigram and bigram counts of lower-case syllables learnt from
** clean Vietnamese embedded at build time, and an index from each folded
** form ("cong") to the syllables that fold to it ("công", "cộng", "cống").
** An OCR word is compared with every folded form by an edit distance whose
** substitution costs come from a table of common OCR confusions; the close
** ones become candidates, and a Viterbi pass over each run of words picks
** the sequence with the best emission + bigram score.
*/
#include "import/restore.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/vntext.h"
#include "import/docnum.h"
#include "util/buf.h"

extern const char nq_embedded_agencies_md[];
extern const char nq_embedded_clean_002[];
extern const char nq_embedded_clean_003[];
extern const char nq_embedded_system_md[];
extern const char nq_embedded_lexicon_vi[];
#ifdef NQ_HAVE_HUNSPELL_VI
extern const char nq_embedded_hunspell_vi[];
#endif

/* ------------------------------------------------------------ tables */

typedef struct strmap {
  char **key;
  int *val;
  size_t cap;
  size_t n;
} strmap;

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211ull;
  return h;
}

static void strmap_init(strmap *m, size_t cap) {
  m->cap = cap;
  m->n = 0;
  m->key = nq_xcalloc(cap, sizeof *m->key);
  m->val = nq_xcalloc(cap, sizeof *m->val);
}

static void strmap_free(strmap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->key[i]);
  free(m->key);
  free(m->val);
}

static int *strmap_slot(strmap *m, const char *k, bool insert) {
  if (insert && m->n * 2 >= m->cap) {
    strmap old = *m;
    strmap_init(m, old.cap * 2);
    for (size_t i = 0; i < old.cap; i++)
      if (old.key[i]) {
        int *v = strmap_slot(m, old.key[i], true);
        *v = old.val[i];
      }
    strmap_free(&old);
  }
  size_t i = hash_str(k) & (m->cap - 1);
  while (m->key[i]) {
    if (!strcmp(m->key[i], k)) return &m->val[i];
    i = (i + 1) & (m->cap - 1);
  }
  if (!insert) return NULL;
  m->key[i] = nq_xstrdup(k);
  m->val[i] = -1;
  m->n++;
  return &m->val[i];
}

typedef struct pairmap {
  uint64_t *key;
  float *val;
  size_t cap;
  size_t n;
} pairmap;

static void pairmap_init(pairmap *m, size_t cap) {
  m->cap = cap;
  m->n = 0;
  m->key = nq_xcalloc(cap, sizeof *m->key);
  m->val = nq_xcalloc(cap, sizeof *m->val);
}

static float *pairmap_slot(pairmap *m, uint64_t k, bool insert) {
  if (insert && m->n * 2 >= m->cap) {
    pairmap old = *m;
    pairmap_init(m, old.cap * 2);
    for (size_t i = 0; i < old.cap; i++)
      if (old.key[i]) *pairmap_slot(m, old.key[i], true) = old.val[i];
    free(old.key);
    free(old.val);
  }
  size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (m->cap - 1);
  while (m->key[i]) {
    if (m->key[i] == k) return &m->val[i];
    i = (i + 1) & (m->cap - 1);
  }
  if (!insert) return NULL;
  m->key[i] = k;
  m->n++;
  return &m->val[i];
}

/* ------------------------------------------------------------ model */

static void fill_costs(float costs[128][128]);

/* costs of an OCR word having a letter too many or too few */
static const float ins_vowel = 0.8f, ins_other = 1.0f;

typedef struct form {
  char *fold;      /* ASCII folded form */
  size_t len;
  int *words;      /* word ids with this form */
  int nwords;
} form;

struct nq_restorer {
  strmap ids;        /* lower-case word -> id */
  char **word;       /* id -> word */
  float *count;      /* id -> unigram count */
  int nword, cap;
  double total;
  pairmap bigram;    /* (id1+1, id2+1) -> count; id -1 is the boundary */
  float *left;       /* id+1 -> count as left context */
  strmap formids;    /* folded -> form index */
  form *forms;
  int nform, form_cap;
  float costs[128][128];   /* OCR substitution costs (cheap_pairs) */
  double *uni_lp;          /* id -> log unigram probability */
  double oov_lp;
};

static char *lower_utf8(const char *s) {
  nq_buf b = NQ_BUF_INIT;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  utf8proc_int32_t cp;
  utf8proc_ssize_t k;
  while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), tmp);
    nq_buf_append(&b, tmp, (size_t)n);
    p += k;
  }
  nq_buf_putc(&b, 0);
  return nq_buf_detach(&b);
}

static bool is_letter_cp(int32_t cp) {
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

static int word_id(nq_restorer *r, const char *w) {
  int *slot = strmap_slot(&r->ids, w, true);
  if (*slot >= 0) return *slot;
  int id = r->nword++;
  *slot = id;
  if (r->nword > r->cap) {
    /* grow geometrically: the vocabulary is learnt one word at a time */
    r->cap = r->cap ? r->cap * 2 : 4096;
    r->word = nq_xrealloc(r->word, (size_t)r->cap * sizeof *r->word);
    r->count = nq_xrealloc(r->count, (size_t)r->cap * sizeof *r->count);
  }
  r->word[id] = nq_xstrdup(w);
  r->count[id] = 0;
  char *f = vn_fold(w);
  int *fs = strmap_slot(&r->formids, f, true);
  if (*fs < 0) {
    *fs = r->nform++;
    if (r->nform > r->form_cap) {
      r->form_cap = r->form_cap ? r->form_cap * 2 : 2048;
      r->forms = nq_xrealloc(r->forms, (size_t)r->form_cap * sizeof *r->forms);
    }
    r->forms[*fs].fold = nq_xstrdup(f);
    r->forms[*fs].len = strlen(f);
    r->forms[*fs].words = NULL;
    r->forms[*fs].nwords = 0;
  }
  form *fm = &r->forms[*fs];
  fm->words = nq_xrealloc(fm->words, (size_t)(fm->nwords + 1) * sizeof *fm->words);
  fm->words[fm->nwords++] = id;
  free(f);
  return id;
}

/* Learn from clean text: words are runs of letters; any other character
** but a space breaks the bigram chain. */
static void learn(nq_restorer *r, const char *text, float weight, bool bigrams) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
  nq_buf w = NQ_BUF_INIT;
  int prev = -1;
  for (;;) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t k = *p ? utf8proc_iterate(p, -1, &cp) : 0;
    if (k < 0) {
      k = 1;
      cp = ' ';
    }
    if (k > 0 && is_letter_cp(cp)) {
      nq_buf_append(&w, p, (size_t)k);
    } else {
      if (w.len) {
        nq_buf_putc(&w, 0);
        char *lw = lower_utf8(w.data);
        char *nfc = vn_nfc(lw);
        int id = word_id(r, nfc);
        free(lw);
        free(nfc);
        r->count[id] += weight;
        r->total += weight;
        if (bigrams) {
          uint64_t key = ((uint64_t)(prev + 1) << 32) | (uint64_t)(id + 1);
          *pairmap_slot(&r->bigram, key, true) += weight;
        }
        prev = id;
        nq_buf_reset(&w);
      }
      if (k == 0) break;
      if (cp != ' ') prev = -1;
    }
    p += k;
  }
  nq_buf_free(&w);
}

nq_restorer *nq_restorer_new(void) {
  nq_restorer *r = nq_xcalloc(1, sizeof *r);
  strmap_init(&r->ids, 8192);
  strmap_init(&r->formids, 4096);
  pairmap_init(&r->bigram, 32768);
  fill_costs(r->costs);
  learn(r, nq_embedded_clean_002, 1.0f, true);
  learn(r, nq_embedded_clean_003, 1.0f, true);
  learn(r, nq_embedded_agencies_md, 2.0f, true);
  learn(r, nq_embedded_system_md, 1.0f, true);
  /* the administrative phrases every plan uses (labels, time words, bodies) */
  learn(r, nq_embedded_lexicon_vi, 3.0f, true);
#ifdef NQ_HAVE_HUNSPELL_VI
  /* the syllable list widens the vocabulary; it says nothing of context */
  nq_buf line = NQ_BUF_INIT;
  for (const char *p = nq_embedded_hunspell_vi; *p;) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    const char *slash = memchr(p, '/', n);
    if (slash) n = (size_t)(slash - p);
    nq_buf_reset(&line);
    nq_buf_append(&line, p, n);
    nq_buf_putc(&line, 0);
    bool lower = line.data[0] && !isupper((unsigned char)line.data[0]) && !isdigit((unsigned char)line.data[0]);
    if (lower) learn(r, line.data, 0.3f, false);
    p = e ? e + 1 : p + strlen(p);
  }
  nq_buf_free(&line);
#endif
  r->uni_lp = nq_xmalloc(((size_t)r->nword + 1) * sizeof *r->uni_lp);
  for (int i = 0; i < r->nword; i++) r->uni_lp[i] = log((r->count[i] + 0.1) / (r->total + 0.1 * (r->nword + 1)));
  r->oov_lp = log(0.1 / (r->total + 0.1 * (r->nword + 1)));
  /* left-context totals for the bigram estimate */
  r->left = nq_xcalloc((size_t)r->nword + 1, sizeof *r->left);
  for (size_t i = 0; i < r->bigram.cap; i++)
    if (r->bigram.key[i]) r->left[r->bigram.key[i] >> 32] += r->bigram.val[i];
  return r;
}

void nq_restorer_free(nq_restorer *r) {
  if (!r) return;
  for (int i = 0; i < r->nword; i++) free(r->word[i]);
  free(r->word);
  free(r->count);
  free(r->left);
  free(r->uni_lp);
  for (int i = 0; i < r->nform; i++) {
    free(r->forms[i].fold);
    free(r->forms[i].words);
  }
  free(r->forms);
  strmap_free(&r->ids);
  strmap_free(&r->formids);
  free(r->bigram.key);
  free(r->bigram.val);
  free(r);
}

/* ---------------------------------------------------- OCR distance */

/* Cost of reading letter b (in the lexicon form) as a (in the OCR word).
** The pairs are the confusions OCR makes on Vietnamese print: stroked and
** accented letters lose or change their marks (Đ -> P/B/D, ư -> w, ơ -> ¢
** or o, ô -> 6, ă -> &), and marked vowels come out as other vowels or as
** look-alike consonants and digits (á -> d, ố -> b, ợ -> g, ủ -> 1/i). */
static const char *const cheap_pairs[] = {
  "wu", "6o", "0o", "1t", "&a", "$s", "1l", "1i", "1u", "4a", "5s", "8o", "@o", "yu",
  "pd", "bd", "da", "do", "bo", "go", "ga", "eo", "ea", "ec", "ia", "iu", "ie", "ou", "ao",
  "ru", "tu", "vu", "ce", "ei", "ae", "yi", "ui", "oa",
};

/* costs[a][b], filled once per restorer */
static void fill_costs(float costs[128][128]) {
  static const char vowels[] = "aeiouy";
  for (int a = 0; a < 128; a++)
    for (int b = 0; b < 128; b++) {
      float c = 1.2f;
      if (a == b) c = 0;
      else if (a && b && strchr(vowels, a) && strchr(vowels, b)) c = 0.7f;
      costs[a][b] = c;
    }
  for (size_t k = 0; k < sizeof cheap_pairs / sizeof cheap_pairs[0]; k++)
    costs[(unsigned char)cheap_pairs[k][0]][(unsigned char)cheap_pairs[k][1]] = 0.5f;
  /* column 0 holds the cost of inserting or deleting the letter */
  for (int a = 1; a < 128; a++) costs[a][0] = strchr(vowels, a) ? ins_vowel : ins_other;
}


static double ocr_distance(const float costs[128][128], const char *a, const char *b, double limit) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 24 || lb > 24) return 99;
  double d[25][25];
  double ia[25], ib[25];
  for (size_t i = 0; i < la; i++) ia[i] = costs[a[i] & 127][0];
  for (size_t j = 0; j < lb; j++) ib[j] = costs[b[j] & 127][0];
  for (size_t i = 0; i <= la; i++) d[i][0] = i ? d[i - 1][0] + ia[i - 1] : 0;
  for (size_t j = 1; j <= lb; j++) d[0][j] = d[0][j - 1] + ib[j - 1];
  for (size_t i = 1; i <= la; i++) {
    double rowmin = 99;
    for (size_t j = 1; j <= lb; j++) {
      double c = d[i - 1][j - 1] + costs[a[i - 1] & 127][b[j - 1] & 127];
      double x = d[i - 1][j] + ia[i - 1];
      double y = d[i][j - 1] + ib[j - 1];
      if (x < c) c = x;
      if (y < c) c = y;
      d[i][j] = c;
      if (c < rowmin) rowmin = c;
    }
    if (rowmin > limit) return 99;
  }
  return d[la][lb];
}

/* OCR word -> ASCII key: lower case, marks dropped, look-alike symbols kept
** as single bytes the cost table knows. */
static void ocr_key(const char *w, char *out, size_t outsz) {
  char *f = vn_fold(w);
  size_t o = 0;
  for (const char *p = f; *p && o + 1 < outsz;) {
    if (!strncmp(p, "\xc2\xa2", 2)) { /* ¢ */
      out[o++] = '\xa2';
      p += 2;
      continue;
    }
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) {
      out[o++] = (char)tolower(c);
      p++;
    } else {
      p++;
      while (((unsigned char)*p & 0xC0) == 0x80) p++;
    }
  }
  out[o] = 0;
  for (size_t i = 0; i < o; i++)
    if (out[i] == '\xa2') out[i] = '@';
  /* Đ read as the two letters "DP" */
  if (o > 2 && out[0] == 'd' && out[1] == 'p') memmove(out + 1, out + 2, o - 1);
  free(f);
}

/* ------------------------------------------------------------- viterbi */

#define MAXCAND 12
#define MAXLEX (MAXCAND - 1)

typedef struct cand {
  int id;          /* word id, or -1: keep the source word */
  double emit;     /* log score of reading the OCR word as this word */
} cand;

typedef struct cand_list {
  cand c[MAXCAND];
  int n;
} cand_list;

static double uni_logp(const nq_restorer *r, int id) { return id >= 0 ? r->uni_lp[id] : r->oov_lp; }

static double bi_logp(const nq_restorer *r, int prev, int id) {
  if (id < 0) return log(1e-7);
  uint64_t key = ((uint64_t)(prev + 1) << 32) | (uint64_t)(id + 1);
  float *c = pairmap_slot((pairmap *)&r->bigram, key, false);
  double lc = r->left[prev + 1];
  double pu = exp(r->uni_lp[id]);
  double beta = 2.0;
  return log(((c ? *c : 0.0) + beta * pu) / (lc + beta));
}

static void candidates(const nq_restorer *r, const char *key, cand_list *out) {
  out->n = 0;
  size_t lk = strlen(key);
  double limit = lk <= 2 ? 1.3 : 0.5 * (double)lk;
  if (limit < 1.3) limit = 1.3;
  if (limit > 2.6) limit = 2.6;
  for (int f = 0; f < r->nform; f++) {
    const char *fk = r->forms[f].fold;
    size_t lf = r->forms[f].len;
    if (lf + 2 < lk || lk + 2 < lf) continue;
    double d = ocr_distance(r->costs, key, fk, limit);
    if (d > limit) continue;
    for (int k = 0; k < r->forms[f].nwords; k++) {
      int id = r->forms[f].words[k];
      double e = -2.5 * d;
      /* keep the MAXCAND best by emission + unigram */
      double score = e + uni_logp(r, id);
      int pos;
      if (out->n < MAXLEX) {
        pos = out->n++;
      } else {
        pos = MAXLEX - 1;
        if (score <= out->c[pos].emit + uni_logp(r, out->c[pos].id)) continue;
      }
      while (pos > 0 && out->c[pos - 1].emit + uni_logp(r, out->c[pos - 1].id) < score) {
        out->c[pos] = out->c[pos - 1];
        pos--;
      }
      out->c[pos].id = id;
      out->c[pos].emit = e;
    }
  }
  /* the source word itself, for names and words the model lacks */
  if (out->n < MAXCAND) {
    out->c[out->n].id = -1;
    out->c[out->n].emit = -2.5 * 1.6;
    out->n++;
  }
}

/* -------------------------------------------------------------- text */

bool nq_text_lacks_diacritics(const char *text) {
  /* Vietnamese typed with marks has a marked letter in most words */
  size_t words = 0, marked = 0;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
  bool inword = false, wmarked = false;
  utf8proc_int32_t cp;
  utf8proc_ssize_t k;
  while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
    bool letter = is_letter_cp(cp);
    if (letter) {
      if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7) wmarked = true;
      inword = true;
    } else if (inword) {
      words++;
      marked += wmarked;
      inword = wmarked = false;
    }
    p += k;
  }
  return words > 30 && marked * 100 < words * 25;
}

typedef struct span {
  size_t a, b;      /* bytes of the word in the line */
  bool keep;        /* not to be touched (numbers, acronyms, document numbers) */
} span;

static bool protected_ranges_hit(size_t a, size_t b, const size_t *pr, int npr) {
  for (int i = 0; i < npr; i += 2)
    if (a < pr[i + 1] && b > pr[i]) return true;
  return false;
}

typedef struct prot_ctx {
  size_t *v;
  int n;
  int cap;
  const char *text;
} prot_ctx;

static void on_num(void *ctx, const char *num, size_t at) {
  prot_ctx *c = ctx;
  size_t len = nq_docnum_parse(c->text + at, (char[128]){0}, 128);
  (void)num;
  if (c->n + 2 > c->cap) {
    c->cap = c->cap ? c->cap * 2 : 16;
    c->v = nq_xrealloc(c->v, (size_t)c->cap * sizeof *c->v);
  }
  c->v[c->n++] = at;
  c->v[c->n++] = at + len;
}

static bool word_byte(const char *s, size_t i, size_t *len) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, -1, &cp);
  if (k <= 0) {
    *len = 1;
    return false;
  }
  *len = (size_t)k;
  return is_letter_cp(cp) || (cp >= '0' && cp <= '9') || cp == 0xA2 || cp == '$' || cp == '@' || cp == '&';
}

static void apply_case(const char *src, const char *word, nq_buf *out) {
  /* case pattern of the source: all capitals, first capital, or lower */
  int up = 0, letters = 0;
  bool first_up = false;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)src;
  utf8proc_int32_t cp;
  utf8proc_ssize_t k;
  bool first = true;
  while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
    if (is_letter_cp(cp)) {
      letters++;
      if (utf8proc_toupper(cp) == cp && utf8proc_tolower(cp) != cp) {
        up++;
        if (first) first_up = true;
      }
      first = false;
    } else if (first && (cp == '$' || cp == '@' || cp == 0xA2 || (cp >= '0' && cp <= '9'))) {
      first = false;
    }
    p += k;
  }
  bool all = letters >= 2 && up == letters;
  p = (const utf8proc_uint8_t *)word;
  first = true;
  while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
    utf8proc_int32_t o = (all || (first && first_up)) ? utf8proc_toupper(cp) : cp;
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(o, tmp);
    nq_buf_append(out, tmp, (size_t)n);
    first = false;
    p += k;
  }
}

/* Cache of candidate lists per OCR key within one text. */
typedef struct cand_cache {
  strmap idx;
  cand_list *lists;
  int n;
} cand_cache;

static int cached_candidates(const nq_restorer *r, cand_cache *cc, const char *key) {
  int *slot = strmap_slot(&cc->idx, key, true);
  if (*slot < 0) {
    int k = cc->n++;
    *slot = k;
    cc->lists = nq_xrealloc(cc->lists, (size_t)cc->n * sizeof *cc->lists);
    candidates(r, key, &cc->lists[k]);
    return k;
  }
  return *slot;
}

/* Restore one run of words (no punctuation between them). */
static void restore_run(const nq_restorer *r, cand_cache *cc, const char *line, span *w, int n,
                        char **choice) {
  if (n == 0) return;
  const cand_list **cl = nq_xcalloc((size_t)n, sizeof *cl);
  double (*score)[MAXCAND] = nq_xcalloc((size_t)n, sizeof *score);
  int (*back)[MAXCAND] = nq_xcalloc((size_t)n, sizeof *back);
  int *which = nq_xcalloc((size_t)n, sizeof *which);
  for (int i = 0; i < n; i++) {
    char *src = nq_xstrndup(line + w[i].a, w[i].b - w[i].a);
    char key[64];
    ocr_key(src, key, sizeof key);
    free(src);
    which[i] = cached_candidates(r, cc, key);
  }
  /* the cache may move while it grows: take pointers only now */
  for (int i = 0; i < n; i++) cl[i] = &cc->lists[which[i]];
  free(which);
  for (int i = 0; i < n; i++) {
    for (int c = 0; c < cl[i]->n; c++) {
      int id = cl[i]->c[c].id;
      double e = cl[i]->c[c].emit;
      if (w[i].keep) e = id < 0 ? 0 : -1e9;
      if (i == 0) {
        score[i][c] = e + bi_logp(r, -1, id);
        back[i][c] = -1;
        continue;
      }
      double best = -1e18;
      int arg = 0;
      for (int p = 0; p < cl[i - 1]->n; p++) {
        int pid = cl[i - 1]->c[p].id;
        double s = score[i - 1][p] + (pid >= 0 ? bi_logp(r, pid, id) : bi_logp(r, -1, id));
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[i][c] = best + e;
      back[i][c] = arg;
    }
  }
  int c = 0;
  for (int k = 1; k < cl[n - 1]->n; k++)
    if (score[n - 1][k] > score[n - 1][c]) c = k;
  for (int i = n - 1; i >= 0; i--) {
    int id = cl[i]->c[c].id;
    choice[i] = id >= 0 ? r->word[id] : NULL;
    c = back[i][c] >= 0 ? back[i][c] : 0;
  }
  free(cl);
  free(score);
  free(back);
}

static bool line_is_capitals(const char *s) {
  int up = 0, low = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (isupper(*p)) up++;
    if (islower(*p)) low++;
  }
  return up >= 4 && up * 10 >= (up + low) * 7;
}

/* Is the word (any case) a known folded form? Capitals that spell a word
** are OCR of a heading, not an acronym. */
static bool is_form(const nq_restorer *r, const char *w, size_t n) {
  char *s = nq_xstrndup(w, n);
  char key[64];
  ocr_key(s, key, sizeof key);
  free(s);
  return strmap_slot((strmap *)&r->formids, key, false) != NULL;
}

/* Restore a whole text: word runs continue across single line breaks (a
** wrapped sentence keeps its context), capitals are judged per line. */
static void restore_chunk(const nq_restorer *r, cand_cache *cc, const char *line, nq_buf *out) {
  prot_ctx pc = {NULL, 0, 0, line};
  nq_docnum_scan(line, on_num, &pc);
  size_t line_start = 0;
  bool caps = false;
  size_t caps_for = (size_t)-1;
  span *w = NULL;
  int n = 0, cap = 0;
  size_t len = strlen(line);
  for (size_t i = 0; i < len;) {
    size_t k;
    if (!word_byte(line, i, &k)) {
      i += k;
      continue;
    }
    size_t a = i;
    while (i < len && word_byte(line, i, &k)) i += k;
    /* the line this word is on */
    size_t ls = a;
    while (ls > 0 && line[ls - 1] != '\n') ls--;
    line_start = ls;
    if (caps_for != line_start) {
      const char *e = strchr(line + line_start, '\n');
      char *ln = nq_xstrndup(line + line_start, e ? (size_t)(e - line - line_start) : strlen(line + line_start));
      caps = line_is_capitals(ln);
      free(ln);
      caps_for = line_start;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      w = nq_xrealloc(w, (size_t)cap * sizeof *w);
    }
    w[n].a = a;
    w[n].b = i;
    /* keep numbers, document numbers, acronyms and roman numerals */
    int letters = 0, upper = 0, digits = 0;
    bool roman = true;
    for (size_t j = a; j < i; j++) {
      unsigned char c = (unsigned char)line[j];
      if (isdigit(c)) digits++;
      else if (isalpha(c) || c >= 0x80 || c == '$' || c == '@' || c == '&') {
        letters++;
        if (isupper(c)) upper++;
      }
      if (!strchr("IVX", c)) roman = false;
    }
    /* a section numeral at the start of a line ("I11.", "Il.") */
    bool numeral = line[i] == '.';
    for (size_t j = line_start; j < a && numeral; j++) numeral = line[j] == ' ';
    for (size_t j = a; j < i && numeral; j++) numeral = strchr("IVXLl1", line[j]) != NULL;
    /* "16 chức": a two-digit "1x" before a word is OCR of a syllable */
    bool ocr_digits = letters == 0 && i - a == 2 && line[a] == '1' &&
                      (line[a + 1] == '6' || line[a + 1] == '8') && line[i] == ' ' &&
                      islower((unsigned char)line[i + 1]);
    bool keep = (letters == 0 && !ocr_digits) || protected_ranges_hit(a, i, pc.v, pc.n) || roman || numeral ||
                (upper > 0 && isdigit((unsigned char)line[a])) ||
                (!caps && upper >= 2 && i - a <= 6 && digits == 0 && upper == letters &&
                 !is_form(r, line + a, i - a));
    w[n].keep = keep;
    n++;
  }
  char **choice = nq_xcalloc((size_t)n + 1, sizeof *choice);
  /* runs: words separated by spaces only */
  int start = 0;
  for (int i = 1; i <= n; i++) {
    bool brk = i == n;
    if (!brk) {
      int newlines = 0;
      for (size_t j = w[i - 1].b; j < w[i].a; j++) {
        if (line[j] == '\n') newlines++;
        else if (line[j] != ' ') brk = true;
      }
      if (newlines > 1) brk = true;
    }
    if (brk) {
      restore_run(r, cc, line, w + start, i - start, choice + start);
      start = i;
    }
  }
  size_t pos = 0;
  for (int i = 0; i < n; i++) {
    nq_buf_append(out, line + pos, w[i].a - pos);
    char *src = nq_xstrndup(line + w[i].a, w[i].b - w[i].a);
    if (choice[i] && !w[i].keep) apply_case(src, choice[i], out);
    else nq_buf_puts(out, src);
    free(src);
    pos = w[i].b;
  }
  nq_buf_puts(out, line + pos);
  free(choice);
  free(w);
  free(pc.v);
}

/* Stray symbols OCR sprinkles into words ("Bộ§", "c’huyén", "g¥"): dropped
** when they touch a letter, kept elsewhere (a "§ 3" stays). */
static char *drop_stray_symbols(const char *text) {
  static const char *const stray[] = {"\xc2\xa7", "\xc2\xa5", "\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xb0", "~"};
  nq_buf b = NQ_BUF_INIT;
  for (const char *p = text; *p;) {
    size_t len = 0;
    for (size_t k = 0; k < sizeof stray / sizeof stray[0] && !len; k++)
      if (!strncmp(p, stray[k], strlen(stray[k]))) len = strlen(stray[k]);
    if (len) {
      unsigned char before = p > text ? (unsigned char)p[-1] : ' ';
      unsigned char after = (unsigned char)p[len];
      bool touches = isalpha(before) || before >= 0x80 || isalpha(after) || after >= 0xC3;
      if (touches) {
        p += len;
        continue;
      }
    }
    nq_buf_putc(&b, *p++);
  }
  nq_buf_putc(&b, 0);
  return nq_buf_detach(&b);
}

char *nq_restore_text(const nq_restorer *r, const char *input) {
  char *text = drop_stray_symbols(input);
  nq_buf out = NQ_BUF_INIT;
  cand_cache cc;
  strmap_init(&cc.idx, 4096);
  cc.lists = NULL;
  cc.n = 0;
  restore_chunk(r, &cc, text, &out);
  free(text);
  strmap_free(&cc.idx);
  free(cc.lists);
  nq_buf_putc(&out, 0);
  char *raw = nq_buf_detach(&out);
  char *nfc = vn_nfc(raw);
  free(raw);
  return nfc;
}
