/*
** crypto.c: password hashing and tokens over libsodium; see crypto.h.
*/
#include "auth/crypto.h"

#include <sodium.h>
#include <string.h>

#include "core/vntext.h"

const nq_pwhash_cost NQ_PWHASH_DEFAULT = {3, 64u << 20};

/* An argon2id hash of a password nobody knows, made with the default cost,
** so that verifying against it costs what a real verification costs. */
static const char dummy_hash[] =
  "$argon2id$v=19$m=65536,t=3,p=1$O3rx6R9SFicvxyv4WwghnA$"
  "y+xZTjcCD1DxMq4GvGvdMu7upfrimGOFtbO+3DKPWGA";

nq_code nq_auth_init(nq_err *err) {
  /* sodium_init returns 1 when already initialised: not an error. */
  if (sodium_init() < 0)
    return nq_fail(err, NQ_EINTERNAL, "không khởi tạo được thư viện mật mã libsodium");
  return NQ_OK;
}

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

nq_code nq_password_check_strength(const char *password, nq_err *err) {
  if (!password) return nq_fail(err, NQ_EINVAL, "thiếu mật khẩu");
  size_t len = strlen(password);
  if (len > NQ_PASSWORD_MAX)
    return nq_fail(err, NQ_EINVAL, "mật khẩu dài quá %d byte", NQ_PASSWORD_MAX);
  if (!vn_valid_utf8(password, len))
    return nq_fail(err, NQ_EINVAL, "mật khẩu không phải văn bản UTF-8 hợp lệ");
  if (utf8_chars(password) < NQ_PASSWORD_MIN_CHARS)
    return nq_fail(err, NQ_EINVAL, "mật khẩu phải có ít nhất %d ký tự",
                   NQ_PASSWORD_MIN_CHARS);
  return NQ_OK;
}

nq_code nq_password_hash(const char *password, const nq_pwhash_cost *cost,
                         char out[NQ_PWHASH_STRBYTES], nq_err *err) {
  _Static_assert(NQ_PWHASH_STRBYTES >= crypto_pwhash_STRBYTES, "hash buffer too small");
  if (!cost) cost = &NQ_PWHASH_DEFAULT;
  size_t len = strlen(password);
  if (len > NQ_PASSWORD_MAX)
    return nq_fail(err, NQ_EINVAL, "mật khẩu dài quá %d byte", NQ_PASSWORD_MAX);
  if (crypto_pwhash_str_alg(out, password, len, cost->ops, cost->mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return nq_fail(err, NQ_ENOMEM, "không đủ bộ nhớ để băm mật khẩu");
  return NQ_OK;
}

bool nq_password_verify(const char *stored_hash, const char *password) {
  if (!stored_hash || !password) return false;
  size_t len = strlen(password);
  if (len > NQ_PASSWORD_MAX) return false;
  /* Only argon2id hashes are ever written; refuse anything else rather than
  ** let a tampered row downgrade to a weaker algorithm. */
  if (strncmp(stored_hash, "$argon2id$", 10) != 0) return false;
  /* libsodium declares the hash as a crypto_pwhash_STRBYTES array: give it
  ** one, so no shorter string is ever read past its end. */
  char str[crypto_pwhash_STRBYTES] = {0};
  size_t n = strlen(stored_hash);
  if (n >= sizeof str) return false;
  memcpy(str, stored_hash, n);
  return crypto_pwhash_str_verify(str, password, len) == 0;
}

void nq_password_verify_dummy(const char *password) {
  (void)nq_password_verify(dummy_hash, password ? password : "");
}

bool nq_password_needs_rehash(const char *stored_hash, const nq_pwhash_cost *cost) {
  if (!cost) cost = &NQ_PWHASH_DEFAULT;
  return crypto_pwhash_str_needs_rehash(stored_hash, cost->ops, cost->mem) != 0;
}

/* ---- tokens ------------------------------------------------------------- */

void nq_token_new(const char *prefix, char out[NQ_TOKEN_STR_MAX]) {
  unsigned char raw[NQ_TOKEN_BYTES];
  randombytes_buf(raw, sizeof raw);
  size_t plen = prefix ? strlen(prefix) : 0;
  if (plen) memcpy(out, prefix, plen);
  sodium_bin2base64(out + plen, NQ_TOKEN_STR_MAX - plen, raw, sizeof raw,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
}

void nq_token_hash(const char *token, char out[NQ_TOKEN_HASH_HEX]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
  sodium_bin2hex(out, NQ_TOKEN_HASH_HEX, h, sizeof h);
}

static bool is_b64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

bool nq_token_well_formed(const char *token, const char *prefix) {
  if (!token) return false;
  size_t plen = prefix ? strlen(prefix) : 0;
  if (plen && strncmp(token, prefix, plen) != 0) return false;
  const char *b = token + plen;
  size_t n = 0;
  for (; b[n]; n++)
    if (n >= NQ_TOKEN_B64_LEN || !is_b64url(b[n])) return false;
  return n == NQ_TOKEN_B64_LEN;
}

void nq_token_derive(const char *token, const char *purpose, char out[NQ_TOKEN_STR_MAX]) {
  unsigned char key[crypto_generichash_KEYBYTES];
  unsigned char h[NQ_TOKEN_BYTES];
  /* Key the hash with a digest of the token so any token length works. */
  crypto_generichash(key, sizeof key, (const unsigned char *)token, strlen(token), NULL, 0);
  crypto_generichash(h, sizeof h, (const unsigned char *)purpose, strlen(purpose),
                     key, sizeof key);
  sodium_bin2base64(out, NQ_TOKEN_STR_MAX, h, sizeof h,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(key, sizeof key);
}

bool nq_secret_equal(const char *a, const char *b) {
  if (!a || !b) return false;
  size_t la = strlen(a), lb = strlen(b);
  if (la != lb) return false;
  return sodium_memcmp(a, b, la) == 0;
}
