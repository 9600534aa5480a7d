/*
** session.h: browser sessions: their lifetime rules, the cookies that carry
** them, and CSRF protection for the writes a cookie authenticates.
**
** A session is a random token (crypto.h) in an HttpOnly cookie; the database
** keeps its hash. It ends at the first of: its absolute lifetime, an idle
** period without requests, logout, or "log out everywhere".
**
** CSRF: SameSite=Strict already keeps the cookie off cross-site requests in
** current browsers; on top of it every cookie-authenticated unsafe request
** must (1) carry the header X-CSRF-Token equal to a value derived from the
** session token (nq_csrf_token; given to the web app at login, by GET
** /api/auth/me and in the readable cookie nq57_csrf), and (2) if it has an
** Origin header, come from this server's own host. Requests authenticated
** by an API token in the Authorization header are not ambient and skip this.
*/
#ifndef NQ_AUTH_SESSION_H
#define NQ_AUTH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/crypto.h"
#include "util/err.h"

#define NQ_SESSION_COOKIE "nq57_session"
#define NQ_CSRF_COOKIE "nq57_csrf"
#define NQ_CSRF_HEADER "X-CSRF-Token"

typedef struct nq_session_policy {
  int64_t lifetime;        /* seconds from login to forced re-login */
  int64_t idle;            /* seconds without a request before expiry */
  int64_t touch_interval;  /* record activity at most this often */
} nq_session_policy;

/* 12 h lifetime (a working day), 1 h idle, activity written once a minute
** (each write is a durable fsync, so not on every request). */
extern const nq_session_policy NQ_SESSION_DEFAULT;

typedef struct nq_session {
  char id_hash[NQ_TOKEN_HASH_HEX];  /* nq_token_hash of the cookie value */
  int64_t user_id;
  int64_t created_at;               /* unix seconds */
  int64_t last_seen_at;
  int64_t expires_at;               /* created_at + lifetime */
  int64_t revoked_at;               /* 0 = not revoked */
} nq_session;

typedef enum nq_session_state {
  NQ_SESSION_VALID = 0,
  NQ_SESSION_EXPIRED,   /* past its absolute lifetime */
  NQ_SESSION_IDLE,      /* idle too long */
  NQ_SESSION_REVOKED    /* logged out */
} nq_session_state;

/* A new session record for user at now (the caller creates the token). */
nq_session nq_session_start(const char *token, int64_t user_id,
                            const nq_session_policy *p, int64_t now);
nq_session_state nq_session_state_at(const nq_session *s, const nq_session_policy *p,
                                     int64_t now);
/* True when last_seen_at should be updated in storage. */
bool nq_session_needs_touch(const nq_session *s, const nq_session_policy *p, int64_t now);
/* Vietnamese explanation of a non-valid state for the 401 response. */
const char *nq_session_state_message(nq_session_state st);

/* ---- cookies ------------------------------------------------------------ */

/* Whether cookies get the Secure attribute. Always on, except when serving
** plain HTTP to a browser on the same machine (serve --insecure-cookies,
** for development only: browsers drop Secure cookies over http:// except on
** localhost, and some not even there). */
typedef struct nq_cookie_opts {
  bool secure;
} nq_cookie_opts;

/* Set-Cookie values. max_age 0 deletes the cookie. out must hold
** NQ_COOKIE_MAX bytes. */
#define NQ_COOKIE_MAX 256
void nq_cookie_session(char out[NQ_COOKIE_MAX], const char *token, int64_t max_age,
                       const nq_cookie_opts *o);
void nq_cookie_csrf(char out[NQ_COOKIE_MAX], const char *csrf, int64_t max_age,
                    const nq_cookie_opts *o);

/* Find cookie name in a Cookie request header; copies its value into out
** (truncating never: returns false when absent, empty or longer than cap-1). */
bool nq_cookie_find(const char *cookie_header, const char *name, char *out, size_t cap);

/* ---- CSRF --------------------------------------------------------------- */

/* The CSRF token for a session token. */
void nq_csrf_token(const char *session_token, char out[NQ_TOKEN_STR_MAX]);

typedef struct nq_csrf_request {
  const char *method;         /* "POST" ... */
  const char *session_token;  /* from the cookie */
  const char *header_token;   /* X-CSRF-Token, or NULL */
  const char *origin;         /* Origin header, or NULL */
  const char *host;           /* Host header (with port), or NULL */
} nq_csrf_request;

/* True for GET, HEAD, OPTIONS: requests that must not change anything. */
bool nq_method_is_safe(const char *method);

/* NQ_OK, or NQ_EFORBIDDEN with the reason. */
nq_code nq_csrf_check(const nq_csrf_request *r, nq_err *err);

#endif
