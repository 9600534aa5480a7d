/*
** request.h: what an HTTP handler sees of a request and how it answers.
**
** A handler gets an nq_req, reads path parameters, the query string,
** headers and the already parsed JSON body through the accessors below, and
** answers either by calling one nq_reply_* function and returning NQ_OK, or by
** returning an nq_code with err filled: the router then sends the one error
** shape {"error": nq_code_name(code), "message": err->msg} with
** nq_code_http_status(code). Handlers never build MHD responses, never set
** security headers and never check permissions (router.h does all three).
*/
#ifndef NQ_HTTP_REQUEST_H
#define NQ_HTTP_REQUEST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct nq_req nq_req;

/* ---- reading the request ------------------------------------------------ */
const char *nq_req_method(const nq_req *rq);      /* "GET", "POST", ... */
const char *nq_req_path(const nq_req *rq);        /* decoded, without query */
/* Value of a ":name" segment of the route pattern, NULL if none. */
const char *nq_req_param(const nq_req *rq, const char *name);
/* Query-string argument (decoded), NULL when absent. */
const char *nq_req_query(const nq_req *rq, const char *name);
/* Request header (case-insensitive name), NULL when absent. */
const char *nq_req_header(const nq_req *rq, const char *name);
/* Cookie value, NULL when absent. */
const char *nq_req_cookie(const nq_req *rq, const char *name);
/* Client address as text ("127.0.0.1", "::1"), for audit origins. */
const char *nq_req_client(const nq_req *rq);
/* The parsed body of a route declared NQ_BODY_JSON (borrowed; never NULL
** there: the router already answered 400/415/413 otherwise). */
json_t *nq_req_json(const nq_req *rq);
/* Raw body bytes of an NQ_BODY_UPLOAD (or JSON) route; *len may be 0. */
const void *nq_req_body(const nq_req *rq, size_t *len);
/* The application context given in nq_http_config.app (e.g. the API's
** store); the server never looks inside. */
void *nq_req_app(const nq_req *rq);

/* ---- validated parameters (each failure names the parameter) ----------- */
/* Path parameter as a positive id; 404 when it is not one, since such a
** resource cannot exist. */
nq_code nq_req_param_id(const nq_req *rq, const char *name, int64_t *out, nq_err *err);
/* Optional query argument as an integer in [min, max]; *out keeps its
** default when absent; 400 naming the parameter otherwise. */
nq_code nq_req_query_int(const nq_req *rq, const char *name, int64_t min, int64_t max,
                         int64_t *out, nq_err *err);
/* Optional query date YYYY-MM-DD (a real calendar date); NULL when absent. */
nq_code nq_req_query_date(const nq_req *rq, const char *name, const char **out,
                          nq_err *err);
/* A parameter with two accepted spellings ("plan" and "plan_id"): *which
** is the one present (name when neither); 400 when both are given. */
nq_code nq_req_query_alias(const nq_req *rq, const char *name, const char *alias,
                           const char **which, nq_err *err);
/* Reject any query argument whose name is not in the NULL-terminated list,
** so typos ("?stauts=") fail loudly instead of being ignored. */
nq_code nq_req_query_only(const nq_req *rq, const char *const *allowed, nq_err *err);

/* ---- identity, filled by the authorization hook ------------------------ */
/* The hook may attach whatever it resolved (a session, a user with units);
** free_fn runs when the request ends. Handlers read it back for audit. */
void nq_req_set_identity(nq_req *rq, void *identity, void (*free_fn)(void *));
void *nq_req_identity(const nq_req *rq);
/* Responses of cacheable routes are shared between requests with the same
** URL and the same scope key. The hook sets a key describing what this
** identity may see (e.g. "u:12" or "units:3,7"); "" (the default) is the
** anonymous/all-seeing scope. */
void nq_req_set_cache_scope(nq_req *rq, const char *scope_key);

/* ---- answering ---------------------------------------------------------- */
/* JSON body (reference stolen), Content-Type application/json. */
void nq_reply_json(nq_req *rq, int status, json_t *body);
/* Any bytes (ownership of data taken; freed with free()). */
void nq_reply_bytes(nq_req *rq, int status, const char *content_type, char *data,
                    size_t len);
/* Extra response header (Location, Content-Disposition, Set-Cookie...). */
void nq_reply_header(nq_req *rq, const char *name, const char *value);
/* Entity tag for this representation (e.g. W/"7"); without one, successful
** GETs get a strong tag hashed from the body. Either way If-None-Match is
** answered with 304 by the router. */
void nq_reply_etag(nq_req *rq, const char *etag);

/* If-Match of the request parsed as a weak version tag W/"<n>" (or "<n>"):
** NQ_EPRECONDREQ (428) when absent, NQ_EPRECOND (412) when malformed. */
nq_code nq_req_if_match_version(const nq_req *rq, int64_t *version, nq_err *err);

#endif
