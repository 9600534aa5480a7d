/*
** server.c: the libmicrohttpd daemon and the life of one request.
**
** MHD calls on_request several times per request: once when the headers
** are in (begin: the request is routed, and refused at once if its body
** is too large or of the wrong type), once per body chunk (collected up to
** the route's limit), and once more at the end (finish: body parsed,
** request answered; answering only then keeps the connection alive).
** dispatch() is the single path every routed request takes:
** authorise -> response cache -> handler -> ETag/304 -> cache store.
** Every response is made by build_response, not_modified_response or
** serve_static, which all add the security headers, and leaves through
** queue(), which records the status for the request log.
**
** MHD's threads only do I/O and what is instant: static files, cached
** answers, 304s, refusals. A handler (a store query: from microseconds to
** a second for a whole-country view) runs on the worker pool: the
** connection is suspended, a worker computes the answer (answer()), and
** MHD queues it when the connection resumes. Otherwise one slow answer
** would hold up every connection that shares its MHD thread -- the
** dashboard's own script waiting behind its figures.
*/
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/cache.h"
#include "http/request_internal.h"
#include "http/static.h"
#include "util/buf.h"

/* A routed request past the cache, and the answer a worker made for it. */
typedef struct job {
  struct job *next;
  nq_req *rq;
  int use_cache, leader;     /* leader: this request builds the cache entry */
  int64_t generation;
  char *key;                 /* cache key, when use_cache */
  /* the answer: response and status to queue; pinned when it is the
  ** cache's (released after queueing), else owned (destroyed) */
  struct MHD_Response *response;
  unsigned status;
  nq_cache_hit pin;
  int pinned;
} job;

struct nq_http_server {
  struct MHD_Daemon *daemon;
  nq_http_config cfg;
  nq_cache *cache;
  nq_static *web;
  uint16_t port;
  atomic_uint in_flight;
  /* the worker pool: jobs first in, first out */
  pthread_t *workers;
  unsigned nworkers;
  pthread_mutex_t jobs_mu;
  pthread_cond_t jobs_cv;
  job *jobs_head, *jobs_tail;
  int stopping;
};

/* Sent on every response: the web app has no inline script or style, is
** never framed and never sends full URLs to other origins. */
static const char csp[] =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
  "form-action 'self'; frame-ancestors 'none'";

