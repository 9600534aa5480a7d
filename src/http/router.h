/*
** router.h: the route table and the single place where requests are
** authorised.
**
** A route is one line: method, path pattern with ":name" segments, handler,
** what the body must be, whether the GET response may be cached, and an
** access descriptor. The descriptor says WHAT the request touches (resource
** kind, read or write, where the owning unit comes from); the authorization
** hook in nq_http_config decides WHO may do it. The router calls the hook
** after matching and before the cache and the handler, so handlers never
** check permissions and the auth module plugs in without touching them.
*/
#ifndef NQ_HTTP_ROUTER_H
#define NQ_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "util/err.h"

typedef nq_code (*nq_handler)(nq_req *rq, nq_err *err);

typedef enum nq_body_kind {
  NQ_BODY_NONE = 0,  /* any body is ignored (GET, DELETE) */
  NQ_BODY_JSON,      /* application/json up to max_json_body, parsed */
  NQ_BODY_UPLOAD     /* raw bytes of any type up to max_upload_body */
} nq_body_kind;

/* The action a route performs (auth/policy.h: nq_action). */
typedef enum nq_access_mode {
  NQ_ACCESS_PUBLIC = 0, /* anyone, even unauthenticated (health, login) */
  NQ_ACCESS_READ,
  NQ_ACCESS_WRITE,      /* create, change */
  NQ_ACCESS_APPROVE,    /* a unit head's sign-off (approve, submit) */
  NQ_ACCESS_ADMIN,      /* accounts, the agency directory, backups */
  NQ_ACCESS_REVIEW      /* the aggregator's accept, return, compile */
} nq_access_mode;

/* Where the unit a request concerns comes from, for scoped permissions. */
typedef enum nq_scope_source {
  NQ_SCOPE_NONE = 0,   /* not unit-scoped (lists filter by identity) */
  NQ_SCOPE_PATH,       /* path parameter `param` is an id of `resource` */
  NQ_SCOPE_QUERY,      /* query argument `param` is a unit id */
  NQ_SCOPE_BODY,       /* JSON body member `param` is a unit id */
  NQ_SCOPE_REACH       /* a collection across plans that the handler narrows
                       ** to what the caller may read (http/authz.h
                       ** nq_authz_reach) instead of the hook refusing */
} nq_scope_source;

typedef struct nq_access {
  /* "plan", "task", "unit", "indicator", "report", "analytics", "import",
  ** "user", "self", "audit", "system": auth/policy.h's resource kinds. */
  const char *resource;
  nq_access_mode mode;
  nq_scope_source scope;
  const char *param;      /* name used by scope, NULL for NQ_SCOPE_NONE */
  /* With NQ_SCOPE_PATH: what the path id names when it is not a `resource`
  ** row ("plan" for a plan's dashboards, "period" for a reporting period);
  ** NULL = a `resource` row. */
  const char *id_of;
  /* Query arguments (then JSON body members), comma-separated, by which
  ** the handler restricts its answer to one unit ("unit,unit_id"); the
  ** hook checks that unit. NULL = the handler answers for every unit. */
  const char *unit_param;
} nq_access;

typedef struct nq_route {
  const char *method;     /* "GET", "POST", "PATCH", "PUT", "DELETE" */
  const char *pattern;    /* "/api/tasks/:id" */
  nq_handler handler;
  nq_body_kind body;
  bool cacheable;         /* GET answer depends only on URL, scope, data */
  nq_access access;
} nq_route;

/* Decide whether rq may run route. Return NQ_OK to allow; NQ_EAUTH (401) or
** NQ_EFORBIDDEN (403) with a message to deny. May attach an identity and a
** cache scope to rq (request.h). NULL in the config allows everything. */
typedef nq_code (*nq_authorize_fn)(void *ctx, nq_req *rq, const nq_route *route,
                                   nq_err *err);

/* Outcome of matching a method and path against a table. */
typedef struct nq_route_match {
  const nq_route *route;  /* NULL: no route for this method */
  bool path_known;        /* some route has this path (then 405, not 404) */
  char allow[96];         /* methods allowed on the path, "GET, PATCH" */
  int nparams;
  struct { const char *name; size_t name_len; char *value; } params[8];
} nq_route_match;

/* Match method and decoded path. Path parameter values are copied (caller
** frees with nq_route_match_clear). HEAD matches GET routes. */
void nq_route_find(const nq_route *table, size_t n, const char *method,
                   const char *path, nq_route_match *m);
void nq_route_match_clear(nq_route_match *m);

#endif
