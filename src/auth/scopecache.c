/*
** scopecache.c: the row-scope cache; see scopecache.h.
**
** Direct-mapped by (tag, id) with striped mutexes, as idcache.c: a lookup
** is a compare and a struct copy.
*/
#include "auth/scopecache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_auth.h"
#include "util/buf.h"

#define SCOPECACHE_STRIPES 16
#define TAG_PERIOD (-1) /* periods are not a policy kind */

typedef struct scope_slot {
  bool used;
  int tag;
  int64_t id;
  int64_t generation;
  int64_t filled_at;
  nq_resource res;
} scope_slot;

struct nq_scopecache {
  size_t mask;
  int64_t max_age;
  scope_slot *slots;
  pthread_mutex_t stripes[SCOPECACHE_STRIPES];
};

nq_scopecache *nq_scopecache_new(size_t slots, int64_t max_age) {
  size_t n = 1;
  while (n < slots) n <<= 1;
  nq_scopecache *c = nq_xcalloc(1, sizeof *c);
  c->mask = n - 1;
  c->max_age = max_age;
  c->slots = nq_xcalloc(n, sizeof *c->slots);
  for (int i = 0; i < SCOPECACHE_STRIPES; i++) pthread_mutex_init(&c->stripes[i], NULL);
  return c;
}

void nq_scopecache_free(nq_scopecache *c) {
  if (!c) return;
  for (int i = 0; i < SCOPECACHE_STRIPES; i++) pthread_mutex_destroy(&c->stripes[i]);
  free(c->slots);
  free(c);
}

static size_t slot_of(const nq_scopecache *c, int tag, int64_t id) {
  uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull ^ (uint64_t)(tag + 2) * 0xC2B2AE3D27D4EB4Full;
  return (size_t)(h >> 17) & c->mask;
}

static bool lookup(nq_scopecache *c, int tag, int64_t id, int64_t generation, int64_t now,
                   nq_resource *out) {
  size_t i = slot_of(c, tag, id);
  pthread_mutex_t *mu = &c->stripes[i % SCOPECACHE_STRIPES];
  pthread_mutex_lock(mu);
  scope_slot *s = &c->slots[i];
  bool hit = s->used && s->tag == tag && s->id == id && s->generation == generation &&
             now >= s->filled_at && now - s->filled_at < c->max_age;
  if (hit) {
    /* The caller's kind is the policy's, which may differ from the row's
    ** (a plan's dashboards): keep it, as the store functions do. */
    nq_resource_kind kind = out->kind;
    *out = s->res;
    out->kind = kind;
  }
  pthread_mutex_unlock(mu);
  return hit;
}

static void store_slot(nq_scopecache *c, int tag, int64_t id, int64_t generation, int64_t now,
                       const nq_resource *res) {
  size_t i = slot_of(c, tag, id);
  pthread_mutex_t *mu = &c->stripes[i % SCOPECACHE_STRIPES];
  pthread_mutex_lock(mu);
  c->slots[i] = (scope_slot){true, tag, id, generation, now, *res};
  pthread_mutex_unlock(mu);
}

nq_code nq_scopecache_resource(nq_scopecache *c, nq_store *s, nq_resource_kind kind, int64_t id,
                               int64_t now, nq_resource *out, nq_err *err) {
  /* Read before the store so a racing write leaves the entry stale. */
  int64_t gen = nq_store_generation(s);
  if (lookup(c, (int)kind, id, gen, now, out)) return NQ_OK;
  nq_code rc = nq_store_resource_scope(s, kind, id, out, err);
  if (rc == NQ_OK) store_slot(c, (int)kind, id, gen, now, out);
  return rc;
}

nq_code nq_scopecache_period(nq_scopecache *c, nq_store *s, int64_t period_id, int64_t now,
                             nq_resource *out, nq_err *err) {
  int64_t gen = nq_store_generation(s);
  if (lookup(c, TAG_PERIOD, period_id, gen, now, out)) return NQ_OK;
  nq_code rc = nq_store_period_scope(s, period_id, out, err);
  if (rc == NQ_OK) store_slot(c, TAG_PERIOD, period_id, gen, now, out);
  return rc;
}