static void add_security_headers(struct MHD_Response *r) {
  MHD_add_response_header(r, "Content-Security-Policy", csp);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Referrer-Policy", "same-origin");
  /* Browsers ignore it over plain HTTP, so it is safe on every response;
  ** over HTTPS (direct or via the proxy) it pins the site to HTTPS. */
  MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result queue(nq_req *rq, unsigned status, struct MHD_Response *r) {
  rq->sent_status = (int)status;
  rq->answered = 1;
  return MHD_queue_response(rq->conn, status, r);
}

/* Build the MHD response of the reply held in rq (takes its buffer). */
static struct MHD_Response *build_response(nq_req *rq) {
  struct MHD_Response *r =
    MHD_create_response_from_buffer(rq->len, rq->data, MHD_RESPMEM_MUST_FREE);
  rq->data = NULL;
  rq->len = 0;
  if (rq->content_type) MHD_add_response_header(r, "Content-Type", rq->content_type);
  for (int i = 0; i < rq->nheaders; i++)
    MHD_add_response_header(r, rq->headers[i].name, rq->headers[i].value);
  if (rq->etag) MHD_add_response_header(r, "ETag", rq->etag);
  add_security_headers(r);
  return r;
}

/* Send whatever reply rq holds (a handler's or an error). */
static enum MHD_Result send_reply(nq_req *rq) {
  int status = rq->status;
  struct MHD_Response *r = build_response(rq);
  enum MHD_Result ok = queue(rq, (unsigned)status, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result send_error(nq_req *rq, nq_code code, const char *msg) {
  nq_req_reply_error(rq, code, msg);
  return send_reply(rq);
}

static enum MHD_Result send_too_big(nq_req *rq) {
  char msg[128];
  snprintf(msg, sizeof msg, "Nội dung quá lớn: tối đa %zu byte", rq->body_limit);
  return send_error(rq, NQ_ETOOBIG, msg);
}

/* The 304 for a representation: no body, same validators. */
static struct MHD_Response *not_modified_response(const char *etag, const char *cache_control) {
  struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(r, "ETag", etag);
  if (cache_control) MHD_add_response_header(r, "Cache-Control", cache_control);
  add_security_headers(r);
  return r;
}

/* What a response's headers occupy on the heap, for the cache's budget:
** MHD keeps each header as a node plus copies of its name and value, and a
** cached small reply is mostly headers (2.7 KB for the reply and its 304,
** measured with mallinfo2; an estimate of 0.5 KB let a 32 MB budget hold
** 110 MB). */
static enum MHD_Result add_header_cost(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value) {
  (void)kind;
  size_t *sum = cls;
  *sum += strlen(key) + (value ? strlen(value) : 0) + 2 + 96; /* node + 3 chunks' overhead */
  return MHD_YES;
}

static size_t response_footprint(struct MHD_Response *r) {
  size_t sum = 192; /* the response itself and its mutex */
  MHD_get_response_headers(r, add_header_cost, &sum);
  return sum;
}

/* If-None-Match uses weak comparison: W/"x" matches "x". */
static int etag_listed(const char *header, const char *etag) {
  if (!header || !etag) return 0;
  const char *want = strncmp(etag, "W/", 2) == 0 ? etag + 2 : etag;
  size_t wlen = strlen(want);
  const char *p = header;
  while (*p) {
    while (*p == ' ' || *p == ',' || *p == '\t') p++;
    if (*p == '*') return 1;
    if (strncmp(p, "W/", 2) == 0) p += 2;
    const char *end = p;
    if (*end == '"') {
      end = strchr(end + 1, '"');
      if (!end) return 0;
      end++;
    } else {
      while (*end && *end != ',') end++;
    }
    if ((size_t)(end - p) == wlen && memcmp(p, want, wlen) == 0) return 1;
    p = end;
  }
  return 0;
}

static uint64_t fnv1a_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

/* ---- cache keys ----------------------------------------------------------- */

typedef struct arg_list {
  char **items;
  size_t n, cap;
} arg_list;

static void escape_into(nq_buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '&' || *s == '=' || *s == '%' || *s == '\n')
      nq_buf_printf(b, "%%%02X", (unsigned char)*s);
    else
      nq_buf_putc(b, *s);
  }
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value) {
  (void)kind;
  arg_list *l = cls;
  nq_buf b = NQ_BUF_INIT;
  escape_into(&b, key);
  nq_buf_putc(&b, '=');
  if (value) escape_into(&b, value);
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->items = nq_xrealloc(l->items, l->cap * sizeof *l->items);
  }
  l->items[l->n++] = nq_buf_detach(&b);
  return MHD_YES;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "path?a=1&b=2\nscope": argument order and encoding do not split entries. */
static char *cache_key(nq_req *rq) {
  arg_list l = {0};
  MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &l);
  if (l.n > 1) qsort(l.items, l.n, sizeof *l.items, cmp_str);
  nq_buf b = NQ_BUF_INIT;
  nq_buf_puts(&b, rq->path);
  for (size_t i = 0; i < l.n; i++) {
    nq_buf_putc(&b, i ? '&' : '?');
    nq_buf_puts(&b, l.items[i]);
    free(l.items[i]);
  }
  free(l.items);
  nq_buf_putc(&b, '\n');
  nq_buf_puts(&b, rq->cache_scope);
  return nq_buf_detach(&b);
}

static int reply_has_header(const nq_req *rq, const char *name) {
  for (int i = 0; i < rq->nheaders; i++)
    if (strcasecmp(rq->headers[i].name, name) == 0) return 1;
  return 0;
}

/* ---- dispatch ------------------------------------------------------------- */

/* Let go of what a job holds (not the job itself). */
static void job_release(nq_http_server *srv, job *j) {
  if (j->pinned) nq_cache_release(srv->cache, &j->pin);
  else if (j->response) MHD_destroy_response(j->response);
  free(j->key);
}

/* Queue the answer a job holds and let go of it. */
static enum MHD_Result send_answer(nq_http_server *srv, job *j) {
  enum MHD_Result ok = queue(j->rq, j->status, j->response);
  job_release(srv, j);
  return ok;
}

/* The answer of an error (or of the reply a handler left in rq). */
static void answer_reply(job *j) {
  j->status = (unsigned)j->rq->status;
  j->response = build_response(j->rq);
}

