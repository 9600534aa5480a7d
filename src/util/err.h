/*
** err.h: the one way nq57 reports errors.
**
** Every fallible function returns an nq_code (NQ_OK == 0) and, on failure,
** fills the caller's nq_err with the same code and a message for the user.
** Messages are Vietnamese (NFC) because they reach officials unchanged:
** the HTTP layer turns them into {"error": code, "message": ...} and the CLI
** prints them after the file and line they concern.
*/
#ifndef NQ_ERR_H
#define NQ_ERR_H

#include <stdarg.h>

typedef enum nq_code {
  NQ_OK = 0,
  NQ_EINVAL,        /* malformed input: 400 */
  NQ_EAUTH,         /* not authenticated: 401 */
  NQ_EFORBIDDEN,    /* authenticated but not allowed: 403 */
  NQ_ENOTFOUND,     /* 404 */
  NQ_ECONFLICT,     /* duplicate or state conflict: 409 */
  NQ_EPRECOND,      /* If-Match did not match: 412 */
  NQ_ETOOBIG,       /* 413 */
  NQ_EUNSUPPORTED,  /* unsupported media type: 415 */
  NQ_EUNPROCESSABLE,/* well-formed but violates a rule: 422 */
  NQ_ERATELIMIT,    /* 429 */
  NQ_EIO,           /* file or database I/O: 500 */
  NQ_ENOMEM,        /* 500 */
  NQ_EINTERNAL,     /* a bug: 500 */
  NQ_EUNAVAILABLE,  /* 503 */
  NQ_EMETHOD,       /* method not allowed on this resource: 405 */
  NQ_EPRECONDREQ    /* a write needs If-Match and has none: 428 */
} nq_code;

typedef struct nq_err {
  nq_code code;
  char msg[512];
} nq_err;

/* Set err (if not NULL) and return code, so callers write
** `return nq_fail(err, NQ_EINVAL, "...", ...);` */
nq_code nq_fail(nq_err *err, nq_code code, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
nq_code nq_vfail(nq_err *err, nq_code code, const char *fmt, va_list ap);

/* Prefix an existing message, e.g. with "tệp.json:12: ". */
void nq_err_prefix(nq_err *err, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

void nq_err_clear(nq_err *err);

/* Stable machine-readable name ("invalid", "not_found", ...). */
const char *nq_code_name(nq_code code);

/* HTTP status for a code. */
int nq_code_http_status(nq_code code);

#endif
