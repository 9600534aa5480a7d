/*
** api.h: the /api route table and what its handlers share.
**
** Adding an endpoint = one line in api_routes.c (method, pattern, handler,
** body kind, cacheable, access descriptor) + the handler in an api_*.c
** file declared here. Handlers get the store through nq_api_of(rq), build
** json with jansson, and either nq_reply_json or return an nq_code; see
** docs/api.md.
*/
#ifndef NQ_HTTP_API_H
#define NQ_HTTP_API_H

#include <stddef.h>
#include <stdint.h>

#include "http/import_jobs.h"
#include "http/router.h"
#include "import/import.h"
#include "store/store.h"

typedef struct nq_api {
  nq_store *store;
  const char *version;   /* nq57 version for /api/health */
  /* Who is acting, for the audit log. The auth module sets this to read
  ** its identity from the request; NULL = anonymous web user (id 0). */
  void (*actor_of)(const nq_req *rq, nq_actor *out);
  /* The importer's models, built once by the server and shared by every
  ** upload; NULL: built per upload (slow, fine for tests). */
  const nq_import_models *import_models;
  /* The worker reading scans in the background; NULL: uploads are read
  ** while the request waits. */
  nq_import_jobs *import_jobs;
} nq_api;

extern const nq_route nq_api_routes[];
extern const size_t nq_api_route_count;

/* For nq_http_config.generation: validates cached responses. */
int64_t nq_api_generation(void *app);

/* ---- shared by handlers --------------------------------------------------- */
nq_api *nq_api_of(const nq_req *rq);
void nq_api_actor(const nq_req *rq, nq_actor *out);
/* Reply 200 with {"items": list} (list reference stolen). */
void nq_api_reply_items(nq_req *rq, json_t *list);

/* ---- handlers ----------------------------------------------------------------- */
nq_code api_health(nq_req *rq, nq_err *err);

nq_code api_units_list(nq_req *rq, nq_err *err);
nq_code api_unit_get(nq_req *rq, nq_err *err);
nq_code api_unit_create(nq_req *rq, nq_err *err);
nq_code api_unit_patch(nq_req *rq, nq_err *err);

nq_code api_plans_list(nq_req *rq, nq_err *err);
nq_code api_plan_create(nq_req *rq, nq_err *err);
nq_code api_plan_get(nq_req *rq, nq_err *err);
nq_code api_plan_export(nq_req *rq, nq_err *err);
nq_code api_plan_overview(nq_req *rq, nq_err *err);
nq_code api_plan_indicators(nq_req *rq, nq_err *err);

nq_code api_tasks_list(nq_req *rq, nq_err *err);
nq_code api_task_get(nq_req *rq, nq_err *err);
nq_code api_task_patch(nq_req *rq, nq_err *err);

/* api_scope.c: the dashboard of the caller's scope, across plans */
nq_code api_overview(nq_req *rq, nq_err *err);
nq_code api_timeliness(nq_req *rq, nq_err *err);
nq_code api_indicators(nq_req *rq, nq_err *err);
nq_code api_indicator_get(nq_req *rq, nq_err *err);

/* api_public.c: the public page's figures; publishing a plan */
nq_code api_public(nq_req *rq, nq_err *err);
nq_code api_plan_publish(nq_req *rq, nq_err *err);

/* api_imports.c: plan documents -> drafts to review, correct, publish */
nq_code api_import_create(nq_req *rq, nq_err *err);
nq_code api_imports_list(nq_req *rq, nq_err *err);
nq_code api_import_get(nq_req *rq, nq_err *err);
nq_code api_import_put(nq_req *rq, nq_err *err);
nq_code api_import_publish(nq_req *rq, nq_err *err);
nq_code api_import_delete(nq_req *rq, nq_err *err);

/* api_auth.c: login, logout, identity, API tokens; accounts (admin) */
nq_code api_auth_login(nq_req *rq, nq_err *err);
nq_code api_auth_logout(nq_req *rq, nq_err *err);
nq_code api_auth_logout_all(nq_req *rq, nq_err *err);
nq_code api_auth_me(nq_req *rq, nq_err *err);
nq_code api_auth_password(nq_req *rq, nq_err *err);
nq_code api_auth_tokens_list(nq_req *rq, nq_err *err);
nq_code api_auth_token_create(nq_req *rq, nq_err *err);
nq_code api_auth_token_revoke(nq_req *rq, nq_err *err);
nq_code api_users_list(nq_req *rq, nq_err *err);
nq_code api_user_create(nq_req *rq, nq_err *err);
nq_code api_user_patch(nq_req *rq, nq_err *err);
nq_code api_user_password(nq_req *rq, nq_err *err);
/* api_regime.c: a plan's reporting regime */
nq_code api_plan_regime_get(nq_req *rq, nq_err *err);
nq_code api_plan_regime_put(nq_req *rq, nq_err *err);
/* api_reports.c: periods, unit reports and their flow, roll-ups, documents,
** scorecards, digest, warnings, audit (monitor/monitor.h). */
nq_code api_plan_assignments(nq_req *rq, nq_err *err);
nq_code api_plan_periods(nq_req *rq, nq_err *err);
nq_code api_plan_periods_create(nq_req *rq, nq_err *err);
nq_code api_period_get(nq_req *rq, nq_err *err);
nq_code api_period_reports(nq_req *rq, nq_err *err);
nq_code api_period_report_open(nq_req *rq, nq_err *err);
nq_code api_period_compile(nq_req *rq, nq_err *err);
nq_code api_period_document(nq_req *rq, nq_err *err);
nq_code api_period_docx(nq_req *rq, nq_err *err);
nq_code api_period_xlsx(nq_req *rq, nq_err *err);
nq_code api_report_docx(nq_req *rq, nq_err *err);
nq_code api_report_xlsx(nq_req *rq, nq_err *err);
nq_code api_scorecards(nq_req *rq, nq_err *err);
nq_code api_report_get(nq_req *rq, nq_err *err);
nq_code api_report_save(nq_req *rq, nq_err *err);
nq_code api_report_approve(nq_req *rq, nq_err *err);
nq_code api_report_submit(nq_req *rq, nq_err *err);
nq_code api_report_accept(nq_req *rq, nq_err *err);
nq_code api_report_return(nq_req *rq, nq_err *err);
nq_code api_plan_scorecards(nq_req *rq, nq_err *err);
nq_code api_plan_weights(nq_req *rq, nq_err *err);
nq_code api_plan_digest(nq_req *rq, nq_err *err);
nq_code api_plan_warnings(nq_req *rq, nq_err *err);
nq_code api_plan_amendments(nq_req *rq, nq_err *err);
nq_code api_plan_amend(nq_req *rq, nq_err *err);
nq_code api_audit(nq_req *rq, nq_err *err);
nq_code api_task_audit(nq_req *rq, nq_err *err);
nq_code api_task_updates(nq_req *rq, nq_err *err);

#endif
