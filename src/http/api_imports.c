/*
** api_imports.c: POST /api/imports: a plan document in the request body
** (TXT, DOCX, PDF with a text layer, scanned PDF, PNG or JPEG; the format
** is read from the bytes) comes back as plan JSON (docs/spec/plan-json.md)
** for the user to check and edit. Nothing is stored: saving the plan is a
** separate POST /api/plans. ?name=FILE gives the file name for "source".
*/
#include "http/api.h"

#include "import/import.h"

nq_code api_import_create(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"name", NULL};
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (rc) return rc;
  size_t len = 0;
  const void *body = nq_req_body(rq, &len);
  const char *name = nq_req_query(rq, "name");
  nq_import_opts opts = {0};
  json_t *plan = NULL;
  rc = nq_import_buffer(body ? body : "", body ? len : 0, name && *name ? name : "tai-lieu", &opts, &plan, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, plan);
  return NQ_OK;
}
