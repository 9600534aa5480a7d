/* flow.c: report states and who may move them; see flow.h. */
#include "monitor/flow.h"

#include <string.h>

static const char *const STATE_NAMES[] = {"draft", "submitted", "accepted", "returned"};
static const char *const STATE_LABELS[] = {"Dự thảo", "Đã gửi", "Đã tiếp nhận", "Bị trả lại"};
static const char *const ACTION_NAMES[] = {"save", "approve", "submit", "accept", "return"};

const char *nq_report_state_name(nq_report_state s) {
  return (unsigned)s < 4 ? STATE_NAMES[s] : "?";
}

const char *nq_report_state_label(nq_report_state s) {
  return (unsigned)s < 4 ? STATE_LABELS[s] : "?";
}

bool nq_report_state_from_name(const char *name, nq_report_state *out) {
  for (int i = 0; name && i < 4; i++)
    if (strcmp(name, STATE_NAMES[i]) == 0) {
      *out = (nq_report_state)i;
      return true;
    }
  return false;
}

const char *nq_report_action_name(nq_report_action a) {
  return (unsigned)a < 5 ? ACTION_NAMES[a] : "?";
}

bool nq_report_action_from_name(const char *name, nq_report_action *out) {
  for (int i = 0; name && i < 5; i++)
    if (strcmp(name, ACTION_NAMES[i]) == 0) {
      *out = (nq_report_action)i;
      return true;
    }
  return false;
}

static bool editable(nq_report_state s) { return s == NQ_REPORT_DRAFT || s == NQ_REPORT_RETURNED; }

nq_code nq_report_transition(nq_report_state state, bool approved, nq_report_action action,
                             const nq_report_actor_role *who, const char *comment,
                             nq_report_state *next, bool *approved_next, nq_err *err) {
  *next = state;
  *approved_next = approved;
  switch (action) {
  case NQ_ACT_SAVE:
    if (!who->unit_member && !who->unit_head)
      return nq_fail(err, NQ_EFORBIDDEN, "Chỉ cán bộ của đơn vị báo cáo mới được sửa báo cáo này.");
    if (!editable(state))
      return nq_fail(err, NQ_ECONFLICT, "Báo cáo ở trạng thái \"%s\" không sửa được.",
                     nq_report_state_label(state));
    /* The head signs what is sent: any change withdraws the approval. */
    *approved_next = false;
    return NQ_OK;
  case NQ_ACT_APPROVE:
    if (!who->unit_head)
      return nq_fail(err, NQ_EFORBIDDEN, "Chỉ người đứng đầu đơn vị mới được phê duyệt báo cáo.");
    if (!editable(state))
      return nq_fail(err, NQ_ECONFLICT, "Báo cáo ở trạng thái \"%s\" không phê duyệt được.",
                     nq_report_state_label(state));
    *approved_next = true;
    return NQ_OK;
  case NQ_ACT_SUBMIT:
    if (!who->unit_head)
      return nq_fail(err, NQ_EFORBIDDEN, "Chỉ người đứng đầu đơn vị mới được gửi báo cáo.");
    if (!editable(state))
      return nq_fail(err, NQ_ECONFLICT, "Báo cáo ở trạng thái \"%s\" không gửi lại được.",
                     nq_report_state_label(state));
    if (!approved)
      return nq_fail(err, NQ_ECONFLICT, "Báo cáo chưa được người đứng đầu đơn vị phê duyệt.");
    *next = NQ_REPORT_SUBMITTED;
    return NQ_OK;
  case NQ_ACT_ACCEPT:
  case NQ_ACT_RETURN:
    if (!who->aggregator)
      return nq_fail(err, NQ_EFORBIDDEN, "Chỉ cơ quan tổng hợp mới được tiếp nhận hoặc trả lại báo cáo.");
    if (state != NQ_REPORT_SUBMITTED)
      return nq_fail(err, NQ_ECONFLICT, "Chỉ báo cáo đã gửi mới được %s (đang ở trạng thái \"%s\").",
                     action == NQ_ACT_ACCEPT ? "tiếp nhận" : "trả lại", nq_report_state_label(state));
    if (action == NQ_ACT_RETURN) {
      if (!comment || !*comment)
        return nq_fail(err, NQ_EUNPROCESSABLE, "Trả lại báo cáo cần ghi rõ lý do.");
      *next = NQ_REPORT_RETURNED;
      *approved_next = false;  /* the unit must approve its corrected version */
    } else {
      *next = NQ_REPORT_ACCEPTED;
    }
    return NQ_OK;
  }
  return nq_fail(err, NQ_EINVAL, "Thao tác không hợp lệ.");
}
