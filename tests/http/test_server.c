/*
** test_server.c: the HTTP transport without the store: routing, the error
** shape, body limits, Content-Type and JSON checks, the authorization hook,
** ETag/304, the response cache and its invalidation by generation, static
** files and traversal attempts, security headers, graceful shutdown.
** A real server on an ephemeral port, real sockets (httpc.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/server.h"
#include "util/buf.h"
#include "httpc.h"

/* ---- a test application ------------------------------------------------ */

typedef struct test_app {
  atomic_int slow_counter_calls;
  atomic_int counter_calls;
  atomic_llong generation;
  atomic_int handler_calls;
  /* /api/gate: waits until the test opens it (at most 5 s) */
  pthread_mutex_t gate_mu;
  pthread_cond_t gate_cv;
  int gate_open, gate_entered, gate_left;
} test_app;

static nq_code h_echo(nq_req *rq, nq_err *err) {
  test_app *app = nq_req_app(rq);
  app->handler_calls++;
  static const char *const allowed[] = {"q", "n", NULL};
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (rc) return rc;
  int64_t n = 5;
  if ((rc = nq_req_query_int(rq, "n", 1, 10, &n, err))) return rc;
  const char *q = nq_req_query(rq, "q");
  nq_reply_json(rq, 200, json_pack("{s:s, s:s?, s:I}", "name", nq_req_param(rq, "name"), "q",
                                   q, "n", (json_int_t)n));
  return NQ_OK;
}

static nq_code h_create(nq_req *rq, nq_err *err) {
  json_t *body = nq_req_json(rq);
  if (!json_is_object(body)) return nq_fail(err, NQ_EUNPROCESSABLE, "Cần một đối tượng JSON");
  nq_reply_header(rq, "Location", "/api/things/1");
  nq_reply_json(rq, 201, json_incref(body));
  return NQ_OK;
}

static nq_code h_upload(nq_req *rq, nq_err *err) {
  (void)err;
  size_t len;
  nq_req_body(rq, &len);
  nq_reply_json(rq, 200, json_pack("{s:I}", "bytes", (json_int_t)len));
  return NQ_OK;
}

static nq_code h_counter(nq_req *rq, nq_err *err) {
  (void)err;
  test_app *app = nq_req_app(rq);
  int calls = ++app->counter_calls;
  nq_reply_json(rq, 200, json_pack("{s:i}", "calls", calls));
  return NQ_OK;
}

static nq_code h_item_get(nq_req *rq, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  nq_reply_etag(rq, "W/\"3\"");
  nq_reply_json(rq, 200, json_pack("{s:I, s:i}", "id", (json_int_t)id, "version", 3));
  return NQ_OK;
}

static nq_code h_item_patch(nq_req *rq, nq_err *err) {
  int64_t version;
  nq_code rc = nq_req_if_match_version(rq, &version, err);
  if (rc) return rc;
  if (version != 3) return nq_fail(err, NQ_EPRECOND, "Bản ghi đã bị người khác sửa");
  nq_reply_json(rq, 200, json_pack("{s:i}", "version", 4));
  return NQ_OK;
}

static nq_code h_slow(nq_req *rq, nq_err *err) {
  (void)err;
  usleep(300 * 1000);
  nq_reply_json(rq, 200, json_pack("{s:b}", "done", 1));
  return NQ_OK;
}

static nq_code h_slow_counter(nq_req *rq, nq_err *err) {
  (void)err;
  test_app *app = nq_req_app(rq);
  int calls = ++app->slow_counter_calls;
  usleep(200 * 1000);
  nq_reply_json(rq, 200, json_pack("{s:i}", "calls", calls));
  return NQ_OK;
}

/* Holds its answer until the test opens the gate: a long store query. */
static nq_code h_gate(nq_req *rq, nq_err *err) {
  (void)err;
  test_app *app = nq_req_app(rq);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 5;
  pthread_mutex_lock(&app->gate_mu);
  app->gate_entered = 1;
  pthread_cond_broadcast(&app->gate_cv);
  while (!app->gate_open &&
         pthread_cond_timedwait(&app->gate_cv, &app->gate_mu, &deadline) == 0)
    ;
  app->gate_left = 1;
  pthread_mutex_unlock(&app->gate_mu);
  nq_reply_json(rq, 200, json_pack("{s:b}", "done", 1));
  return NQ_OK;
}

