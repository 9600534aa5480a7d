/*
** request.c: handler-side view of a request and the reply it builds (see
** request.h); validation helpers whose messages name the bad parameter.
*/
#include "http/request_internal.h"
#include "http/jsonout.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

nq_req *nq_req_new(struct MHD_Connection *conn, const char *method, const char *url,
                   void *app) {
  nq_req *rq = nq_xcalloc(1, sizeof *rq);
  clock_gettime(CLOCK_MONOTONIC, &rq->start);
  rq->conn = conn;
  rq->method = method;
  rq->path = nq_xstrdup(url);
  rq->app = app;
  rq->cache_scope = nq_xstrdup("");
  return rq;
}

void nq_req_reply_reset(nq_req *rq) {
  free(rq->data);
  rq->data = NULL;
  rq->len = 0;
  free(rq->etag);
  rq->etag = NULL;
  for (int i = 0; i < rq->nheaders; i++) {
    free(rq->headers[i].name);
    free(rq->headers[i].value);
  }
  rq->nheaders = 0;
  rq->replied = 0;
}

void nq_req_free(nq_req *rq) {
  if (!rq) return;
  nq_req_reply_reset(rq);
  nq_route_match_clear(&rq->match);
  nq_buf_free(&rq->body);
  json_decref(rq->json);
  if (rq->identity_free) rq->identity_free(rq->identity);
  free(rq->cache_scope);
  free(rq->path);
  free(rq);
}

/* ---- reading ------------------------------------------------------------ */

const char *nq_req_method(const nq_req *rq) { return rq->method; }
const char *nq_req_path(const nq_req *rq) { return rq->path; }
/* Formatted on first use: most requests never need it. */
const char *nq_req_client(const nq_req *rq) {
  nq_req *w = (nq_req *)rq;
  if (w->client[0]) return w->client;
  const union MHD_ConnectionInfo *ci =
    MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const struct sockaddr *sa = ci ? ci->client_addr : NULL;
  if (sa && sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, w->client, sizeof w->client);
  else if (sa && sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, w->client,
              sizeof w->client);
  else
    snprintf(w->client, sizeof w->client, "unknown");
  return w->client;
}
json_t *nq_req_json(const nq_req *rq) { return rq->json; }
void *nq_req_app(const nq_req *rq) { return rq->app; }

const char *nq_req_param(const nq_req *rq, const char *name) {
  size_t n = strlen(name);
  for (int i = 0; i < rq->match.nparams; i++)
    if (rq->match.params[i].name_len == n && memcmp(rq->match.params[i].name, name, n) == 0)
      return rq->match.params[i].value;
  return NULL;
}

const char *nq_req_query(const nq_req *rq, const char *name) {
  return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *nq_req_header(const nq_req *rq, const char *name) {
  return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *nq_req_cookie(const nq_req *rq, const char *name) {
  return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

const void *nq_req_body(const nq_req *rq, size_t *len) {
  *len = rq->body.len;
  return rq->body.data ? rq->body.data : "";
}

/* ---- validation --------------------------------------------------------- */

/* Strict decimal int64: optional '-', digits only, no overflow. */
static int parse_int64(const char *s, int64_t *out) {
  if (!s || !*s) return 0;
  const char *p = s[0] == '-' ? s + 1 : s;
  if (!*p) return 0;
  for (const char *q = p; *q; q++)
    if (!isdigit((unsigned char)*q)) return 0;
  errno = 0;
  long long v = strtoll(s, NULL, 10);
  if (errno == ERANGE) return 0;
  *out = v;
  return 1;
}

nq_code nq_req_param_id(const nq_req *rq, const char *name, int64_t *out, nq_err *err) {
  const char *v = nq_req_param(rq, name);
  int64_t id;
  if (!parse_int64(v, &id) || id <= 0)
    return nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy: mã '%s' không hợp lệ", v ? v : "");
  *out = id;
  return NQ_OK;
}

nq_code nq_req_query_int(const nq_req *rq, const char *name, int64_t min, int64_t max,
                         int64_t *out, nq_err *err) {
  const char *v = nq_req_query(rq, name);
  if (!v) return NQ_OK;
  int64_t n;
  if (!parse_int64(v, &n) || n < min || n > max)
    return nq_fail(err, NQ_EINVAL,
                   "Tham số '%s' phải là số nguyên từ %lld đến %lld (nhận được '%s')", name,
                   (long long)min, (long long)max, v);
  *out = n;
  return NQ_OK;
}

static int valid_date(const char *s) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return 0;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= mdays[m - 1] + (m == 2 && leap);
}

nq_code nq_req_query_date(const nq_req *rq, const char *name, const char **out,
                          nq_err *err) {
  const char *v = nq_req_query(rq, name);
  *out = NULL;
  if (!v) return NQ_OK;
  if (!valid_date(v))
    return nq_fail(err, NQ_EINVAL, "Tham số '%s' phải là ngày dạng YYYY-MM-DD (nhận được '%s')",
                   name, v);
  *out = v;
  return NQ_OK;
}

nq_code nq_req_query_alias(const nq_req *rq, const char *name, const char *alias,
                           const char **which, nq_err *err) {
  int has_name = nq_req_query(rq, name) != NULL, has_alias = nq_req_query(rq, alias) != NULL;
  if (has_name && has_alias)
    return nq_fail(err, NQ_EINVAL, "Tham số '%s' và '%s' là một, chỉ dùng một trong hai", name,
                   alias);
  *which = has_alias ? alias : name;
  return NQ_OK;
}

typedef struct unknown_arg {
  const char *const *allowed;
  char bad[128];
} unknown_arg;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value) {
  (void)kind;
  (void)value;
  unknown_arg *u = cls;
  for (const char *const *a = u->allowed; *a; a++)
    if (strcmp(*a, key) == 0) return MHD_YES;
  snprintf(u->bad, sizeof u->bad, "%s", key);
  return MHD_NO;
}

nq_code nq_req_query_only(const nq_req *rq, const char *const *allowed, nq_err *err) {
  unknown_arg u = {allowed, ""};
  MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, check_arg, &u);
  if (u.bad[0]) return nq_fail(err, NQ_EINVAL, "Tham số không được hỗ trợ: '%s'", u.bad);
  return NQ_OK;
}

