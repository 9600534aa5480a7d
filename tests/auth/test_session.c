/* test_session.c: session expiry, cookies, CSRF checks and the login rate
** limiter (all with an explicit clock: no sleeping). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "auth/crypto.h"
#include "auth/ratelimit.h"
#include "auth/session.h"

static void test_lifetime(void **state) {
  (void)state;
  const nq_session_policy p = {1000, 100, 10};
  char tok[NQ_TOKEN_STR_MAX];
  nq_token_new(NULL, tok);
  nq_session s = nq_session_start(tok, 7, &p, 5000);
  char h[NQ_TOKEN_HASH_HEX];
  nq_token_hash(tok, h);
  assert_string_equal(s.id_hash, h);
  assert_int_equal(s.expires_at, 6000);
  assert_int_equal(nq_session_state_at(&s, &p, 5099), NQ_SESSION_VALID);
  assert_int_equal(nq_session_state_at(&s, &p, 5100), NQ_SESSION_IDLE);
  assert_false(nq_session_needs_touch(&s, &p, 5009));
  assert_true(nq_session_needs_touch(&s, &p, 5010));
  /* activity keeps it alive up to the absolute lifetime, not beyond */
  s.last_seen_at = 5950;
  assert_int_equal(nq_session_state_at(&s, &p, 5999), NQ_SESSION_VALID);
  assert_int_equal(nq_session_state_at(&s, &p, 6000), NQ_SESSION_EXPIRED);
  s.revoked_at = 5960;
  assert_int_equal(nq_session_state_at(&s, &p, 5970), NQ_SESSION_REVOKED);
  assert_non_null(strstr(nq_session_state_message(NQ_SESSION_IDLE), "đăng nhập lại"));
}

