/*
** api_reports.c: periodic reporting over HTTP (monitor/monitor.h): a plan's
** periods, a unit's report and its flow, the aggregator's compilation,
** report documents (DOCX/XLSX/CSV downloads), scorecards, the digest of
** difficulties, early warnings, plan amendments and audit trails.
*/
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/monitor.h"
#include "report/csv.h"
#include "report/docx.h"
#include "report/xlsx.h"

static nq_store *store_of(const nq_req *rq) { return nq_api_of(rq)->store; }

static int current_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

/* A plan's list from the monitor (GET /api/plans/:id/...), as {"items": [...]}. */
typedef nq_code (*plan_list_fn)(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

static nq_code reply_plan_list(nq_req *rq, plan_list_fn list_of, nq_err *err) {
  int64_t plan;
  json_t *list;
  nq_code rc = nq_req_param_id(rq, "id", &plan, err);
  if (!rc) rc = list_of(store_of(rq), plan, &list, err);
  if (rc) return rc;
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

nq_code api_plan_assignments(nq_req *rq, nq_err *err) {
  return reply_plan_list(rq, nq_monitor_assignments, err);
}

/* ---- periods ------------------------------------------------------------------ */

nq_code api_plan_periods(nq_req *rq, nq_err *err) {
  return reply_plan_list(rq, nq_monitor_periods_list, err);
}

/* {"year": 2025} generates the year's periods; {"adhoc": {...}} requests an
** ad hoc report. */
nq_code api_plan_periods_create(nq_req *rq, nq_err *err) {
  int64_t plan;
  nq_code rc = nq_req_param_id(rq, "id", &plan, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq), *adhoc = json_object_get(body, "adhoc");
  nq_actor who;
  nq_api_actor(rq, &who);
  if (json_is_object(adhoc)) {
    int64_t id;
    json_t *p;
    if ((rc = nq_monitor_period_adhoc(store_of(rq), &who, plan, adhoc, &id, err)) ||
        (rc = nq_monitor_period_get(store_of(rq), id, &p, err)))
      return rc;
    nq_reply_json(rq, 201, p);
    return NQ_OK;
  }
  json_t *year = json_object_get(body, "year");
  if (!json_is_integer(year) || json_integer_value(year) < 2000 || json_integer_value(year) > 2100)
    return nq_fail(err, NQ_EUNPROCESSABLE, "Cần \"year\" (2000-2100) hoặc \"adhoc\" {title, request, start, end, due}");
  json_t *list;
  if ((rc = nq_monitor_periods_generate(store_of(rq), &who, plan, (int)json_integer_value(year), &list, err)))
    return rc;
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

nq_code api_period_get(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *p;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_monitor_period_get(store_of(rq), id, &p, err);
  if (rc) return rc;
  nq_reply_json(rq, 200, p);
  return NQ_OK;
}

static nq_code unit_arg(nq_req *rq, int64_t *unit, nq_err *err);

/* ?unit= (or unit_id) narrows the list to that unit's report: what a
** unit's own people may ask for (authz.c checks the unit is theirs). */
nq_code api_period_reports(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"unit", "unit_id", NULL};
  int64_t id, unit;
  json_t *list;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = unit_arg(rq, &unit, err);
  if (!rc) rc = nq_monitor_reports_list(store_of(rq), id, &list, err);
  if (rc) return rc;
  for (size_t i = json_array_size(list); unit && i-- > 0;)
    if (json_integer_value(json_object_get(json_array_get(list, i), "unit_id")) != unit)
      json_array_remove(list, i);
  nq_api_reply_items(rq, list);
  return NQ_OK;
}

/* ---- a unit's report ------------------------------------------------------------ */

static nq_code reply_report(nq_req *rq, int status, int64_t id, nq_err *err) {
  json_t *r;
  nq_code rc = nq_monitor_report_get(store_of(rq), id, &r, err);
  if (rc) return rc;
  char etag[40];
  snprintf(etag, sizeof etag, "W/\"%lld\"", (long long)json_integer_value(json_object_get(r, "version")));
  nq_reply_etag(rq, etag);
  nq_reply_json(rq, status, r);
  return NQ_OK;
}

/* {"unit_id": N}: the unit's report for the period, created when missing. */
nq_code api_period_report_open(nq_req *rq, nq_err *err) {
  int64_t period, id;
  nq_code rc = nq_req_param_id(rq, "id", &period, err);
  if (rc) return rc;
  json_t *unit = json_object_get(nq_req_json(rq), "unit_id");
  if (!json_is_integer(unit) || json_integer_value(unit) <= 0)
    return nq_fail(err, NQ_EUNPROCESSABLE, "Cần \"unit_id\" của đơn vị báo cáo");
  nq_actor who;
  nq_api_actor(rq, &who);
  if ((rc = nq_monitor_report_open(store_of(rq), &who, period, json_integer_value(unit), &id, err))) return rc;
  return reply_report(rq, 200, id, err);
}

nq_code api_report_get(nq_req *rq, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  return rc ? rc : reply_report(rq, 200, id, err);
}

nq_code api_report_save(nq_req *rq, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  nq_actor who;
  nq_api_actor(rq, &who);
  if ((rc = nq_monitor_report_save(store_of(rq), &who, id, nq_req_json(rq), err))) {
    if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;  /* the body parsed: a rule failed */
    return rc;
  }
  return reply_report(rq, 200, id, err);
}

static nq_code act(nq_req *rq, nq_report_action action, nq_err *err) {
  int64_t id;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  json_t *body = nq_req_json(rq);
  const char *comment = json_string_value(json_object_get(body, "comment"));
  nq_actor who;
  nq_api_actor(rq, &who);
  /* The HTTP API always acts now: only trusted local tools replay history. */
  if ((rc = nq_monitor_report_act(store_of(rq), &who, id, action, comment, NULL, err))) return rc;
  return reply_report(rq, 200, id, err);
}

nq_code api_report_approve(nq_req *rq, nq_err *err) { return act(rq, NQ_ACT_APPROVE, err); }
nq_code api_report_submit(nq_req *rq, nq_err *err) { return act(rq, NQ_ACT_SUBMIT, err); }
nq_code api_report_accept(nq_req *rq, nq_err *err) { return act(rq, NQ_ACT_ACCEPT, err); }
nq_code api_report_return(nq_req *rq, nq_err *err) { return act(rq, NQ_ACT_RETURN, err); }

/* ---- roll-up and documents -------------------------------------------------------- */

static nq_code unit_arg(nq_req *rq, int64_t *unit, nq_err *err) {
  const char *which;
  *unit = 0;
  nq_code rc = nq_req_query_alias(rq, "unit", "unit_id", &which, err);
  return rc ? rc : nq_req_query_int(rq, which, 1, INT64_MAX, unit, err);
}

nq_code api_period_compile(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"unit", "unit_id", NULL};
  int64_t id, unit;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = unit_arg(rq, &unit, err);
  if (rc) return rc;
  json_t *c;
  bool save = strcmp(nq_req_method(rq), "POST") == 0;
  nq_actor who;
  nq_api_actor(rq, &who);
  if ((rc = nq_monitor_compile(store_of(rq), save ? &who : NULL, id, unit, &c, err))) return rc;
  nq_reply_json(rq, save ? 201 : 200, c);
  return NQ_OK;
}

/* The document of a period (unit 0: the plan's compilation) in a format. */
static nq_code send_document(nq_req *rq, int64_t id, int64_t unit, const char *format, nq_err *err) {
  const char *date;
  nq_code rc = nq_req_query_date(rq, "date", &date, err);
  if (rc) return rc;
  nq_csv_table table = NQ_CSV_TASKS;
  const char *table_name = nq_req_query(rq, "table");
  if (table_name && !nq_csv_table_from_name(table_name, &table))
    return nq_fail(err, NQ_EINVAL, "Tham số 'table' không hợp lệ: '%s' (tasks, indicators, timeliness)", table_name);
  json_t *doc;
  if ((rc = nq_monitor_document(store_of(rq), id, unit, date, &doc, err))) return rc;
  nq_buf bytes = NQ_BUF_INIT;
  const char *type, *ext;
  if (strcmp(format, "json") == 0) {
    nq_reply_json(rq, 200, doc);
    return NQ_OK;
  } else if (strcmp(format, "docx") == 0) {
    rc = nq_docx_render(doc, &bytes, err);
    type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    ext = "docx";
  } else if (strcmp(format, "xlsx") == 0) {
    rc = nq_xlsx_render(doc, &bytes, err);
    type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    ext = "xlsx";
  } else if (strcmp(format, "csv") == 0) {
    rc = nq_csv_render(doc, table, &bytes, err);
    type = "text/csv; charset=utf-8";
    ext = "csv";
  } else {
    json_decref(doc);
    return nq_fail(err, NQ_EINVAL, "Tham số 'format' không hợp lệ: '%s' (docx, xlsx, csv, json)", format);
  }
  const char *code = json_string_value(json_object_get(json_object_get(doc, "period"), "code"));
  char disposition[128];
  snprintf(disposition, sizeof disposition, "attachment; filename=\"bao-cao-%s%s%lld.%s\"",
           code ? code : "ky", unit ? "-dv" : "", unit ? (long long)unit : 0LL, ext);
  if (!unit) snprintf(disposition, sizeof disposition, "attachment; filename=\"bao-cao-%s.%s\"",
                      code ? code : "ky", ext);
  json_decref(doc);
  if (rc) {
    nq_buf_free(&bytes);
    return rc;
  }
  nq_reply_header(rq, "Content-Disposition", disposition);
  size_t len = bytes.len;
  nq_reply_bytes(rq, 200, type, nq_buf_detach(&bytes), len);
  return NQ_OK;
}

/* GET /api/periods/:id/document?format=docx|xlsx|csv|json[&unit=][&date=][&table=] */
nq_code api_period_document(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"format", "unit", "unit_id", "date", "table", NULL};
  int64_t id, unit;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = unit_arg(rq, &unit, err);
  if (rc) return rc;
  const char *format = nq_req_query(rq, "format");
  return send_document(rq, id, unit, format ? format : "docx", err);
}

