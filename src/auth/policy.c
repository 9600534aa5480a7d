/*
** policy.c: nq_policy_decide, the permission policy; see policy.h.
**
** The function is written as a sequence of rules, most general first, each
** returning as soon as it decides, so a reader can check one rule at a time
** against the role table in policy.h. Reasons are Vietnamese because the
** HTTP layer returns them to the official who was refused.
*/
#include "auth/policy.h"

#include <string.h>

static const char *const role_names[NQ_ROLE_COUNT] = {
  "public", "officer", "head", "aggregator", "steering", "admin"};
static const char *const action_names[NQ_ACTION_COUNT] = {
  "read", "write", "review", "approve", "admin"};
static const char *const kind_names[NQ_RES_COUNT] = {
  "none", "self", "unit", "plan", "task", "indicator", "report",
  "analytics", "import", "user", "audit", "system"};

const char *nq_role_name(nq_role r) {
  return (unsigned)r < NQ_ROLE_COUNT ? role_names[r] : "?";
}

int nq_role_parse(const char *name) {
  for (int i = 0; name && i < NQ_ROLE_COUNT; i++)
    if (!strcmp(name, role_names[i])) return i;
  return -1;
}

const char *nq_action_name(nq_action a) {
  return (unsigned)a < NQ_ACTION_COUNT ? action_names[a] : "?";
}

int nq_action_parse(const char *name) {
  for (int i = 0; name && i < NQ_ACTION_COUNT; i++)
    if (!strcmp(name, action_names[i])) return i;
  return -1;
}

const char *nq_resource_kind_name(nq_resource_kind k) {
  return (unsigned)k < NQ_RES_COUNT ? kind_names[k] : "?";
}

nq_code nq_actions_parse(const char *list, unsigned *out, nq_err *err) {
  unsigned set = 0;
  const char *p = list ? list : "";
  while (*p) {
    size_t n = strcspn(p, ", ");
    if (n > 0) {
      char word[16];
      if (n >= sizeof word)
        return nq_fail(err, NQ_EINVAL, "quyền không hợp lệ '%.*s'", (int)n, p);
      memcpy(word, p, n);
      word[n] = '\0';
      int a = nq_action_parse(word);
      if (a < 0)
        return nq_fail(err, NQ_EINVAL,
                       "quyền không hợp lệ '%s' (dùng read, write, review, approve, admin)", word);
      set |= NQ_ACTION_BIT(a);
    }
    p += n;
    if (*p) p++;
  }
  if (!set) return nq_fail(err, NQ_EINVAL, "cần ít nhất một quyền (read, write, review, approve, admin)");
  *out = set;
  return NQ_OK;
}

bool nq_scope_has_plan(const nq_scope *s, int64_t plan_id) {
  if (s->all_plans) return true;
  for (size_t i = 0; i < s->n_plans; i++)
    if (s->plan_ids[i] == plan_id) return true;
  return false;
}

nq_principal nq_principal_anonymous(void) {
  nq_principal p;
  memset(&p, 0, sizeof p);
  p.role = NQ_ROLE_PUBLIC;
  p.actions = NQ_ACTION_BIT(NQ_ACTION_READ);
  return p;
}

/* ---- decisions ---------------------------------------------------------- */

static nq_decision allow(const char *reason) {
  return (nq_decision){true, NQ_OK, NQ_RESTRICT_NONE, reason};
}

static nq_decision allow_narrowed(nq_restrict narrow, const char *reason) {
  return (nq_decision){true, NQ_OK, narrow, reason};
}

static nq_decision deny(const char *reason) {
  return (nq_decision){false, NQ_EFORBIDDEN, NQ_RESTRICT_NONE, reason};
}

static nq_decision need_login(void) {
  return (nq_decision){false, NQ_EAUTH, NQ_RESTRICT_NONE,
                       "Cần đăng nhập để truy cập dữ liệu này"};
}

static bool is_collection(const nq_resource *r) {
  return r->plan_id == 0 && r->n_units == 0;
}

static bool has_unit(const nq_resource *r, int64_t unit) {
  if (unit == 0) return false;
  size_t n = r->n_units < NQ_MAX_RESOURCE_UNITS ? r->n_units : NQ_MAX_RESOURCE_UNITS;
  for (size_t i = 0; i < n; i++)
    if (r->units[i] == unit) return true;
  return false;
}

static bool is_lead_unit(const nq_resource *r, int64_t unit) {
  size_t n = r->n_lead ? r->n_lead : 1;
  if (n > r->n_units) n = r->n_units;
  if (n > NQ_MAX_RESOURCE_UNITS) n = NQ_MAX_RESOURCE_UNITS;
  for (size_t i = 0; unit != 0 && i < n; i++)
    if (r->units[i] == unit) return true;
  return false;
}

/* Kinds whose rows belong to units within plans. */
static bool is_unit_data(nq_resource_kind k) {
  return k == NQ_RES_TASK || k == NQ_RES_INDICATOR || k == NQ_RES_REPORT ||
         k == NQ_RES_ANALYTICS;
}

