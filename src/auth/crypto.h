/*
** crypto.h: the secrets nq57 handles: password hashes and bearer tokens.
**
** Passwords are stored only as argon2id strings (libsodium crypto_pwhash_str,
** which embeds salt and cost, so costs can rise later without a migration:
** nq_password_needs_rehash tells the login path when to upgrade a hash).
**
** Tokens (session cookies, API tokens) are 256 random bits written as
** base64url. The database keeps only their BLAKE2b hash (hex), so a stolen
** database or backup yields no usable credential; a token is looked up by
** that hash. API tokens carry a visible "nq57_" prefix so that secret
** scanners and humans recognise one pasted in the wrong place.
**
** nq_auth_init must run once (from main, before threads start) before any
** other function here; it is idempotent.
*/
#ifndef NQ_AUTH_CRYPTO_H
#define NQ_AUTH_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* Initialise libsodium (its RNG and CPU feature detection). */
nq_code nq_auth_init(nq_err *err);

/* argon2id cost. The default (3 passes over 64 MiB, ~0.1-0.3 s) follows the
** OWASP guidance while keeping a burst of officers logging in at a deadline
** within the memory of a small ward server. */
typedef struct nq_pwhash_cost {
  unsigned long long ops;
  size_t mem;            /* bytes */
} nq_pwhash_cost;

extern const nq_pwhash_cost NQ_PWHASH_DEFAULT;

/* Longest password accepted (bytes); shortest, in characters. */
#define NQ_PASSWORD_MAX 1024
#define NQ_PASSWORD_MIN_CHARS 10

/* Size of an encoded argon2id string, including the NUL. */
#define NQ_PWHASH_STRBYTES 128

/* Check a new password against the (Vietnamese-reported) rules: UTF-8,
** at least NQ_PASSWORD_MIN_CHARS characters, at most NQ_PASSWORD_MAX bytes. */
nq_code nq_password_check_strength(const char *password, nq_err *err);

/* Hash a password into out (NQ_PWHASH_STRBYTES). cost NULL = default. */
nq_code nq_password_hash(const char *password, const nq_pwhash_cost *cost,
                         char out[NQ_PWHASH_STRBYTES], nq_err *err);

/* True when password matches the stored hash. Takes the same time for a
** wrong password as for a right one; a malformed hash never matches. */
bool nq_password_verify(const char *stored_hash, const char *password);

/* Run a verification against a fixed dummy hash: the login path calls it
** for unknown logins so that timing does not reveal which logins exist. */
void nq_password_verify_dummy(const char *password);

/* True when the stored hash was made with other costs than cost (NULL =
** default) and should be replaced after a successful login. */
bool nq_password_needs_rehash(const char *stored_hash, const nq_pwhash_cost *cost);

/* ---- tokens ------------------------------------------------------------- */
#define NQ_TOKEN_BYTES 32                     /* 256 bits of entropy */
#define NQ_TOKEN_B64_LEN 43                   /* base64url, no padding */
#define NQ_API_TOKEN_PREFIX "nq57_"
#define NQ_TOKEN_STR_MAX 64                   /* prefix + b64 + NUL fits */
#define NQ_TOKEN_HASH_HEX 65                  /* 32-byte BLAKE2b as hex + NUL */

/* A fresh random token: NQ_TOKEN_B64_LEN base64url characters, preceded by
** prefix (may be NULL or ""). */
void nq_token_new(const char *prefix, char out[NQ_TOKEN_STR_MAX]);

/* The stored form of a token: hex BLAKE2b-256 of its text. */
void nq_token_hash(const char *token, char out[NQ_TOKEN_HASH_HEX]);

/* True when token has the shape nq_token_new makes with that prefix; cheap
** rejection of garbage before any database lookup. */
bool nq_token_well_formed(const char *token, const char *prefix);

/* A value derived from a token under a purpose label (keyed BLAKE2b), as
** base64url: the CSRF token is derived from the session token this way, so
** the server need not store it. */
void nq_token_derive(const char *token, const char *purpose, char out[NQ_TOKEN_STR_MAX]);

/* Constant-time equality of two NUL-terminated strings (lengths are not
** secret). */
bool nq_secret_equal(const char *a, const char *b);

#endif
