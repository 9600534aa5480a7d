/*
** server.h: the HTTP server (libmicrohttpd, epoll, thread pool).
**
** The server owns the transport: connections, body collection and limits,
** Content-Type checks, JSON parsing, the response cache, static files,
** security headers, the request log and graceful shutdown. What a URL does
** is decided by the route table it is given (router.h); the API's table is
** in api.h. The server never touches the store itself: the application
** context (config.app) is handed to handlers, and the cache is validated by
** config.generation (the API passes nq_store_generation).
*/
#ifndef NQ_HTTP_SERVER_H
#define NQ_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "http/router.h"
#include "util/err.h"

typedef struct nq_http_server nq_http_server;

typedef struct nq_http_config {
  const char *host;            /* bind address, NULL = 127.0.0.1 */
  uint16_t port;               /* 0 = ephemeral (see nq_http_port) */
  unsigned threads;            /* MHD's I/O threads, 0 = number of cores */
  unsigned workers;            /* threads that run handlers, 0 = 2 x threads, at least 4 */
  unsigned max_connections;    /* 0 = 4096 */
  unsigned timeout_s;          /* idle connection timeout, 0 = 30 */
  size_t max_json_body;        /* 0 = 1 MiB */
  size_t max_upload_body;      /* 0 = 32 MiB */
  size_t cache_bytes;          /* response cache budget, 0 = 32 MiB */
  const char *web_root;        /* Vite dist directory, NULL = no web app */

  const nq_route *routes;      /* route table (all under /api) */
  size_t route_count;
  void *app;                   /* handed to handlers via nq_req_app */
  /* Current data generation; cached responses of another generation are
  ** stale. NULL disables the response cache. */
  int64_t (*generation)(void *app);

  nq_authorize_fn authorize;   /* NULL = allow everything */
  void *authorize_ctx;

  FILE *log;                   /* one line per request, NULL = quiet */

  /* HTTPS directly (GnuTLS inside libmicrohttpd): PEM text of the
  ** certificate chain and of its private key; both NULL = plain HTTP (for
  ** localhost, or behind a TLS-terminating proxy: deploy/nginx.conf). */
  const char *tls_cert_pem;
  const char *tls_key_pem;
} nq_http_config;

/* Start listening; workers run until nq_http_stop. */
nq_code nq_http_start(nq_http_server **out, const nq_http_config *cfg, nq_err *err);
/* The bound port (useful with port 0). */
uint16_t nq_http_port(const nq_http_server *srv);
/* Requests currently being processed. */
unsigned nq_http_in_flight(const nq_http_server *srv);
/* Graceful stop: stop accepting, wait up to grace_ms for in-flight requests
** to finish, then close every connection and free the server. */
void nq_http_stop(nq_http_server *srv, unsigned grace_ms);

#endif