static void answer_hit(job *j, const nq_cache_hit *hit) {
  const char *inm = nq_req_header(j->rq, MHD_HTTP_HEADER_IF_NONE_MATCH);
  int fresh = etag_listed(inm, hit->etag);
  j->pin = *hit;
  j->pinned = 1;
  j->status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
  j->response = fresh ? hit->not_modified : hit->ok;
}

/* Run the handler and make the answer: off the MHD threads when there is
** a worker pool. It queues nothing (only MHD's own thread may); what it
** stores in the cache it pins for the sender, so an eviction meanwhile
** cannot free it. */
static void answer(nq_http_server *srv, job *j) {
  nq_req *rq = j->rq;
  const nq_route *route = rq->match.route;
  nq_err err = {0};
  if (j->use_cache && !j->leader) {
    /* Another request is building this entry: wait for it here. */
    nq_cache_hit hit;
    if (nq_cache_get_or_lead(srv->cache, j->key, j->generation, &hit, &j->leader)) {
      answer_hit(j, &hit);
      return;
    }
  }
  int is_get = strcmp(route->method, "GET") == 0;
  nq_code rc = route->handler(rq, &err);
  if (rc == NQ_OK && !rq->replied)
    rc = nq_fail(&err, NQ_EINTERNAL, "Lỗi nội bộ: trình xử lý không trả lời");
  if (rc != NQ_OK || !is_get || rq->status != MHD_HTTP_OK) {
    if (j->leader) nq_cache_abandon(srv->cache, j->key, j->generation);
    if (rc != NQ_OK) {
      nq_req_reply_reset(rq); /* a half-built success must not leak headers */
      nq_req_reply_error(rq, rc, err.msg);
    }
    answer_reply(j);
    return;
  }

  if (!rq->etag) {
    char tag[24];
    snprintf(tag, sizeof tag, "\"%016llx\"", (unsigned long long)fnv1a_bytes(rq->data, rq->len));
    rq->etag = nq_xstrdup(tag);
  }
  /* Revalidate every time (data changes at any moment); "private" keeps
  ** shared proxies from storing what one official was allowed to see. */
  if (!reply_has_header(rq, "Cache-Control"))
    nq_reply_header(rq, "Cache-Control", "private, no-cache");
  size_t body_len = rq->len;
  char *etag = nq_xstrdup(rq->etag);
  struct MHD_Response *ok = build_response(rq);
  struct MHD_Response *nm = not_modified_response(etag, "private, no-cache");
  nq_cache_hit hit;
  if (j->use_cache && j->leader &&
      nq_cache_put_pinned(srv->cache, j->key, j->generation, etag, ok, nm,
                          body_len + response_footprint(ok) + response_footprint(nm), &hit)) {
    answer_hit(j, &hit);
  } else {
    int fresh = etag_listed(nq_req_header(rq, MHD_HTTP_HEADER_IF_NONE_MATCH), etag);
    j->status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
    j->response = fresh ? nm : ok;
    MHD_destroy_response(fresh ? ok : nm);
  }
  free(etag);
}

static void job_push(nq_http_server *srv, job *j) {
  pthread_mutex_lock(&srv->jobs_mu);
  if (srv->jobs_tail) srv->jobs_tail->next = j;
  else srv->jobs_head = j;
  srv->jobs_tail = j;
  pthread_cond_signal(&srv->jobs_cv);
  pthread_mutex_unlock(&srv->jobs_mu);
}

/* A worker: answer jobs until the server stops and the queue is empty. */
static void *worker_main(void *arg) {
  nq_http_server *srv = arg;
  for (;;) {
    pthread_mutex_lock(&srv->jobs_mu);
    while (!srv->jobs_head && !srv->stopping) pthread_cond_wait(&srv->jobs_cv, &srv->jobs_mu);
    job *j = srv->jobs_head;
    if (j) {
      srv->jobs_head = j->next;
      if (!srv->jobs_head) srv->jobs_tail = NULL;
    }
    pthread_mutex_unlock(&srv->jobs_mu);
    if (!j) return NULL;
    answer(srv, j);
    /* on_request runs again on MHD's thread and queues the answer. */
    MHD_resume_connection(j->rq->conn);
  }
}

static enum MHD_Result dispatch(nq_http_server *srv, nq_req *rq) {
  const nq_route *route = rq->match.route;
  nq_err err = {0};
  nq_code rc;

  if (srv->cfg.authorize) {
    rc = srv->cfg.authorize(srv->cfg.authorize_ctx, rq, route, &err);
    if (rc != NQ_OK) return send_error(rq, rc, err.msg);
  }