static const nq_route routes[] = {
  {"GET", "/api/gate", h_gate, NQ_BODY_NONE, false, {"system", NQ_ACCESS_PUBLIC, NQ_SCOPE_NONE, NULL, NULL, NULL}},
  {"GET", "/api/slow-counter", h_slow_counter, NQ_BODY_NONE, true, {"thing", NQ_ACCESS_READ, NQ_SCOPE_NONE, NULL, NULL, NULL}},
  {"GET", "/api/echo/:name", h_echo, NQ_BODY_NONE, false, {"system", NQ_ACCESS_PUBLIC, NQ_SCOPE_NONE, NULL, NULL, NULL}},
  {"POST", "/api/things", h_create, NQ_BODY_JSON, false, {"thing", NQ_ACCESS_WRITE, NQ_SCOPE_NONE, NULL, NULL, NULL}},
  {"POST", "/api/upload", h_upload, NQ_BODY_UPLOAD, false, {"thing", NQ_ACCESS_WRITE, NQ_SCOPE_NONE, NULL, NULL, NULL}},
  {"GET", "/api/counter", h_counter, NQ_BODY_NONE, true, {"thing", NQ_ACCESS_READ, NQ_SCOPE_NONE, NULL, NULL, NULL}},
  {"GET", "/api/items/:id", h_item_get, NQ_BODY_NONE, false, {"item", NQ_ACCESS_READ, NQ_SCOPE_PATH, "id", NULL, NULL}},
  {"PATCH", "/api/items/:id", h_item_patch, NQ_BODY_JSON, false, {"item", NQ_ACCESS_WRITE, NQ_SCOPE_PATH, "id", NULL, NULL}},
  {"GET", "/api/slow", h_slow, NQ_BODY_NONE, false, {"system", NQ_ACCESS_PUBLIC, NQ_SCOPE_NONE, NULL, NULL, NULL}},
};

static int64_t test_generation(void *app) { return ((test_app *)app)->generation; }

/* Deny writes to item 13, and anything carrying X-Test-Deny; scope the
** cache by the X-Test-Scope header like a real identity would. */
static nq_code test_authorize(void *ctx, nq_req *rq, const nq_route *route, nq_err *err) {
  (void)ctx;
  if (nq_req_header(rq, "X-Test-Deny")) return nq_fail(err, NQ_EAUTH, "Chưa đăng nhập");
  if (route->access.mode == NQ_ACCESS_WRITE && route->access.scope == NQ_SCOPE_PATH) {
    const char *id = nq_req_param(rq, route->access.param);
    if (id && strcmp(id, "13") == 0)
      return nq_fail(err, NQ_EFORBIDDEN, "Không có quyền với %s %s", route->access.resource, id);
  }
  const char *scope = nq_req_header(rq, "X-Test-Scope");
  if (scope) nq_req_set_cache_scope(rq, scope);
  return NQ_OK;
}

