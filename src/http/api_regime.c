/*
** api_regime.c: a plan's reporting regime (store/store_regime.h):
** GET and PUT /api/plans/:id/regime. The regime decides which periods
** POST /api/plans/:id/periods generates; its ETag is the plan's version, as
** a regime is part of the plan.
*/
#include "http/api.h"

#include <stdio.h>

#include "store/store_regime.h"

static void reply_regime(nq_req *rq, json_t *regime) {
  char etag[40];
  snprintf(etag, sizeof etag, "W/\"%lld\"", (long long)json_integer_value(json_object_get(regime, "version")));
  nq_reply_etag(rq, etag);
  nq_reply_json(rq, 200, regime);
}

nq_code api_plan_regime_get(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *regime;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_store_regime_get(nq_api_of(rq)->store, id, &regime, err);
  if (rc) return rc;
  reply_regime(rq, regime);
  return NQ_OK;
}

/* Body {"items": [{"period": "month", "due": "day 20"}, ...]}: the whole
** regime (an empty list restores the Decree 09 default). */
nq_code api_plan_regime_put(nq_req *rq, nq_err *err) {
  int64_t id, version;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_req_if_match_version(rq, &version, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  json_t *items = json_is_object(body) ? json_object_get(body, "items") : NULL;
  if (!items)
    return nq_fail(err, NQ_EUNPROCESSABLE,
                   "Cần \"items\": danh sách kỳ báo cáo [{\"period\": \"quarter\", \"due\": \"day 20\"}]");
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *regime = NULL;
  rc = nq_store_regime_set(nq_api_of(rq)->store, &who, id, version, items, &regime, err);
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE; /* the body parsed: a rule failed */
  if (rc) return rc;
  reply_regime(rq, regime);
  return NQ_OK;
}
