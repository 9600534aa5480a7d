/*
** store.c: the public store.h entry points. Picks the backend from the URL
** and forwards each call through the backend's ops table (backend.h).
*/
#include "store/store.h"

#include <string.h>

#include "store/backend.h"

nq_code nq_store_open(nq_store **out, const char *url, nq_err *err) {
  *out = NULL;
  if (!url || !*url) return nq_fail(err, NQ_EINVAL, "Thiếu đường dẫn cơ sở dữ liệu.");
  if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
    return nq_fail(err, NQ_EUNSUPPORTED,
                   "Bản nq57 này chưa có phần hỗ trợ PostgreSQL (cần biên dịch với libpq); "
                   "hãy dùng một tệp SQLite.");
  if (strncmp(url, "sqlite:", 7) == 0) url += 7;
  return nq_sqlite_open(out, url, err);
}

void nq_store_close(nq_store *s) {
  if (s) s->ops->close(s);
}

int nq_store_schema_version(nq_store *s) { return s->ops->schema_version(s); }
int64_t nq_store_generation(nq_store *s) { return s->ops->generation(s); }
int64_t nq_store_data_generation(nq_store *s) { return s->ops->data_generation(s); }

nq_code nq_store_units_list(nq_store *s, const char *q, json_t **out, nq_err *err) {
  return s->ops->units_list(s, q, out, err);
}
nq_code nq_store_unit_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  return s->ops->unit_get(s, id, out, err);
}
nq_code nq_store_unit_create(nq_store *s, const nq_actor *who, json_t *unit,
                             int64_t *id_out, nq_err *err) {
  return s->ops->unit_create(s, who, unit, id_out, err);
}
nq_code nq_store_unit_resolve(nq_store *s, const char *name, int64_t *id_out, nq_err *err) {
  return s->ops->unit_resolve(s, name, id_out, err);
}
nq_code nq_store_unit_update(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                             json_t *patch, json_t **out, nq_err *err) {
  return s->ops->unit_update(s, who, id, if_version, patch, out, err);
}
nq_code nq_store_unit_merge(nq_store *s, const nq_actor *who, int64_t from_id, int64_t into_id,
                            json_t **out, nq_err *err) {
  return s->ops->unit_merge(s, who, from_id, into_id, out, err);
}

nq_code nq_store_plan_create(nq_store *s, const nq_actor *who, json_t *plan,
                             int64_t *id_out, nq_err *err) {
  return s->ops->plan_create(s, who, plan, id_out, err);
}
nq_code nq_store_plans_list(nq_store *s, json_t **out, nq_err *err) {
  return s->ops->plans_list(s, out, err);
}
nq_code nq_store_plan_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  return s->ops->plan_get(s, id, out, err);
}
nq_code nq_store_plan_export(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  return s->ops->plan_export(s, id, out, err);
}
nq_code nq_store_plan_overview(nq_store *s, int64_t id, const char *at_date,
                               json_t **out, nq_err *err) {
  return s->ops->plan_overview(s, id, at_date, out, err);
}

nq_code nq_store_tasks_query(nq_store *s, const nq_task_filter *f, json_t **out, nq_err *err) {
  return s->ops->tasks_query(s, f, out, err);
}
nq_code nq_store_task_get(nq_store *s, int64_t id, json_t **out, nq_err *err) {
  return s->ops->task_get(s, id, out, err);
}
nq_code nq_store_task_update(nq_store *s, const nq_actor *who, int64_t id,
                             int64_t if_version, json_t *patch, json_t **out,
                             nq_err *err) {
  return s->ops->task_update(s, who, id, if_version, patch, out, err);
}

nq_code nq_store_indicators_list(nq_store *s, int64_t plan_id, json_t **out, nq_err *err) {
  return s->ops->indicators_list(s, plan_id, out, err);
}

nq_code nq_store_backup(nq_store *s, const char *dest_path, nq_err *err) {
  return s->ops->backup(s, dest_path, err);
}
nq_code nq_store_restore(nq_store *s, const char *src_path, nq_err *err) {
  return s->ops->restore(s, src_path, err);
}
nq_code nq_store_check(nq_store *s, json_t **out, nq_err *err) {
  return s->ops->check(s, out, err);
}
nq_code nq_store_is_empty(nq_store *s, bool *empty, nq_err *err) {
  return s->ops->is_empty(s, empty, err);
}
