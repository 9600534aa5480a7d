/*
** ratelimit.h: slows password guessing. Failed logins are counted per login
** name and per client address in a sliding window; past a threshold the key
** is locked out for a while, and every attempt during the lockout is refused
** before any password is checked.
**
** Per-login limits stop guessing one account from many addresses; per-address
** limits stop one address trying many accounts. A successful login clears
** only its login's counter (clearing the address's would let an attacker who
** owns one account reset the count between guesses at others).
**
** The limiter is in memory, bounded (oldest keys are evicted when full) and
** thread-safe; callers pass the time, so tests need no sleeping.
*/
#ifndef NQ_AUTH_RATELIMIT_H
#define NQ_AUTH_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nq_ratelimit nq_ratelimit;

typedef struct nq_ratelimit_policy {
  int login_failures;      /* failures per login within window before lockout */
  int address_failures;    /* failures per address within window */
  int64_t window;          /* seconds */
  int64_t lockout;         /* seconds a locked key stays locked */
  size_t capacity;         /* keys tracked at most */
} nq_ratelimit_policy;

/* 5 failures per login, 20 per address, in 15 minutes; 15 minutes lockout. */
extern const nq_ratelimit_policy NQ_RATELIMIT_DEFAULT;

nq_ratelimit *nq_ratelimit_new(const nq_ratelimit_policy *p);
void nq_ratelimit_free(nq_ratelimit *rl);

/* May this attempt go ahead? When not, *retry_after (if not NULL) gets the
** seconds until the lockout ends. login is compared case-insensitively
** (ASCII) so "Admin" and "admin" share a counter. */
bool nq_ratelimit_allow(nq_ratelimit *rl, const char *login, const char *address,
                        int64_t now, int64_t *retry_after);

/* Record the outcome of an attempt that was allowed. */
void nq_ratelimit_record(nq_ratelimit *rl, const char *login, const char *address,
                         bool success, int64_t now);

#endif
