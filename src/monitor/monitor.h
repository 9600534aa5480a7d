/*
** monitor.h: periodic reporting and evaluation of plans, over the store.
**
** What it keeps (migration 0003_monitor.sql): the reporting periods of each
** plan, generated from the plan's regime (core/period.h) or requested ad
** hoc; each unit's report for a period (one item per task it leads,
** indicator values, free sections) moving through the flow of
** monitor/flow.h; the aggregator's compilations. What it computes: report
** timeliness, a plan's roll-up for a period with the cascade from lower
** plans, the report document model of report/report.h, yearly scorecards
** (monitor/scorecard.h), the digest of difficulties (monitor/digest.h),
** early warnings, and audit trails.
**
** Every write goes through one store transaction with its audit row. Every
** figure that comes from units' reports carries the ids of the progress
** updates (or indicator values) behind it ("updates": [...]).
**
** Roles come from the database: a user belongs to users.unit_id; the head
** of a unit is in unit_heads or is an account of that unit with the auth
** role "head"; the aggregator of a plan is any member of the unit
** plans.aggregator_unit_id (the plan's issuer when unset) or an account with
** the auth role "aggregator" scoped to the plan (scope_all or
** user_plan_scopes, 0002_auth.sql).
*/
#ifndef NQ_MONITOR_H
#define NQ_MONITOR_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "monitor/flow.h"
#include "store/store.h"
#include "util/err.h"

/* ---- who is who ---------------------------------------------------------- */

nq_code nq_monitor_set_aggregator(nq_store *s, const nq_actor *who, int64_t plan_id,
                                  int64_t unit_id, nq_err *err);
/* Make user_id the head (acting: the deputy acting for the head) of unit_id. */
nq_code nq_monitor_set_head(nq_store *s, const nq_actor *who, int64_t unit_id, int64_t user_id,
                            bool acting, nq_err *err);

