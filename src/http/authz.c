/*
** authz.c: the API's authorization hook; see authz.h.
**
** For each routed request: identify (cookie or bearer token), attach the
** identity to the request, check CSRF on cookie-authenticated writes, work
** out which plan and units the request touches from the descriptor's scope
** source (path id looked up in the store, query or body unit id), and ask
** nq_policy_decide. A decision that would need the handler to narrow a
** list is refused with a hint to filter, because handlers return whatever
** the URL names: scoping is enforced here, before the handler and before
** the response cache, so cached answers are safe to share. The exceptions
** are a visitor's plan list, narrowed to public plans (nq_authz_public_only),
** and the scope-wide dashboards (NQ_SCOPE_REACH), which the store narrows
** to the caller's reach (nq_authz_reach): the hook records the narrowing
** and gives the request a cache scope of its own (unit, plans, public).
*/
#include "http/authz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_auth.h"
#include "util/buf.h"

/* What the hook attaches to the request. */
typedef struct authz_request {
  nq_identity id;
  nq_authz *authz;
  char client[64];
  bool public_only;   /* a visitor listing plans: public ones only */
  nq_restrict reach;  /* a narrowing route: what the handler must keep */
} authz_request;

static void authz_request_free(void *p) {
  authz_request *ar = p;
  nq_identity_clear(&ar->id);
  free(ar);
}

nq_identity *nq_authz_identity(const nq_req *rq) {
  authz_request *ar = nq_req_identity(rq);
  return ar ? &ar->id : NULL;
}

bool nq_authz_public_only(const nq_req *rq) {
  authz_request *ar = nq_req_identity(rq);
  return ar && ar->public_only;
}

nq_auth *nq_authz_auth(const nq_req *rq) {
  authz_request *ar = nq_req_identity(rq);
  return ar ? ar->authz->auth : NULL;
}

void nq_authz_reach(const nq_req *rq, nq_reach *out) {
  memset(out, 0, sizeof *out);
  authz_request *ar = nq_req_identity(rq);
  if (!ar) return;
  const nq_scope *s = &ar->id.principal.scope;
  switch (ar->reach) {
  case NQ_RESTRICT_OWN_UNIT: out->unit_id = s->unit_id; break;
  case NQ_RESTRICT_SCOPE_PLANS:
    out->plan_ids = s->plan_ids;
    out->n_plans = s->n_plans;
    break;
  case NQ_RESTRICT_PUBLISHED: out->public_only = true; break;
  case NQ_RESTRICT_NONE: break;
  }
}

const char *nq_authz_client(const nq_req *rq) {
  authz_request *ar = nq_req_identity(rq);
  return ar ? ar->client : nq_req_client(rq);
}

void nq_authz_actor(const nq_req *rq, nq_actor *out) {
  nq_identity *id = nq_authz_identity(rq);
  if (!id) {
    *out = (nq_actor){0, "anonymous", nq_req_client(rq)};
    return;
  }
  *out = nq_identity_actor(id, nq_authz_client(rq));
}

static bool is_loopback(const char *addr) {
  return !strncmp(addr, "127.", 4) || !strcmp(addr, "::1") || !strncmp(addr, "::ffff:127.", 11);
}

/* An address as a proxy writes it: hex digits, dots and colons only. */
static bool plausible_address(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > 45) return false;
  return strspn(s, "0123456789abcdefABCDEF.:") == n;
}

static void client_address(const nq_authz *az, const nq_req *rq, char out[64]) {
  const char *peer = nq_req_client(rq);
  const char *real = nq_req_header(rq, "X-Real-IP");
  if (az->trust_proxy && is_loopback(peer) && plausible_address(real)) peer = real;
  snprintf(out, 64, "%s", peer);
}

