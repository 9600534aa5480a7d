/*
** idcache.h: a bounded, thread-safe cache from a session token's hash to
** the identity it resolved to (session row, user row, principal), so a
** request does not read the store twice just to learn who sent it.
**
** An entry is only returned while the store generation it was filled
** under is current (any write -- logout, revoke-all, password change,
** disable, role change -- invalidates every entry) and while it is younger
** than max_age seconds. The caller still checks the cached session's
** expiry, idle time and touch interval on every hit.
*/
#ifndef NQ_AUTH_IDCACHE_H
#define NQ_AUTH_IDCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "auth/crypto.h"
#include "auth/policy.h"
#include "auth/session.h"

typedef struct nq_idcache nq_idcache;

/* slots: how many identities are kept (rounded up to a power of two). */
nq_idcache *nq_idcache_new(size_t slots, int64_t max_age);
void nq_idcache_free(nq_idcache *c);

/* On a hit (same hash, same generation, fresh) fill *ses and give the
** caller its own copies: *user (decref it), *principal whose
** scope.plan_ids points into *plan_ids (free it). */
bool nq_idcache_get(nq_idcache *c, const char hash[NQ_TOKEN_HASH_HEX], int64_t generation,
                    int64_t now, nq_session *ses, json_t **user, nq_principal *principal,
                    int64_t **plan_ids);

/* Remember an identity resolved from the store. generation must have been
** read BEFORE the store reads, so a write racing with them leaves the entry
** already stale. Copies everything it is given. */
void nq_idcache_put(nq_idcache *c, const char hash[NQ_TOKEN_HASH_HEX], int64_t generation,
                    int64_t now, const nq_session *ses, const json_t *user,
                    const nq_principal *principal);

#endif
