/*
** store_scope.h: the dashboard of a caller's whole scope, across plans:
** task counts by status (core/status.h) and by lead agency, the overdue and
** at-risk tasks with their reasons, the trend over month-ends, report
** timeliness of each plan's current period, and the indicator board with
** traffic lights (core/attain.h). Part of the store interface (store.h);
** the SQLite implementation is sqlite_scope.c.
**
** Every answer is computed in a bounded number of statements whatever the
** number of plans (never one query per plan), so the whole country (3,500
** plans, 500,000 tasks) answers in a fraction of a second.
**
** The reach says what the caller may read (the HTTP layer derives it from
** the permission policy: src/http/authz.h nq_authz_reach); the filters of
** the query narrow further within it. Both apply: a unit filter inside a
** unit reach keeps the tasks the two units share.
*/
#ifndef NQ_STORE_SCOPE_H
#define NQ_STORE_SCOPE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* What part of the data a caller may read. All zero: everything. */
typedef struct nq_reach {
  bool public_only;          /* plans released to the public page only */
  int64_t unit_id;           /* > 0: tasks this unit leads or supports, its
                             ** reports, its indicator values */
  const int64_t *plan_ids;   /* n_plans > 0: these plans only */
  size_t n_plans;
} nq_reach;

typedef struct nq_scope_query {
  nq_reach reach;
  int64_t plan_id;           /* 0 = every plan in reach */
  int64_t unit_id;           /* 0 = every unit; else tasks it leads or
                             ** supports, its reports, its values */
  const char *at_date;       /* YYYY-MM-DD for statuses; NULL = today */
  int year;                  /* indicators: the targets' year; 0 = at_date's */
  int offset, limit;         /* indicators: page (limit 1..500) */
  bool recount;              /* overview: count from the tasks, not from the
                             ** counts kept per plan (tests, checks) */
} nq_scope_query;

/* How many overdue / at-risk tasks the overview lists, and how many lead
** agencies it names before adding the rest up as "others". */
#define NQ_SCOPE_TASKS_LISTED 8
#define NQ_SCOPE_LEADS_NAMED 30
/* How many late or missing reports the timeliness answer lists. */
#define NQ_SCOPE_UNITS_LISTED 50

/* {"at","total","by_status":{status:n},
**  "by_lead":[{"unit_id","name","total","by_status"}] (largest first, at most
**   NQ_SCOPE_LEADS_NAMED, then {"unit_id":null,"name":"Các cơ quan khác",
**   "units":n,...}), "lead_count",
**  "overdue":[task], "at_risk":[task] (task: the /api/tasks row shape with
**   "plan_number", "lead":[{"id","name"}] and "reasons":[sentence]),
**  "trend":[{"period":"YYYY-MM","at","total","done","overdue","share_done"}]
**   (the last 12 month-ends, the last one at_date itself)} */
nq_code nq_store_scope_overview(nq_store *s, const nq_scope_query *q, json_t **out,
                                nq_err *err);

/* Report timeliness of each plan's current period (the latest whose due
** date has passed by q->at_date, NULL = today), added up over the plans
** in scope:
** {"at","plans":n,"expected","on_time","late","missing","pending",
**  "periods":[{"code","plans"}] (most common first),
**  "units":[{"unit_id","unit","plan_id","plan_number","period","due_date",
**            "timeliness","days_late"}] (late and missing, most days late
**   first, at most NQ_SCOPE_UNITS_LISTED), "units_total"} */
nq_code nq_store_scope_timeliness(nq_store *s, const nq_scope_query *q, json_t **out,
                                  nq_err *err);

/* The indicator board: {"year","total","offset","limit",
**  "lights":{"red","amber","green","none"}, "items":[indicator]} with the
** /api/plans/:id/indicators row shape plus "plan_number", "target" (the
** year's), "value" (units' latest values of the year rolled up by the
** indicator's rule), "units_reported", "attained", "light". Red first,
** then amber, green, not evaluable; within a light by plan and order. */
nq_code nq_store_scope_indicators(nq_store *s, const nq_scope_query *q, json_t **out,
                                  nq_err *err);

/* One indicator with its targets and what units reported, by year:
** the row as above (for q->year) plus "years":[{"year","target",
** "target_year","value","units_reported","attained","light","values":[value]}]
** and every value on one time line, "values":[{"year","unit_id","unit_name",
** "value","value_text","period","at"}] (oldest first), "value_at" the latest.
** q->reach and q->unit_id restrict the values; NQ_ENOTFOUND. */
nq_code nq_store_indicator_detail(nq_store *s, int64_t id, const nq_scope_query *q,
                                  json_t **out, nq_err *err);

#endif
