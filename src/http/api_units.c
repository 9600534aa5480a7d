/* api_units.c: the agency directory: /api/units, and its edits (PATCH
** with If-Match on the unit's version, so two administrators never
** overwrite each other). */
#include "http/api.h"

#include <stdio.h>
#include <string.h>

nq_code api_units_list(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"q", NULL};
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (rc) return rc;
  json_t *list;
  if ((rc = nq_store_units_list(nq_api_of(rq)->store, nq_req_query(rq, "q"), &list, err)))
    return rc;
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

static void reply_unit(nq_req *rq, json_t *unit) {
  char etag[40];
  snprintf(etag, sizeof etag, "W/\"%lld\"", (long long)json_integer_value(json_object_get(unit, "version")));
  nq_reply_etag(rq, etag);
  nq_reply_json(rq, 200, unit);
}

nq_code api_unit_get(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *unit;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_store_unit_get(nq_api_of(rq)->store, id, &unit, err);
  if (rc) return rc;
  reply_unit(rq, unit);
  return NQ_OK;
}

/* Body: any of name, kind, level, parent_id, status, aliases (the whole
** list) or aliases_add / aliases_remove. */
nq_code api_unit_patch(nq_req *rq, nq_err *err) {
  int64_t id, version;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_req_if_match_version(rq, &version, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  if (!json_is_object(body) || json_object_size(body) == 0)
    return nq_fail(err, NQ_EUNPROCESSABLE, "Cần ít nhất một trường để sửa (name, kind, level, parent_id, "
                   "status, aliases, aliases_add, aliases_remove)");
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *unit = NULL;
  rc = nq_store_unit_update(nq_api_of(rq)->store, &who, id, version, body, &unit, err);
  /* The body parsed, so what the store refuses is a rule, not syntax. */
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
  if (rc) return rc;
  reply_unit(rq, unit);
  return NQ_OK;
}

nq_code api_unit_create(nq_req *rq, nq_err *err) {
  json_t *body = nq_req_json(rq);
  if (!json_is_object(body))
    return nq_fail(err, NQ_EUNPROCESSABLE, "Đơn vị phải là một đối tượng JSON");
  nq_api *api = nq_api_of(rq);
  nq_actor who;
  nq_api_actor(rq, &who);
  int64_t id;
  json_t *unit;
  nq_code rc = nq_store_unit_create(api->store, &who, body, &id, err);
  /* The body parsed, so what the store refuses is a rule, not syntax. */
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
  if (!rc) rc = nq_store_unit_get(api->store, id, &unit, err);
  if (rc) return rc;
  char location[64];
  snprintf(location, sizeof location, "/api/units/%lld", (long long)id);
  nq_reply_header(rq, "Location", location);
  nq_reply_json(rq, 201, unit);
  return NQ_OK;
}