/* Public visitors see published plans, tasks, targets and dashboards. */
static nq_decision decide_public(nq_action action, const nq_resource *r) {
  bool publishable = r->kind == NQ_RES_PLAN || is_unit_data(r->kind);
  if (action != NQ_ACTION_READ || !publishable || r->kind == NQ_RES_REPORT)
    return need_login();
  if (r->published) return allow("Dữ liệu đã công khai");
  if (is_collection(r))
    return allow_narrowed(NQ_RESTRICT_PUBLISHED, "Chỉ dữ liệu đã công khai");
  return need_login();
}

/* Reads of unit data (tasks, indicators, reports, dashboards). */
static nq_decision decide_unit_data_read(const nq_principal *p, const nq_resource *r) {
  const nq_scope *s = &p->scope;
  bool overseer = p->role == NQ_ROLE_AGGREGATOR || p->role == NQ_ROLE_STEERING;
  if (overseer) {
    if (s->all_plans) return allow("Phạm vi toàn bộ kế hoạch");
    if (r->plan_id != 0 && nq_scope_has_plan(s, r->plan_id))
      return allow("Kế hoạch thuộc phạm vi theo dõi");
  }
  if (has_unit(r, s->unit_id)) return allow("Dữ liệu của đơn vị mình");
  if (r->published && r->kind != NQ_RES_REPORT) return allow("Dữ liệu đã công khai");
  if (r->n_units == 0) {
    /* A list, or plan-level rows: the handler keeps what the caller may see. */
    if (overseer && r->plan_id == 0 && s->n_plans > 0)
      return allow_narrowed(NQ_RESTRICT_SCOPE_PLANS, "Chỉ các kế hoạch thuộc phạm vi");
    if (s->unit_id != 0)
      return allow_narrowed(NQ_RESTRICT_OWN_UNIT, "Chỉ dữ liệu của đơn vị mình");
  }
  return deny("Dữ liệu thuộc đơn vị hoặc kế hoạch khác");
}

static nq_decision decide_unit_data_write(const nq_principal *p, const nq_resource *r) {
  const nq_scope *s = &p->scope;
  if (r->kind == NQ_RES_ANALYTICS) return deny("Số liệu tổng hợp chỉ để xem");
  if (p->role == NQ_ROLE_STEERING) return deny("Ban Chỉ đạo chỉ xem, không sửa dữ liệu");
  /* An aggregator manages its plans' tasks and targets; a unit's report
  ** stays the unit's own: the aggregator reviews it (NQ_ACTION_REVIEW). */
  if (p->role == NQ_ROLE_AGGREGATOR && r->kind != NQ_RES_REPORT) {
    if (s->all_plans) return allow("Cơ quan thường trực của toàn bộ kế hoạch");
    if (r->plan_id != 0 && nq_scope_has_plan(s, r->plan_id))
      return allow("Cơ quan thường trực của kế hoạch");
  }
  /* Officers, heads, and an aggregator for its own unit's part. */
  if (r->kind == NQ_RES_TASK) {
    if (is_lead_unit(r, s->unit_id)) return allow("Nhiệm vụ do đơn vị mình chủ trì");
    if (has_unit(r, s->unit_id))
      return deny("Đơn vị phối hợp báo cáo phần việc của mình, không sửa nhiệm vụ");
  } else if (has_unit(r, s->unit_id)) {
    return allow("Dữ liệu của đơn vị mình");
  }
  if (is_collection(r)) {
    if (p->role == NQ_ROLE_AGGREGATOR && s->n_plans > 0)
      return allow_narrowed(NQ_RESTRICT_SCOPE_PLANS, "Chỉ các kế hoạch thuộc phạm vi");
    if (s->unit_id != 0)
      return allow_narrowed(NQ_RESTRICT_OWN_UNIT, "Chỉ dữ liệu của đơn vị mình");
  }
  return deny("Không được sửa dữ liệu của đơn vị hoặc kế hoạch khác");
}

static nq_decision decide_approve(const nq_principal *p, const nq_resource *r) {
  const nq_scope *s = &p->scope;
  if (r->kind == NQ_RES_REPORT) {
    if (p->role != NQ_ROLE_HEAD) return deny("Chỉ lãnh đạo đơn vị được phê duyệt báo cáo");
    if (has_unit(r, s->unit_id)) return allow("Lãnh đạo đơn vị phê duyệt báo cáo của đơn vị");
    if (is_collection(r))
      return allow_narrowed(NQ_RESTRICT_OWN_UNIT, "Chỉ báo cáo của đơn vị mình");
    return deny("Không được phê duyệt báo cáo của đơn vị khác");
  }
  if (r->kind == NQ_RES_PLAN) {
    if (p->role != NQ_ROLE_AGGREGATOR)
      return deny("Chỉ cơ quan thường trực được ban hành, công khai kế hoạch");
    if (s->all_plans || (r->plan_id != 0 && nq_scope_has_plan(s, r->plan_id)))
      return allow("Cơ quan thường trực của kế hoạch");
    return deny("Kế hoạch không thuộc phạm vi của cơ quan thường trực này");
  }
  return deny("Thao tác phê duyệt không áp dụng cho loại dữ liệu này");
}

