/*
** api_routes.c: every /api endpoint, one line each, and the helpers all
** API handlers share. Order does not matter for matching: a pattern
** segment is either literal or ":param", and literal tables never overlap.
*/
#include "http/api.h"

#include <string.h>
#include <time.h>

/* Shorthands keep each route on one readable line. */
#define PUBLIC(res) {res, NQ_ACCESS_PUBLIC, NQ_SCOPE_NONE, NULL, NULL, NULL}
#define READ(res) {res, NQ_ACCESS_READ, NQ_SCOPE_NONE, NULL, NULL, NULL}
#define READ_ID(res) {res, NQ_ACCESS_READ, NQ_SCOPE_PATH, "id", NULL, NULL}
#define WRITE(res) {res, NQ_ACCESS_WRITE, NQ_SCOPE_NONE, NULL, NULL, NULL}
#define WRITE_ID(res) {res, NQ_ACCESS_WRITE, NQ_SCOPE_PATH, "id", NULL, NULL}
#define ADMIN(res) {res, NQ_ACCESS_ADMIN, NQ_SCOPE_NONE, NULL, NULL, NULL}
/* A plan's dashboards: analytics scoped by the plan in the path. */
#define PLAN_ANALYTICS {"analytics", NQ_ACCESS_READ, NQ_SCOPE_PATH, "id", "plan", NULL}
/* Under /api/periods/:id the id is a reporting period (of one plan); unit:
** the query/body names by which the handler answers for one unit only. */
#define PERIOD(res, mode, unit) {res, mode, NQ_SCOPE_PATH, "id", "period", unit}
/* The caller's whole scope: the handler keeps what the caller may read. */
#define SCOPE_WIDE(res) {res, NQ_ACCESS_READ, NQ_SCOPE_REACH, NULL, NULL, NULL}
#define CACHED true
#define FRESH false

