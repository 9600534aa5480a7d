/*
** authn.h: authentication for the HTTP layer: logging in and out, turning
** a request's credentials (session cookie or API bearer token) into an
** identity, the CSRF check for cookie-authenticated writes, and issuing and
** revoking API tokens.
**
** One nq_auth per server, shared by all worker threads (it holds the login
** rate limiter). Every function takes the time as a parameter.
*/
#ifndef NQ_AUTH_AUTHN_H
#define NQ_AUTH_AUTHN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/crypto.h"
#include "auth/policy.h"
#include "auth/ratelimit.h"
#include "auth/scopecache.h"
#include "auth/session.h"
#include "store/store.h"
#include "util/err.h"

typedef struct nq_auth_config {
  nq_session_policy session;
  nq_pwhash_cost cost;
  nq_cookie_opts cookies;
  nq_ratelimit_policy ratelimit;
  int max_concurrent_hashes;  /* argon2id runs at once (memory bound) */
} nq_auth_config;

/* Defaults: NQ_SESSION_DEFAULT, NQ_PWHASH_DEFAULT, Secure cookies,
** NQ_RATELIMIT_DEFAULT, 4 concurrent hashes (4 x 64 MiB). */
nq_auth_config nq_auth_config_default(void);

typedef struct nq_auth nq_auth;

/* store is borrowed and must outlive the nq_auth. */
nq_auth *nq_auth_new(nq_store *store, const nq_auth_config *cfg);
void nq_auth_free(nq_auth *a);
const nq_auth_config *nq_auth_config_of(const nq_auth *a);
/* The row-scope cache authorization looks path ids up through. */
nq_scopecache *nq_auth_scopes(nq_auth *a);

typedef enum nq_credential {
  NQ_CRED_NONE = 0,
  NQ_CRED_SESSION,
  NQ_CRED_TOKEN
} nq_credential;

/* Who a request acts for. Anonymous unless credentials were valid. */
typedef struct nq_identity {
  nq_principal principal;
  nq_credential via;
  json_t *user;                              /* user row, NULL if anonymous */
  int64_t *plan_ids;                         /* owned; principal points here */
  int64_t token_id;                          /* API token id when via TOKEN */
  char session_token[NQ_TOKEN_STR_MAX];      /* cookie value when via SESSION */
  const char *problem;                       /* why a presented credential was
                                                ignored (stale session), or NULL */
} nq_identity;

/* Call nq_identity_init once before first use; clear frees and resets. */
void nq_identity_init(nq_identity *id);
void nq_identity_clear(nq_identity *id);

/* Identify a request from its Cookie and Authorization headers (either may
** be NULL). An Authorization header that is not a valid, active API token
** is an error (NQ_EAUTH): a script should fail loudly. A stale or unknown
** session cookie is not: the request continues anonymously with
** id->problem set, so public pages still work and protected ones answer
** 401 with the reason. */
nq_code nq_auth_identify(nq_auth *a, const char *cookie_header, const char *authorization,
                         int64_t now, nq_identity *id, nq_err *err);

/* CSRF check for a request identified by its session cookie (no-op for
** API tokens and anonymous requests; safe methods always pass). */
nq_code nq_auth_check_csrf(const nq_identity *id, const char *method,
                           const char *csrf_header, const char *origin, const char *host,
                           nq_err *err);

/* Log in. On success token_out holds the new session token (for the
** cookie; never store it) and *user_out the user row. Fails with NQ_EAUTH
** for a wrong login or password (one message for both), NQ_ERATELIMIT with
** *retry_after seconds when locked out, NQ_EUNAVAILABLE when too many
** hashes are running. */
nq_code nq_auth_login(nq_auth *a, const char *login, const char *password,
                      const char *client_addr, const char *user_agent, int64_t now,
                      char token_out[NQ_TOKEN_STR_MAX], json_t **user_out,
                      int64_t *retry_after, nq_err *err);

/* End the identity's session (no-op without one). */
nq_code nq_auth_logout(nq_auth *a, const nq_identity *id, const char *client_addr,
                       int64_t now, nq_err *err);
/* End every session of the identity's user; *count gets how many. */
nq_code nq_auth_logout_all(nq_auth *a, const nq_identity *id, const char *client_addr,
                           int64_t now, int64_t *count, nq_err *err);

/* Change the identity's own password (browser sessions only): checks the
** current one (failures count towards the login lockout), applies the
** strength rules, ends every session of the account, and opens a new one
** for the caller in token_out. NQ_EFORBIDDEN for a wrong current password. */
nq_code nq_auth_change_password(nq_auth *a, const nq_identity *id, const char *current,
                                const char *new_password, const char *client_addr,
                                const char *user_agent, int64_t now,
                                char token_out[NQ_TOKEN_STR_MAX], nq_err *err);

/* The Set-Cookie values for a new session (or, token NULL, for clearing). */
void nq_auth_cookies(const nq_auth *a, const char *token, char session[NQ_COOKIE_MAX],
                     char csrf[NQ_COOKIE_MAX]);

/* Issue an API token for the identity's own user; only a browser session
** may do this (a token cannot mint tokens). actions: "read,write,...";
** ttl_days 0 = no expiry. *out: the token row plus "token" (shown once). */
nq_code nq_auth_token_create(nq_auth *a, const nq_identity *id, const char *name,
                             const char *actions, int64_t ttl_days, const char *client_addr,
                             int64_t now, json_t **out, nq_err *err);
nq_code nq_auth_token_revoke(nq_auth *a, const nq_identity *id, int64_t token_id,
                             const char *client_addr, int64_t now, nq_err *err);

/* The audit actor for an identity ("name" points into id->user). */
nq_actor nq_identity_actor(const nq_identity *id, const char *client_addr);

#endif
