/*
** api_public.c: publication. GET /api/public, the figures of the public
** page (no login), and PATCH /api/plans/:id {"public": bool}, by which the
** aggregating body releases a plan to it. Who may call either is decided
** in authz.c like every route; this file only builds answers.
*/
#include "http/api.h"

#include <string.h>
#include <time.h>

#include "store/store_auth.h"
#include "store/store_public.h"

/* One plan of the public page: its metadata, the store's overview (task
** counts by status per core/status rules and by lead agency, at date) and
** its indicators with their targets and the latest accepted values rolled
** up across units (store_public.h). */
static nq_code public_plan(nq_store *store, json_t *plan, const char *date, json_t **out,
                           nq_err *err) {
  int64_t id = json_integer_value(json_object_get(plan, "id"));
  json_t *overview = NULL, *indicators = NULL;
  nq_code rc = nq_store_plan_overview(store, id, date, &overview, err);
  if (!rc) rc = nq_store_indicators_list(store, id, &indicators, err);
  if (!rc) rc = nq_store_indicator_figures(store, id, date, indicators, err);
  if (rc) {
    json_decref(overview);
    json_decref(indicators);
    return rc;
  }
  json_t *meta = json_object();
  static const char *const keys[] = {"id", "kind", "number", "issuer", "date", "title",
                                     "status", "task_count", "indicator_count"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    json_t *v = json_object_get(plan, keys[i]);
    if (v) json_object_set(meta, keys[i], v);
  }
  *out = json_pack("{s:o,s:o,s:o}", "plan", meta, "overview", overview, "indicators", indicators);
  return NQ_OK;
}

nq_code api_public(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {NULL};
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (rc) return rc;
  nq_store *store = nq_api_of(rq)->store;
  /* The figures are as of today; nq_api_generation expires the cache at
  ** midnight, so the date shown is the date computed. */
  char today[16];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  json_t *plans = NULL;
  if ((rc = nq_store_public_plans_list(store, &plans, err))) return rc;
  json_t *items = json_array();
  size_t i;
  json_t *plan;
  json_array_foreach(plans, i, plan) {
    /* Public and published: a draft is never on the public page, even
    ** when a stale flag says public. */
    const char *status = json_string_value(json_object_get(plan, "status"));
    if (!status || strcmp(status, "published") != 0) continue;
    json_t *entry = NULL;
    if ((rc = public_plan(store, plan, today, &entry, err))) break;
    json_array_append_new(items, entry);
  }
  json_decref(plans);
  if (rc) {
    json_decref(items);
    return rc;
  }
  nq_reply_json(rq, 200, json_pack("{s:s,s:o}", "date", today, "plans", items));
  return NQ_OK;
}

nq_code api_plan_publish(nq_req *rq, nq_err *err) {
  int64_t id, version;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_req_if_match_version(rq, &version, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  json_t *pub = json_is_object(body) ? json_object_get(body, "public") : NULL;
  if (!json_is_boolean(pub) || json_object_size(body) != 1)
    return nq_fail(err, NQ_EUNPROCESSABLE,
                   "Chỉ sửa được trường \"public\" (true: công khai kế hoạch, false: thu hồi)");
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *plan = NULL;
  if ((rc = nq_store_plan_set_public(nq_api_of(rq)->store, &who, id, version,
                                     json_is_true(pub), &plan, err)))
    return rc;
  nq_reply_json(rq, 200, plan);
  return NQ_OK;
}
