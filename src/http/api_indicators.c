/* api_indicators.c: a plan's indicators (targets): /api/plans/:id/indicators. */
#include "http/api.h"

nq_code api_plan_indicators(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *list, *plan;
  nq_api *api = nq_api_of(rq);
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  /* An unknown plan is 404, not an empty list. */
  if (!rc) rc = nq_store_plan_get(api->store, id, &plan, err);
  if (rc) return rc;
  json_decref(plan);
  if ((rc = nq_store_indicators_list(api->store, id, &list, err))) return rc;
  nq_api_reply_items(rq, list);
  return NQ_OK;
}