/* GET /api/periods/:id/document.docx (and .xlsx): the plan's compilation. */
static nq_code period_document_as(nq_req *rq, const char *format, nq_err *err) {
  static const char *const allowed[] = {"unit", "unit_id", "date", "table", NULL};
  int64_t id, unit;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = unit_arg(rq, &unit, err);
  return rc ? rc : send_document(rq, id, unit, format, err);
}

nq_code api_period_docx(nq_req *rq, nq_err *err) { return period_document_as(rq, "docx", err); }
nq_code api_period_xlsx(nq_req *rq, nq_err *err) { return period_document_as(rq, "xlsx", err); }

/* GET /api/reports/:id/document.docx (and .xlsx): one unit's report. */
static nq_code report_document_as(nq_req *rq, const char *format, nq_err *err) {
  static const char *const allowed[] = {"date", NULL};
  int64_t id;
  json_t *r;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_monitor_report_get(store_of(rq), id, &r, err);
  if (rc) return rc;
  int64_t period = json_integer_value(json_object_get(r, "period_id"));
  int64_t unit = json_integer_value(json_object_get(r, "unit_id"));
  json_decref(r);
  return send_document(rq, period, unit, format, err);
}

nq_code api_report_docx(nq_req *rq, nq_err *err) { return report_document_as(rq, "docx", err); }
nq_code api_report_xlsx(nq_req *rq, nq_err *err) { return report_document_as(rq, "xlsx", err); }

