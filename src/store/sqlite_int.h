/*
** sqlite_int.h: the SQLite backend's domain functions, shared between
** sqlite.c (which puts them in the ops table) and the files defining them.
*/
#ifndef NQ_STORE_SQLITE_INT_H
#define NQ_STORE_SQLITE_INT_H

#include "core/status.h"
#include "store/backend.h"
#include "store/sql.h"

/* sqlite_units.c */
nq_code nq_sqlite_units_list(nq_store *s, const char *q, json_t **out, nq_err *err);
nq_code nq_sqlite_unit_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
nq_code nq_sqlite_unit_create(nq_store *s, const nq_actor *who, json_t *unit,
                              int64_t *id_out, nq_err *err);
nq_code nq_sqlite_unit_resolve(nq_store *s, const char *name, int64_t *id_out, nq_err *err);
nq_code nq_sqlite_unit_update(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                              json_t *patch, json_t **out, nq_err *err);
nq_code nq_sqlite_unit_merge(nq_store *s, const nq_actor *who, int64_t from_id, int64_t into_id,
                             json_t **out, nq_err *err);
/* Inside a transaction. create: make party/proposed units for unknown names
** (write transactions only); else NQ_ENOTFOUND. */
nq_code nq_db_unit_resolve(nq_db *db, const char *name, bool create, int64_t *id_out,
                           nq_err *err);
nq_code nq_db_unit_json(nq_db *db, int64_t id, json_t **out, nq_err *err);
/* Insert one unit row (and its aliases) and audit it. */
nq_code nq_db_unit_insert(nq_db *db, const char *name, const char *kind, const char *level,
                          int64_t parent_id, const char *status, json_t *aliases,
                          int64_t *id_out, nq_err *err);

/* sqlite_plans.c */
nq_code nq_sqlite_plan_create(nq_store *s, const nq_actor *who, json_t *plan,
                              int64_t *id_out, nq_err *err);
/* Inside a write transaction: store a plan already through
** nq_planjson_normalize (what nq_sqlite_plan_create does), audited. */
nq_code nq_db_plan_insert(nq_db *db, json_t *normalized, int64_t *id_out, nq_err *err);
nq_code nq_sqlite_plans_list(nq_store *s, json_t **out, nq_err *err);
nq_code nq_sqlite_plan_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
nq_code nq_sqlite_plan_export(nq_store *s, int64_t id, json_t **out, nq_err *err);
nq_code nq_sqlite_plan_overview(nq_store *s, int64_t id, const char *at_date,
                                json_t **out, nq_err *err);
nq_code nq_sqlite_indicators_list(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

/* sqlite_tasks.c */
nq_code nq_sqlite_tasks_query(nq_store *s, const nq_task_filter *f, json_t **out, nq_err *err);
nq_code nq_sqlite_task_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
nq_code nq_sqlite_task_update(nq_store *s, const nq_actor *who, int64_t id,
                              int64_t if_version, json_t *patch, json_t **out, nq_err *err);
/* The SQL expression computing the status (core/status.h) of the task
** aliased t at the date bound to :at. Use named parameters in statements
** that embed it. */
extern const char nq_sql_task_status[];
/* Bind :at to at_date (NULL = today). */
void nq_bind_status_dates(sqlite3_stmt *st, const char *at_date);
/* A date or timestamp value as its day; NQ_DATE_NONE when NULL or not one. */
nq_date nq_sql_value_date(sqlite3_value *v);
/* The facts status.h judges, from the values of schedule_kind, start_date,
** due_date, done, done_date, percent, last_update_at (in that order): what
** nq_task_status() in SQL and the scope-wide pass (sqlite_scope.c) share. */
void nq_sql_task_facts(sqlite3_value *const v[7], nq_date plan_start, nq_task_facts *f);
/* Register nq_task_status() on a connection. */
void nq_sqlite_register_status(sqlite3 *conn);
/* Register nq_task_field(title, body) (core/field.h) on a connection: the
** 0009 migration backfills tasks.field with it. */
void nq_sqlite_register_field(sqlite3 *conn);
/* The position of a stored field code in nq_field_code_at() order; a
** missing or unknown code counts as "other". */
size_t nq_sql_field_index(const unsigned char *code);

/* sqlite.c: which plans' tasks and indicators changed, for figures kept per
** plan between requests (sqlite_scope.c). The writer notes the plan of
** every tasks and indicators row, the task of every task_units row and the
** indicator of every indicator_targets and indicator_values row it inserts,
** updates or deletes (and every plans row); a transaction's notes are published when it commits and
** dropped when it rolls back. Taking returns and clears what was published:
** take before the read that refreshes the figures begins, and everything
** committed before the take is in the read's snapshot. all: what changed is
** unknown (another process wrote, a restore): treat every plan as changed. */
typedef struct nq_changes {
  int64_t *plans, *tasks, *indicators;
  size_t n_plans, n_tasks, n_indicators;
  bool all;
} nq_changes;
void nq_sql_take_changes(nq_store *s, nq_changes *out);
void nq_changes_free(nq_changes *c);

/* sqlite_scope.c: counts kept per plan between requests, one set per store
** (made when it opens, freed when it closes); NULL for another backend. */
typedef struct nq_scope_memo nq_scope_memo;
nq_scope_memo *nq_scope_memo_new(void);
void nq_scope_memo_free(nq_scope_memo *m);
nq_scope_memo *nq_sql_scope_memo(nq_store *s);

#endif
