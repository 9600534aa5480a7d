/*
** session.c: session lifetime, cookies and CSRF checks; see session.h.
*/
#include "auth/session.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const nq_session_policy NQ_SESSION_DEFAULT = {12 * 3600, 3600, 60};

nq_session nq_session_start(const char *token, int64_t user_id,
                            const nq_session_policy *p, int64_t now) {
  nq_session s;
  memset(&s, 0, sizeof s);
  nq_token_hash(token, s.id_hash);
  s.user_id = user_id;
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + p->lifetime;
  return s;
}

nq_session_state nq_session_state_at(const nq_session *s, const nq_session_policy *p,
                                     int64_t now) {
  if (s->revoked_at != 0 && s->revoked_at <= now) return NQ_SESSION_REVOKED;
  if (now >= s->expires_at) return NQ_SESSION_EXPIRED;
  if (now - s->last_seen_at >= p->idle) return NQ_SESSION_IDLE;
  return NQ_SESSION_VALID;
}

bool nq_session_needs_touch(const nq_session *s, const nq_session_policy *p, int64_t now) {
  return now - s->last_seen_at >= p->touch_interval;
}

const char *nq_session_state_message(nq_session_state st) {
  switch (st) {
  case NQ_SESSION_VALID: return "Phiên đăng nhập hợp lệ";
  case NQ_SESSION_EXPIRED: return "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại";
  case NQ_SESSION_IDLE: return "Phiên đăng nhập đã hết hạn do lâu không thao tác, vui lòng đăng nhập lại";
  case NQ_SESSION_REVOKED: return "Phiên đăng nhập đã kết thúc, vui lòng đăng nhập lại";
  }
  return "Phiên đăng nhập không hợp lệ";
}

/* ---- cookies ------------------------------------------------------------ */

void nq_cookie_session(char out[NQ_COOKIE_MAX], const char *token, int64_t max_age,
                       const nq_cookie_opts *o) {
  snprintf(out, NQ_COOKIE_MAX, "%s=%s; Path=/; Max-Age=%lld; HttpOnly;%s SameSite=Strict",
           NQ_SESSION_COOKIE, max_age > 0 ? token : "", (long long)(max_age > 0 ? max_age : 0),
           o->secure ? " Secure;" : "");
}

void nq_cookie_csrf(char out[NQ_COOKIE_MAX], const char *csrf, int64_t max_age,
                    const nq_cookie_opts *o) {
  /* Readable by the web app (no HttpOnly): it only echoes it in a header. */
  snprintf(out, NQ_COOKIE_MAX, "%s=%s; Path=/; Max-Age=%lld;%s SameSite=Strict",
           NQ_CSRF_COOKIE, max_age > 0 ? csrf : "", (long long)(max_age > 0 ? max_age : 0),
           o->secure ? " Secure;" : "");
}

bool nq_cookie_find(const char *hdr, const char *name, char *out, size_t cap) {
  if (!hdr || !name || cap == 0) return false;
  size_t nlen = strlen(name);
  const char *p = hdr;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ';') p++;
    const char *eq = strchr(p, '=');
    const char *semi = strchr(p, ';');
    if (!semi) semi = p + strlen(p);
    if (eq && eq < semi && (size_t)(eq - p) == nlen && !strncmp(p, name, nlen)) {
      const char *v = eq + 1;
      size_t vlen = (size_t)(semi - v);
      while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t')) vlen--;
      if (vlen == 0 || vlen >= cap) return false;
      memcpy(out, v, vlen);
      out[vlen] = '\0';
      return true;
    }
    p = semi;
  }
  return false;
}

/* ---- CSRF --------------------------------------------------------------- */

void nq_csrf_token(const char *session_token, char out[NQ_TOKEN_STR_MAX]) {
  nq_token_derive(session_token, "nq57 csrf v1", out);
}

bool nq_method_is_safe(const char *method) {
  return method && (!strcmp(method, "GET") || !strcmp(method, "HEAD") ||
                    !strcmp(method, "OPTIONS"));
}

/* The host[:port] part of an origin "scheme://host[:port]". */
static const char *origin_host(const char *origin) {
  const char *p = strstr(origin, "://");
  return p ? p + 3 : NULL;
}

nq_code nq_csrf_check(const nq_csrf_request *r, nq_err *err) {
  if (nq_method_is_safe(r->method)) return NQ_OK;
  if (r->origin && *r->origin) {
    /* "null" (sandboxed frames, some redirects) is never our own page. */
    const char *oh = origin_host(r->origin);
    if (!oh || !r->host || strcasecmp(oh, r->host) != 0)
      return nq_fail(err, NQ_EFORBIDDEN,
                     "Yêu cầu đến từ trang khác (Origin %.100s) bị từ chối", r->origin);
  }
  if (!r->session_token || !r->header_token || !*r->header_token)
    return nq_fail(err, NQ_EFORBIDDEN, "Thiếu mã chống giả mạo yêu cầu (" NQ_CSRF_HEADER ")");
  char want[NQ_TOKEN_STR_MAX];
  nq_csrf_token(r->session_token, want);
  if (!nq_secret_equal(want, r->header_token))
    return nq_fail(err, NQ_EFORBIDDEN, "Mã chống giả mạo yêu cầu (" NQ_CSRF_HEADER ") không đúng");
  return NQ_OK;
}