/* GET /api/scorecards?year=: every unit of every plan. */
nq_code api_scorecards(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"year", NULL};
  int64_t year = current_year();
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_query_int(rq, "year", 2000, 2100, &year, err);
  if (rc) return rc;
  json_t *out;
  if ((rc = nq_monitor_scorecards(store_of(rq), 0, (int)year, &out, err))) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

/* ---- evaluation ---------------------------------------------------------------------- */

nq_code api_plan_scorecards(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"year", NULL};
  int64_t plan, year = current_year();
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &plan, err);
  if (!rc) rc = nq_req_query_int(rq, "year", 2000, 2100, &year, err);
  if (rc) return rc;
  json_t *out;
  if ((rc = nq_monitor_scorecards(store_of(rq), plan, (int)year, &out, err))) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

nq_code api_plan_weights(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"year", NULL};
  int64_t plan, year = current_year();
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &plan, err);
  if (!rc) rc = nq_req_query_int(rq, "year", 2000, 2100, &year, err);
  if (rc) return rc;
  nq_actor who;
  nq_api_actor(rq, &who);
  if ((rc = nq_monitor_set_weights(store_of(rq), &who, plan, (int)year, nq_req_json(rq), err))) {
    if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
    return rc;
  }
  json_t *out;
  if ((rc = nq_monitor_scorecards(store_of(rq), plan, (int)year, &out, err))) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

