/* err.c: error codes, their names and HTTP statuses; see err.h. */
#include "err.h"

#include <stdio.h>
#include <string.h>

nq_code nq_vfail(nq_err *err, nq_code code, const char *fmt, va_list ap) {
  if (err) {
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  }
  return code;
}

nq_code nq_fail(nq_err *err, nq_code code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  nq_vfail(err, code, fmt, ap);
  va_end(ap);
  return code;
}

void nq_err_prefix(nq_err *err, const char *fmt, ...) {
  if (!err) return;
  char prefix[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  size_t plen = strlen(prefix), mlen = strlen(err->msg);
  if (plen >= sizeof err->msg) plen = sizeof err->msg - 1;
  if (plen + mlen >= sizeof err->msg) mlen = sizeof err->msg - 1 - plen;
  memmove(err->msg + plen, err->msg, mlen);
  memcpy(err->msg, prefix, plen);
  err->msg[plen + mlen] = '\0';
}

void nq_err_clear(nq_err *err) {
  if (!err) return;
  err->code = NQ_OK;
  err->msg[0] = '\0';
}

const char *nq_code_name(nq_code code) {
  switch (code) {
  case NQ_OK: return "ok";
  case NQ_EINVAL: return "invalid";
  case NQ_EAUTH: return "unauthenticated";
  case NQ_EFORBIDDEN: return "forbidden";
  case NQ_ENOTFOUND: return "not_found";
  case NQ_ECONFLICT: return "conflict";
  case NQ_EPRECOND: return "precondition_failed";
  case NQ_ETOOBIG: return "too_large";
  case NQ_EUNSUPPORTED: return "unsupported_media_type";
  case NQ_EUNPROCESSABLE: return "unprocessable";
  case NQ_ERATELIMIT: return "rate_limited";
  case NQ_EIO: return "io_error";
  case NQ_ENOMEM: return "out_of_memory";
  case NQ_EINTERNAL: return "internal";
  case NQ_EUNAVAILABLE: return "unavailable";
  case NQ_EMETHOD: return "method_not_allowed";
  case NQ_EPRECONDREQ: return "precondition_required";
  }
  return "internal";
}

int nq_code_http_status(nq_code code) {
  switch (code) {
  case NQ_OK: return 200;
  case NQ_EINVAL: return 400;
  case NQ_EAUTH: return 401;
  case NQ_EFORBIDDEN: return 403;
  case NQ_ENOTFOUND: return 404;
  case NQ_ECONFLICT: return 409;
  case NQ_EPRECOND: return 412;
  case NQ_ETOOBIG: return 413;
  case NQ_EUNSUPPORTED: return 415;
  case NQ_EUNPROCESSABLE: return 422;
  case NQ_ERATELIMIT: return 429;
  case NQ_EUNAVAILABLE: return 503;
  case NQ_EMETHOD: return 405;
  case NQ_EPRECONDREQ: return 428;
  case NQ_EIO: case NQ_ENOMEM: case NQ_EINTERNAL: return 500;
  }
  return 500;
}
