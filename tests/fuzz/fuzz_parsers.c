/*
** fuzz_parsers.c: libFuzzer harness for what nq57 reads from untrusted
** text without a network: plan JSON validation and normalisation (the body
** of POST /api/plans and of imports), the route matcher, and the
** authentication parsers (Cookie header, bearer token, token scopes, login
** names, CSRF check). The first byte picks the target; the rest is input.
*/
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/accounts.h"
#include "auth/apitoken.h"
#include "auth/crypto.h"
#include "auth/session.h"
#include "core/planjson.h"
#include "http/api.h"
#include "http/router.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  nq_err err;
  return nq_auth_init(&err) == NQ_OK ? 0 : 1;
}

static void fuzz_plan_json(const char *text, size_t len) {
  json_error_t jerr;
  json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!doc) return;
  nq_err err;
  (void)nq_plan_validate(doc, &err);
  json_t *norm = NULL;
  if (nq_planjson_normalize(doc, &norm, &err) == NQ_OK) {
    /* a normalised plan must itself be valid and normalise to itself */
    if (nq_plan_validate(norm, &err) != NQ_OK) abort();
    json_t *again = NULL;
    if (nq_planjson_normalize(norm, &again, &err) != NQ_OK || !json_equal(norm, again)) abort();
    json_decref(again);
  }
  json_decref(norm);
  json_decref(doc);
}

static void fuzz_route(const char *text) {
  static const char *const methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"};
  nq_route_match m;
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    nq_route_find(nq_api_routes, nq_api_route_count, methods[i], text, &m);
    if (m.route && m.nparams > 8) abort();
    nq_route_match_clear(&m);
  }
}

static void fuzz_auth(const char *text) {
  char out[NQ_TOKEN_STR_MAX], login[NQ_LOGIN_MAX + 1], v[128];
  nq_err err;
  if (nq_cookie_find(text, NQ_SESSION_COOKIE, v, sizeof v) && strlen(v) >= sizeof v) abort();
  if (nq_bearer_token(text, out) && !nq_token_well_formed(out, NQ_API_TOKEN_PREFIX)) abort();
  unsigned set;
  if (nq_actions_parse(text, &set, &err) == NQ_OK && (set == 0 || set > NQ_ACTION_ALL)) abort();
  if (nq_login_normalize(text, login, &err) == NQ_OK && strlen(login) > NQ_LOGIN_MAX) abort();
  nq_csrf_request r = {"POST", "x", text, text, "localhost"};
  if (nq_csrf_check(&r, &err) == NQ_OK) abort(); /* a guess never passes */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 256 * 1024) return 0;
  char *text = malloc(size);
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  switch (data[0] % 3) {
  case 0: fuzz_plan_json(text, size - 1); break;
  case 1: fuzz_route(text); break;
  default: fuzz_auth(text); break;
  }
  free(text);
  return 0;
}