typedef struct fixture {
  test_app app;
  nq_http_server *srv;
  uint16_t port;
  char dir[64];     /* temp dir: web/ is the root, secret.txt is outside */
  char web[96];
} fixture;

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  strcpy(fx->dir, "/tmp/nq57-http-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->web, sizeof fx->web, "%s/web", fx->dir);
  char p[256];
  mkdir(fx->web, 0755);
  snprintf(p, sizeof p, "%s/assets", fx->web);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/index.html", fx->web);
  write_file(p, "<!doctype html><title>nq57</title><script type=module src=/assets/app-1a2b.js></script>");
  snprintf(p, sizeof p, "%s/assets/app-1a2b.js", fx->web);
  write_file(p, "console.log('nq57')");
  snprintf(p, sizeof p, "%s/assets/app-1a2b.css", fx->web);
  write_file(p, "body{}");
  snprintf(p, sizeof p, "%s/secret.txt", fx->dir);
  write_file(p, "TOP-SECRET");
  char link[256];
  snprintf(link, sizeof link, "%s/leak.txt", fx->web);
  assert_int_equal(symlink(p, link), 0);

  nq_http_config cfg = {
    .port = 0, .threads = 2, .max_json_body = 1024, .max_upload_body = 64 * 1024,
    .web_root = fx->web, .routes = routes, .route_count = sizeof routes / sizeof routes[0],
    .app = &fx->app, .generation = test_generation, .authorize = test_authorize,
  };
  nq_err err = {0};
  assert_int_equal(nq_http_start(&fx->srv, &cfg, &err), NQ_OK);
  fx->port = nq_http_port(fx->srv);
  assert_true(fx->port > 0);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_http_stop(fx->srv, 1000);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
  assert_int_equal(system(cmd), 0);
  free(fx);
  return 0;
}

/* Assert the one error shape and return the code name. */
static void expect_error(httpc_resp *r, int status, const char *code) {
  assert_int_equal(r->status, status);
  json_t *j = httpc_json(r);
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(j, "error")), code);
  const char *msg = json_string_value(json_object_get(j, "message"));
  assert_non_null(msg);
  assert_true(strlen(msg) > 0);
  assert_string_equal(httpc_header(r, "Content-Type"), "application/json");
}

/* ---- tests ------------------------------------------------------------- */

static void test_route_params_and_headers(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/api/echo/khoa%20h%E1%BB%8Dc?q=a%26b&n=7", &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(httpc_json_str(&r, "name"), "khoa học");
  assert_string_equal(httpc_json_str(&r, "q"), "a&b");
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "n")), 7);
  assert_string_equal(httpc_header(&r, "X-Content-Type-Options"), "nosniff");
  assert_string_equal(httpc_header(&r, "X-Frame-Options"), "DENY");
  assert_string_equal(httpc_header(&r, "Referrer-Policy"), "same-origin");
  const char *csp = httpc_header(&r, "Content-Security-Policy");
  assert_non_null(csp);
  assert_non_null(strstr(csp, "default-src 'self'"));
  assert_non_null(strstr(csp, "frame-ancestors 'none'"));
  /* no inline script or style, no eval */
  assert_non_null(strstr(csp, "script-src 'self';"));
  assert_null(strstr(csp, "unsafe-inline"));
  assert_null(strstr(csp, "unsafe-eval"));
  httpc_free(&r);
}

/* Successful answers keep the connection open: two pipelined requests on
** one connection both get answers (throughput depends on it). */
static void test_keep_alive(void **state) {
  fixture *fx = *state;
  const char two[] = "GET /api/echo/one HTTP/1.1\r\nHost: x\r\n\r\n"
                     "GET /api/echo/two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  httpc_resp r;
  assert_int_equal(httpc_raw(fx->port, two, sizeof two - 1, &r), 0);
  assert_int_equal(r.status, 200);
  assert_null(httpc_header(&r, "Connection")); /* the first answer did not close */
  assert_non_null(strstr(r.body, "\"one\""));
  assert_non_null(strstr(r.body, "HTTP/1.1 200"));
  assert_non_null(strstr(r.body, "\"two\""));
  httpc_free(&r);
}

static void test_not_found_and_method(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/api/nothing-here", &r), 0);
  expect_error(&r, 404, "not_found");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "DELETE", "/api/items/4", NULL, NULL, 0, &r), 0);
  expect_error(&r, 405, "method_not_allowed");
  assert_string_equal(httpc_header(&r, "Allow"), "GET, HEAD, PATCH");
  httpc_free(&r);
  /* a non-numeric id cannot exist */
  assert_int_equal(httpc_get(fx->port, "/api/items/abc", &r), 0);
  expect_error(&r, 404, "not_found");
  httpc_free(&r);
  /* the web app only takes GET/HEAD */
  assert_int_equal(httpc_request(fx->port, "POST", "/plans", NULL, "x", 1, &r), 0);
  expect_error(&r, 405, "method_not_allowed");
  httpc_free(&r);
}