nq_code nq_req_if_match_version(const nq_req *rq, int64_t *version, nq_err *err) {
  const char *h = nq_req_header(rq, MHD_HTTP_HEADER_IF_MATCH);
  if (!h)
    return nq_fail(err, NQ_EPRECONDREQ,
                   "Thiếu tiêu đề If-Match: hãy tải lại bản ghi và gửi kèm ETag của nó");
  const char *p = h;
  while (*p == ' ') p++;
  if (strncmp(p, "W/", 2) == 0) p += 2;
  char digits[32];
  size_t n = 0;
  if (*p == '"') p++;
  while (isdigit((unsigned char)*p) && n + 1 < sizeof digits) digits[n++] = *p++;
  digits[n] = '\0';
  if (*p == '"') p++;
  while (*p == ' ') p++;
  int64_t v;
  if (*p || !parse_int64(digits, &v))
    return nq_fail(err, NQ_EPRECOND, "If-Match '%s' không khớp phiên bản hiện tại", h);
  *version = v;
  return NQ_OK;
}

/* ---- identity ----------------------------------------------------------- */

void nq_req_set_identity(nq_req *rq, void *identity, void (*free_fn)(void *)) {
  if (rq->identity_free) rq->identity_free(rq->identity);
  rq->identity = identity;
  rq->identity_free = free_fn;
}

void *nq_req_identity(const nq_req *rq) { return rq->identity; }

void nq_req_set_cache_scope(nq_req *rq, const char *scope_key) {
  free(rq->cache_scope);
  rq->cache_scope = nq_xstrdup(scope_key ? scope_key : "");
}

/* ---- replying ----------------------------------------------------------- */

void nq_reply_bytes(nq_req *rq, int status, const char *content_type, char *data,
                    size_t len) {
  free(rq->data);
  rq->replied = 1;
  rq->status = status;
  rq->content_type = content_type;
  rq->data = data;
  rq->len = len;
}

void nq_reply_json(nq_req *rq, int status, json_t *body) {
  nq_buf text = NQ_BUF_INIT;
  nq_buf_reserve(&text, 4096); /* most replies fit: no regrowth */
  if (body) nq_json_write(&text, body);
  else nq_buf_puts(&text, "null");
  json_decref(body);
  size_t len = text.len;
  /* Give back the slack of the last doubling: the reply may live on in the
  ** response cache, whose budget counts len. */
  char *data = nq_xrealloc(nq_buf_detach(&text), len + 1);
  nq_reply_bytes(rq, status, "application/json", data, len);
}

void nq_reply_header(nq_req *rq, const char *name, const char *value) {
  if (rq->nheaders == NQ_REQ_MAX_HEADERS) abort(); /* a handler bug, not input */
  rq->headers[rq->nheaders].name = nq_xstrdup(name);
  rq->headers[rq->nheaders].value = nq_xstrdup(value);
  rq->nheaders++;
}

void nq_reply_etag(nq_req *rq, const char *etag) {
  free(rq->etag);
  rq->etag = nq_xstrdup(etag);
}

void nq_req_reply_error(nq_req *rq, nq_code code, const char *message) {
  free(rq->etag); /* an error is no representation of the resource */
  rq->etag = NULL;
  json_t *o = json_pack("{s:s, s:s}", "error", nq_code_name(code), "message",
                        message && *message ? message : "Lỗi không xác định");
  if (!o) /* message was not valid UTF-8: never echo such bytes back */
    o = json_pack("{s:s, s:s}", "error", nq_code_name(code), "message",
                  "Lỗi (thông báo không hợp lệ UTF-8)");
  nq_reply_json(rq, nq_code_http_status(code), o);
}
