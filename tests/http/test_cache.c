/*
** test_cache.c: the response cache on its own: bounded memory with LRU
** eviction, generation checks, and pinned entries outliving eviction
** (ASan would flag a use after free).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "http/cache.h"

static char body[4096];

static void put(nq_cache *c, const char *key, int64_t generation) {
  struct MHD_Response *ok =
    MHD_create_response_from_buffer(sizeof body, body, MHD_RESPMEM_PERSISTENT);
  struct MHD_Response *nm = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  nq_cache_put(c, key, generation, "\"tag\"", ok, nm, sizeof body);
}

static int has(nq_cache *c, const char *key, int64_t generation) {
  nq_cache_hit hit;
  if (!nq_cache_get(c, key, generation, &hit)) return 0;
  assert_string_equal(hit.etag, "\"tag\"");
  nq_cache_release(c, &hit);
  return 1;
}

static void test_lru_bound(void **state) {
  (void)state;
  const size_t budget = 64 * 1024;
  nq_cache *c = nq_cache_new(budget);
  char key[32];
  for (int i = 0; i < 40; i++) {
    snprintf(key, sizeof key, "/api/k%d", i);
    put(c, key, 1);
    if (i == 5) assert_true(has(c, "/api/k0", 1)); /* k0 becomes recent */
  }
  nq_cache_stats st;
  nq_cache_get_stats(c, &st);
  assert_true(st.bytes <= budget);
  assert_true(st.entries >= 8 && st.entries < 40);
  assert_true(has(c, "/api/k39", 1));
  assert_false(has(c, "/api/k1", 1));  /* least recently used: gone */
  nq_cache_free(c);
}

static void test_generation_and_pins(void **state) {
  (void)state;
  nq_cache *c = nq_cache_new(64 * 1024);
  put(c, "/api/a", 7);
  assert_false(has(c, "/api/a", 8)); /* another generation: stale, dropped */
  assert_false(has(c, "/api/a", 7));
  put(c, "/api/a", 8);
  nq_cache_hit pinned;
  assert_true(nq_cache_get(c, "/api/a", 8, &pinned));
  char key[32];
  for (int i = 0; i < 40; i++) { /* evicts /api/a while pinned */
    snprintf(key, sizeof key, "/api/other%d", i);
    put(c, key, 8);
  }
  assert_false(has(c, "/api/a", 8));
  assert_non_null(pinned.ok); /* still a live response until released */
  assert_string_equal(pinned.etag, "\"tag\"");
  nq_cache_release(c, &pinned);
  /* too big for a quarter of the budget: not kept */
  nq_cache *small = nq_cache_new(8 * 1024);
  put(small, "/api/big", 1);
  assert_false(has(small, "/api/big", 1));
  nq_cache_free(small);
  nq_cache_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lru_bound),
    cmocka_unit_test(test_generation_and_pins),
  };
  return cmocka_run_group_tests_name("http-cache", tests, NULL, NULL);
}