static void test_query_validation(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/api/echo/a?n=11", &r), 0);
  expect_error(&r, 400, "invalid");
  assert_non_null(strstr(httpc_json_str(&r, "message"), "'n'"));
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/api/echo/a?n=2x", &r), 0);
  expect_error(&r, 400, "invalid");
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/api/echo/a?stauts=1", &r), 0);
  expect_error(&r, 400, "invalid");
  assert_non_null(strstr(httpc_json_str(&r, "message"), "stauts"));
  httpc_free(&r);
}

static void test_json_body_checks(void **state) {
  fixture *fx = *state;
  const char *json_ct = "Content-Type: application/json; charset=utf-8\r\n";
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/things", json_ct,
                                 "{\"a\": \"Hà Nội\"}", -1, &r), 0);
  assert_int_equal(r.status, 201);
  assert_string_equal(httpc_header(&r, "Location"), "/api/things/1");
  assert_string_equal(httpc_json_str(&r, "a"), "Hà Nội");
  httpc_free(&r);

  assert_int_equal(httpc_request(fx->port, "POST", "/api/things", "Content-Type: text/plain\r\n",
                                 "{}", -1, &r), 0);
  expect_error(&r, 415, "unsupported_media_type");
  httpc_free(&r);

  assert_int_equal(httpc_request(fx->port, "POST", "/api/things", json_ct,
                                 "{\n  \"a\": 1,\n  \"b\": }", -1, &r), 0);
  expect_error(&r, 400, "invalid");
  assert_non_null(strstr(httpc_json_str(&r, "message"), "dòng 3"));
  httpc_free(&r);

  assert_int_equal(httpc_request(fx->port, "POST", "/api/things", json_ct, "", 0, &r), 0);
  expect_error(&r, 400, "invalid");
  httpc_free(&r);

  assert_int_equal(httpc_request(fx->port, "POST", "/api/things", json_ct, "[1]", -1, &r), 0);
  expect_error(&r, 422, "unprocessable");
  httpc_free(&r);

  /* over the 1 KiB test limit: by Content-Length, and in chunks */
  char big[4096];
  memset(big, ' ', sizeof big);
  big[0] = '[';
  big[sizeof big - 1] = ']';
  assert_int_equal(httpc_request(fx->port, "POST", "/api/things", json_ct, big, sizeof big, &r), 0);
  expect_error(&r, 413, "too_large");
  httpc_free(&r);
  nq_buf chunked = NQ_BUF_INIT;
  nq_buf_printf(&chunked, "POST /api/things HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 4; i++) {
    nq_buf_printf(&chunked, "400\r\n");
    nq_buf_append(&chunked, big, 1024);
    nq_buf_printf(&chunked, "\r\n");
  }
  nq_buf_printf(&chunked, "0\r\n\r\n");
  assert_int_equal(httpc_raw(fx->port, chunked.data, chunked.len, &r), 0);
  expect_error(&r, 413, "too_large");
  httpc_free(&r);
  nq_buf_free(&chunked);

  /* uploads have their own, larger limit and any content type */
  char *up = calloc(1, 32 * 1024);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/upload",
                                 "Content-Type: application/pdf\r\n", up, 32 * 1024, &r), 0);
  assert_int_equal(r.status, 200);
  assert_int_equal(json_integer_value(json_object_get(httpc_json(&r), "bytes")), 32 * 1024);
  httpc_free(&r);
  free(up);
}

static void test_authorize_hook(void **state) {
  fixture *fx = *state;
  int before = fx->app.handler_calls;
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "GET", "/api/echo/x", "X-Test-Deny: 1\r\n", NULL, 0, &r), 0);
  expect_error(&r, 401, "unauthenticated");
  httpc_free(&r);
  assert_int_equal(fx->app.handler_calls, before); /* the handler never ran */
  assert_int_equal(httpc_request(fx->port, "PATCH", "/api/items/13",
                                 "Content-Type: application/json\r\nIf-Match: W/\"3\"\r\n", "{}", -1, &r), 0);
  expect_error(&r, 403, "forbidden");
  assert_non_null(strstr(httpc_json_str(&r, "message"), "item 13"));
  httpc_free(&r);
}