  /* On the stack: a cached answer (the common case) allocates no job. */
  job here = {.rq = rq};
  here.use_cache = strcmp(route->method, "GET") == 0 && route->cacheable && srv->cache;
  if (here.use_cache) {
    /* Read the generation before the handler runs: if a write lands
    ** meanwhile, the entry is born stale rather than wrongly fresh. */
    here.generation = srv->cfg.generation(srv->cfg.app);
    here.key = cache_key(rq);
    nq_cache_hit hit;
    if (nq_cache_try(srv->cache, here.key, here.generation, &hit, &here.leader)) {
      answer_hit(&here, &hit);
      return send_answer(srv, &here);
    }
  }
  if (srv->nworkers) {
    job *j = nq_xmalloc(sizeof *j);
    *j = here;
    /* Suspended before the job is visible: a worker may resume at once. */
    MHD_suspend_connection(rq->conn);
    rq->job = j;
    job_push(srv, j);
    return MHD_YES;
  }
  answer(srv, &here);
  return send_answer(srv, &here);
}

/* ---- static files ------------------------------------------------------- */

static enum MHD_Result serve_static(nq_http_server *srv, nq_req *rq) {
  if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
    nq_reply_header(rq, "Allow", "GET, HEAD");
    return send_error(rq, NQ_EMETHOD, "Phương thức không được phép với tài nguyên này");
  }
  if (!srv->web) return send_error(rq, NQ_ENOTFOUND, "Không tìm thấy trang");
  nq_static_file f;
  nq_err err = {0};
  nq_code rc = nq_static_resolve(srv->web, rq->path, &f, &err);
  if (rc != NQ_OK) return send_error(rq, rc, err.msg);
  struct MHD_Response *r;
  unsigned status;
  if (etag_listed(nq_req_header(rq, MHD_HTTP_HEADER_IF_NONE_MATCH), f.etag)) {
    close(f.fd);
    r = not_modified_response(f.etag, f.cache_control);
    status = MHD_HTTP_NOT_MODIFIED;
  } else {
    r = MHD_create_response_from_fd((size_t)f.size, f.fd); /* closes fd */
    if (!r) {
      close(f.fd);
      return send_error(rq, NQ_EIO, "Không đọc được tệp");
    }
    MHD_add_response_header(r, "Content-Type", f.mime);
    MHD_add_response_header(r, "Cache-Control", f.cache_control);
    MHD_add_response_header(r, "ETag", f.etag);
    add_security_headers(r);
    status = MHD_HTTP_OK;
  }
  enum MHD_Result ok = queue(rq, status, r);
  MHD_destroy_response(r);
  return ok;
}

/* ---- the request state machine ---------------------------------------- */

static int is_json_type(const char *ct) {
  if (!ct) return 0;
  size_t n = strcspn(ct, "; \t");
  if (n == 16 && strncasecmp(ct, "application/json", 16) == 0) return 1;
  return n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0;
}

/* Headers are in: route and refuse what can be refused before the body.
** Only refusals are answered here: MHD keeps a connection alive only when
** the response is queued after the whole request was read, so everything
** else waits for finish(). */
static enum MHD_Result begin(nq_http_server *srv, nq_req *rq) {
  rq->is_api = strncmp(rq->path, "/api/", 5) == 0 || strcmp(rq->path, "/api") == 0;
  if (!rq->is_api) return MHD_YES;
  nq_route_find(srv->cfg.routes, srv->cfg.route_count, rq->method, rq->path, &rq->match);
  if (!rq->match.route) return MHD_YES;

  rq->body_kind = rq->match.route->body;
  rq->body_limit = rq->body_kind == NQ_BODY_JSON ? srv->cfg.max_json_body
                 : rq->body_kind == NQ_BODY_UPLOAD ? srv->cfg.max_upload_body
                 : 0; /* bodies of bodiless routes are read and dropped */
  if (rq->body_kind == NQ_BODY_NONE) return MHD_YES;
  if (rq->body_kind == NQ_BODY_JSON &&
      !is_json_type(nq_req_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE)))
    return send_error(rq, NQ_EUNSUPPORTED,
                      "Nội dung phải có Content-Type: application/json");
  const char *cl = nq_req_header(rq, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (cl && strtoull(cl, NULL, 10) > rq->body_limit) return send_too_big(rq);
  return MHD_YES;
}

