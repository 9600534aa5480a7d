/*
** store.h: the storage interface. Everything nq57 keeps goes through here:
** the agency directory (units), plans with their tasks, indicators and
** reporting regimes, progress updates, users, and the audit log.
**
** Rows cross this boundary as jansson objects (json_t) shaped as the API
** returns them, so the HTTP layer serialises without copying field by field
** and the PostgreSQL backend can produce the same shapes.
**
** An nq_store is thread-safe: it keeps a small pool of connections (SQLite:
** one writer serialised by a mutex, readers in WAL mode), so the HTTP worker
** threads share one handle. Every write runs in one transaction, appends to
** the hash-chained audit log in that transaction, and is durable
** (synchronous=FULL) before the call returns.
**
** The signatures below are the contract between src/store (implements) and
** src/http, src/cli (call). Extend, don't break. Backends sit behind the ops
** table in store/backend.h; modules adding SQL of their own inside store
** transactions use store/sql.h. Tables are described in docs/schema.md.
**
** Task statuses (nq_task_filter.status, overview keys) are those of
** src/core/status.h at the given date: done_on_time, done_late, overdue,
** at_risk, in_progress, not_started (nq_status_name()).
*/
#ifndef NQ_STORE_H
#define NQ_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

typedef struct nq_store nq_store;

/* Who is making a change, for the audit log. user_id 0 = system/CLI. */
typedef struct nq_actor {
  int64_t user_id;
  const char *name;    /* login or "cli", "demo-loader" */
  const char *origin;  /* client address or "cli" */
} nq_actor;

/* url: a file path or "sqlite:PATH" (default backend), or
** "postgres://..." / "postgresql://..." when built with libpq.
** Applies pending numbered migrations; refuses a database whose schema is
** newer than this binary with NQ_ECONFLICT and a clear message. */
nq_code nq_store_open(nq_store **out, const char *url, nq_err *err);
void nq_store_close(nq_store *s);

/* Schema version of the open database and the newest this binary knows. */
int nq_store_schema_version(nq_store *s);
int nq_store_schema_latest(void);

/* A counter that changes after every committed write through any handle
** (identity and permission caches key on it: a revoked session must fail
** on the next request). */
int64_t nq_store_generation(nq_store *s);
/* The same, blind to writes of sign-in state only (sessions, API token use,
** login attempts; nq_sql_write_signin): what API answers are made of. The
** response cache keys on it, so officials signing in all day do not empty
** it for everyone. Never older than nq_store_generation's last change of
** anything else. */
int64_t nq_store_data_generation(nq_store *s);

/* ---- units (agency directory) ----------------------------------------- */
/* json: {"id","name","kind","parent_id","level","status","version","aliases":[...]} */
nq_code nq_store_units_list(nq_store *s, const char *q, json_t **out, nq_err *err);
nq_code nq_store_unit_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
nq_code nq_store_unit_create(nq_store *s, const nq_actor *who, json_t *unit,
                             int64_t *id_out, nq_err *err);
/* Resolve an agency phrase (canonical name or alias, accent/case-insensitive)
** to a unit id; NQ_ENOTFOUND when unknown. */
nq_code nq_store_unit_resolve(nq_store *s, const char *name, int64_t *id_out, nq_err *err);
/* Review of the directory (proposed units from imports). update: a patch of
** name, kind, level, parent_id, status ("active" approves), aliases (the
** full new list) or aliases_add/aliases_remove (spellings to add, remove),
** applied when the unit's version equals if_version (NQ_EPRECOND
** otherwise; < 0 skips the check); NQ_ECONFLICT when another unit under the
** same parent has the name, NQ_EINVAL for a parent that does not exist or
** lies below the unit; returns the unit. merge: from_id's task assignments,
** duties and aliases move to into_id, its name becomes an alias there, and
** it is deleted; NQ_ECONFLICT when it already has reports, users or child
** units. Both audited. out may be NULL. */
nq_code nq_store_unit_update(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                             json_t *patch, json_t **out, nq_err *err);
nq_code nq_store_unit_merge(nq_store *s, const nq_actor *who, int64_t from_id, int64_t into_id,
                            json_t **out, nq_err *err);

