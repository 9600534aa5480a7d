/*
** request_internal.h: the nq_req record shared by request.c (accessors for
** handlers) and server.c (its lifecycle). Not for handlers: they use
** request.h only.
*/
#ifndef NQ_HTTP_REQUEST_INTERNAL_H
#define NQ_HTTP_REQUEST_INTERNAL_H

#include <microhttpd.h>
#include <time.h>

#include "http/request.h"
#include "http/router.h"
#include "util/buf.h"

#define NQ_REQ_MAX_HEADERS 8

struct nq_req {
  struct MHD_Connection *conn;
  const char *method;          /* owned by MHD for the request's lifetime */
  char *path;
  struct timespec start;
  void *app;
  int is_api;                  /* under /api (else: the web app) */
  nq_route_match match;

  /* body */
  nq_body_kind body_kind;
  size_t body_limit;
  nq_buf body;
  int body_too_big;
  json_t *json;

  /* identity from the authorization hook */
  void *identity;
  void (*identity_free)(void *);
  char *cache_scope;
  char client[64];

  /* the reply a handler built */
  int replied;
  int status;
  char *data;
  size_t len;
  const char *content_type;
  char *etag;
  int nheaders;
  struct { char *name, *value; } headers[NQ_REQ_MAX_HEADERS];

  /* the answer a worker is making (server.c), queued on resume */
  struct job *job;

  /* what went out, for the log */
  int sent_status;
  int answered;                /* a response is queued */
};

nq_req *nq_req_new(struct MHD_Connection *conn, const char *method, const char *url,
                   void *app);
void nq_req_free(nq_req *rq);
/* Forget the reply built so far (body, ETag, extra headers). */
void nq_req_reply_reset(nq_req *rq);
/* Replace the body with the error shape for code; extra headers set
** before (Allow for 405) stay. */
void nq_req_reply_error(nq_req *rq, nq_code code, const char *message);

#endif
