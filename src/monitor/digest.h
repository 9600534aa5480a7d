/*
** digest.h: the recurring difficulties and proposals across many reports.
**
** Units write the same problem in different words ("thiếu kinh phí",
** "kinh phí còn thiếu, chưa được bố trí"). Each text is split into its points
** (lines, "; " and bullets), folded with vn_search_key (accents and case
** off, đ -> d), turned into word unigrams and bigrams minus Vietnamese
** function words, weighted by TF-IDF over the whole set and compared by
** cosine similarity. A point joins the most similar existing group when the
** similarity to the group's centroid reaches the threshold, otherwise it
** starts a new group (single pass, so cost grows with points x groups).
** Each group keeps every contributing unit and source id (progress update
** or report item), so a line of the digest leads back to what was written.
*/
#ifndef NQ_MONITOR_DIGEST_H
#define NQ_MONITOR_DIGEST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nq_digest_input {
  const char *text;
  int64_t unit_id;
  int64_t source_id;
} nq_digest_input;

#define NQ_DIGEST_THRESHOLD 0.3

/* [{"text": representative point, "count": points, "units": [ids],
**   "sources": [ids], "examples": [up to 3 other points]}], largest first
** (ties: first seen first). threshold <= 0 uses NQ_DIGEST_THRESHOLD. */
json_t *nq_digest_cluster(const nq_digest_input *items, size_t n, double threshold);

#endif
