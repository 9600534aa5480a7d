/* test_api_imports.c: import drafts over a real server, real socket and a
** real SQLite file: an upload becomes a draft with the document's text and
** plan JSON; the plan is corrected under If-Match (412 stale, 428 absent,
** 422 naming the JSON path), published once (409 after, and 409 for a
** second plan with the same number), and shows up in /api/plans with the
** correction. A scan is read on the worker thread with page progress; a
** draft left processing by a stopped server becomes failed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/vntext.h"
#include "http/api.h"
#include "http/server.h"
#include "httpc.h"
#include "store/store_imports.h"

typedef struct fixture {
  char dir[64];
  nq_store *store;
  nq_import_models *models;
  nq_api api;
  nq_http_server *srv;
  uint16_t port;
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  snprintf(fx->dir, sizeof fx->dir, "/tmp/nq57-drafts-XXXXXX");
  if (!mkdtemp(fx->dir)) fail_msg("mkdtemp");
  char db[128];
  snprintf(db, sizeof db, "%s/t.db", fx->dir);
  nq_err err = {0};
  static const nq_actor setup_actor = {0, "test", "test"};
  if (nq_store_open(&fx->store, db, &err) != NQ_OK) fail_msg("open: %s", err.msg);
  if (nq_store_seed_agencies(fx->store, &setup_actor, &err) != NQ_OK) fail_msg("seed: %s", err.msg);
  fx->models = nq_import_models_new();
  nq_import_jobs *jobs;
  if (nq_import_jobs_start(&jobs, fx->store, fx->models, &err) != NQ_OK) fail_msg("jobs: %s", err.msg);
  fx->api = (nq_api){.store = fx->store, .version = "test", .import_models = fx->models,
                     .import_jobs = jobs};
  nq_http_config cfg = {.threads = 2, .routes = nq_api_routes, .route_count = nq_api_route_count,
                        .app = &fx->api, .generation = NULL};
  if (nq_http_start(&fx->srv, &cfg, &err) != NQ_OK) fail_msg("start: %s", err.msg);
  fx->port = nq_http_port(fx->srv);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  nq_http_stop(fx->srv, 2000);
  nq_import_jobs_stop(fx->api.import_jobs);
  nq_import_models_free(fx->models);
  nq_store_close(fx->store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", fx->dir);
  if (system(cmd) != 0) fail_msg("cleanup");
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
  d[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return d;
}

static const char seed003[] = "data/seeds/003_88546ef2206df04c.txt";

/* Upload a file; returns the response's draft id (0 if none). */
static int64_t upload(fixture *fx, const char *rel, const char *name, int want_status) {
  size_t len;
  char *data = slurp(rel, &len);
  char path[128];
  snprintf(path, sizeof path, "/api/imports?name=%s", name);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", path, "Content-Type: application/octet-stream\r\n",
                                 data, (ssize_t)len, &r), 0);
  if (r.status != want_status) fail_msg("upload %s: %d %s", rel, r.status, r.body);
  int64_t id = json_integer_value(json_object_get(httpc_json(&r), "id"));
  httpc_free(&r);
  free(data);
  return id;
}

static json_t *get_draft(fixture *fx, int64_t id) {
  char path[64];
  snprintf(path, sizeof path, "/api/imports/%lld", (long long)id);
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, path, &r), 0);
  assert_int_equal(r.status, 200);
  json_t *d = json_incref(httpc_json(&r));
  httpc_free(&r);
  return d;
}

/* PUT plan with If-Match W/"version" (version < 0: no If-Match). */
static int put_plan(fixture *fx, int64_t id, json_t *plan, int64_t version, char *msg, size_t msg_size) {
  char path[64], hdr[96] = "";
  snprintf(path, sizeof path, "/api/imports/%lld", (long long)id);
  if (version >= 0)
    snprintf(hdr, sizeof hdr, "Content-Type: application/json\r\nIf-Match: W/\"%lld\"\r\n", (long long)version);
  else
    snprintf(hdr, sizeof hdr, "Content-Type: application/json\r\n");
  char *body = json_dumps(plan, JSON_COMPACT);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "PUT", path, hdr, body, -1, &r), 0);
  free(body);
  int status = r.status;
  if (msg) snprintf(msg, msg_size, "%s", httpc_json_str(&r, "message") ? httpc_json_str(&r, "message") : "");
  httpc_free(&r);
  return status;
}