/* Who carries out what in the plan: [{"unit_id","unit","kind","head",
** "lead":[{"task_id","code","title","due_date"}],"support":[...]}], units in
** Vietnamese order. Collective addressees are listed (kind "collective") but
** owe no report. */
nq_code nq_monitor_assignments(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

/* ---- periods --------------------------------------------------------------- */

/* Create the plan's periods of `year` from its reporting regime (Decree 09
** quarterly and yearly reports when the plan sets none), and for each period
** the expected report of every unit leading a task. Idempotent.
** out: the plan's periods of that year (as nq_monitor_periods_list). */
nq_code nq_monitor_periods_generate(nq_store *s, const nq_actor *who, int64_t plan_id, int year,
                                    json_t **out, nq_err *err);
/* An ad hoc request: {"title","request","start","end","due"} (dates ISO);
** every lead unit of the plan owes a report. */
nq_code nq_monitor_period_adhoc(nq_store *s, const nq_actor *who, int64_t plan_id,
                                const json_t *req, int64_t *id_out, nq_err *err);
/* [{"id","plan_id","kind","code","title","start_date","end_date","cut_from",
**   "cut_to","due_date","request","expected","submitted","accepted"}] by start. */
nq_code nq_monitor_periods_list(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);
nq_code nq_monitor_period_get(nq_store *s, int64_t period_id, json_t **out, nq_err *err);
/* "2025-Q3", "2025-07", "2025-H1", "2025-9M", "2025" -> id. */
nq_code nq_monitor_period_find(nq_store *s, int64_t plan_id, const char *code, int64_t *id_out,
                               nq_err *err);

/* ---- a unit's report -------------------------------------------------------- */

/* The unit's report for the period, created (as a draft) when missing.
** NQ_EUNPROCESSABLE when the unit leads no task of the plan. */
nq_code nq_monitor_report_open(nq_store *s, const nq_actor *who, int64_t period_id,
                               int64_t unit_id, int64_t *id_out, nq_err *err);
nq_code nq_monitor_report_find(nq_store *s, int64_t period_id, int64_t unit_id, int64_t *id_out,
                               nq_err *err);
/* {"id","plan_id","unit_id","unit","period":{..},"state","state_label",
**  "approved","due_date","submitted_at","first_submitted_at","timeliness",
**  "return_comment","version",
**  "items":[{"task_id","code","title","due_date","status","percent",
**            "results","evidence","difficulties","proposals","update_id",
**            "previous_percent"}],   one per task the unit leads
**  "indicators":[{"indicator_id","code","name","unit","target","value",
**                 "value_text","source","note","value_id"}],
**  "sections":{"results":..,...}, "events":[{"at","action","from_state",
**  "to_state","user_name","comment"}]} */
nq_code nq_monitor_report_get(nq_store *s, int64_t report_id, json_t **out, nq_err *err);
/* Save draft content: {"items":[{"task_id",...}], "indicators":[{"indicator_id",
** ...}], "sections":{...}}; only the keys given change. The unit's members
** only, in draft or returned state; withdraws the head's approval. */
nq_code nq_monitor_report_save(nq_store *s, const nq_actor *who, int64_t report_id,
                               const json_t *body, nq_err *err);
/* approve / submit / accept / return (comment required). at: when the act
** takes effect (ISO timestamp or date), for recording paper reports and
** replaying history; NULL = now. Submitting writes each item as a progress
** update (and each value as an indicator value) tied to the report;
** accepting applies the items to their tasks (percent, done). */
nq_code nq_monitor_report_act(nq_store *s, const nq_actor *who, int64_t report_id,
                              nq_report_action action, const char *comment, const char *at,
                              nq_err *err);
/* Timeliness of every expected report of the period, today's view:
** [{"report_id","unit_id","unit","state","due_date","submitted_at",
**   "first_submitted_at","timeliness":"on_time|late|missing|pending",
**   "days_late"}] */
nq_code nq_monitor_reports_list(nq_store *s, int64_t period_id, json_t **out, nq_err *err);

/* ---- roll-up and documents --------------------------------------------------- */

/* The plan's compilation for the period from its units' submitted and
** accepted reports: task rows (percent = mean over lead units' items, with
** the cascade from tasks of lower plans linked by parent_task_id), status
** counts at the period's end, indicator values aggregated across units by
** each indicator's rule, timeliness, and the digest of difficulties and
** proposals. unit_id != 0 restricts to one unit's report. When who is not
** NULL the compilation is stored (compilations table) and audited. */
nq_code nq_monitor_compile(nq_store *s, const nq_actor *who, int64_t period_id,
                           int64_t unit_id, json_t **out, nq_err *err);
/* The report document model (report/report.h) for the period: the plan's
** compilation (unit_id 0, issued by the aggregator) or one unit's report.
** date: the report's date (NULL = today). */
nq_code nq_monitor_document(nq_store *s, int64_t period_id, int64_t unit_id, const char *date,
                            json_t **out, nq_err *err);

/* ---- evaluation -------------------------------------------------------------- */

/* Scorecards of every unit leading tasks of the plan (plan_id 0: of every
** plan) for the year, ranked: {"year","weights":{..},"units":[{"unit_id",
** "unit","score","rank","class","class_label","components":{..},
** "figures":{..}}]}. Weights from scorecard_weights (plan, year). */
nq_code nq_monitor_scorecards(nq_store *s, int64_t plan_id, int year, json_t **out, nq_err *err);
nq_code nq_monitor_set_weights(nq_store *s, const nq_actor *who, int64_t plan_id, int year,
                               const json_t *weights, nq_err *err);
/* {"difficulties":[groups],"proposals":[groups]} over the submitted and
** accepted reports of the period (period_id 0: every period of the plan). */
nq_code nq_monitor_digest(nq_store *s, int64_t plan_id, int64_t period_id, json_t **out,
                          nq_err *err);
/* Tasks of the plan likely to miss their deadline at at_date (NULL = today):
** [{"task_id","code","title","lead","due_date","percent","days_left",
**   "reasons":["..."]}] with reasons in Vietnamese. */
nq_code nq_monitor_warnings(nq_store *s, int64_t plan_id, const char *at_date, json_t **out,
                            nq_err *err);

/* ---- plan amendments ------------------------------------------------------------ */

/* Change a published plan and keep the change as a new plan version (who,
** when, why), in one transaction:
**   {"kind":"deadline", "task_id", "due", "start"?}
**   {"kind":"reassign", "task_id", "lead":[unit ids], "support":[unit ids]}
**   {"kind":"target",   "indicator_id", "year", "target"}
**   {"kind":"add_task", "task":{"code","title","lead":[ids],"support":[ids],"due"}}
**   {"kind":"split",    "task_id", "into":[task as for add_task, ...]}
** each with "reason" (required) and "document" (the amending decision, if
** any). New lead units owe reports from the next period on. out: the
** amendment as nq_monitor_amendments lists it. */
nq_code nq_monitor_amend(nq_store *s, const nq_actor *who, int64_t plan_id, const json_t *change,
                         json_t **out, nq_err *err);
/* [{"id","version","at","user_name","kind","task_id","indicator_id","reason",
**   "document","before","after"}], newest first. */
nq_code nq_monitor_amendments(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

/* ---- audit ------------------------------------------------------------------- */

typedef struct nq_audit_query {
  int64_t task_id;    /* the task and the report items and updates about it */
  int64_t unit_id;    /* the unit, its reports and its users' acts */
  int64_t user_id;    /* everything this person did */
  int limit;          /* 1..1000, default 200; newest first */
} nq_audit_query;

nq_code nq_monitor_audit(nq_store *s, const nq_audit_query *q, json_t **out, nq_err *err);

/* A task's progress updates, newest first: [{"id","at","period","unit",
** "author","status","percent","results","difficulties","proposals",
** "evidence","report_id"}]. */
nq_code nq_monitor_task_updates(nq_store *s, int64_t task_id, json_t **out, nq_err *err);

#endif
