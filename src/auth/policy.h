/*
** policy.h: who may do what. The whole permission policy of nq57 is the one
** pure function nq_policy_decide(); every HTTP route and CLI path that acts
** for a person asks it, and the authorization-matrix test enumerates it.
**
** Roles (one per account):
**   admin       quản trị hệ thống: everything, including accounts and backups
**   aggregator  cơ quan thường trực/tổng hợp: manages the plans it aggregates
**               (scope.plan_ids, or all when scope.all_plans) and reviews
**               (accepts, returns, compiles) the reports of every unit in
**               them, without writing those reports itself
**   officer     cán bộ đơn vị: reads and writes its own unit's tasks, reports
**               and indicator values
**   head        lãnh đạo đơn vị: what an officer can, plus approving the unit's
**               reports before they are submitted
**   steering    Ban Chỉ đạo: reads everything in the plans at its level
**               (scope.plan_ids or all_plans), writes nothing
**   public      anyone without an account: published data only
**
** A request acts as a principal (role + scope + the actions its credential
** allows: a session allows all the role's actions, an API token only the
** scopes it was issued with).
*/
#ifndef NQ_AUTH_POLICY_H
#define NQ_AUTH_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef enum nq_role {
  NQ_ROLE_PUBLIC = 0,
  NQ_ROLE_OFFICER,
  NQ_ROLE_HEAD,
  NQ_ROLE_AGGREGATOR,
  NQ_ROLE_STEERING,
  NQ_ROLE_ADMIN,
  NQ_ROLE_COUNT
} nq_role;

typedef enum nq_action {
  NQ_ACTION_READ = 0,
  NQ_ACTION_WRITE,     /* create, change, delete */
  NQ_ACTION_REVIEW,    /* the aggregator's accept, return, compile of reports */
  NQ_ACTION_APPROVE,   /* a unit head's sign-off on (and sending of) the report */
  NQ_ACTION_ADMIN,     /* accounts, directory, backups, settings */
  NQ_ACTION_COUNT
} nq_action;

/* Bit for an action in a credential's allowed set. */
#define NQ_ACTION_BIT(a) (1u << (a))
#define NQ_ACTION_ALL ((1u << NQ_ACTION_COUNT) - 1u)

typedef enum nq_resource_kind {
  NQ_RES_NONE = 0,    /* health checks, static web app, login itself */
  NQ_RES_SELF,        /* the caller's own account, sessions and API tokens */
  NQ_RES_UNIT,        /* the agency directory */
  NQ_RES_PLAN,        /* a plan and its metadata; plan_id 0 = creating one */
  NQ_RES_TASK,        /* a task: units = lead first, then partners */
  NQ_RES_INDICATOR,   /* a target and the values units report for it */
  NQ_RES_REPORT,      /* a unit's periodic progress report */
  NQ_RES_ANALYTICS,   /* dashboards, scorecards, generated documents */
  NQ_RES_IMPORT,      /* extracting a plan from a document (stores nothing) */
  NQ_RES_USER,        /* other people's accounts */
  NQ_RES_AUDIT,       /* the audit log */
  NQ_RES_SYSTEM,      /* backup, integrity check, settings */
  NQ_RES_COUNT
} nq_resource_kind;

/* Where a principal may act. */
typedef struct nq_scope {
  int64_t unit_id;          /* own unit (officer, head); 0 = none */
  bool all_plans;           /* aggregator/steering over every plan here */
  const int64_t *plan_ids;  /* plans aggregated or overseen */
  size_t n_plans;
} nq_scope;

typedef struct nq_principal {
  int64_t user_id;          /* 0 = anonymous */
  nq_role role;
  nq_scope scope;
  unsigned actions;         /* NQ_ACTION_BIT set the credential allows */
} nq_principal;

#define NQ_MAX_RESOURCE_UNITS 16

/* The thing acted upon, as far as the caller knows it. A collection (a list
** route, or a create whose target the route does not name) has no units and
** plan 0: the decision then says how the handler must narrow the rows it
** lists or touches (nq_decision.narrow). */
typedef struct nq_resource {
  nq_resource_kind kind;
  int64_t plan_id;            /* 0 = none / not yet known */
  size_t n_units;
  int64_t units[NQ_MAX_RESOURCE_UNITS]; /* owning unit(s); task: leads first */
  size_t n_lead;              /* task: how many of units lead it (0 = 1) */
  int64_t owner_user_id;      /* for NQ_RES_SELF and NQ_RES_USER; 0 = n/a */
  bool published;             /* released to the public page */
} nq_resource;

/* How a permitted collection must be narrowed by the handler. */
typedef enum nq_restrict {
  NQ_RESTRICT_NONE = 0,     /* everything */
  NQ_RESTRICT_OWN_UNIT,     /* rows of scope.unit_id only */
  NQ_RESTRICT_SCOPE_PLANS,  /* rows of scope.plan_ids only */
  NQ_RESTRICT_PUBLISHED     /* published rows only */
} nq_restrict;

typedef struct nq_decision {
  bool allow;
  nq_code code;             /* NQ_OK, NQ_EAUTH (log in) or NQ_EFORBIDDEN */
  nq_restrict narrow;       /* for collections: how the handler narrows */
  const char *reason;       /* Vietnamese, for the response and the log */
} nq_decision;

nq_decision nq_policy_decide(const nq_principal *who, nq_action action,
                             const nq_resource *what);

/* The principal of a request without credentials. */
nq_principal nq_principal_anonymous(void);

/* Role and action names ("officer", "approve") and back; -1 when unknown. */
const char *nq_role_name(nq_role r);
int nq_role_parse(const char *name);
const char *nq_action_name(nq_action a);
int nq_action_parse(const char *name);
const char *nq_resource_kind_name(nq_resource_kind k);

/* Parse "read,write" into an NQ_ACTION_BIT set; NQ_EINVAL on an unknown name. */
nq_code nq_actions_parse(const char *list, unsigned *out, nq_err *err);

bool nq_scope_has_plan(const nq_scope *s, int64_t plan_id);

#endif
