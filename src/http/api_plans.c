/* api_plans.c: plans: list, create from plan JSON, read, export, overview. */
#include "http/api.h"
#include "http/authz.h"
#include "store/store_auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

nq_code api_plans_list(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {NULL};
  json_t *list;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  nq_store *store = nq_api_of(rq)->store;
  if (!rc)
    rc = nq_authz_public_only(rq) ? nq_store_public_plans_list(store, &list, err)
                                  : nq_store_plans_list(store, &list, err);
  if (rc) return rc;
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

nq_code api_plan_create(nq_req *rq, nq_err *err) {
  json_t *body = nq_req_json(rq);
  if (!json_is_object(body) || !json_is_object(json_object_get(body, "plan")))
    return nq_fail(err, NQ_EUNPROCESSABLE,
                   "Kế hoạch phải là đối tượng JSON có trường \"plan\" (xem docs/spec/plan-json.md)");
  nq_api *api = nq_api_of(rq);
  nq_actor who;
  nq_api_actor(rq, &who);
  int64_t id;
  json_t *plan;
  nq_code rc = nq_store_plan_create(api->store, &who, body, &id, err);
  /* The body parsed, so what the store refuses is a rule, not syntax. */
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
  if (!rc) rc = nq_store_plan_get(api->store, id, &plan, err);
  if (rc) return rc;
  char location[64];
  snprintf(location, sizeof location, "/api/plans/%lld", (long long)id);
  nq_reply_header(rq, "Location", location);
  nq_reply_json(rq, 201, plan);
  return NQ_OK;
}

nq_code api_plan_get(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *plan;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_store_plan_get(nq_api_of(rq)->store, id, &plan, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, plan);
  return NQ_OK;
}

nq_code api_plan_export(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *plan;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_store_plan_export(nq_api_of(rq)->store, id, &plan, err);
  if (rc) return rc;
  char disposition[96];
  snprintf(disposition, sizeof disposition, "attachment; filename=\"ke-hoach-%lld.json\"",
           (long long)id);
  nq_reply_header(rq, "Content-Disposition", disposition);
  nq_reply_json(rq, 200, plan);
  return NQ_OK;
}

nq_code api_plan_overview(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"date", "at", NULL};
  int64_t id;
  const char *date, *date_arg;
  json_t *overview;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_req_query_alias(rq, "date", "at", &date_arg, err);
  if (!rc) rc = nq_req_query_date(rq, date_arg, &date, err);
  if (rc) return rc;
  /* Without ?date= the answer depends on today; nq_api_generation folds the
  ** day in, so cached overviews expire at midnight. */
  char today[16];
  if (!date) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    date = today;
  }
  if ((rc = nq_store_plan_overview(nq_api_of(rq)->store, id, date, &overview, err))) return rc;
  nq_reply_json(rq, 200, overview);
  return NQ_OK;
}