static void test_etag_and_if_match(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/api/items/4", &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(httpc_header(&r, "ETag"), "W/\"3\"");
  assert_string_equal(httpc_header(&r, "Cache-Control"), "private, no-cache");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "GET", "/api/items/4", "If-None-Match: W/\"3\"\r\n", NULL, 0, &r), 0);
  assert_int_equal(r.status, 304);
  assert_int_equal(r.body_len, 0);
  assert_string_equal(httpc_header(&r, "ETag"), "W/\"3\"");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "GET", "/api/items/4", "If-None-Match: W/\"2\"\r\n", NULL, 0, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);

  const char *ct = "Content-Type: application/json\r\n";
  assert_int_equal(httpc_request(fx->port, "PATCH", "/api/items/4", ct, "{}", -1, &r), 0);
  expect_error(&r, 428, "precondition_required");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "PATCH", "/api/items/4",
                                 "Content-Type: application/json\r\nIf-Match: W/\"2\"\r\n", "{}", -1, &r), 0);
  expect_error(&r, 412, "precondition_failed");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "PATCH", "/api/items/4",
                                 "Content-Type: application/json\r\nIf-Match: W/\"3\"\r\n", "{}", -1, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
}

static int counter_calls(fixture *fx, const char *path, const char *headers, int *status,
                         char *etag, size_t etag_size) {
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "GET", path, headers, NULL, 0, &r), 0);
  *status = r.status;
  if (etag) snprintf(etag, etag_size, "%s", httpc_header(&r, "ETag"));
  int calls = r.status == 200 ? (int)json_integer_value(json_object_get(httpc_json(&r), "calls")) : -1;
  httpc_free(&r);
  return calls;
}

static void test_cache_and_generation(void **state) {
  fixture *fx = *state;
  int status;
  char etag[64], hdr[128];
  int first = counter_calls(fx, "/api/counter?b=2&a=1", NULL, &status, etag, sizeof etag);
  assert_int_equal(status, 200);
  /* same URL with arguments reordered: served from the cache */
  assert_int_equal(counter_calls(fx, "/api/counter?a=1&b=2", NULL, &status, NULL, 0), first);
  assert_int_equal(fx->app.counter_calls, first);
  /* conditional GET answered from the cache */
  snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
  counter_calls(fx, "/api/counter?a=1&b=2", hdr, &status, NULL, 0);
  assert_int_equal(status, 304);
  assert_int_equal(fx->app.counter_calls, first);
  /* another scope key is another entry */
  int other = counter_calls(fx, "/api/counter?a=1&b=2", "X-Test-Scope: unit:9\r\n", &status, NULL, 0);
  assert_int_equal(other, first + 1);
  /* a write (new generation) invalidates: the handler runs again, new ETag */
  fx->app.generation++;
  char etag2[64];
  int after = counter_calls(fx, "/api/counter?a=1&b=2", hdr, &status, etag2, sizeof etag2);
  assert_int_equal(status, 200);
  assert_int_equal(after, first + 2);
  assert_string_not_equal(etag, etag2);
}

