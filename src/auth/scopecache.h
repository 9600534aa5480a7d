/*
** scopecache.h: a bounded, thread-safe cache of what the permission policy
** needs to know about a stored row (its plan, units, publication), keyed by
** (what the id names, id), so authorizing a cached GET costs no store read.
**
** Like the identity cache, an entry is only used while the store
** generation it was filled under is current and for at most max_age
** seconds; "not found" is never cached.
*/
#ifndef NQ_AUTH_SCOPECACHE_H
#define NQ_AUTH_SCOPECACHE_H

#include <stdint.h>

#include "auth/policy.h"
#include "store/store.h"
#include "util/err.h"

typedef struct nq_scopecache nq_scopecache;

nq_scopecache *nq_scopecache_new(size_t slots, int64_t max_age);
void nq_scopecache_free(nq_scopecache *c);

/* nq_store_resource_scope through the cache. */
nq_code nq_scopecache_resource(nq_scopecache *c, nq_store *s, nq_resource_kind kind, int64_t id,
                               int64_t now, nq_resource *out, nq_err *err);
/* nq_store_period_scope through the cache. */
nq_code nq_scopecache_period(nq_scopecache *c, nq_store *s, int64_t period_id, int64_t now,
                             nq_resource *out, nq_err *err);

#endif
