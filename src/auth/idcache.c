/*
** idcache.c: the identity cache; see idcache.h.
**
** A direct-mapped table (the slot is picked by the token hash, which is
** uniformly random) with one mutex per stripe of slots, so concurrent
** requests rarely wait on each other and a lookup is a compare and a few
** small copies. A collision simply replaces the older identity.
*/
#include "auth/idcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define IDCACHE_STRIPES 16

typedef struct id_slot {
  bool used;
  char hash[NQ_TOKEN_HASH_HEX];
  int64_t generation;
  int64_t filled_at;
  nq_session ses;
  json_t *user;
  nq_principal principal; /* scope.plan_ids points into plan_ids */
  int64_t *plan_ids;
} id_slot;

struct nq_idcache {
  size_t mask;
  int64_t max_age;
  id_slot *slots;
  pthread_mutex_t stripes[IDCACHE_STRIPES];
};

nq_idcache *nq_idcache_new(size_t slots, int64_t max_age) {
  size_t n = 1;
  while (n < slots) n <<= 1;
  nq_idcache *c = nq_xcalloc(1, sizeof *c);
  c->mask = n - 1;
  c->max_age = max_age;
  c->slots = nq_xcalloc(n, sizeof *c->slots);
  for (int i = 0; i < IDCACHE_STRIPES; i++) pthread_mutex_init(&c->stripes[i], NULL);
  return c;
}

static void slot_clear(id_slot *s) {
  json_decref(s->user);
  free(s->plan_ids);
  memset(s, 0, sizeof *s);
}

void nq_idcache_free(nq_idcache *c) {
  if (!c) return;
  for (size_t i = 0; i <= c->mask; i++) slot_clear(&c->slots[i]);
  for (int i = 0; i < IDCACHE_STRIPES; i++) pthread_mutex_destroy(&c->stripes[i]);
  free(c->slots);
  free(c);
}

static size_t slot_of(const nq_idcache *c, const char *hash) {
  size_t h = 0;
  for (int i = 0; i < 12 && hash[i]; i++) h = h * 16 + (size_t)(hash[i] & 0x1f);
  return h & c->mask;
}

static int64_t *plans_copy(const nq_principal *p) {
  if (!p->scope.n_plans) return NULL;
  int64_t *out = nq_xmalloc(p->scope.n_plans * sizeof *out);
  memcpy(out, p->scope.plan_ids, p->scope.n_plans * sizeof *out);
  return out;
}

bool nq_idcache_get(nq_idcache *c, const char hash[NQ_TOKEN_HASH_HEX], int64_t generation,
                    int64_t now, nq_session *ses, json_t **user, nq_principal *principal,
                    int64_t **plan_ids) {
  size_t i = slot_of(c, hash);
  pthread_mutex_t *mu = &c->stripes[i % IDCACHE_STRIPES];
  pthread_mutex_lock(mu);
  id_slot *s = &c->slots[i];
  bool hit = s->used && s->generation == generation && now >= s->filled_at &&
             now - s->filled_at < c->max_age && !strcmp(s->hash, hash);
  if (hit) {
    *ses = s->ses;
    /* A copy: the caller's request may outlive this slot's next refill. */
    *user = json_deep_copy(s->user);
    *principal = s->principal;
    *plan_ids = plans_copy(&s->principal);
    principal->scope.plan_ids = *plan_ids;
  } else if (s->used && s->generation != generation) {
    slot_clear(s); /* stale for good: free it now rather than at the next fill */
  }
  pthread_mutex_unlock(mu);
  if (hit && !*user) { /* out of memory in jansson: behave as a miss */
    free(*plan_ids);
    *plan_ids = NULL;
    return false;
  }
  return hit;
}

void nq_idcache_put(nq_idcache *c, const char hash[NQ_TOKEN_HASH_HEX], int64_t generation,
                    int64_t now, const nq_session *ses, const json_t *user,
                    const nq_principal *principal) {
  json_t *copy = json_deep_copy(user);
  if (!copy) return;
  int64_t *plans = plans_copy(principal);
  size_t i = slot_of(c, hash);
  pthread_mutex_t *mu = &c->stripes[i % IDCACHE_STRIPES];
  pthread_mutex_lock(mu);
  id_slot *s = &c->slots[i];
  slot_clear(s);
  s->used = true;
  memcpy(s->hash, hash, NQ_TOKEN_HASH_HEX);
  s->hash[NQ_TOKEN_HASH_HEX - 1] = '\0';
  s->generation = generation;
  s->filled_at = now;
  s->ses = *ses;
  s->user = copy;
  s->principal = *principal;
  s->plan_ids = plans;
  s->principal.scope.plan_ids = plans;
  pthread_mutex_unlock(mu);
}