/* The whole request is in: answer it. */
static enum MHD_Result finish(nq_http_server *srv, nq_req *rq) {
  if (!rq->is_api) return serve_static(srv, rq);
  if (!rq->match.route) {
    if (!rq->match.path_known)
      return send_error(rq, NQ_ENOTFOUND, "Không tìm thấy địa chỉ API này");
    nq_reply_header(rq, "Allow", rq->match.allow);
    char msg[160];
    snprintf(msg, sizeof msg, "Phương thức %s không được phép; dùng: %s", rq->method,
             rq->match.allow);
    return send_error(rq, NQ_EMETHOD, msg);
  }
  if (rq->body_too_big) return send_too_big(rq);
  if (rq->body_kind == NQ_BODY_JSON) {
    if (rq->body.len == 0) return send_error(rq, NQ_EINVAL, "Thiếu nội dung JSON");
    json_error_t jerr;
    rq->json = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!rq->json) {
      char msg[320];
      snprintf(msg, sizeof msg, "JSON không hợp lệ ở dòng %d, cột %d: %s", jerr.line,
               jerr.column, jerr.text);
      return send_error(rq, NQ_EINVAL, msg);
    }
  }
  return dispatch(srv, rq);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
  (void)version;
  nq_http_server *srv = cls;
  nq_req *rq = *con_cls;
  if (!rq) {
    rq = nq_req_new(conn, method, url, srv->cfg.app);
    *con_cls = rq;
    atomic_fetch_add(&srv->in_flight, 1);
    return begin(srv, rq);
  }
  if (rq->job) { /* resumed: a worker has the answer */
    job *j = rq->job;
    rq->job = NULL;
    enum MHD_Result ok = send_answer(srv, j);
    free(j);
    return ok;
  }
  if (rq->answered) { /* answered early (413, 415...): drain the rest */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (rq->body_kind == NQ_BODY_NONE)
      ; /* not wanted: drop */
    else if (rq->body.len + *upload_data_size > rq->body_limit)
      rq->body_too_big = 1;
    else if (!rq->body_too_big)
      nq_buf_append(&rq->body, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  return finish(srv, rq);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)conn;
  nq_http_server *srv = cls;
  nq_req *rq = *con_cls;
  if (!rq) return;
  *con_cls = NULL;
  if (srv->cfg.log) {
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long us = (end.tv_sec - rq->start.tv_sec) * 1000000LL +
                   (end.tv_nsec - rq->start.tv_nsec) / 1000;
    /* Path only: query strings and bodies may carry search text or tokens.
    ** Control bytes (a decoded %0a) could forge log lines: shown as '?'. */
    char path[256];
    size_t n = 0;
    for (const char *p = rq->path; *p && n < sizeof path - 1; p++)
      path[n++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
    path[n] = '\0';
    fprintf(srv->cfg.log, "%s %s %d %lldµs%s\n", rq->method, path, rq->sent_status, us,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (ngắt)");
  }
  if (rq->job) { /* answered by a worker but never sent (the server stopped) */
    job_release(srv, rq->job);
    free(rq->job);
  }
  nq_req_free(rq);
  atomic_fetch_sub(&srv->in_flight, 1);
}

/* ---- lifecycle -------------------------------------------------------- */

nq_code nq_http_start(nq_http_server **out, const nq_http_config *cfg, nq_err *err) {
  nq_http_server *srv = nq_xcalloc(1, sizeof *srv);
  srv->cfg = *cfg;
  nq_http_config *c = &srv->cfg;
  if (!c->host) c->host = "127.0.0.1";
  if (!c->threads) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = n > 0 ? (unsigned)n : 1;
  }
  if (!c->max_connections) c->max_connections = 4096;
  if (!c->timeout_s) c->timeout_s = 30;
  if (!c->max_json_body) c->max_json_body = 1u << 20;
  if (!c->max_upload_body) c->max_upload_body = 32u << 20;
  if (!c->cache_bytes) c->cache_bytes = 32u << 20;
  /* Twice the cores, at least four: a short answer need not wait for two
  ** long ones; more would only queue on the store's readers. */
  if (!c->workers) c->workers = c->threads * 2 < 4 ? 4 : c->threads * 2;
  atomic_init(&srv->in_flight, 0);
  pthread_mutex_init(&srv->jobs_mu, NULL);
  pthread_cond_init(&srv->jobs_cv, NULL);

  if (c->web_root) {
    nq_code rc = nq_static_open(&srv->web, c->web_root, err);
    if (rc != NQ_OK) {
      free(srv);
      return rc;
    }
  }
  if (c->generation) srv->cache = nq_cache_new(c->cache_bytes);

  struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_PASSIVE, .ai_socktype = SOCK_STREAM};
  struct addrinfo *ai = NULL;
  char port[8];
  snprintf(port, sizeof port, "%u", c->port);
  if (getaddrinfo(c->host, port, &hints, &ai) != 0 || !ai) {
    nq_static_close(srv->web);
    nq_cache_free(srv->cache);
    free(srv);
    return nq_fail(err, NQ_EINVAL, "Địa chỉ lắng nghe không hợp lệ: '%s' (cần địa chỉ IP)",
                   cfg->host);
  }
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO |
                   MHD_ALLOW_SUSPEND_RESUME |
                   (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0);
  if (c->log) flags |= MHD_USE_ERROR_LOG;
  if ((c->tls_cert_pem == NULL) != (c->tls_key_pem == NULL)) {
    freeaddrinfo(ai);
    nq_static_close(srv->web);
    nq_cache_free(srv->cache);
    free(srv);
    return nq_fail(err, NQ_EINVAL, "HTTPS cần cả chứng chỉ (--cert) lẫn khóa riêng (--key)");
  }
  /* TLS 1.2 and 1.3 only; GnuTLS's NORMAL set otherwise. */
  struct MHD_OptionItem tls[] = {
    {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)c->tls_cert_pem},
    {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)c->tls_key_pem},
    {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
    {MHD_OPTION_END, 0, NULL},
  };
  if (c->tls_cert_pem) flags |= MHD_USE_TLS;
  srv->daemon = MHD_start_daemon(
    flags, c->port, NULL, NULL, on_request, srv,
    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
    MHD_OPTION_THREAD_POOL_SIZE, c->threads,
    MHD_OPTION_CONNECTION_LIMIT, c->max_connections,
    MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s,
    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
    MHD_OPTION_ARRAY, c->tls_cert_pem ? tls : tls + 3,
    MHD_OPTION_END);
  freeaddrinfo(ai);
  if (!srv->daemon) {
    nq_static_close(srv->web);
    nq_cache_free(srv->cache);
    free(srv);
    return nq_fail(err, NQ_EIO, "Không khởi động được máy chủ tại %s:%u (%s)",
                   cfg->host ? cfg->host : "127.0.0.1", cfg->port,
                   cfg->tls_cert_pem ? "cổng đang bận, hoặc chứng chỉ/khóa TLS không hợp lệ?"
                                     : "cổng đang bận?");
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
  srv->port = di ? di->port : c->port;
  srv->workers = nq_xcalloc(c->workers, sizeof *srv->workers);
  for (unsigned i = 0; i < c->workers; i++) {
    if (pthread_create(&srv->workers[i], NULL, worker_main, srv) != 0) break;
    srv->nworkers++;
  }
  *out = srv;
  return NQ_OK;
}

