/*
** authz.h: the authorization hook of the API server: who the request acts
** for (session cookie or API token, src/auth/authn.h), CSRF protection of
** cookie-authenticated writes, and the permission policy (src/auth/policy.h)
** applied to the route's access descriptor (router.h) for every request.
**
** Wiring (cmd_serve.c):
**   nq_authz az = {auth, store};
**   api.actor_of = nq_authz_actor;              // audit rows name the user
**   cfg.authorize = nq_authz_authorize; cfg.authorize_ctx = &az;
**
** The hook fails closed: a route whose descriptor names no resource, an
** unknown resource or an unknown mode is refused, so a route added without
** thinking about access cannot be reached.
*/
#ifndef NQ_HTTP_AUTHZ_H
#define NQ_HTTP_AUTHZ_H

#include <stdbool.h>

#include "auth/authn.h"
#include "auth/policy.h"
#include "http/router.h"
#include "store/store.h"
#include "store/store_scope.h"

typedef struct nq_authz {
  nq_auth *auth;
  nq_store *store;
  /* Behind deploy/nginx.conf every peer is 127.0.0.1: take the client's
  ** address from X-Real-IP, but only from a loopback peer. */
  bool trust_proxy;
} nq_authz;

/* nq_authorize_fn: ctx is an nq_authz. */
nq_code nq_authz_authorize(void *ctx, nq_req *rq, const nq_route *route, nq_err *err);

/* For nq_api.actor_of: the audit actor of the request's identity. */
void nq_authz_actor(const nq_req *rq, nq_actor *out);
/* True when the caller (a visitor without an account) may list public
** plans only; the plan list handler filters on it. */
bool nq_authz_public_only(const nq_req *rq);

/* For NQ_SCOPE_REACH routes (router.h): what the caller may read,
** as the policy decided it: everything, its unit's part, its plans, or the
** public plans. Without the hook (tests): everything. The plan ids point
** into the request's identity and live as long as the request. */
void nq_authz_reach(const nq_req *rq, nq_reach *out);

/* The client's address for rate limiting and audit (see trust_proxy);
** the peer address when the hook did not run. */
const char *nq_authz_client(const nq_req *rq);

/* The identity the hook attached, NULL when the hook did not run. */
nq_identity *nq_authz_identity(const nq_req *rq);
/* The nq_auth the hook used, NULL when the hook did not run. */
nq_auth *nq_authz_auth(const nq_req *rq);

/* The policy's resource kind and action for a route's descriptor; false
** when the descriptor is missing or unknown (such routes are refused). */
bool nq_authz_route_kind(const nq_route *route, nq_resource_kind *kind, nq_action *action);

#endif
