/*
** api_tasks.c: tasks: the filtered list, one task with its version as ETag,
** and optimistic-concurrency edits (PATCH with If-Match).
*/
#include "http/api.h"

#include <stdio.h>
#include <string.h>

#include "core/field.h"
#include "core/vntext.h"

static const char *const task_statuses[] = {
  "done_on_time", "done_late", "overdue", "at_risk", "in_progress", "not_started", NULL,
};

/* Fields a PATCH may carry (store.h, nq_store_task_update). */
static const char *const editable_fields[] = {
  "title", "body", "timeline", "schedule", "done", "done_date", "percent",
  "parent_task_id", "lead", "support", "oversight", "field", NULL,
};

static int in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

nq_code api_tasks_list(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"plan", "unit", "status", "due_from", "due_to", "q",
                                        "date", "offset", "limit", "field",
                                        "plan_id", "unit_id", "at", NULL};
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (rc) return rc;
  int64_t plan = 0, unit = 0, offset = 0, limit = 50;
  nq_task_filter f = {0};
  const char *plan_arg, *unit_arg, *date_arg;
  if ((rc = nq_req_query_alias(rq, "plan", "plan_id", &plan_arg, err)) ||
      (rc = nq_req_query_alias(rq, "unit", "unit_id", &unit_arg, err)) ||
      (rc = nq_req_query_alias(rq, "date", "at", &date_arg, err)) ||
      (rc = nq_req_query_int(rq, plan_arg, 1, INT64_MAX, &plan, err)) ||
      (rc = nq_req_query_int(rq, unit_arg, 1, INT64_MAX, &unit, err)) ||
      (rc = nq_req_query_int(rq, "offset", 0, 100000000, &offset, err)) ||
      (rc = nq_req_query_int(rq, "limit", 1, 500, &limit, err)) ||
      (rc = nq_req_query_date(rq, "due_from", &f.due_from, err)) ||
      (rc = nq_req_query_date(rq, "due_to", &f.due_to, err)) ||
      (rc = nq_req_query_date(rq, date_arg, &f.at_date, err)))
    return rc;
  if (f.due_from && f.due_to && strcmp(f.due_from, f.due_to) > 0)
    return nq_fail(err, NQ_EINVAL, "Tham số 'due_from' (%s) phải không sau 'due_to' (%s)",
                   f.due_from, f.due_to);
  f.status = nq_req_query(rq, "status");
  if (f.status && !in_list(task_statuses, f.status))
    return nq_fail(err, NQ_EINVAL,
                   "Tham số 'status' không hợp lệ: '%s' (dùng done_on_time, done_late, "
                   "overdue, at_risk, in_progress hoặc not_started)", f.status);
  f.field = nq_req_query(rq, "field");
  if (f.field && !nq_field_valid(f.field))
    return nq_fail(err, NQ_EINVAL, "Tham số 'field' không hợp lệ: '%s' (dùng awareness, "
                   "institutions, infrastructure, human_resources, digital_government, "
                   "enterprise_innovation, international, security hoặc other)", f.field);
  f.q = nq_req_query(rq, "q");
  if (f.q && (strlen(f.q) > 200 || !vn_valid_utf8(f.q, strlen(f.q))))
    return nq_fail(err, NQ_EINVAL, "Tham số 'q' phải là văn bản UTF-8 không quá 200 byte");
  if (f.q && !*f.q) f.q = NULL;
  f.plan_id = plan;
  f.unit_id = unit;
  f.offset = (int)offset;
  f.limit = (int)limit;
  json_t *page;
  if ((rc = nq_store_tasks_query(nq_api_of(rq)->store, &f, &page, err))) return rc;
  nq_reply_json(rq, 200, page);
  return NQ_OK;
}

/* Reply with a task and its version as a weak ETag. */
static void reply_task(nq_req *rq, int status, json_t *task) {
  char etag[40];
  snprintf(etag, sizeof etag, "W/\"%lld\"",
           (long long)json_integer_value(json_object_get(task, "version")));
  nq_reply_etag(rq, etag);
  nq_reply_json(rq, status, task);
}

nq_code api_task_get(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *task;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_store_task_get(nq_api_of(rq)->store, id, &task, err);
  if (rc) return rc;
  reply_task(rq, 200, task);
  return NQ_OK;
}

static nq_code check_patch(json_t *patch, nq_err *err) {
  if (!json_is_object(patch) || json_object_size(patch) == 0)
    return nq_fail(err, NQ_EUNPROCESSABLE, "Nội dung sửa phải là đối tượng JSON có ít nhất một trường");
  const char *key;
  json_t *v;
  json_object_foreach(patch, key, v) {
    if (!in_list(editable_fields, key))
      return nq_fail(err, NQ_EUNPROCESSABLE, "Trường '%s' không sửa được", key);
  }
  json_t *pct = json_object_get(patch, "percent");
  if (pct && !json_is_null(pct) &&
      (!json_is_number(pct) || json_number_value(pct) < 0 || json_number_value(pct) > 100))
    return nq_fail(err, NQ_EUNPROCESSABLE, "Trường 'percent' phải là số từ 0 đến 100");
  json_t *done = json_object_get(patch, "done");
  if (done && !json_is_boolean(done))
    return nq_fail(err, NQ_EUNPROCESSABLE, "Trường 'done' phải là true hoặc false");
  json_t *title = json_object_get(patch, "title");
  if (title && (!json_is_string(title) || json_string_length(title) == 0))
    return nq_fail(err, NQ_EUNPROCESSABLE, "Trường 'title' phải là văn bản khác rỗng");
  return NQ_OK;
}

nq_code api_task_patch(nq_req *rq, nq_err *err) {
  int64_t id, version;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_req_if_match_version(rq, &version, err);
  if (!rc) rc = check_patch(nq_req_json(rq), err);
  if (rc) return rc;
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *task;
  rc = nq_store_task_update(nq_api_of(rq)->store, &who, id, version, nq_req_json(rq), &task, err);
  /* The body parsed, so what the store refuses is a rule, not syntax. */
  if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
  if (rc) return rc;
  reply_task(rq, 200, task);
  return NQ_OK;
}