static int publish(fixture *fx, int64_t id, int64_t *plan_id) {
  char path[64];
  snprintf(path, sizeof path, "/api/imports/%lld/publish", (long long)id);
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", path, NULL, NULL, 0, &r), 0);
  int status = r.status;
  if (plan_id) *plan_id = json_integer_value(json_object_get(httpc_json(&r), "id"));
  httpc_free(&r);
  return status;
}

/* The reviewer's correction: a lead agency for the first task, a number. */
static json_t *corrected(json_t *draft) {
  json_t *plan = json_deep_copy(json_object_get(draft, "plan"));
  json_t *task = json_array_get(json_object_get(plan, "tasks"), 0);
  json_object_set_new(task, "lead", json_pack("[s]", "Sở Tư pháp"));
  json_object_set_new(json_object_get(plan, "plan"), "number", json_string("99-KH/UBND"));
  return plan;
}

static void test_draft_review_publish(void **state) {
  fixture *fx = *state;
  int64_t id = upload(fx, seed003, "ke-hoach-003.txt", 201);
  assert_true(id > 0);

  json_t *d = get_draft(fx, id);
  assert_string_equal(json_string_value(json_object_get(d, "state")), "ready");
  assert_int_equal(json_integer_value(json_object_get(d, "version")), 1);
  assert_string_equal(json_string_value(json_object_get(d, "file_name")), "ke-hoach-003.txt");
  assert_string_equal(json_string_value(json_object_get(d, "media_type")), "text/plain");
  size_t len;
  char *text = slurp(seed003, &len);
  assert_string_equal(json_string_value(json_object_get(d, "source_text")), text);
  free(text);
  assert_int_equal(json_array_size(json_object_get(json_object_get(d, "plan"), "tasks")), 43);
  assert_true(json_is_array(json_object_get(d, "agencies")));

  /* the list shows it, without the heavy fields */
  httpc_resp r;
  assert_int_equal(httpc_get(fx->port, "/api/imports", &r), 0);
  assert_int_equal(r.status, 200);
  json_t *first = json_array_get(json_object_get(httpc_json(&r), "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(first, "id")), id);
  assert_null(json_object_get(first, "source_text"));
  httpc_free(&r);

  json_t *fixed = corrected(d);
  char msg[512];
  assert_int_equal(put_plan(fx, id, fixed, -1, msg, sizeof msg), 428);
  assert_int_equal(put_plan(fx, id, fixed, 1, msg, sizeof msg), 200);
  assert_int_equal(put_plan(fx, id, fixed, 1, msg, sizeof msg), 412);   /* stale */
  assert_non_null(strstr(msg, "phiên bản"));

  /* a bad date is refused with the JSON path of the fault */
  json_t *bad = json_deep_copy(fixed);
  json_t *t3 = json_array_get(json_object_get(bad, "tasks"), 3);
  json_object_set_new(t3, "schedule", json_pack("{s:s,s:n,s:s}", "kind", "once", "start", "due", "2025-13-01"));
  assert_int_equal(put_plan(fx, id, bad, 2, msg, sizeof msg), 422);
  assert_non_null(strstr(msg, "tasks[3].schedule"));
  json_decref(bad);

  int64_t plan_id = 0;
  assert_int_equal(publish(fx, id, &plan_id), 201);
  assert_true(plan_id > 0);
  assert_int_equal(publish(fx, id, NULL), 409);   /* twice */

  json_t *after = get_draft(fx, id);
  assert_string_equal(json_string_value(json_object_get(after, "state")), "published");
  assert_int_equal(json_integer_value(json_object_get(after, "plan_id")), plan_id);
  json_decref(after);

  /* the plan carries the correction */
  assert_int_equal(httpc_get(fx->port, "/api/plans", &r), 0);
  bool listed = false;
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(httpc_json(&r), "items"), i, p) {
    if (json_integer_value(json_object_get(p, "id")) == plan_id) {
      listed = true;
      assert_string_equal(json_string_value(json_object_get(p, "number")), "99-KH/UBND");
    }
  }
  assert_true(listed);
  httpc_free(&r);
  char path[64];
  snprintf(path, sizeof path, "/api/plans/%lld/export", (long long)plan_id);
  assert_int_equal(httpc_get(fx->port, path, &r), 0);
  assert_int_equal(r.status, 200);
  json_t *lead = json_object_get(json_array_get(json_object_get(httpc_json(&r), "tasks"), 0), "lead");
  assert_int_equal(json_array_size(lead), 1);
  assert_string_equal(json_string_value(json_array_get(lead, 0)), "Sở Tư pháp");
  httpc_free(&r);

  /* a published draft stays as the record */
  snprintf(path, sizeof path, "/api/imports/%lld", (long long)id);
  assert_int_equal(httpc_request(fx->port, "DELETE", path, NULL, NULL, 0, &r), 0);
  assert_int_equal(r.status, 409);
  httpc_free(&r);

  /* the same plan again: publishing would duplicate its number */
  int64_t again = upload(fx, seed003, "ban-sao.txt", 201);
  json_t *d2 = get_draft(fx, again);
  json_t *fixed2 = corrected(d2);
  assert_int_equal(put_plan(fx, again, fixed2, 1, msg, sizeof msg), 200);
  assert_int_equal(publish(fx, again, NULL), 409);
  snprintf(path, sizeof path, "/api/imports/%lld", (long long)again);
  assert_int_equal(httpc_request(fx->port, "DELETE", path, NULL, NULL, 0, &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, path, &r), 0);
  assert_int_equal(r.status, 404);
  httpc_free(&r);
  json_decref(fixed2);
  json_decref(d2);
  json_decref(fixed);
  json_decref(d);
}

static void test_docx_upload(void **state) {
  fixture *fx = *state;
  int64_t id = upload(fx, "tests/fixtures/plan003.docx", "ke-hoach.docx", 201);
  json_t *d = get_draft(fx, id);
  json_t *plan = json_object_get(d, "plan");
  assert_string_equal(json_string_value(json_object_get(plan, "source")), "ke-hoach.docx");
  assert_string_equal(json_string_value(json_object_get(json_object_get(plan, "plan"), "issuer")),
                      "Ủy ban nhân dân tỉnh An Giang");
  assert_int_equal(json_array_size(json_object_get(plan, "tasks")), 43);
  assert_non_null(strstr(json_string_value(json_object_get(d, "source_text")), "Ủy ban nhân dân"));
  json_decref(d);
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
  /* a ZIP that is no DOCX: refused, and no draft is left behind */
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports?name=a.zip", NULL,
                                 "PK\x03\x04junkjunkjunk", 16, &r), 0);
  assert_int_equal(r.status, 415);
  assert_non_null(strstr(json_string_value(json_object_get(httpc_json(&r), "message")), "DOCX"));
  httpc_free(&r);
  assert_int_equal(httpc_get(fx->port, "/api/imports", &r), 0);
  json_t *items = json_object_get(httpc_json(&r), "items");
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it)
    assert_string_not_equal(json_string_value(json_object_get(it, "file_name")), "a.zip");
  httpc_free(&r);
  /* a browser form instead of the file's bytes */
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports?name=x.txt",
                                 "Content-Type: multipart/form-data; boundary=b\r\n",
                                 "--b\r\n\r\nabc\r\n--b--\r\n", -1, &r), 0);
  assert_int_equal(r.status, 415);
  httpc_free(&r);
  /* a draft that is not there */
  assert_int_equal(httpc_get(fx->port, "/api/imports/999999", &r), 0);
  assert_int_equal(r.status, 404);
  httpc_free(&r);
}