nq_code api_plan_digest(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"period", NULL};
  int64_t plan, period = 0;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &plan, err);
  if (!rc) rc = nq_req_query_int(rq, "period", 1, INT64_MAX, &period, err);
  if (rc) return rc;
  json_t *out;
  if ((rc = nq_monitor_digest(store_of(rq), plan, period, &out, err))) return rc;
  nq_reply_json(rq, 200, out);
  return NQ_OK;
}

nq_code api_plan_warnings(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"date", NULL};
  int64_t plan;
  const char *date;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_param_id(rq, "id", &plan, err);
  if (!rc) rc = nq_req_query_date(rq, "date", &date, err);
  if (rc) return rc;
  json_t *out;
  if ((rc = nq_monitor_warnings(store_of(rq), plan, date, &out, err))) return rc;
  nq_api_reply_items(rq, out);
  return NQ_OK;
}

/* GET /api/audit?task=&unit=&user=&limit= */
nq_code api_audit(nq_req *rq, nq_err *err) {
  static const char *const allowed[] = {"task", "unit", "user", "limit", NULL};
  int64_t task = 0, unit = 0, user = 0, limit = 200;
  nq_code rc = nq_req_query_only(rq, allowed, err);
  if (!rc) rc = nq_req_query_int(rq, "task", 1, INT64_MAX, &task, err);
  if (!rc) rc = nq_req_query_int(rq, "unit", 1, INT64_MAX, &unit, err);
  if (!rc) rc = nq_req_query_int(rq, "user", 1, INT64_MAX, &user, err);
  if (!rc) rc = nq_req_query_int(rq, "limit", 1, 1000, &limit, err);
  if (rc) return rc;
  nq_audit_query q = {task, unit, user, (int)limit};
  json_t *out;
  if ((rc = nq_monitor_audit(store_of(rq), &q, &out, err))) return rc;
  nq_api_reply_items(rq, out);
  return NQ_OK;
}

/* ---- plan amendments ------------------------------------------------------------------ */

nq_code api_plan_amendments(nq_req *rq, nq_err *err) {
  return reply_plan_list(rq, nq_monitor_amendments, err);
}

nq_code api_plan_amend(nq_req *rq, nq_err *err) {
  int64_t plan;
  nq_code rc = nq_req_param_id(rq, "id", &plan, err);
  if (rc) return rc;
  nq_actor who;
  nq_api_actor(rq, &who);
  json_t *out;
  if ((rc = nq_monitor_amend(store_of(rq), &who, plan, nq_req_json(rq), &out, err))) {
    if (rc == NQ_EINVAL) rc = NQ_EUNPROCESSABLE;
    return rc;
  }
  nq_reply_json(rq, 201, out);
  return NQ_OK;
}

/* GET /api/tasks/:id/audit and /api/tasks/:id/updates: a task's trail. */
nq_code api_task_audit(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *out;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (rc) return rc;
  nq_audit_query q = {.task_id = id, .limit = 500};
  if ((rc = nq_monitor_audit(store_of(rq), &q, &out, err))) return rc;
  nq_api_reply_items(rq, out);
  return NQ_OK;
}

nq_code api_task_updates(nq_req *rq, nq_err *err) {
  int64_t id;
  json_t *out;
  nq_code rc = nq_req_param_id(rq, "id", &id, err);
  if (!rc) rc = nq_monitor_task_updates(store_of(rq), id, &out, err);
  if (rc) return rc;
  nq_api_reply_items(rq, out);
  return NQ_OK;
}
