/* test_policy.c: the permission policy, rule by rule, as a table of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "auth/apitoken.h"
#include "auth/policy.h"

/* Units 1 and 2 have tasks in plan 10; unit 3 in plan 20. */
enum { U_OWN = 1, U_OTHER = 2, U_FAR = 3, P_MINE = 10, P_OTHER = 20 };
static const int64_t my_plans[] = {P_MINE};

static nq_principal who(nq_role role) {
  nq_principal p = nq_principal_anonymous();
  if (role == NQ_ROLE_PUBLIC) return p;
  p.user_id = 42;
  p.role = role;
  p.actions = NQ_ACTION_ALL;
  p.scope.unit_id = U_OWN;
  if (role == NQ_ROLE_AGGREGATOR || role == NQ_ROLE_STEERING) {
    p.scope.plan_ids = my_plans;
    p.scope.n_plans = 1;
  }
  return p;
}

static nq_resource res(nq_resource_kind k, int64_t plan, int64_t unit) {
  nq_resource r;
  memset(&r, 0, sizeof r);
  r.kind = k;
  r.plan_id = plan;
  if (unit) r.units[r.n_units++] = unit;
  return r;
}

typedef struct policy_case {
  nq_role role;
  nq_action action;
  nq_resource_kind kind;
  int64_t plan, unit;
  bool allow;
  nq_restrict narrow;
} policy_case;

#define R(x) NQ_ROLE_##x
#define A(x) NQ_ACTION_##x
#define K(x) NQ_RES_##x
#define N(x) NQ_RESTRICT_##x
static const policy_case cases[] = {
  /* officers: own unit's tasks and reports, nothing else */
  {R(OFFICER), A(READ), K(TASK), P_MINE, U_OWN, true, N(NONE)},
  {R(OFFICER), A(WRITE), K(TASK), P_MINE, U_OWN, true, N(NONE)},
  {R(OFFICER), A(READ), K(TASK), P_MINE, U_OTHER, false, N(NONE)},
  {R(OFFICER), A(WRITE), K(TASK), P_MINE, U_OTHER, false, N(NONE)},
  {R(OFFICER), A(WRITE), K(REPORT), P_MINE, U_OWN, true, N(NONE)},
  {R(OFFICER), A(WRITE), K(REPORT), P_MINE, U_OTHER, false, N(NONE)},
  {R(OFFICER), A(APPROVE), K(REPORT), P_MINE, U_OWN, false, N(NONE)},
  {R(OFFICER), A(READ), K(TASK), 0, 0, true, N(OWN_UNIT)},
  {R(OFFICER), A(READ), K(ANALYTICS), P_MINE, 0, true, N(OWN_UNIT)},
  {R(OFFICER), A(WRITE), K(PLAN), P_MINE, 0, false, N(NONE)},
  {R(OFFICER), A(READ), K(PLAN), P_OTHER, 0, true, N(NONE)},
  {R(OFFICER), A(READ), K(USER), 0, 0, false, N(NONE)},
  {R(OFFICER), A(ADMIN), K(SYSTEM), 0, 0, false, N(NONE)},
  {R(OFFICER), A(READ), K(AUDIT), 0, 0, false, N(NONE)},
  {R(OFFICER), A(READ), K(UNIT), 0, 0, true, N(NONE)},
  {R(OFFICER), A(WRITE), K(UNIT), 0, 0, false, N(NONE)},
  {R(OFFICER), A(WRITE), K(IMPORT), 0, 0, true, N(NONE)},
  /* heads: an officer who also approves the unit's reports */
  {R(HEAD), A(APPROVE), K(REPORT), P_MINE, U_OWN, true, N(NONE)},
  {R(HEAD), A(APPROVE), K(REPORT), P_MINE, U_OTHER, false, N(NONE)},
  {R(HEAD), A(WRITE), K(TASK), P_MINE, U_OWN, true, N(NONE)},
  {R(HEAD), A(READ), K(REPORT), P_OTHER, U_FAR, false, N(NONE)},
  /* aggregators: everything in their plans, their own unit elsewhere */
  {R(AGGREGATOR), A(READ), K(TASK), P_MINE, U_OTHER, true, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(REPORT), P_MINE, U_OTHER, false, N(NONE)},
  {R(AGGREGATOR), A(REVIEW), K(REPORT), P_MINE, U_OTHER, true, N(NONE)},
  {R(AGGREGATOR), A(REVIEW), K(REPORT), P_OTHER, U_FAR, false, N(NONE)},
  {R(AGGREGATOR), A(REVIEW), K(ANALYTICS), P_MINE, 0, true, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(REPORT), P_OTHER, U_OWN, true, N(NONE)},
  {R(HEAD), A(REVIEW), K(REPORT), P_MINE, U_OWN, false, N(NONE)},
  {R(OFFICER), A(REVIEW), K(REPORT), P_MINE, U_OWN, false, N(NONE)},
  {R(STEERING), A(REVIEW), K(REPORT), P_MINE, U_OWN, false, N(NONE)},
  {R(PUBLIC), A(REVIEW), K(REPORT), P_MINE, U_OWN, false, N(NONE)},
  {R(AGGREGATOR), A(READ), K(TASK), P_OTHER, U_FAR, false, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(TASK), P_OTHER, U_FAR, false, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(TASK), P_OTHER, U_OWN, true, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(PLAN), P_MINE, 0, true, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(PLAN), P_OTHER, 0, false, N(NONE)},
  {R(AGGREGATOR), A(WRITE), K(PLAN), 0, 0, true, N(NONE)},
  {R(AGGREGATOR), A(APPROVE), K(PLAN), P_MINE, 0, true, N(NONE)},
  {R(AGGREGATOR), A(APPROVE), K(REPORT), P_MINE, U_OTHER, false, N(NONE)},
  {R(AGGREGATOR), A(READ), K(TASK), 0, 0, true, N(SCOPE_PLANS)},
  {R(AGGREGATOR), A(WRITE), K(UNIT), 0, 0, false, N(NONE)},
  /* steering: reads everything at its level, writes nothing */
  {R(STEERING), A(READ), K(REPORT), P_MINE, U_OTHER, true, N(NONE)},
  {R(STEERING), A(READ), K(ANALYTICS), P_MINE, 0, true, N(NONE)},
  {R(STEERING), A(READ), K(TASK), P_OTHER, U_FAR, false, N(NONE)},
  {R(STEERING), A(WRITE), K(TASK), P_MINE, U_OWN, false, N(NONE)},
  {R(STEERING), A(WRITE), K(PLAN), P_MINE, 0, false, N(NONE)},
  {R(STEERING), A(WRITE), K(IMPORT), 0, 0, false, N(NONE)},
  {R(STEERING), A(APPROVE), K(REPORT), P_MINE, U_OWN, false, N(NONE)},
  /* admin: everything */
  {R(ADMIN), A(ADMIN), K(SYSTEM), 0, 0, true, N(NONE)},
  {R(ADMIN), A(WRITE), K(USER), 0, 0, true, N(NONE)},
  {R(ADMIN), A(WRITE), K(TASK), P_OTHER, U_FAR, true, N(NONE)},
  /* the public: published data only, never writes */
  {R(PUBLIC), A(READ), K(TASK), P_MINE, U_OWN, false, N(NONE)},
  {R(PUBLIC), A(READ), K(TASK), 0, 0, true, N(PUBLISHED)},
  {R(PUBLIC), A(READ), K(PLAN), 0, 0, true, N(PUBLISHED)},
  {R(PUBLIC), A(READ), K(REPORT), 0, 0, false, N(NONE)},
  {R(PUBLIC), A(WRITE), K(TASK), 0, 0, false, N(NONE)},
  {R(PUBLIC), A(READ), K(UNIT), 0, 0, false, N(NONE)},
  {R(PUBLIC), A(READ), K(SELF), 0, 0, false, N(NONE)},
  {R(PUBLIC), A(READ), K(NONE), 0, 0, true, N(NONE)},
};