/* Poll a draft as a client would until it leaves "processing" (2 min). */
static json_t *wait_settled(fixture *fx, int64_t id) {
  json_t *d = NULL;
  for (int tries = 0; tries < 600; tries++) {
    json_decref(d);
    d = get_draft(fx, id);
    if (strcmp(json_string_value(json_object_get(d, "state")), "processing")) break;
    usleep(200 * 1000);
  }
  return d;
}

/* A broken PDF goes to the worker like any PDF and fails there, in Vietnamese. */
static void test_broken_pdf_fails(void **state) {
  fixture *fx = *state;
  httpc_resp r;
  assert_int_equal(httpc_request(fx->port, "POST", "/api/imports?name=hong.pdf", NULL,
                                 "%PDF-1.4\nkhông phải PDF thật\n", -1, &r), 0);
  assert_int_equal(r.status, 202);
  assert_string_equal(json_string_value(json_object_get(httpc_json(&r), "state")), "processing");
  int64_t id = json_integer_value(json_object_get(httpc_json(&r), "id"));
  httpc_free(&r);
  json_t *d = wait_settled(fx, id);
  assert_string_equal(json_string_value(json_object_get(d, "state")), "failed");
  const char *why = json_string_value(json_object_get(d, "error"));
  assert_non_null(why);
  assert_non_null(strstr(why, "PDF"));
  assert_true(vn_valid_utf8(why, strlen(why)));
  json_decref(d);
}

