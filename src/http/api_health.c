/* api_health.c: GET /api/health, for load balancers and monitoring. */
#include "http/api.h"

nq_code api_health(nq_req *rq, nq_err *err) {
  nq_api *api = nq_api_of(rq);
  int schema = nq_store_schema_version(api->store);
  int latest = nq_store_schema_latest();
  /* A database that opened but sits at another schema cannot serve the API
  ** correctly: report it as unavailable so probes take the node out. */
  if (schema <= 0 || schema != latest)
    return nq_fail(err, NQ_EUNAVAILABLE,
                   "Cơ sở dữ liệu chưa sẵn sàng (phiên bản lược đồ %d, cần %d)", schema, latest);
  nq_reply_json(rq, 200, json_pack("{s:s, s:s, s:i, s:i, s:b}", "status", "ok", "version",
                                   api->version ? api->version : "", "schema_version", schema,
                                   "schema_latest", latest, "db_ok", 1));
  return NQ_OK;
}