static void test_cases(void **state) {
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const policy_case *c = &cases[i];
    nq_principal p = who(c->role);
    nq_resource r = res(c->kind, c->plan, c->unit);
    nq_decision d = nq_policy_decide(&p, c->action, &r);
    if (d.allow != c->allow || (d.allow && d.narrow != c->narrow)) {
      fprintf(stderr, "case %zu: %s %s %s plan=%lld unit=%lld: got %s narrow=%d (%s)\n", i,
              nq_role_name(c->role), nq_action_name(c->action), nq_resource_kind_name(c->kind),
              (long long)c->plan, (long long)c->unit, d.allow ? "allow" : "deny", d.narrow,
              d.reason);
      failures++;
    }
    assert_non_null(d.reason);
    if (!d.allow)
      assert_int_equal(d.code, c->role == NQ_ROLE_PUBLIC ? NQ_EAUTH : NQ_EFORBIDDEN);
  }
  assert_int_equal(failures, 0);
}

static void test_task_partner(void **state) {
  (void)state;
  nq_principal p = who(NQ_ROLE_OFFICER);
  nq_resource r = res(NQ_RES_TASK, P_MINE, U_OTHER);
  r.units[r.n_units++] = U_OWN; /* own unit is a partner, not the lead */
  assert_true(nq_policy_decide(&p, NQ_ACTION_READ, &r).allow);
  assert_false(nq_policy_decide(&p, NQ_ACTION_WRITE, &r).allow);
  nq_resource rep = res(NQ_RES_REPORT, P_MINE, U_OWN);
  assert_true(nq_policy_decide(&p, NQ_ACTION_WRITE, &rep).allow);
  /* co-leads: the second of two lead units may edit too */
  r.n_lead = 2;
  assert_true(nq_policy_decide(&p, NQ_ACTION_WRITE, &r).allow);
}