/* ---- plans -------------------------------------------------------------- */
/* Validate plan JSON (spec/plan-json.md) and store it as a new plan; its
** agency names are linked to units (unknown ones are created, flagged
** "proposed"). NQ_ECONFLICT when a plan with the same number and issuer
** exists. */
nq_code nq_store_plan_create(nq_store *s, const nq_actor *who, json_t *plan,
                             int64_t *id_out, nq_err *err);
/* [{"id","kind","number","issuer","date","title","task_count",...}] */
nq_code nq_store_plans_list(nq_store *s, json_t **out, nq_err *err);
nq_code nq_store_plan_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
/* The plan as plan JSON, round-trippable through nq_store_plan_create. */
nq_code nq_store_plan_export(nq_store *s, int64_t id, json_t **out, nq_err *err);
/* Counts of tasks by status and by lead agency at a date (YYYY-MM-DD). */
nq_code nq_store_plan_overview(nq_store *s, int64_t id, const char *at_date,
                               json_t **out, nq_err *err);

/* ---- tasks -------------------------------------------------------------- */
typedef struct nq_task_filter {
  int64_t plan_id;       /* 0 = any */
  int64_t unit_id;       /* lead or support; 0 = any */
  const char *status;    /* status name at at_date, NULL = any */
  const char *due_from;  /* YYYY-MM-DD inclusive, NULL = open */
  const char *due_to;
  const char *q;         /* accent-insensitive text search, NULL = none */
  const char *at_date;   /* date for status; NULL = today */
  int offset;
  int limit;             /* 1..500 */
} nq_task_filter;

/* {"items":[task...],"total":N,"offset":..,"limit":..} */
nq_code nq_store_tasks_query(nq_store *s, const nq_task_filter *f, json_t **out, nq_err *err);
/* Task with "version" (for ETag/If-Match), units, schedule, progress. */
nq_code nq_store_task_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
/* Apply a patch of editable fields if the stored version equals if_version
** (NQ_EPRECOND otherwise; if_version < 0 skips the check); returns the new
** task. Editable: title, body, timeline, schedule {kind,start,due}, done,
** done_date, percent, parent_task_id, lead/support/oversight (arrays of unit
** ids or agency names). Audited with the task before and after. */
nq_code nq_store_task_update(nq_store *s, const nq_actor *who, int64_t id,
                             int64_t if_version, json_t *patch, json_t **out,
                             nq_err *err);

/* ---- indicators --------------------------------------------------------- */
nq_code nq_store_indicators_list(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

/* ---- maintenance -------------------------------------------------------- */
/* Consistent online copy to dest_path (SQLite backup API). */
nq_code nq_store_backup(nq_store *s, const char *dest_path, nq_err *err);
/* Verify src_path (integrity_check, an nq57 schema not newer than this
** binary) and then replace the open database's content with it in one
** transaction (readers see old or new, never a mix); older schemas are
** migrated. The restore itself is audited. */
nq_code nq_store_restore(nq_store *s, const char *src_path, nq_err *err);
/* integrity_check, foreign keys and the audit hash chain:
** {"ok":bool,"problems":[...]} (problems are Vietnamese sentences) */
nq_code nq_store_check(nq_store *s, json_t **out, nq_err *err);
/* True when the database has no units and no plans (a fresh file). */
nq_code nq_store_is_empty(nq_store *s, bool *empty, nq_err *err);

/* ---- demo data ------------------------------------------------------------ */
/* On an empty database: load the agency directory (data/agencies.md) and the
** gold plans (the JSON files of data/gold), all embedded in the binary at build time.
** Does nothing (NQ_OK) when the database already has units or plans. */
nq_code nq_store_seed_demo(nq_store *s, nq_err *err);
/* Just the directory (what a fresh deployment starts from). */
nq_code nq_store_seed_agencies(nq_store *s, const nq_actor *who, nq_err *err);

#endif
