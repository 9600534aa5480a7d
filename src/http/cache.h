/*
** cache.h: shared, bounded cache of finished GET responses.
**
** Entries are ready-to-queue libmicrohttpd responses (200 and its 304) with
** their entity tag, keyed by method + normalised URL + scope key, and tagged
** with the data generation they were built at. A lookup under another
** generation misses (and drops the entry), so a write anywhere invalidates
** everything without the writer knowing the cache exists. Memory is bounded
** by evicting the least recently used entries. Thread-safe.
*/
#ifndef NQ_HTTP_CACHE_H
#define NQ_HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct MHD_Response;
typedef struct nq_cache nq_cache;

/* A pinned entry: its responses stay valid until nq_cache_release, even
** if it is evicted meanwhile. */
typedef struct nq_cache_hit {
  struct MHD_Response *ok;            /* the 200 response */
  struct MHD_Response *not_modified;  /* its 304 */
  const char *etag;
  void *entry_;                       /* private */
} nq_cache_hit;

nq_cache *nq_cache_new(size_t max_bytes);
void nq_cache_free(nq_cache *c);

/* 1 and a pinned hit when key is cached at generation, 0 otherwise. */
int nq_cache_get(nq_cache *c, const char *key, int64_t generation, nq_cache_hit *hit);

/* Like nq_cache_get, but on a miss only one caller per key and generation
** builds the response (*leader = 1: it must end with nq_cache_put or
** nq_cache_abandon); the others wait for it and get its entry. After a write
** invalidates everything, a burst of identical requests then costs one
** store query instead of one per request. A waiter whose leader gives up
** (or takes longer than a few seconds) returns 0 with *leader = 0 and
** builds the response itself. */
int nq_cache_get_or_lead(nq_cache *c, const char *key, int64_t generation,
                         nq_cache_hit *hit, int *leader);
/* nq_cache_get_or_lead without the wait, for a thread that must not block:
** 1 and a pinned hit; 0 with *leader = 1 (build it); 0 with *leader = 0
** when another caller is building it (wait with nq_cache_get_or_lead on a
** thread that may). */
int nq_cache_try(nq_cache *c, const char *key, int64_t generation, nq_cache_hit *hit,
                 int *leader);
/* The leader could not produce a cacheable response: release the waiters. */
void nq_cache_abandon(nq_cache *c, const char *key, int64_t generation);
void nq_cache_release(nq_cache *c, nq_cache_hit *hit);

/* Insert (replacing any older entry for key). The cache takes over the
** caller's reference to both responses (it destroys them on eviction, or at
** once when the entry is larger than a quarter of the budget); the caller
** must have queued what it needed before. bytes is the body size. Ends
** the flight of a leader (nq_cache_get_or_lead) for this key. */
void nq_cache_put(nq_cache *c, const char *key, int64_t generation, const char *etag,
                  struct MHD_Response *ok, struct MHD_Response *not_modified,
                  size_t bytes);

/* nq_cache_put for responses still to be sent from another thread: on 1
** the cache holds the entry and *hit pins it for the sender (who queues
** from it, then calls nq_cache_release); on 0 the entry was too large to
** keep, nothing was stored (the leader's flight ends all the same) and the
** caller still owns both responses. */
int nq_cache_put_pinned(nq_cache *c, const char *key, int64_t generation, const char *etag,
                        struct MHD_Response *ok, struct MHD_Response *not_modified,
                        size_t bytes, nq_cache_hit *hit);

/* Statistics for tests and /api/health. */
typedef struct nq_cache_stats {
  uint64_t hits, misses, entries;
  size_t bytes;
} nq_cache_stats;
void nq_cache_get_stats(nq_cache *c, nq_cache_stats *st);

#endif