static const struct {
  const char *name;
  nq_resource_kind kind;
} kinds[] = {
  {"self", NQ_RES_SELF},         {"unit", NQ_RES_UNIT},       {"plan", NQ_RES_PLAN},
  {"task", NQ_RES_TASK},         {"indicator", NQ_RES_INDICATOR},
  {"report", NQ_RES_REPORT},     {"analytics", NQ_RES_ANALYTICS},
  {"import", NQ_RES_IMPORT},     {"user", NQ_RES_USER},       {"audit", NQ_RES_AUDIT},
  {"system", NQ_RES_SYSTEM},
};

bool nq_authz_route_kind(const nq_route *route, nq_resource_kind *kind, nq_action *action) {
  const nq_access *a = &route->access;
  if (!a->resource) return false;
  bool found = false;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(kinds[i].name, a->resource)) {
      *kind = kinds[i].kind;
      found = true;
    }
  if (!found) return false;
  switch (a->mode) {
  case NQ_ACCESS_PUBLIC: *kind = NQ_RES_NONE; *action = NQ_ACTION_READ; return true;
  case NQ_ACCESS_READ: *action = NQ_ACTION_READ; return true;
  case NQ_ACCESS_WRITE: *action = NQ_ACTION_WRITE; return true;
  case NQ_ACCESS_APPROVE: *action = NQ_ACTION_APPROVE; return true;
  case NQ_ACCESS_ADMIN: *action = NQ_ACTION_ADMIN; return true;
  case NQ_ACCESS_REVIEW: *action = NQ_ACTION_REVIEW; return true;
  }
  return false;
}

/* A positive id from text; NQ_EINVAL naming where it came from. */
static nq_code parse_id(const char *text, const char *what, int64_t *out, nq_err *err) {
  char *end;
  errno = 0;
  long long v = text ? strtoll(text, &end, 10) : 0;
  if (!text || errno || end == text || *end || v <= 0)
    return nq_fail(err, NQ_EINVAL, "Tham số '%s' phải là mã số dương", what);
  *out = v;
  return NQ_OK;
}

static bool kind_of_name(const char *name, nq_resource_kind *kind) {
  for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(kinds[i].name, name)) {
      *kind = kinds[i].kind;
      return true;
    }
  return false;
}

/* The row a path id names: its plan, units and publication into r (whose
** kind, the policy's, may differ from the row's: a plan's dashboards). */
static nq_code locate_path_id(nq_authz *az, const char *of, int64_t id, nq_resource *r,
                              nq_err *err) {
  nq_resource_kind row_kind;
  /* Through the auth caches: a cached GET must not cost store reads. */
  int64_t now = (int64_t)time(NULL);
  nq_scopecache *scopes = nq_auth_scopes(az->auth);
  if (!strcmp(of, "period")) return nq_scopecache_period(scopes, az->store, id, now, r, err);
  if (!kind_of_name(of, &row_kind))
    return nq_fail(err, NQ_EFORBIDDEN, "Đường dẫn khai báo quyền truy cập không hợp lệ ('%s')", of);
  if (row_kind == NQ_RES_USER) {
    r->owner_user_id = id;
    return NQ_OK;
  }
  if (row_kind != NQ_RES_PLAN && row_kind != NQ_RES_TASK && row_kind != NQ_RES_INDICATOR &&
      row_kind != NQ_RES_REPORT && row_kind != NQ_RES_UNIT)
    return NQ_OK; /* ids of kinds without scope (self: the handler checks ownership) */
  nq_resource row;
  row.kind = row_kind;
  nq_code rc = nq_scopecache_resource(scopes, az->store, row_kind, id, now, &row, err);
  if (rc) return rc;
  nq_resource_kind kind = r->kind;
  *r = row;
  r->kind = kind;
  return NQ_OK;
}