/* Accepting, returning and compiling the units' reports of a plan. */
static nq_decision decide_review(const nq_principal *p, const nq_resource *r) {
  const nq_scope *s = &p->scope;
  if (r->kind != NQ_RES_REPORT && r->kind != NQ_RES_ANALYTICS)
    return deny("Thao tác tiếp nhận báo cáo không áp dụng cho loại dữ liệu này");
  if (p->role != NQ_ROLE_AGGREGATOR)
    return deny("Chỉ cơ quan thường trực được tiếp nhận, trả lại, tổng hợp báo cáo");
  if (s->all_plans || (r->plan_id != 0 && nq_scope_has_plan(s, r->plan_id)))
    return allow("Cơ quan thường trực của kế hoạch");
  return deny("Kế hoạch không thuộc phạm vi của cơ quan thường trực này");
}

static nq_decision decide_plan(const nq_principal *p, nq_action action, const nq_resource *r) {
  const nq_scope *s = &p->scope;
  if (action == NQ_ACTION_READ) {
    /* A plan is the issued document, sent to every unit it assigns work
    ** to; the progress under it is what unit scoping protects. */
    return allow("Văn bản kế hoạch");
  }
  if (action == NQ_ACTION_APPROVE) return decide_approve(p, r);
  if (action == NQ_ACTION_REVIEW) return deny("Kế hoạch không có thao tác tiếp nhận");
  if (p->role != NQ_ROLE_AGGREGATOR)
    return deny("Chỉ cơ quan thường trực được tạo, sửa kế hoạch");
  if (r->plan_id == 0) return allow("Cơ quan thường trực tạo kế hoạch mới");
  if (nq_scope_has_plan(s, r->plan_id)) return allow("Cơ quan thường trực của kế hoạch");
  return deny("Kế hoạch không thuộc phạm vi của cơ quan thường trực này");
}

nq_decision nq_policy_decide(const nq_principal *p, nq_action action,
                             const nq_resource *r) {
  if ((unsigned)action >= NQ_ACTION_COUNT || (unsigned)r->kind >= NQ_RES_COUNT ||
      (unsigned)p->role >= NQ_ROLE_COUNT)
    return deny("Yêu cầu phân quyền không hợp lệ");
  if (r->kind == NQ_RES_NONE) return allow("Không cần phân quyền");
  bool anonymous = p->user_id == 0 || p->role == NQ_ROLE_PUBLIC;
  if (!(p->actions & NQ_ACTION_BIT(action)))
    return anonymous ? need_login() : deny("Mã truy cập (token) không có quyền này");
  if (anonymous) return decide_public(action, r);
  if (p->role == NQ_ROLE_ADMIN) return allow("Quản trị viên");

  if (r->kind == NQ_RES_SELF) {
    if (action != NQ_ACTION_READ && action != NQ_ACTION_WRITE)
      return deny("Thao tác không áp dụng cho tài khoản của mình");
    if (r->owner_user_id == 0 || r->owner_user_id == p->user_id)
      return allow("Tài khoản của mình");
    return deny("Không được truy cập tài khoản của người khác");
  }
  if (action == NQ_ACTION_ADMIN || r->kind == NQ_RES_USER || r->kind == NQ_RES_AUDIT ||
      r->kind == NQ_RES_SYSTEM)
    return deny("Chỉ quản trị viên được thực hiện thao tác này");

  switch (r->kind) {
  case NQ_RES_UNIT:
    if (action == NQ_ACTION_READ) return allow("Danh mục cơ quan");
    return deny("Chỉ quản trị viên được sửa danh mục cơ quan");
  case NQ_RES_IMPORT:
    if (action != NQ_ACTION_READ && action != NQ_ACTION_WRITE) return deny("Thao tác không áp dụng");
    if (p->role == NQ_ROLE_STEERING) return deny("Ban Chỉ đạo chỉ xem, không nhập kế hoạch");
    return allow("Trích xuất kế hoạch từ văn bản (không lưu)");
  case NQ_RES_PLAN:
    return decide_plan(p, action, r);
  case NQ_RES_TASK:
  case NQ_RES_INDICATOR:
  case NQ_RES_REPORT:
  case NQ_RES_ANALYTICS:
    if (action == NQ_ACTION_READ) return decide_unit_data_read(p, r);
    if (action == NQ_ACTION_WRITE) return decide_unit_data_write(p, r);
    if (action == NQ_ACTION_REVIEW) return decide_review(p, r);
    return decide_approve(p, r);
  default:
    return deny("Loại dữ liệu không được phép");
  }
}