static void test_published(void **state) {
  (void)state;
  nq_principal anon = nq_principal_anonymous();
  nq_resource r = res(NQ_RES_TASK, P_OTHER, U_FAR);
  r.published = true;
  assert_true(nq_policy_decide(&anon, NQ_ACTION_READ, &r).allow);
  assert_false(nq_policy_decide(&anon, NQ_ACTION_WRITE, &r).allow);
  nq_principal off = who(NQ_ROLE_OFFICER);
  assert_true(nq_policy_decide(&off, NQ_ACTION_READ, &r).allow);
  assert_false(nq_policy_decide(&off, NQ_ACTION_WRITE, &r).allow);
  /* reports are never public even when flagged */
  nq_resource rep = res(NQ_RES_REPORT, P_OTHER, U_FAR);
  rep.published = true;
  assert_false(nq_policy_decide(&anon, NQ_ACTION_READ, &rep).allow);
}

static void test_self(void **state) {
  (void)state;
  nq_principal p = who(NQ_ROLE_OFFICER);
  nq_resource r = res(NQ_RES_SELF, 0, 0);
  r.owner_user_id = 42;
  assert_true(nq_policy_decide(&p, NQ_ACTION_WRITE, &r).allow);
  r.owner_user_id = 43;
  assert_false(nq_policy_decide(&p, NQ_ACTION_READ, &r).allow);
}

static void test_all_plans_scope(void **state) {
  (void)state;
  nq_principal p = who(NQ_ROLE_STEERING);
  p.scope.all_plans = true;
  nq_resource r = res(NQ_RES_REPORT, P_OTHER, U_FAR);
  assert_true(nq_policy_decide(&p, NQ_ACTION_READ, &r).allow);
  assert_false(nq_policy_decide(&p, NQ_ACTION_WRITE, &r).allow);
  nq_resource all = res(NQ_RES_TASK, 0, 0);
  nq_decision d = nq_policy_decide(&p, NQ_ACTION_READ, &all);
  assert_true(d.allow);
  assert_int_equal(d.narrow, NQ_RESTRICT_NONE);
}

static void test_token_scopes(void **state) {
  (void)state;
  nq_principal user = who(NQ_ROLE_ADMIN);
  nq_api_token t;
  memset(&t, 0, sizeof t);
  nq_err err;
  assert_int_equal(nq_actions_parse("read", &t.actions, &err), NQ_OK);
  nq_principal p = nq_api_token_principal(&user, &t);
  nq_resource r = res(NQ_RES_TASK, P_MINE, U_OWN);
  assert_true(nq_policy_decide(&p, NQ_ACTION_READ, &r).allow);
  nq_decision d = nq_policy_decide(&p, NQ_ACTION_WRITE, &r);
  assert_false(d.allow);
  assert_int_equal(d.code, NQ_EFORBIDDEN);
  assert_int_equal(nq_actions_parse("read, write,approve", &t.actions, &err), NQ_OK);
  assert_int_equal(t.actions, NQ_ACTION_BIT(NQ_ACTION_READ) | NQ_ACTION_BIT(NQ_ACTION_WRITE) |
                                  NQ_ACTION_BIT(NQ_ACTION_APPROVE));
  assert_int_equal(nq_actions_parse("read,delete", &t.actions, &err), NQ_EINVAL);
  assert_int_equal(nq_actions_parse("", &t.actions, &err), NQ_EINVAL);

  t.expires_at = 100;
  assert_true(nq_api_token_active(&t, 99));
  assert_false(nq_api_token_active(&t, 100));
  t.expires_at = 0;
  t.revoked_at = 50;
  assert_false(nq_api_token_active(&t, 60));

  char tok[NQ_TOKEN_STR_MAX], out[NQ_TOKEN_STR_MAX], hdr[128];
  nq_token_new(NQ_API_TOKEN_PREFIX, tok);
  snprintf(hdr, sizeof hdr, "Bearer %s", tok);
  assert_true(nq_bearer_token(hdr, out));
  assert_string_equal(out, tok);
  assert_false(nq_bearer_token("Basic YWRtaW46YWRtaW4=", out));
  assert_false(nq_bearer_token("Bearer nq57_tooshort", out));
  assert_false(nq_bearer_token(NULL, out));
}

static void test_names(void **state) {
  (void)state;
  for (int r = 0; r < NQ_ROLE_COUNT; r++) assert_int_equal(nq_role_parse(nq_role_name(r)), r);
  for (int a = 0; a < NQ_ACTION_COUNT; a++) assert_int_equal(nq_action_parse(nq_action_name(a)), a);
  assert_int_equal(nq_role_parse("root"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cases),
    cmocka_unit_test(test_task_partner),
    cmocka_unit_test(test_published),
    cmocka_unit_test(test_self),
    cmocka_unit_test(test_all_plans_scope),
    cmocka_unit_test(test_token_scopes),
    cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
