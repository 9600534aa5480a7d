/*
** apitoken.h: API tokens for scripts and other systems (the national
** monitoring system, a province's data warehouse). A token acts for the
** user who created it, limited to the actions it was issued for, until it
** expires or is revoked; only its hash is stored (crypto.h).
**
** Clients send "Authorization: Bearer nq57_...". Such requests carry no
** cookie, so they need no CSRF token.
*/
#ifndef NQ_AUTH_APITOKEN_H
#define NQ_AUTH_APITOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/crypto.h"
#include "auth/policy.h"

typedef struct nq_api_token {
  int64_t id;
  int64_t user_id;
  char hash[NQ_TOKEN_HASH_HEX];
  unsigned actions;        /* NQ_ACTION_BIT set it was issued for */
  int64_t created_at;
  int64_t expires_at;      /* 0 = never */
  int64_t revoked_at;      /* 0 = active */
} nq_api_token;

/* Usable at now: not revoked, not expired. */
bool nq_api_token_active(const nq_api_token *t, int64_t now);

/* The token from an Authorization header value ("Bearer nq57_..."), copied
** into out; false when the header is absent or not a well-formed nq57 token. */
bool nq_bearer_token(const char *authorization, char out[NQ_TOKEN_STR_MAX]);

/* The principal a token yields: its user's role and scope, with the actions
** narrowed to those the token was issued for. */
nq_principal nq_api_token_principal(const nq_principal *user, const nq_api_token *t);

#endif