static void test_static_files(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/", &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(httpc_header(&r, "Content-Type"), "text/html; charset=utf-8");
  assert_string_equal(httpc_header(&r, "Cache-Control"), "no-cache");
  assert_non_null(httpc_header(&r, "Content-Security-Policy"));
  assert_non_null(strstr(r.body, "<title>nq57</title>"));
  httpc_free(&r);

  assert_int_equal(httpc_get(fx->port, "/assets/app-1a2b.js", &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(httpc_header(&r, "Content-Type"), "text/javascript; charset=utf-8");
  assert_non_null(strstr(httpc_header(&r, "Cache-Control"), "immutable"));
  char etag[64], hdr[128];
  snprintf(etag, sizeof etag, "%s", httpc_header(&r, "ETag"));
  httpc_free(&r);
  snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
  assert_int_equal(httpc_request(fx->port, "GET", "/assets/app-1a2b.js", hdr, NULL, 0, &r), 0);
  assert_int_equal(r.status, 304);
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/assets/app-1a2b.css", &r), 0);
  assert_string_equal(httpc_header(&r, "Content-Type"), "text/css; charset=utf-8");
  httpc_free(&r);

  /* client-side routes fall back to index.html; missing assets do not */
  assert_int_equal(httpc_get(fx->port, "/plans/3/tasks", &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "<title>nq57</title>"));
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/assets/app-old.js", &r), 0);
  assert_int_equal(r.status, 404);
  httpc_free(&r);
}

static void test_static_traversal(void **state) {
  fixture *fx = *state;
  static const char *attempts[] = {
    "GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /assets/../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /assets/%2E%2E%2F%2E%2E%2Fsecret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /%252e%252e/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /..%5c..%5csecret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /leak.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /index.html%00.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
    httpc_resp r;
    assert_int_equal(httpc_raw(fx->port, attempts[i], strlen(attempts[i]), &r), 0);
    if (strstr(r.raw + 0, "TOP-SECRET") || (r.body && strstr(r.body, "TOP-SECRET")))
      fail_msg("attempt %zu leaked the file outside the root: %s", i, attempts[i]);
    /* either refused outright or answered with the app shell */
    if (r.status == 200) assert_non_null(strstr(r.body, "<title>nq57</title>"));
    else assert_true(r.status == 400 || r.status == 404);
    httpc_free(&r);
  }
}

/* 1,000 clients at once, each with a request in flight: all answered. */
static void test_many_connections(void **state) {
  fixture *fx = *state;
  struct rlimit rl;
  assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  int n = rl.rlim_cur >= 2200 ? 1000 : (int)rl.rlim_cur / 2 - 50;
  int *fds = calloc((size_t)n, sizeof *fds);
  const char req[] = "GET /api/echo/many HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < n; i++) {
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fds[i] >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(fx->port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fds[i], (struct sockaddr *)&sa, sizeof sa), 0);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  for (int i = 0; i < n; i++)
    assert_int_equal(send(fds[i], req, sizeof req - 1, MSG_NOSIGNAL), (ssize_t)(sizeof req - 1));
  int ok = 0;
  for (int i = 0; i < n; i++) {
    char buf[4096];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof buf - 1 && (got = recv(fds[i], buf + len, sizeof buf - 1 - len, 0)) > 0)
      len += (size_t)got;
    buf[len] = '\0';
    if (strncmp(buf, "HTTP/1.1 200", 12) == 0 && strstr(buf, "\"many\"")) ok++;
    close(fds[i]);
  }
  free(fds);
  assert_int_equal(ok, n);
}

typedef struct slow_call {
  uint16_t port;
  int status;
} slow_call;

static void *call_slow(void *arg) {
  slow_call *c = arg;
  httpc_resp r;
  c->status = httpc_get(c->port, "/api/slow", &r) == 0 ? r.status : -1;
  httpc_free(&r);
  return NULL;
}

typedef struct get_call {
  uint16_t port;
  const char *path;
  int status;
} get_call;

static void *call_get(void *arg) {
  get_call *c = arg;
  httpc_resp r;
  c->status = httpc_get(c->port, c->path, &r) == 0 ? r.status : -1;
  httpc_free(&r);
  return NULL;
}

/* Identical misses arriving together run the handler once. */
static void test_cache_single_flight(void **state) {
  fixture *fx = *state;
  enum { N = 6 };
  pthread_t t[N];
  get_call c[N];
  for (int i = 0; i < N; i++) {
    c[i] = (get_call){fx->port, "/api/slow-counter", 0};
    pthread_create(&t[i], NULL, call_get, &c[i]);
  }
  for (int i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(c[i].status, 200);
  }
  assert_int_equal(fx->app.slow_counter_calls, 1);
}

