/* test_api_imports.c: POST /api/imports on a real server over a real
** socket: a DOCX upload comes back as plan JSON; junk and empty bodies get
** the API's one error shape with a Vietnamese message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/api.h"
#include "http/server.h"
#include "httpc.h"

typedef struct fixture {
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  fx->api = (nq_api){.store = NULL, .version = "test"};
  nq_http_config cfg = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                        .app = &fx->api, .generation = NULL};
  nq_err err = {0};
  if (nq_http_start(&fx->srv, &cfg, &err) != NQ_OK) fail_msg("start: %s", err.msg);
  fx->port = nq_http_port(fx->srv);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_http_stop(fx->srv, 2000);
  free(fx);
  return 0;
}

static char *slurp(const char *rel, size_t *len) {
  char path[1024];
  const char *root = getenv("NQ57_SOURCE_ROOT");
  snprintf(path, sizeof path, "%s/%s", root ? root : ".", rel);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *d = malloc((size_t)n + 1);
  assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return d;
}

static void test_docx_upload(void **state) {
  fixture *fx = *state;
  size_t len;
  char *docx = slurp("tests/fixtures/plan003.docx", &len);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports?name=ke-hoach.docx",
                                 "Content-Type: application/octet-stream\r\n", docx, (ssize_t)len, &r), 0);
  assert_int_equal(r.status, 200);
  json_t *j = httpc_json(&r);
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(j, "source")), "ke-hoach.docx");
  json_t *plan = json_object_get(j, "plan");
  assert_string_equal(json_string_value(json_object_get(plan, "issuer")), "Ủy ban nhân dân tỉnh An Giang");
  assert_int_equal(json_array_size(json_object_get(j, "tasks")), 43);
  httpc_free(&r);
  free(docx);
}

static void test_bad_uploads(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports", NULL, "", 0, &r), 0);
  assert_int_equal(r.status, 400);
  assert_string_equal(json_string_value(json_object_get(httpc_json(&r), "error")), "invalid");
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports?name=x.txt", NULL, "\xff\xfeK\0a\0", 6, &r), 0);
  assert_int_equal(r.status, 415);
  assert_non_null(strstr(json_string_value(json_object_get(httpc_json(&r), "message")), "UTF-16"));
  httpc_free(&r);
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports?nmae=x", NULL, "abc", 3, &r), 0);
  assert_int_equal(r.status, 400);
  httpc_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_docx_upload),
    cmocka_unit_test(test_bad_uploads),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
