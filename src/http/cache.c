/*
** cache.c: the shared response cache (see cache.h).
**
** A chained hash table for lookup plus a doubly linked list in recency
** order for eviction, both under one mutex. Entries are reference counted
** so a response being queued by one worker survives its eviction by
** another; the mutex is held only for pointer updates, never for I/O.
** Misses of the same key "fly" once: see nq_cache_get_or_lead.
*/
#include "http/cache.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"

typedef struct entry {
  char *key;
  uint64_t hash;
  int64_t generation;
  char *etag;
  struct MHD_Response *ok, *not_modified;
  size_t bytes;
  int refs;                    /* 1 for the table + 1 per pinned hit */
  struct entry *chain;         /* next in bucket */
  struct entry *newer, *older; /* recency list */
} entry;

/* A response being built by a leader (nq_cache_get_or_lead). */
typedef struct flight {
  char *key;
  int64_t generation;
  struct flight *next;
} flight;

struct nq_cache {
  pthread_mutex_t mu;
  pthread_cond_t landed;       /* broadcast whenever a flight ends */
  flight *flights;
  entry **buckets;
  size_t nbuckets;             /* power of two */
  entry *newest, *oldest;
  size_t bytes, max_bytes;
  uint64_t hits, misses, entries;
};

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

nq_cache *nq_cache_new(size_t max_bytes) {
  nq_cache *c = nq_xcalloc(1, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->landed, NULL);
  c->nbuckets = 4096;
  c->buckets = nq_xcalloc(c->nbuckets, sizeof *c->buckets);
  c->max_bytes = max_bytes;
  return c;
}

static void entry_free(entry *e) {
  MHD_destroy_response(e->ok);
  MHD_destroy_response(e->not_modified);
  free(e->key);
  free(e->etag);
  free(e);
}

/* Drop one reference; the last one frees. Called with or without the lock:
** refs only reach zero once the entry is out of the table. */
static void entry_unref(entry *e) {
  if (__atomic_sub_fetch(&e->refs, 1, __ATOMIC_ACQ_REL) == 0) entry_free(e);
}

/* Unlink from table and list (lock held). */
static void unlink_entry(nq_cache *c, entry *e) {
  entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
  while (*pp != e) pp = &(*pp)->chain;
  *pp = e->chain;
  if (e->newer) e->newer->older = e->older; else c->newest = e->older;
  if (e->older) e->older->newer = e->newer; else c->oldest = e->newer;
  c->bytes -= e->bytes;
  c->entries--;
}

static void move_to_front(nq_cache *c, entry *e) {
  if (c->newest == e) return;
  if (e->newer) e->newer->older = e->older;
  if (e->older) e->older->newer = e->newer; else c->oldest = e->newer;
  e->newer = NULL;
  e->older = c->newest;
  if (c->newest) c->newest->newer = e;
  c->newest = e;
  if (!c->oldest) c->oldest = e;
}

static entry *find(nq_cache *c, const char *key, uint64_t h) {
  for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->chain)
    if (e->hash == h && strcmp(e->key, key) == 0) return e;
  return NULL;
}

/* Look key up (lock held). A stale entry is unlinked and returned in
** *stale for the caller to unref after unlocking. */
static entry *lookup_locked(nq_cache *c, const char *key, uint64_t h, int64_t generation,
                            entry **stale) {
  entry *e = find(c, key, h);
  if (e && e->generation != generation) {
    unlink_entry(c, e);
    *stale = e;
    e = NULL;
  }
  if (e) {
    move_to_front(c, e);
    __atomic_add_fetch(&e->refs, 1, __ATOMIC_ACQ_REL);
    c->hits++;
  }
  return e;
}

static void fill_hit(entry *e, nq_cache_hit *hit) {
  hit->ok = e->ok;
  hit->not_modified = e->not_modified;
  hit->etag = e->etag;
  hit->entry_ = e;
}

int nq_cache_get(nq_cache *c, const char *key, int64_t generation, nq_cache_hit *hit) {
  uint64_t h = fnv1a(key);
  entry *stale = NULL;
  pthread_mutex_lock(&c->mu);
  entry *e = lookup_locked(c, key, h, generation, &stale);
  if (!e) c->misses++;
  pthread_mutex_unlock(&c->mu);
  if (stale) entry_unref(stale);
  if (!e) return 0;
  fill_hit(e, hit);
  return 1;
}

static flight **find_flight(nq_cache *c, const char *key, int64_t generation) {
  flight **pp = &c->flights;
  while (*pp && ((*pp)->generation != generation || strcmp((*pp)->key, key) != 0))
    pp = &(*pp)->next;
  return pp;
}

/* End the flight for key (lock held) and wake every waiter. */
static void land_locked(nq_cache *c, const char *key, int64_t generation) {
  flight **pp = find_flight(c, key, generation);
  if (!*pp) return;
  flight *f = *pp;
  *pp = f->next;
  free(f->key);
  free(f);
  pthread_cond_broadcast(&c->landed);
}

