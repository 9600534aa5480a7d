/*
** flow.h: the life of a unit's periodic report, as rules without storage.
**
**   draft --approve(head)--> draft+approved --submit(head)--> submitted
**   submitted --accept(aggregator)--> accepted
**   submitted --return(aggregator, comment)--> returned
**   returned --save/approve(unit)--> returned --submit(head)--> submitted
**
** The unit's officers write the draft; only the unit's head (người đứng đầu,
** or the deputy acting for them) approves and submits, because the head is
** personally accountable for what the unit reports. Only the aggregator
** (cơ quan tổng hợp) accepts or returns, and a return needs a comment. An
** accepted report is final: a correction is a new ad hoc report.
** Any save after approval withdraws the approval, so the head always signs
** what is sent.
*/
#ifndef NQ_MONITOR_FLOW_H
#define NQ_MONITOR_FLOW_H

#include <stdbool.h>

#include "util/err.h"

typedef enum nq_report_state {
  NQ_REPORT_DRAFT = 0,
  NQ_REPORT_SUBMITTED,
  NQ_REPORT_ACCEPTED,
  NQ_REPORT_RETURNED
} nq_report_state;

typedef enum nq_report_action {
  NQ_ACT_SAVE = 0,
  NQ_ACT_APPROVE,
  NQ_ACT_SUBMIT,
  NQ_ACT_ACCEPT,
  NQ_ACT_RETURN
} nq_report_action;

/* What the acting person is with respect to this report. */
typedef struct nq_report_actor_role {
  bool unit_member;   /* belongs to the reporting unit */
  bool unit_head;     /* head (or acting head) of the reporting unit */
  bool aggregator;    /* belongs to the plan's aggregating unit */
} nq_report_actor_role;

/* The state as stored ("draft", ...) and back; false when unknown. */
const char *nq_report_state_name(nq_report_state s);
bool nq_report_state_from_name(const char *name, nq_report_state *out);
/* Vietnamese label: "Dự thảo", "Đã gửi", "Đã tiếp nhận", "Bị trả lại". */
const char *nq_report_state_label(nq_report_state s);
const char *nq_report_action_name(nq_report_action a);
bool nq_report_action_from_name(const char *name, nq_report_action *out);

/* Decide an action: fills *next (the new state) and *approved_next (whether
** the report is approved by its head afterwards), or fails with
** NQ_EFORBIDDEN (wrong person) or NQ_ECONFLICT (wrong state, or submitting
** without approval) and a Vietnamese message. comment is the aggregator's
** comment (required for a return). */
nq_code nq_report_transition(nq_report_state state, bool approved, nq_report_action action,
                             const nq_report_actor_role *who, const char *comment,
                             nq_report_state *next, bool *approved_next, nq_err *err);

#endif