uint16_t nq_http_port(const nq_http_server *srv) { return srv->port; }

unsigned nq_http_in_flight(const nq_http_server *srv) {
  return atomic_load(&((nq_http_server *)srv)->in_flight);
}

void nq_http_stop(nq_http_server *srv, unsigned grace_ms) {
  if (!srv) return;
  MHD_socket lsock = MHD_quiesce_daemon(srv->daemon);
  if (lsock != MHD_INVALID_SOCKET) close(lsock);
  for (unsigned waited = 0; waited < grace_ms && nq_http_in_flight(srv) > 0; waited += 10)
    usleep(10 * 1000);
  /* Workers finish every queued job (and resume its connection) before
  ** the daemon goes: MHD must not be stopped under a suspended connection. */
  pthread_mutex_lock(&srv->jobs_mu);
  srv->stopping = 1;
  pthread_cond_broadcast(&srv->jobs_cv);
  pthread_mutex_unlock(&srv->jobs_mu);
  for (unsigned i = 0; i < srv->nworkers; i++) pthread_join(srv->workers[i], NULL);
  free(srv->workers);
  MHD_stop_daemon(srv->daemon);
  pthread_mutex_destroy(&srv->jobs_mu);
  pthread_cond_destroy(&srv->jobs_cv);
  nq_cache_free(srv->cache);
  nq_static_close(srv->web);
  free(srv);
}