/* nq_cache_get_or_lead and nq_cache_try: wait says whether to wait for
** another caller's flight (else return at once, neither hit nor leader). */
static int get_or_lead(nq_cache *c, const char *key, int64_t generation, nq_cache_hit *hit,
                       int *leader, int wait) {
  uint64_t h = fnv1a(key);
  entry *stale = NULL, *e;
  *leader = 0;
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 5; /* never wait on a stuck leader for long */
  pthread_mutex_lock(&c->mu);
  for (;;) {
    e = lookup_locked(c, key, h, generation, &stale);
    if (e || !*find_flight(c, key, generation)) break;
    if (!wait) {
      pthread_mutex_unlock(&c->mu);
      if (stale) entry_unref(stale);
      return 0;
    }
    if (pthread_cond_timedwait(&c->landed, &c->mu, &deadline) != 0) break;
  }
  if (!e) {
    c->misses++;
    if (!*find_flight(c, key, generation)) {
      flight *f = nq_xcalloc(1, sizeof *f);
      f->key = nq_xstrdup(key);
      f->generation = generation;
      f->next = c->flights;
      c->flights = f;
      *leader = 1;
    }
  }
  pthread_mutex_unlock(&c->mu);
  if (stale) entry_unref(stale);
  if (!e) return 0;
  fill_hit(e, hit);
  return 1;
}

int nq_cache_get_or_lead(nq_cache *c, const char *key, int64_t generation,
                         nq_cache_hit *hit, int *leader) {
  return get_or_lead(c, key, generation, hit, leader, 1);
}

int nq_cache_try(nq_cache *c, const char *key, int64_t generation, nq_cache_hit *hit,
                 int *leader) {
  return get_or_lead(c, key, generation, hit, leader, 0);
}

void nq_cache_abandon(nq_cache *c, const char *key, int64_t generation) {
  pthread_mutex_lock(&c->mu);
  land_locked(c, key, generation);
  pthread_mutex_unlock(&c->mu);
}

void nq_cache_release(nq_cache *c, nq_cache_hit *hit) {
  (void)c;
  if (hit->entry_) entry_unref(hit->entry_);
  hit->entry_ = NULL;
}

void nq_cache_put(nq_cache *c, const char *key, int64_t generation, const char *etag,
                  struct MHD_Response *ok, struct MHD_Response *not_modified,
                  size_t bytes) {
  if (!nq_cache_put_pinned(c, key, generation, etag, ok, not_modified, bytes, NULL)) {
    MHD_destroy_response(ok);
    MHD_destroy_response(not_modified);
  }
}

int nq_cache_put_pinned(nq_cache *c, const char *key, int64_t generation, const char *etag,
                        struct MHD_Response *ok, struct MHD_Response *not_modified,
                        size_t bytes, nq_cache_hit *hit) {
  bytes += strlen(key) + sizeof(entry) + 512; /* headers and bookkeeping */
  if (bytes > c->max_bytes / 4) {
    nq_cache_abandon(c, key, generation);
    return 0;
  }
  entry *e = nq_xcalloc(1, sizeof *e);
  e->key = nq_xstrdup(key);
  e->hash = fnv1a(key);
  e->generation = generation;
  e->etag = nq_xstrdup(etag);
  e->ok = ok;
  e->not_modified = not_modified;
  e->bytes = bytes;
  e->refs = hit ? 2 : 1; /* the table's, and the sender's pin (valid even if evicted unsent) */

  entry *dropped[16];
  int ndropped = 0;
  pthread_mutex_lock(&c->mu);
  entry *old = find(c, key, e->hash);
  if (old) {
    unlink_entry(c, old);
    dropped[ndropped++] = old;
  }
  entry **b = &c->buckets[e->hash & (c->nbuckets - 1)];
  e->chain = *b;
  *b = e;
  e->older = c->newest;
  if (c->newest) c->newest->newer = e;
  c->newest = e;
  if (!c->oldest) c->oldest = e;
  c->bytes += bytes;
  c->entries++;
  while (c->bytes > c->max_bytes && c->oldest && c->oldest != e && ndropped < 16) {
    entry *victim = c->oldest;
    unlink_entry(c, victim);
    dropped[ndropped++] = victim;
  }
  if (hit) fill_hit(e, hit);
  land_locked(c, key, generation);
  pthread_mutex_unlock(&c->mu);
  for (int i = 0; i < ndropped; i++) entry_unref(dropped[i]);
  return 1;
}

void nq_cache_get_stats(nq_cache *c, nq_cache_stats *st) {
  pthread_mutex_lock(&c->mu);
  st->hits = c->hits;
  st->misses = c->misses;
  st->entries = c->entries;
  st->bytes = c->bytes;
  pthread_mutex_unlock(&c->mu);
}

void nq_cache_free(nq_cache *c) {
  if (!c) return;
  while (c->oldest) {
    entry *e = c->oldest;
    unlink_entry(c, e);
    entry_unref(e);
  }
  while (c->flights) {
    flight *f = c->flights;
    c->flights = f->next;
    free(f->key);
    free(f);
  }
  free(c->buckets);
  pthread_cond_destroy(&c->landed);
  pthread_mutex_destroy(&c->mu);
  free(c);
}
