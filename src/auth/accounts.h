/*
** accounts.h: creating and changing accounts with every rule checked in
** one place, for both `nq57 user` and the administrators' HTTP API: login
** names, roles and the scope each role needs, password strength, and never
** disabling the last administrator.
*/
#ifndef NQ_AUTH_ACCOUNTS_H
#define NQ_AUTH_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/crypto.h"
#include "auth/policy.h"
#include "store/store.h"
#include "util/err.h"

#define NQ_LOGIN_MAX 64

typedef struct nq_account_spec {
  const char *login;
  const char *full_name;
  const char *role;           /* policy.h role name */
  const char *unit;           /* unit id ("12") or agency name; NULL = none */
  bool all_plans;             /* aggregator/steering over every plan */
  const int64_t *plan_ids;    /* or over these */
  size_t n_plans;
} nq_account_spec;

/* Lower-case a login and check it: 3-64 of a-z 0-9 . _ - @. */
nq_code nq_login_normalize(const char *login, char out[NQ_LOGIN_MAX + 1], nq_err *err);

nq_code nq_account_create(nq_store *s, const nq_actor *who, const nq_account_spec *spec,
                          const char *password, const nq_pwhash_cost *cost, int64_t now,
                          int64_t *id_out, nq_err *err);
/* New password (checked for strength); ends the account's sessions. */
nq_code nq_account_set_password(nq_store *s, const nq_actor *who, const char *login,
                                const char *password, const nq_pwhash_cost *cost,
                                int64_t now, nq_err *err);
/* Disable (ending sessions and API tokens) or re-enable an account. */
nq_code nq_account_set_disabled(nq_store *s, const nq_actor *who, const char *login,
                                bool disabled, int64_t now, nq_err *err);

/* An administrator's change to account id: any of "full_name" (or
** "name"), "role", "unit" (id, agency name or null; or "unit_id"),
** "plan_ids" (granted plans, replacing them), "all_plans" (or
** "scope_all"), "disabled". The account as changed must meet the role's
** rules (a unit for officers and heads, plans for overseers; leaving an
** overseeing role drops the plan scope). Disabling ends its sessions and
** API tokens; no change may leave no enabled administrator (NQ_ECONFLICT).
** NQ_EINVAL names the faulty member; out: the account after. */
nq_code nq_account_update(nq_store *s, const nq_actor *who, int64_t id, const json_t *patch,
                          int64_t now, json_t **out, nq_err *err);

/* A user row (store_auth.h) as a principal. The principal points into
** plan_ids, which the caller frees after use. */
nq_code nq_principal_from_user(const json_t *user, nq_principal *out, int64_t **plan_ids,
                               nq_err *err);

#endif
