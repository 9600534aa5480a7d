/*
** api_scope.c: the dashboard of the caller's whole scope, one request per
** card: GET /api/overview, /api/timeliness, /api/indicators and
** /api/indicators/:id (store/store_scope.h). The routes' descriptors
** narrow (router.h), so the authorization hook hands over what the caller
** may read (nq_authz_reach) instead of refusing, and the store keeps only
** that; the query's plan and unit narrow further within it.
*/
#include "http/api.h"
#include "http/authz.h"
#include "store/store_scope.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

/* The query common to the four routes; allowed lists the arguments the
** route accepts (anything else is a 400 naming it). Without ?date= the
** figures are as of today here (today[] receives it), the day
** nq_api_generation folds into the cache key: cached answers expire at
** local midnight, as /api/plans/:id/overview's do. */
static nq_code scope_query(nq_req *rq, const char *const *allowed, nq_scope_query *q,
                           char today[16], nq_err *err) {
  memset(q, 0, sizeof *q);
  int64_t plan = 0, unit = 0, year = 0, offset = 0, limit = 50;
  nq_code rc;
  if ((rc = nq_req_query_only(rq, allowed, err)) ||
      (rc = nq_req_query_int(rq, "plan", 1, INT64_MAX, &plan, err)) ||
      (rc = nq_req_query_int(rq, "unit", 1, INT64_MAX, &unit, err)) ||
      (rc = nq_req_query_int(rq, "year", 1900, 2200, &year, err)) ||
      (rc = nq_req_query_int(rq, "offset", 0, 100000000, &offset, err)) ||
      (rc = nq_req_query_int(rq, "limit", 1, 500, &limit, err)) ||
      (rc = nq_req_query_date(rq, "date", &q->at_date, err)))
    return rc;
  if (!q->at_date) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(today, 16, "%Y-%m-%d", &tm);
    q->at_date = today;
  }
  nq_authz_reach(rq, &q->reach);
  q->plan_id = plan;
  q->unit_id = unit;
  q->year = (int)year;
  q->offset = (int)offset;
  q->limit = (int)limit;
  return NQ_OK;
}

nq_code api_overview(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"date", "plan", "unit", NULL};
  nq_scope_query q;
  char today[16];
  json_t *out;
  nq_code rc = scope_query(rq, allowed, &q, today, err);
  if (!rc) rc = nq_store_scope_overview(nq_api_of(rq)->store, &q, &out, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

nq_code api_timeliness(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"plan", "unit", NULL};
  nq_scope_query q;
  char today[16];
  json_t *out;
  nq_code rc = scope_query(rq, allowed, &q, today, err);
  if (!rc) rc = nq_store_scope_timeliness(nq_api_of(rq)->store, &q, &out, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

nq_code api_indicators(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"plan", "unit", "year", "date", "offset", "limit", NULL};
  nq_scope_query q;
  char today[16];
  json_t *out;
  nq_code rc = scope_query(rq, allowed, &q, today, err);
  if (!rc) rc = nq_store_scope_indicators(nq_api_of(rq)->store, &q, &out, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

nq_code api_indicator_get(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"unit", "year", "date", NULL};
  int64_t id;
  nq_scope_query q;
  char today[16];
  json_t *out;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = scope_query(rq, allowed, &q, today, err);
  if (!rc) rc = nq_store_indicator_detail(nq_api_of(rq)->store, id, &q, &out, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}
