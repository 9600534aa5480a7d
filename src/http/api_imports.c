/*
** api_imports.c: importing plan documents as drafts (docs/api.md,
** "Nhập kế hoạch"). POST /api/imports stores the upload's reading as a
** draft: text, DOCX and PDF with a text layer are read at once (201, state
** "ready"); scans go to the background worker (202, state "processing",
** poll GET /api/imports/:id for progress). The officer then corrects the
** plan JSON beside the document's text (PUT with If-Match) and publishes
** it, which creates the plan and closes the draft in one transaction.
*/
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/planjson.h"
#include "store/store_imports.h"

/* The file name as "source" of the plan: its last path component. */
static const char *base_name(const char *name) {
  const char *slash = strrchr(name, '/');
  return slash ? slash + 1 : name;
}

static bool is_scan_type(const char *media_type) {
  return !strcmp(media_type, "application/pdf") || !strncmp(media_type, "image/", 6);
}

/* Reply with a draft and its version as a weak ETag (for If-Match). */
static void reply_draft(nq_req *rq, int status, json_t *draft) {
  char etag[40];
  snprintf(etag, sizeof etag, "W/\"%lld\"",
           (long long)json_integer_value(json_object_get(draft, "version")));
  nq_reply_etag(rq, etag);
  char location[64];
  snprintf(location, sizeof location, "/api/imports/%lld",
           (long long)json_integer_value(json_object_get(draft, "id")));
  if (status == 201 || status == 202) nq_reply_header(rq, "Location", location);
  nq_reply_json(rq, status, draft);
}

nq_code api_import_create(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"name", NULL};
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (rc) return rc;
  nq_api *api = nq_api_of(rq);
  size_t len = 0;
  const void *body = nq_req_body(rq, &len);
  if (!body || len == 0) return nq_fail(err, NQ_EINVAL, "Tệp rỗng, không có nội dung để nhập");
  /* A form upload would be read as a text plan made of its boundaries. */
  const char *ctype = nq_req_header(rq, "Content-Type");
  if (ctype && !strncasecmp(ctype, "multipart/", 10))
    return nq_fail(err, NQ_EUNSUPPORTED,
                   "Hãy gửi nội dung tệp trực tiếp (không dùng biểu mẫu multipart), tên tệp trong ?name=");
  const char *name = nq_req_query(rq, "name");
  name = base_name(name && *name ? name : "tai-lieu");
  const char *media_type = nq_import_media_type(body, len);
  nq_actor who;
  nq_api_actor(rq, &who);
  nq_import_draft_new d = {name, media_type, (int64_t)len, NULL, NULL};
  int64_t id;
  json_t *draft;

  if (api->import_jobs && is_scan_type(media_type)) {
    if ((rc = nq_store_import_create(api->store, &who, &d, &id, err))) return rc;
    nq_import_jobs_submit(api->import_jobs, id, body, len, name, &who);
    if ((rc = nq_store_import_get(api->store, id, &draft, err))) return rc;
    reply_draft(rq, 202, draft);
    return NQ_OK;
  }

  /* Read now: what the importer refuses (empty, UTF-16, a ZIP) is the
  ** client's mistake, answered with its 4xx and no draft left behind. */
  nq_import_opts opts = {0};
  opts.models = api->import_models;
  char *text = NULL;
  json_t *plan = NULL;
  rc = nq_import_extract(body, len, &opts, &text, err);
  if (!rc) rc = nq_import_text(text, name, &opts, &plan, err);
  if (!rc) {
    d.source_text = text;
    d.plan = plan;
    rc = nq_store_import_create(api->store, &who, &d, &id, err);
  }
  json_decref(plan);
  free(text);
  if (!rc) rc = nq_store_import_get(api->store, id, &draft, err);
  if (rc) return rc;
  reply_draft(rq, 201, draft);
  return NQ_OK;
}

nq_code api_imports_list(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {NULL};
  json_t *list;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_store_imports_list(nq_api_of(rq)->store, &list, err);
  if (rc) return rc;
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

nq_code api_import_get(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *draft;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_store_import_get(nq_api_of(rq)->store, id, &draft, err);
  if (rc) return rc;
  reply_draft(rq, 200, draft);
  return NQ_OK;
}

nq_code api_import_put(nq_req *rq, nq_err *err) {
  int64_t id, version;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_req_if_match_version(rq, &version, err);
  if (rc) return rc;
  /* The body is the whole corrected plan JSON. It must pass what publishing
  ** will demand, so a saved draft can always be published; the message
  ** starts with the JSON path of the first fault. */
  json_t *plan = nq_req_json(rq), *normalized = NULL;
  if (!json_is_object(plan))
    return nq_fail(err, NQ_EUNPROCESSABLE,
                   "Nội dung phải là kế hoạch dạng JSON (xem docs/spec/plan-json.md)");
  if ((rc = nq_planjson_normalize(plan, &normalized, err)))
    return rc == NQ_EINVAL ? NQ_EUNPROCESSABLE : rc;
  json_decref(normalized);
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *draft;
  if ((rc = nq_store_import_update(nq_api_of(rq)->store, &who, id, version, plan, &draft, err)))
    return rc;
  reply_draft(rq, 200, draft);
  return NQ_OK;
}

nq_code api_import_publish(nq_req *rq, nq_err *err) {
  int64_t id, plan_id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  nq_api *api = nq_api_of(rq);
  nq_actor who;
  nq_api_actor(rq, &who);
  rc = nq_store_import_publish(api->store, &who, id, &plan_id, err);
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
  json_t *plan;
  if (!rc) rc = nq_store_plan_get(api->store, plan_id, &plan, err);
  if (rc) return rc;
  char location[64];
  snprintf(location, sizeof location, "/api/plans/%lld", (long long)plan_id);
  nq_reply_header(rq, "Location", location);
  nq_reply_json(rq, 201, plan);
  return NQ_OK;
}

nq_code api_import_delete(nq_req *rq, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  nq_actor who;
  nq_api_actor(rq, &who);
  if ((rc = nq_store_import_delete(nq_api_of(rq)->store, &who, id, err))) return rc;
  nq_reply_json(rq, 200, json_pack("{s:b}", "ok", 1));
  return NQ_OK;
}
