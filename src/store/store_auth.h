/*
** store_auth.h: storage of accounts and credentials: users with their role
** and scope, sessions, API tokens and the log of login attempts (tables of
** migration 0002_auth.sql). Part of the store interface (store.h); the
** SQLite implementation is sqlite_auth.c.
**
** Only hashes of secrets cross this boundary (crypto.h). Validation of
** roles, logins and passwords is the caller's (src/auth/accounts.c); these
** functions store what they are given and keep it consistent: changing a
** password or disabling an account revokes its sessions in the same
** transaction, and every change except session activity is audited.
**
** Times are unix seconds here and UTC text in the database.
** User rows: {"id","login","full_name","role","unit_id","scope_all",
** "plan_ids":[...],"disabled","created_at","password_changed_at"}; only
** nq_store_user_by_login adds "password_hash".
*/
#ifndef NQ_STORE_AUTH_H
#define NQ_STORE_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "auth/session.h"
#include "store/store.h"
#include "util/err.h"

/* ---- users -------------------------------------------------------------- */
/* user: {"login","full_name","role","unit_id"(or null),"scope_all",
** "plan_ids":[...]}. NQ_ECONFLICT when the login exists, NQ_EINVAL when the
** unit or a plan does not. */
nq_code nq_store_user_create(nq_store *s, const nq_actor *who, const json_t *user,
                             const char *password_hash, int64_t now, int64_t *id_out,
                             nq_err *err);
nq_code nq_store_users_list(nq_store *s, json_t **out, nq_err *err);
nq_code nq_store_user_get(nq_store *s, int64_t id, json_t **out, nq_err *err);
/* Including "password_hash"; login compared exactly (callers lower-case). */
nq_code nq_store_user_by_login(nq_store *s, const char *login, json_t **out, nq_err *err);
/* Replace the hash and revoke every session of the user. rehash = true
** for a transparent cost upgrade at login: sessions stay. */
nq_code nq_store_user_set_password(nq_store *s, const nq_actor *who, int64_t id,
                                   const char *password_hash, bool rehash, int64_t now,
                                   nq_err *err);
/* Disabling also revokes the user's sessions and API tokens. */
nq_code nq_store_user_set_disabled(nq_store *s, const nq_actor *who, int64_t id,
                                   bool disabled, int64_t now, nq_err *err);
/* Change an account, in one audited transaction. patch (checked by the
** caller, auth/accounts.c): any of "full_name", "role", "unit_id" (id or
** null), "scope_all", "plan_ids" (the granted plans: replaces them),
** "disabled". A head account heads its unit (unit_heads follows role and
** unit); disabling revokes sessions and API tokens; NQ_ECONFLICT when no
** enabled administrator would remain, NQ_EINVAL for an unknown unit or plan. */
nq_code nq_store_user_update(nq_store *s, const nq_actor *who, int64_t id, const json_t *patch,
                             int64_t now, json_t **out, nq_err *err);
/* Number of enabled administrators (the CLI refuses to disable the last). */
nq_code nq_store_admin_count(nq_store *s, int64_t *n, nq_err *err);

/* ---- sessions ----------------------------------------------------------- */
/* Store a new session (audited as a login of its user). */
nq_code nq_store_session_create(nq_store *s, const nq_actor *who, const nq_session *ses,
                                const char *user_agent, nq_err *err);
/* NQ_ENOTFOUND when no session has that token hash. */
nq_code nq_store_session_get(nq_store *s, const char *token_hash, nq_session *out,
                             nq_err *err);
/* Record activity (not audited: it is bookkeeping, written at most once
** per NQ_SESSION_DEFAULT.touch_interval). */
nq_code nq_store_session_touch(nq_store *s, const char *token_hash, int64_t now,
                               nq_err *err);
nq_code nq_store_session_revoke(nq_store *s, const nq_actor *who, const char *token_hash,
                                int64_t now, nq_err *err);
/* Revoke every live session of a user; *count (may be NULL) gets how many. */
nq_code nq_store_sessions_revoke_user(nq_store *s, const nq_actor *who, int64_t user_id,
                                      int64_t now, int64_t *count, nq_err *err);

/* ---- API tokens --------------------------------------------------------- */
/* token: {"user_id","name","actions":"read,write","expires_at"(unix or 0)} */
nq_code nq_store_api_token_create(nq_store *s, const nq_actor *who, const json_t *token,
                                  const char *token_hash, int64_t now, int64_t *id_out,
                                  nq_err *err);
/* {"id","user_id","name","actions","created_at","expires_at","revoked_at",
** "last_used_at"} with times as unix seconds (0 = none); NQ_ENOTFOUND. */
nq_code nq_store_api_token_find(nq_store *s, const char *token_hash, json_t **out,
                                nq_err *err);
/* A user's tokens, newest first (times as UTC text, never the hash). */
nq_code nq_store_api_tokens_list(nq_store *s, int64_t user_id, json_t **out, nq_err *err);
/* Revoke token id; owner_id limits it to that user's tokens (0 = any).
** NQ_ENOTFOUND when there is no such (owned, live) token. */
nq_code nq_store_api_token_revoke(nq_store *s, const nq_actor *who, int64_t owner_id,
                                  int64_t id, int64_t now, nq_err *err);
nq_code nq_store_api_token_touch(nq_store *s, int64_t id, int64_t now, nq_err *err);

/* ---- authorization ------------------------------------------------------ */
/* Fill what the permission policy needs to know about one stored row of
** kind: its plan, owning units (a task's leads first, n_lead of them) and
** whether its plan is public. kind: NQ_RES_PLAN, _TASK, _INDICATOR,
** _REPORT (unit_reports), _UNIT; NQ_ENOTFOUND when there is no such row. */
nq_code nq_store_resource_scope(nq_store *s, nq_resource_kind kind, int64_t id,
                                nq_resource *out, nq_err *err);
/* The plan (and whether it is public) of reporting period period_id, into
** out->plan_id and out->published; NQ_ENOTFOUND when there is none. */
nq_code nq_store_period_scope(nq_store *s, int64_t period_id, nq_resource *out, nq_err *err);

/* ---- publication -------------------------------------------------------- */
/* Plans released to the public page (plans.public = 1), as
** nq_store_plans_list rows: what a visitor without an account may list. */
nq_code nq_store_public_plans_list(nq_store *s, json_t **out, nq_err *err);
/* Release plan id to the public page (making it "published") or withdraw
** it, if its version equals if_version (NQ_EPRECOND otherwise; < 0 skips
** the check). Bumps the version; audited as "publish"/"unpublish" with the
** plan row before and after, which *out (may be NULL) receives. */
nq_code nq_store_plan_set_public(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                                 bool make_public, json_t **out, nq_err *err);

/* Delete sessions that ended (expired or revoked) before session_cutoff
** and login attempts older than attempt_cutoff (unix seconds); *removed
** (may be NULL) gets how many rows went. One audit row records the counts. */
nq_code nq_store_auth_prune(nq_store *s, int64_t session_cutoff, int64_t attempt_cutoff,
                            int64_t *removed, nq_err *err);

/* ---- login attempts ----------------------------------------------------- */
nq_code nq_store_login_attempt(nq_store *s, const char *login, const char *origin,
                               bool success, const char *reason, int64_t now, nq_err *err);

#endif