static void test_cookies(void **state) {
  (void)state;
  char c[NQ_COOKIE_MAX];
  nq_cookie_opts secure = {true}, dev = {false};
  nq_cookie_session(c, "TOKEN", 3600, &secure);
  assert_string_equal(c, "nq57_session=TOKEN; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
  nq_cookie_session(c, "TOKEN", 3600, &dev);
  assert_null(strstr(c, "Secure"));
  assert_non_null(strstr(c, "HttpOnly"));
  nq_cookie_session(c, "TOKEN", 0, &secure);
  assert_string_equal(c, "nq57_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
  nq_cookie_csrf(c, "CSRF", 60, &secure);
  assert_null(strstr(c, "HttpOnly"));
  assert_non_null(strstr(c, "SameSite=Strict"));

  char v[64];
  assert_true(nq_cookie_find("a=1; nq57_session=abc; b=2", "nq57_session", v, sizeof v));
  assert_string_equal(v, "abc");
  assert_true(nq_cookie_find("nq57_session=xyz", "nq57_session", v, sizeof v));
  assert_string_equal(v, "xyz");
  assert_false(nq_cookie_find("xnq57_session=abc", "nq57_session", v, sizeof v));
  assert_false(nq_cookie_find("nq57_session=", "nq57_session", v, sizeof v));
  assert_false(nq_cookie_find(NULL, "nq57_session", v, sizeof v));
  assert_false(nq_cookie_find("nq57_session=0123456789", "nq57_session", v, 5));
}

static void test_csrf(void **state) {
  (void)state;
  char tok[NQ_TOKEN_STR_MAX], csrf[NQ_TOKEN_STR_MAX], other[NQ_TOKEN_STR_MAX];
  nq_token_new(NULL, tok);
  nq_csrf_token(tok, csrf);
  nq_token_new(NULL, other);
  nq_csrf_token(other, other);
  nq_err err;
  nq_csrf_request r = {"POST", tok, csrf, "https://nq57.angiang.gov.vn", "nq57.angiang.gov.vn"};
  assert_int_equal(nq_csrf_check(&r, &err), NQ_OK);
  r.origin = NULL; /* some clients omit Origin: the token still decides */
  assert_int_equal(nq_csrf_check(&r, &err), NQ_OK);
  r.header_token = other;
  assert_int_equal(nq_csrf_check(&r, &err), NQ_EFORBIDDEN);
  r.header_token = NULL;
  assert_int_equal(nq_csrf_check(&r, &err), NQ_EFORBIDDEN);
  assert_non_null(strstr(err.msg, "X-CSRF-Token"));
  r.header_token = csrf;
  r.origin = "https://evil.example";
  assert_int_equal(nq_csrf_check(&r, &err), NQ_EFORBIDDEN);
  r.origin = "null";
  assert_int_equal(nq_csrf_check(&r, &err), NQ_EFORBIDDEN);
  r.origin = "http://localhost:8057";
  r.host = "localhost:8057";
  assert_int_equal(nq_csrf_check(&r, &err), NQ_OK);
  r.host = "localhost:9999";
  assert_int_equal(nq_csrf_check(&r, &err), NQ_EFORBIDDEN);
  /* reads never need it */
  nq_csrf_request get = {"GET", tok, NULL, "https://evil.example", "x"};
  assert_int_equal(nq_csrf_check(&get, &err), NQ_OK);
  nq_csrf_request del = {"DELETE", tok, NULL, NULL, "x"};
  assert_int_equal(nq_csrf_check(&del, &err), NQ_EFORBIDDEN);
}

static void test_ratelimit_login(void **state) {
  (void)state;
  nq_ratelimit_policy p = {3, 10, 600, 900, 64};
  nq_ratelimit *rl = nq_ratelimit_new(&p);
  int64_t t = 1000000, wait = -1;
  for (int i = 0; i < 2; i++) {
    assert_true(nq_ratelimit_allow(rl, "officer1", "10.0.0.1", t, &wait));
    nq_ratelimit_record(rl, "officer1", "10.0.0.1", false, t);
  }
  assert_true(nq_ratelimit_allow(rl, "officer1", "10.0.0.1", t, &wait));
  assert_int_equal(wait, 0);
  nq_ratelimit_record(rl, "OFFICER1", "10.0.0.2", false, t + 1); /* same login */
  /* locked from any address, until the lockout ends */
  assert_false(nq_ratelimit_allow(rl, "officer1", "10.0.0.9", t + 1, &wait));
  assert_int_equal(wait, 900);
  assert_false(nq_ratelimit_allow(rl, "Officer1", "10.0.0.9", t + 900, &wait));
  assert_int_equal(wait, 1);
  assert_true(nq_ratelimit_allow(rl, "officer1", "10.0.0.9", t + 901, &wait));
  /* another login is unaffected */
  assert_true(nq_ratelimit_allow(rl, "officer2", "10.0.0.9", t + 1, &wait));
  nq_ratelimit_free(rl);
}

static void test_ratelimit_window_and_success(void **state) {
  (void)state;
  nq_ratelimit_policy p = {3, 100, 600, 900, 64};
  nq_ratelimit *rl = nq_ratelimit_new(&p);
  int64_t t = 0;
  nq_ratelimit_record(rl, "u", "a", false, t);
  nq_ratelimit_record(rl, "u", "a", false, t + 10);
  /* the window has passed: counting starts again */
  nq_ratelimit_record(rl, "u", "a", false, t + 700);
  assert_true(nq_ratelimit_allow(rl, "u", "a", t + 700, NULL));
  nq_ratelimit_record(rl, "u", "a", false, t + 701);
  /* success clears the login's count */
  nq_ratelimit_record(rl, "u", "a", true, t + 702);
  nq_ratelimit_record(rl, "u", "a", false, t + 703);
  nq_ratelimit_record(rl, "u", "a", false, t + 704);
  assert_true(nq_ratelimit_allow(rl, "u", "a", t + 705, NULL));
  nq_ratelimit_record(rl, "u", "a", false, t + 705);
  assert_false(nq_ratelimit_allow(rl, "u", "a", t + 706, NULL));
  nq_ratelimit_free(rl);
}

static void test_ratelimit_address(void **state) {
  (void)state;
  nq_ratelimit_policy p = {100, 5, 600, 300, 64};
  nq_ratelimit *rl = nq_ratelimit_new(&p);
  char login[32];
  for (int i = 0; i < 5; i++) {
    snprintf(login, sizeof login, "user%d", i);
    assert_true(nq_ratelimit_allow(rl, login, "192.0.2.7", 50, NULL));
    nq_ratelimit_record(rl, login, "192.0.2.7", false, 50);
  }
  /* one address trying many logins is locked out, even with a new login */
  assert_false(nq_ratelimit_allow(rl, "fresh", "192.0.2.7", 51, NULL));
  /* a success at one of them does not unlock the address */
  nq_ratelimit_record(rl, "user0", "192.0.2.7", true, 52);
  assert_false(nq_ratelimit_allow(rl, "fresh", "192.0.2.7", 53, NULL));
  assert_true(nq_ratelimit_allow(rl, "fresh", "192.0.2.8", 53, NULL));
  nq_ratelimit_free(rl);
}

static void test_ratelimit_eviction_keeps_lockouts(void **state) {
  (void)state;
  nq_ratelimit_policy p = {2, 1000, 600, 900, 8};
  nq_ratelimit *rl = nq_ratelimit_new(&p);
  nq_ratelimit_record(rl, "victim", NULL, false, 0);
  nq_ratelimit_record(rl, "victim", NULL, false, 1);
  assert_false(nq_ratelimit_allow(rl, "victim", NULL, 2, NULL));
  /* flood the table with many other logins */
  char login[32];
  for (int i = 0; i < 100; i++) {
    snprintf(login, sizeof login, "flood%d", i);
    nq_ratelimit_record(rl, login, NULL, false, 3 + i);
  }
  assert_false(nq_ratelimit_allow(rl, "victim", NULL, 200, NULL));
  nq_ratelimit_free(rl);
}

int main(void) {
  nq_err err;
  if (nq_auth_init(&err) != NQ_OK) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lifetime),
    cmocka_unit_test(test_cookies),
    cmocka_unit_test(test_csrf),
    cmocka_unit_test(test_ratelimit_login),
    cmocka_unit_test(test_ratelimit_window_and_success),
    cmocka_unit_test(test_ratelimit_address),
    cmocka_unit_test(test_ratelimit_eviction_keeps_lockouts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