const nq_route nq_api_routes[] = {
  /* method  pattern                          handler              body          cache   access */
  {"GET",   "/api/health",                    api_health,          NQ_BODY_NONE, FRESH,  PUBLIC("system")},
  {"GET",   "/api/units",                     api_units_list,      NQ_BODY_NONE, CACHED, READ("unit")},
  {"POST",  "/api/units",                     api_unit_create,     NQ_BODY_JSON, FRESH,  ADMIN("unit")},
  {"GET",   "/api/units/:id",                 api_unit_get,        NQ_BODY_NONE, CACHED, READ_ID("unit")},
  {"PATCH", "/api/units/:id",                 api_unit_patch,      NQ_BODY_JSON, FRESH,  ADMIN("unit")},
  {"GET",   "/api/plans",                     api_plans_list,      NQ_BODY_NONE, CACHED, READ("plan")},
  {"POST",  "/api/plans",                     api_plan_create,     NQ_BODY_JSON, FRESH,  WRITE("plan")},
  {"GET",   "/api/plans/:id",                 api_plan_get,        NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"GET",   "/api/plans/:id/export",          api_plan_export,     NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"GET",   "/api/plans/:id/overview",        api_plan_overview,   NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"GET",   "/api/plans/:id/indicators",      api_plan_indicators, NQ_BODY_NONE, CACHED, READ_ID("plan")},
  /* the dashboard of the caller's scope, across plans (api_scope.c) */
  {"GET",   "/api/overview",                  api_overview,        NQ_BODY_NONE, CACHED, SCOPE_WIDE("analytics")},
  {"GET",   "/api/timeliness",                api_timeliness,      NQ_BODY_NONE, CACHED, SCOPE_WIDE("report")},
  {"GET",   "/api/indicators",                api_indicators,      NQ_BODY_NONE, CACHED, SCOPE_WIDE("indicator")},
  {"GET",   "/api/indicators/:id",            api_indicator_get,   NQ_BODY_NONE, CACHED,
            {"indicator", NQ_ACCESS_READ, NQ_SCOPE_PATH, "id", NULL, "unit"}},
  {"GET",   "/api/tasks",                     api_tasks_list,      NQ_BODY_NONE, CACHED,
            {"task", NQ_ACCESS_READ, NQ_SCOPE_QUERY, "unit", NULL, NULL}},
  {"GET",   "/api/tasks/:id",                 api_task_get,        NQ_BODY_NONE, CACHED, READ_ID("task")},
  {"PATCH", "/api/tasks/:id",                 api_task_patch,      NQ_BODY_JSON, FRESH,  WRITE_ID("task")},
  /* authentication (api_auth.c); nothing here is cached: it is per person */
  {"POST",  "/api/auth/login",                api_auth_login,      NQ_BODY_JSON, FRESH,  PUBLIC("self")},
  {"POST",  "/api/auth/logout",               api_auth_logout,     NQ_BODY_NONE, FRESH,  WRITE("self")},
  {"POST",  "/api/auth/logout-all",           api_auth_logout_all, NQ_BODY_NONE, FRESH,  WRITE("self")},
  {"GET",   "/api/auth/me",                   api_auth_me,         NQ_BODY_NONE, FRESH,  READ("self")},
  {"PUT",   "/api/auth/password",             api_auth_password,   NQ_BODY_JSON, FRESH,  WRITE("self")},
  {"GET",   "/api/auth/tokens",               api_auth_tokens_list, NQ_BODY_NONE, FRESH, READ("self")},
  {"POST",  "/api/auth/tokens",               api_auth_token_create, NQ_BODY_JSON, FRESH, WRITE("self")},
  {"DELETE", "/api/auth/tokens/:id",          api_auth_token_revoke, NQ_BODY_NONE, FRESH, WRITE("self")},
  {"GET",   "/api/users",                     api_users_list,      NQ_BODY_NONE, FRESH,  ADMIN("user")},
  {"POST",  "/api/users",                     api_user_create,     NQ_BODY_JSON, FRESH,  ADMIN("user")},
  {"PATCH", "/api/users/:id",                 api_user_patch,      NQ_BODY_JSON, FRESH,  ADMIN("user")},
  {"POST",  "/api/users/:id/password",        api_user_password,   NQ_BODY_JSON, FRESH,  ADMIN("user")},
  {"GET",   "/api/plans/:id/assignments",     api_plan_assignments, NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"GET",   "/api/plans/:id/periods",         api_plan_periods,    NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"POST",  "/api/plans/:id/periods",         api_plan_periods_create, NQ_BODY_JSON, FRESH, WRITE_ID("plan")},
  {"GET",   "/api/plans/:id/regime",          api_plan_regime_get, NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"PUT",   "/api/plans/:id/regime",          api_plan_regime_put, NQ_BODY_JSON, FRESH,  WRITE_ID("plan")},
  {"GET",   "/api/plans/:id/scorecards",      api_plan_scorecards, NQ_BODY_NONE, CACHED, PLAN_ANALYTICS},
  {"PUT",   "/api/plans/:id/scorecard-weights", api_plan_weights,  NQ_BODY_JSON, FRESH,  WRITE_ID("plan")},
  {"GET",   "/api/plans/:id/digest",          api_plan_digest,     NQ_BODY_NONE, CACHED, PLAN_ANALYTICS},
  {"GET",   "/api/plans/:id/warnings",        api_plan_warnings,   NQ_BODY_NONE, CACHED, PLAN_ANALYTICS},
  {"GET",   "/api/periods/:id",               api_period_get,      NQ_BODY_NONE, CACHED, PERIOD("plan", NQ_ACCESS_READ, NULL)},
  {"GET",   "/api/periods/:id/reports",       api_period_reports,  NQ_BODY_NONE, CACHED, PERIOD("report", NQ_ACCESS_READ, "unit,unit_id")},
  {"POST",  "/api/periods/:id/reports",       api_period_report_open, NQ_BODY_JSON, FRESH, PERIOD("report", NQ_ACCESS_WRITE, "unit_id")},
  {"GET",   "/api/periods/:id/compile",       api_period_compile,  NQ_BODY_NONE, CACHED, PERIOD("analytics", NQ_ACCESS_READ, "unit,unit_id")},
  {"POST",  "/api/periods/:id/compile",       api_period_compile,  NQ_BODY_NONE, FRESH, PERIOD("report", NQ_ACCESS_REVIEW, NULL)},
  {"GET",   "/api/periods/:id/document",      api_period_document, NQ_BODY_NONE, CACHED, PERIOD("analytics", NQ_ACCESS_READ, "unit,unit_id")},
  {"GET",   "/api/periods/:id/document.docx", api_period_docx,     NQ_BODY_NONE, CACHED, PERIOD("analytics", NQ_ACCESS_READ, "unit,unit_id")},
  {"GET",   "/api/periods/:id/document.xlsx", api_period_xlsx,     NQ_BODY_NONE, CACHED, PERIOD("analytics", NQ_ACCESS_READ, "unit,unit_id")},
  {"GET",   "/api/reports/:id/document.docx", api_report_docx,     NQ_BODY_NONE, FRESH,  READ_ID("report")},
  {"GET",   "/api/reports/:id/document.xlsx", api_report_xlsx,     NQ_BODY_NONE, FRESH,  READ_ID("report")},
  {"GET",   "/api/scorecards",                api_scorecards,      NQ_BODY_NONE, CACHED, READ("analytics")},
  {"GET",   "/api/reports/:id",               api_report_get,      NQ_BODY_NONE, FRESH,  READ_ID("report")},
  {"PUT",   "/api/reports/:id",               api_report_save,     NQ_BODY_JSON, FRESH,  WRITE_ID("report")},
  {"POST",  "/api/reports/:id/approve",       api_report_approve,  NQ_BODY_JSON, FRESH,
            {"report", NQ_ACCESS_APPROVE, NQ_SCOPE_PATH, "id", NULL, NULL}},
  {"POST",  "/api/reports/:id/submit",        api_report_submit,   NQ_BODY_JSON, FRESH,
            {"report", NQ_ACCESS_APPROVE, NQ_SCOPE_PATH, "id", NULL, NULL}},
  {"POST",  "/api/reports/:id/accept",        api_report_accept,   NQ_BODY_JSON, FRESH, {"report", NQ_ACCESS_REVIEW, NQ_SCOPE_PATH, "id", NULL, NULL}},
  {"POST",  "/api/reports/:id/return",        api_report_return,   NQ_BODY_JSON, FRESH, {"report", NQ_ACCESS_REVIEW, NQ_SCOPE_PATH, "id", NULL, NULL}},
  {"GET",   "/api/plans/:id/amendments",      api_plan_amendments, NQ_BODY_NONE, CACHED, READ_ID("plan")},
  {"POST",  "/api/plans/:id/amendments",      api_plan_amend,      NQ_BODY_JSON, FRESH,  WRITE_ID("plan")},
  /* a task's history names officials and holds drafts: unit data, never public */
  {"GET",   "/api/tasks/:id/audit",           api_task_audit,      NQ_BODY_NONE, FRESH,
            {"report", NQ_ACCESS_READ, NQ_SCOPE_PATH, "id", "task", NULL}},
  {"GET",   "/api/tasks/:id/updates",         api_task_updates,    NQ_BODY_NONE, CACHED, READ_ID("task")},
  {"GET",   "/api/audit",                     api_audit,           NQ_BODY_NONE, FRESH,  READ("audit")},
  /* plan documents -> drafts -> plans (api_imports.c); drafts change while
  ** a scan is read, so nothing here is cached */
  {"POST",  "/api/imports",                   api_import_create,   NQ_BODY_UPLOAD, FRESH, WRITE("import")},
  {"GET",   "/api/imports",                   api_imports_list,    NQ_BODY_NONE, FRESH,  READ("import")},
  {"GET",   "/api/imports/:id",               api_import_get,      NQ_BODY_NONE, FRESH,  READ_ID("import")},
  {"PUT",   "/api/imports/:id",               api_import_put,      NQ_BODY_JSON, FRESH,  WRITE_ID("import")},
  {"DELETE", "/api/imports/:id",              api_import_delete,   NQ_BODY_NONE, FRESH,  WRITE_ID("import")},
  {"POST",  "/api/imports/:id/publish",       api_import_publish,  NQ_BODY_NONE, FRESH,  WRITE_ID("import")},
  /* publication (api_public.c): the public page's figures, for everyone;
  ** releasing a plan to it is the aggregating body's sign-off (approve) */
  {"GET",   "/api/public",                    api_public,          NQ_BODY_NONE, CACHED, PUBLIC("plan")},
  {"PATCH", "/api/plans/:id",                 api_plan_publish,    NQ_BODY_JSON, FRESH,
            {"plan", NQ_ACCESS_APPROVE, NQ_SCOPE_PATH, "id", NULL, NULL}},
};
const size_t nq_api_route_count = sizeof nq_api_routes / sizeof nq_api_routes[0];

/* Statuses (overdue, at risk) and default dates depend on today as well as
** on the data, so the day is part of the generation: every cached response
** expires at local midnight even when nothing was written. */
int64_t nq_api_generation(void *app) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  int64_t day = (int64_t)(tm.tm_year + 1900) * 400 + tm.tm_yday;
  return nq_store_data_generation(((nq_api *)app)->store) * 1000000 + day;
}

nq_api *nq_api_of(const nq_req *rq) { return nq_req_app(rq); }

void nq_api_actor(const nq_req *rq, nq_actor *out) {
  nq_api *api = nq_api_of(rq);
  if (api->actor_of) {
    api->actor_of(rq, out);
    return;
  }
  out->user_id = 0;
  out->name = "web";
  out->origin = nq_req_client(rq);
}

void nq_api_reply_items(nq_req *rq, json_t *list) {
  nq_reply_json(rq, 200, json_pack("{s:o}", "items", list));
}