/* The one unit a handler restricts its answer to, named by any of the
** comma-separated names in the query or the JSON body. Every place is
** checked, and all must agree: the handler may read another than we do. */
static nq_code locate_unit_param(nq_req *rq, const char *names, nq_resource *r, nq_err *err) {
  int64_t unit = 0;
  json_t *body = nq_req_json(rq);
  const char *p = names;
  while (*p) {
    size_t n = strcspn(p, ",");
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)n, p);
    p += n + (p[n] == ',');
    int64_t v = 0;
    const char *q = nq_req_query(rq, name);
    nq_code rc;
    if (q && (rc = parse_id(q, name, &v, err))) return rc;
    if (v && unit && v != unit)
      return nq_fail(err, NQ_EINVAL, "Các tham số đơn vị mâu thuẫn nhau");
    if (v) unit = v;
    json_t *b = body ? json_object_get(body, name) : NULL;
    if (b) {
      if (!json_is_integer(b) || json_integer_value(b) <= 0)
        return nq_fail(err, NQ_EINVAL, "Trường '%s' phải là mã số đơn vị", name);
      v = json_integer_value(b);
      if (unit && v != unit) return nq_fail(err, NQ_EINVAL, "Các tham số đơn vị mâu thuẫn nhau");
      unit = v;
    }
  }
  if (unit) {
    r->units[0] = unit;
    r->n_units = 1;
    r->n_lead = 0;
  }
  return NQ_OK;
}

/* Fill r from the route's scope source. NQ_ENOTFOUND for a path id that
** names nothing (the caller decides whether to reveal that). */
static nq_code locate(nq_authz *az, nq_req *rq, const nq_route *route, nq_resource *r,
                      nq_err *err) {
  const nq_access *a = &route->access;
  int64_t id = 0;
  nq_code rc;
  switch (a->scope) {
  case NQ_SCOPE_NONE:
  case NQ_SCOPE_REACH:
    break;
  case NQ_SCOPE_PATH:
    if ((rc = parse_id(nq_req_param(rq, a->param), a->param, &id, err)))
      return rc == NQ_EINVAL ? nq_fail(err, NQ_ENOTFOUND, "Không có dữ liệu này") : rc;
    if ((rc = locate_path_id(az, a->id_of ? a->id_of : a->resource, id, r, err))) return rc;
    break;
  case NQ_SCOPE_QUERY: {
    const char *v = nq_req_query(rq, a->param);
    if (v) {
      if ((rc = parse_id(v, a->param, &id, err))) return rc;
      r->units[r->n_units++] = id;
    }
    break;
  }
  case NQ_SCOPE_BODY: {
    json_t *body = nq_req_json(rq);
    json_t *v = body ? json_object_get(body, a->param) : NULL;
    if (v) {
      if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return nq_fail(err, NQ_EINVAL, "Trường '%s' phải là mã số đơn vị", a->param);
      r->units[r->n_units++] = json_integer_value(v);
    }
    break;
  }
  }
  if (a->unit_param && (rc = locate_unit_param(rq, a->unit_param, r, err))) return rc;
  /* A list narrowed to one plan names it in the query; whether that plan
  ** is public decides what a visitor may list of it. */
  if (r->plan_id == 0 && a->scope != NQ_SCOPE_PATH) {
    const char *plan = nq_req_query(rq, "plan");
    if (plan && (rc = parse_id(plan, "plan", &r->plan_id, err))) return rc;
    nq_resource p;
    if (r->plan_id) {
      rc = nq_store_resource_scope(az->store, NQ_RES_PLAN, r->plan_id, &p, err);
      if (rc && rc != NQ_ENOTFOUND) return rc;
      r->published = rc == NQ_OK && p.published;
    }
  }
  return NQ_OK;
}

