/* test_crypto.c: password hashing, tokens and constant-time comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auth/crypto.h"

/* Cheap cost so the suite stays fast; one test uses the default. */
static const nq_pwhash_cost cheap = {1, 8u << 20};

static void test_hash_verify(void **state) {
  (void)state;
  char h[NQ_PWHASH_STRBYTES];
  nq_err err;
  assert_int_equal(nq_password_hash("mật khẩu dài đủ", &cheap, h, &err), NQ_OK);
  assert_true(strncmp(h, "$argon2id$", 10) == 0);
  assert_true(nq_password_verify(h, "mật khẩu dài đủ"));
  assert_false(nq_password_verify(h, "mật khẩu dài đủ "));
  assert_false(nq_password_verify(h, "mat khau dai du"));
  assert_false(nq_password_verify(h, ""));
  /* same password, different salt */
  char h2[NQ_PWHASH_STRBYTES];
  assert_int_equal(nq_password_hash("mật khẩu dài đủ", &cheap, h2, &err), NQ_OK);
  assert_string_not_equal(h, h2);
  /* costs other than the wanted ones ask for a rehash */
  assert_true(nq_password_needs_rehash(h, NULL));
  assert_false(nq_password_needs_rehash(h, &cheap));
}

static void test_default_cost(void **state) {
  (void)state;
  char h[NQ_PWHASH_STRBYTES];
  nq_err err;
  assert_int_equal(nq_password_hash("correct horse battery", NULL, h, &err), NQ_OK);
  assert_non_null(strstr(h, "m=65536,t=3"));
  assert_false(nq_password_needs_rehash(h, NULL));
  assert_true(nq_password_verify(h, "correct horse battery"));
  nq_password_verify_dummy("anything"); /* must not crash; never "succeeds" */
}

static void test_verify_rejects_garbage(void **state) {
  (void)state;
  assert_false(nq_password_verify("", "x"));
  assert_false(nq_password_verify(NULL, "x"));
  assert_false(nq_password_verify("plaintext-password", "plaintext-password"));
  /* a weaker algorithm is refused even when the hash is right */
  assert_false(nq_password_verify("$argon2i$v=19$m=8192,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x"));
}

static void test_strength(void **state) {
  (void)state;
  nq_err err;
  assert_int_equal(nq_password_check_strength("ngắn", &err), NQ_EINVAL);
  assert_non_null(strstr(err.msg, "ít nhất"));
  /* ten characters, more bytes: counted in characters */
  assert_int_equal(nq_password_check_strength("đđđđđđđđđđ", &err), NQ_OK);
  assert_int_equal(nq_password_check_strength("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5", &err),
                   NQ_EINVAL);
  char *longpw = malloc(NQ_PASSWORD_MAX + 2);
  memset(longpw, 'a', NQ_PASSWORD_MAX + 1);
  longpw[NQ_PASSWORD_MAX + 1] = '\0';
  assert_int_equal(nq_password_check_strength(longpw, &err), NQ_EINVAL);
  char h[NQ_PWHASH_STRBYTES];
  assert_int_equal(nq_password_hash(longpw, &cheap, h, &err), NQ_EINVAL);
  free(longpw);
}

static void test_tokens(void **state) {
  (void)state;
  char a[NQ_TOKEN_STR_MAX], b[NQ_TOKEN_STR_MAX];
  nq_token_new(NULL, a);
  nq_token_new(NULL, b);
  assert_int_equal(strlen(a), NQ_TOKEN_B64_LEN);
  assert_string_not_equal(a, b);
  assert_true(nq_token_well_formed(a, NULL));
  assert_false(nq_token_well_formed(a, NQ_API_TOKEN_PREFIX));
  nq_token_new(NQ_API_TOKEN_PREFIX, b);
  assert_int_equal(strlen(b), strlen(NQ_API_TOKEN_PREFIX) + NQ_TOKEN_B64_LEN);
  assert_true(nq_token_well_formed(b, NQ_API_TOKEN_PREFIX));
  assert_false(nq_token_well_formed("nq57_short", NQ_API_TOKEN_PREFIX));
  char bad[NQ_TOKEN_STR_MAX];
  strcpy(bad, a);
  bad[5] = '+'; /* not base64url */
  assert_false(nq_token_well_formed(bad, NULL));
  for (const char *p = a; *p; p++)
    assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));

  char ha[NQ_TOKEN_HASH_HEX], ha2[NQ_TOKEN_HASH_HEX], hb[NQ_TOKEN_HASH_HEX];
  nq_token_hash(a, ha);
  nq_token_hash(a, ha2);
  nq_token_hash(b, hb);
  assert_int_equal(strlen(ha), 64);
  assert_string_equal(ha, ha2);
  assert_string_not_equal(ha, hb);
  assert_null(strstr(ha, a)); /* the stored form does not contain the token */

  char d1[NQ_TOKEN_STR_MAX], d2[NQ_TOKEN_STR_MAX], d3[NQ_TOKEN_STR_MAX];
  nq_token_derive(a, "csrf", d1);
  nq_token_derive(a, "csrf", d2);
  nq_token_derive(a, "other", d3);
  assert_string_equal(d1, d2);
  assert_string_not_equal(d1, d3);
  assert_string_not_equal(d1, a);
}

static void test_secret_equal(void **state) {
  (void)state;
  assert_true(nq_secret_equal("abc", "abc"));
  assert_false(nq_secret_equal("abc", "abd"));
  assert_false(nq_secret_equal("abc", "abcd"));
  assert_false(nq_secret_equal(NULL, "abc"));
  assert_true(nq_secret_equal("", ""));
}

int main(void) {
  nq_err err;
  if (nq_auth_init(&err) != NQ_OK) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_hash_verify),
    cmocka_unit_test(test_default_cost),
    cmocka_unit_test(test_verify_rejects_garbage),
    cmocka_unit_test(test_strength),
    cmocka_unit_test(test_tokens),
    cmocka_unit_test(test_secret_equal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