/* A scan is read in the background: 202 at once, then progress by page. */
static void test_scan_progress(void **state) {
  fixture *fx = *state;
  int64_t id = upload(fx, "tests/fixtures/plan003-page1.png", "trang1.png", 202);
  json_t *d = wait_settled(fx, id);
  assert_string_equal(json_string_value(json_object_get(d, "media_type")), "image/png");
  json_t *progress = json_object_get(d, "progress");
  assert_int_equal(json_integer_value(json_object_get(progress, "pages")), 1);
  assert_int_equal(json_integer_value(json_object_get(progress, "page")), 1);
  const char *state_name = json_string_value(json_object_get(d, "state"));
  if (strcmp(state_name, "ready"))
    fail_msg("scan draft %s: %s", state_name, json_string_value(json_object_get(d, "error")));
  assert_true(strlen(json_string_value(json_object_get(d, "source_text"))) > 200);
  json_decref(d);
}

/* What a server killed mid-OCR leaves is failed at the next start. */
static void test_interrupted_drafts_fail(void **state) {
  fixture *fx = *state;
  static const nq_actor who = {0, "test", "test"};
  nq_import_draft_new nd = {"quet.pdf", "application/pdf", 10, NULL, NULL};
  int64_t id = 0, count = 0;
  nq_err err = {0};
  assert_int_equal(nq_store_import_create(fx->store, &who, &nd, &id, &err), NQ_OK);
  assert_int_equal(nq_store_import_progress(fx->store, id, 2, 5, &err), NQ_OK);
  json_t *d = get_draft(fx, id);
  assert_string_equal(json_string_value(json_object_get(d, "state")), "processing");
  assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "progress"), "page")), 2);
  json_decref(d);
  assert_int_equal(nq_store_imports_fail_interrupted(fx->store, &who, &count, &err), NQ_OK);
  assert_int_equal(count, 1);
  d = get_draft(fx, id);
  assert_string_equal(json_string_value(json_object_get(d, "state")), "failed");
  assert_non_null(strstr(json_string_value(json_object_get(d, "error")), "Máy chủ đã dừng"));
  json_decref(d);
  /* a failed draft has nothing to publish */
  assert_int_equal(publish(fx, id, NULL), 409);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_draft_review_publish),
    cmocka_unit_test(test_docx_upload),
    cmocka_unit_test(test_bad_uploads),
    cmocka_unit_test(test_broken_pdf_fails),
    cmocka_unit_test(test_scan_progress),
    cmocka_unit_test(test_interrupted_drafts_fail),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