/* A permitted collection the handler must narrow. Only the plan list can
** narrow itself (to public plans, for visitors); every other narrowing is
** refused with a hint, so handlers never have to know who is asking. */
static nq_code narrowed(const nq_decision *d, authz_request *ar, nq_req *rq,
                        const nq_route *route, const nq_resource *r, nq_err *err) {
  if (route->access.scope == NQ_SCOPE_REACH && d->narrow != NQ_RESTRICT_NONE) {
    /* The handler keeps what the caller may read; callers with the same
    ** reach share cache entries, no one else does. */
    ar->reach = d->narrow;
    const nq_scope *s = &ar->id.principal.scope;
    nq_buf key = NQ_BUF_INIT;
    if (d->narrow == NQ_RESTRICT_OWN_UNIT) nq_buf_printf(&key, "unit:%lld", (long long)s->unit_id);
    else if (d->narrow == NQ_RESTRICT_PUBLISHED) nq_buf_puts(&key, "public");
    else {
      nq_buf_puts(&key, "plans");
      for (size_t i = 0; i < s->n_plans; i++) nq_buf_printf(&key, ":%lld", (long long)s->plan_ids[i]);
    }
    nq_req_set_cache_scope(rq, key.data);
    nq_buf_free(&key);
    return NQ_OK;
  }
  switch (d->narrow) {
  case NQ_RESTRICT_OWN_UNIT:
    return nq_fail(err, NQ_EFORBIDDEN,
                   "Chỉ được xem, sửa dữ liệu của đơn vị mình: hãy lọc theo đơn vị (?unit=mã số đơn vị)");
  case NQ_RESTRICT_SCOPE_PLANS:
    return nq_fail(err, NQ_EFORBIDDEN,
                   "Chỉ được xem các kế hoạch thuộc phạm vi: hãy chọn kế hoạch (?plan=mã số)");
  case NQ_RESTRICT_PUBLISHED:
    if (r->kind == NQ_RES_PLAN) {
      /* The answer differs from an official's: never share its cache entry. */
      ar->public_only = true;
      nq_req_set_cache_scope(rq, "public");
      return NQ_OK;
    }
    return nq_fail(err, NQ_EAUTH, "Cần đăng nhập; khách chỉ xem được kế hoạch đã công khai");
  case NQ_RESTRICT_NONE: break;
  }
  return NQ_OK;
}

nq_code nq_authz_authorize(void *ctx, nq_req *rq, const nq_route *route, nq_err *err) {
  nq_authz *az = ctx;
  authz_request *ar = nq_xcalloc(1, sizeof *ar);
  ar->authz = az;
  client_address(az, rq, ar->client);
  nq_identity_init(&ar->id);
  nq_req_set_identity(rq, ar, authz_request_free);
  nq_identity *id = &ar->id;

  nq_resource_kind kind;
  nq_action action;
  if (!nq_authz_route_kind(route, &kind, &action))
    return nq_fail(err, NQ_EFORBIDDEN, "Đường dẫn %s %s chưa khai báo quyền truy cập",
                   route->method, route->pattern);

  /* Public routes (login, health) need no identity: not even a bad token
  ** stops them, and they cost no session lookup. */
  if (kind == NQ_RES_NONE) return NQ_OK;
  int64_t now = (int64_t)time(NULL);
  nq_code rc = nq_auth_identify(az->auth, nq_req_header(rq, "Cookie"),
                                nq_req_header(rq, "Authorization"), now, id, err);
  if (rc) return rc;

  const char *method = nq_req_method(rq);
  if ((rc = nq_auth_check_csrf(id, method, nq_req_header(rq, NQ_CSRF_HEADER),
                               nq_req_header(rq, "Origin"), nq_req_header(rq, "Host"), err)))
    return rc;

  nq_resource r;
  memset(&r, 0, sizeof r);
  r.kind = kind;
  rc = locate(az, rq, route, &r, err);
  if (rc == NQ_ENOTFOUND && id->principal.user_id == 0) {
    /* Do not tell strangers which ids exist. */
    return nq_fail(err, NQ_EAUTH, "%s", id->problem ? id->problem : "Cần đăng nhập");
  }
  if (rc) return rc;

  nq_decision d = nq_policy_decide(&id->principal, action, &r);
  if (!d.allow) {
    if (d.code == NQ_EAUTH && id->problem) return nq_fail(err, NQ_EAUTH, "%s", id->problem);
    return nq_fail(err, d.code, "%s", d.reason);
  }
  return narrowed(&d, ar, rq, route, &r, err);
}