/* A handler that takes long holds up no other request, even with one MHD
** thread: the static file, a cached answer and another handler's answer
** all arrive while it still runs (handlers run on the worker pool). */
static void test_slow_handler_blocks_nothing(void **state) {
  (void)state;
  test_app app = {0};
  pthread_mutex_init(&app.gate_mu, NULL);
  pthread_cond_init(&app.gate_cv, NULL);
  char dir[] = "/tmp/nq57-http-gate-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char page[96];
  snprintf(page, sizeof page, "%s/index.html", dir);
  write_file(page, "<!doctype html><title>nq57</title>");
  nq_http_config cfg = {.routes = routes, .route_count = sizeof routes / sizeof routes[0],
                        .app = &app, .threads = 1, .web_root = dir,
                        .generation = test_generation};
  nq_http_server *srv;
  nq_err err = {0};
  assert_int_equal(nq_http_start(&srv, &cfg, &err), NQ_OK);
  uint16_t port = nq_http_port(srv);
  httpc_resp r;
  assert_int_equal(httpc_get(port, "/api/counter", &r), 0); /* now cached */
  httpc_free(&r);

  get_call slow = {port, "/api/gate", 0};
  pthread_t t;
  pthread_create(&t, NULL, call_get, &slow);
  pthread_mutex_lock(&app.gate_mu);
  while (!app.gate_entered) pthread_cond_wait(&app.gate_cv, &app.gate_mu);
  pthread_mutex_unlock(&app.gate_mu);

  static const char *const quick[] = {"/", "/api/counter", "/api/echo/x"};
  for (size_t i = 0; i < sizeof quick / sizeof quick[0]; i++) {
    assert_int_equal(httpc_get(port, quick[i], &r), 0);
    assert_int_equal(r.status, 200);
    httpc_free(&r);
    pthread_mutex_lock(&app.gate_mu);
    int left = app.gate_left;
    pthread_mutex_unlock(&app.gate_mu);
    if (left) fail_msg("%s waited for the slow handler", quick[i]);
  }
  pthread_mutex_lock(&app.gate_mu);
  app.gate_open = 1;
  pthread_cond_broadcast(&app.gate_cv);
  pthread_mutex_unlock(&app.gate_mu);
  pthread_join(t, NULL);
  assert_int_equal(slow.status, 200);
  nq_http_stop(srv, 1000);
  unlink(page);
  rmdir(dir);
  pthread_mutex_destroy(&app.gate_mu);
  pthread_cond_destroy(&app.gate_cv);
}

/* Stopping lets the in-flight request finish, then refuses connections. */
static void test_graceful_stop(void **state) {
  (void)state;
  test_app app = {0};
  nq_http_config cfg = {.routes = routes, .route_count = sizeof routes / sizeof routes[0],
                        .app = &app, .threads = 2};
  nq_http_server *srv;
  nq_err err = {0};
  assert_int_equal(nq_http_start(&srv, &cfg, &err), NQ_OK);
  slow_call c = {nq_http_port(srv), 0};
  pthread_t t;
  pthread_create(&t, NULL, call_slow, &c);
  for (int i = 0; i < 200 && nq_http_in_flight(srv) == 0; i++) usleep(5000);
  assert_int_equal(nq_http_in_flight(srv), 1);
  nq_http_stop(srv, 5000);
  pthread_join(t, NULL);
  assert_int_equal(c.status, 200);
  httpc_resp r;
  assert_int_equal(httpc_get(c.port, "/api/slow", &r), -1);
  httpc_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_route_params_and_headers),
    cmocka_unit_test(test_keep_alive),
    cmocka_unit_test(test_not_found_and_method),
    cmocka_unit_test(test_query_validation),
    cmocka_unit_test(test_json_body_checks),
    cmocka_unit_test(test_authorize_hook),
    cmocka_unit_test(test_etag_and_if_match),
    cmocka_unit_test(test_cache_and_generation),
    cmocka_unit_test(test_static_files),
    cmocka_unit_test(test_static_traversal),
    cmocka_unit_test(test_cache_single_flight),
    cmocka_unit_test(test_many_connections),
    cmocka_unit_test(test_slow_handler_blocks_nothing),
    cmocka_unit_test(test_graceful_stop),
  };
  return cmocka_run_group_tests_name("http-server", tests, setup, teardown);
}
