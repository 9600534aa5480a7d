/*
** sql.h: the SQLite backend's internal interface, for the files that
** implement store functions over SQLite (sqlite_*.c in this directory,
** including sqlite_auth.c and sqlite_monitor.c written by the auth and
** monitor modules). Not for use outside src/store.
**
** How to add a store function (e.g. in sqlite_auth.c):
**
**   static nq_code do_disable(nq_db *db, void *ctx, nq_err *err) {
**     int64_t id = *(int64_t *)ctx;
**     json_t *before = ...read the row with nq_db_stmt...;
**     sqlite3_stmt *st = nq_db_stmt(db, "UPDATE users SET disabled=1 WHERE id=?1");
**     if (!st) return nq_db_error(db, err);
**     sqlite3_bind_int64(st, 1, id);
**     nq_code rc = nq_db_step_done(db, st, err);
**     if (!rc) rc = nq_db_audit(db, "update", "user", id, before, after, err);
**     json_decref(before); ...
**     return rc;          // non-zero: the whole transaction is rolled back
**   }
**   nq_code nq_store_user_disable(nq_store *s, const nq_actor *who, int64_t id, nq_err *err) {
**     return nq_sql_write(s, who, do_disable, &id, err);
**   }
**
** nq_sql_write runs the callback on the single writer connection inside
** BEGIN IMMEDIATE ... COMMIT (rolled back if the callback fails), so the
** change and its audit row commit together, durably (synchronous=FULL), and
** bumps nq_store_generation. nq_sql_read runs it on a pooled reader inside
** one read transaction (a consistent snapshot under WAL). Callbacks must not
** call nq_sql_read/nq_sql_write themselves (no nesting).
**
** Statements come from nq_db_stmt: prepared once per connection and cached
** by SQL text, returned reset with bindings cleared. Finish with a statement
** (step to the end or let the next nq_db_stmt reset it) before asking for the
** same SQL again, e.g. in recursion. Never finalize them.
**
** New tables go in your own numbered migration (0002_auth.sql, ...), added
** to the list in src/store/meson.build.
*/
#ifndef NQ_STORE_SQL_H
#define NQ_STORE_SQL_H

#include <sqlite3.h>

#include "store/store.h"

typedef struct nq_db nq_db;
typedef nq_code (*nq_sql_fn)(nq_db *db, void *ctx, nq_err *err);

/* NQ_EUNSUPPORTED if s is not an SQLite store. */
nq_code nq_sql_read(nq_store *s, nq_sql_fn fn, void *ctx, nq_err *err);
nq_code nq_sql_write(nq_store *s, const nq_actor *who, nq_sql_fn fn, void *ctx,
                     nq_err *err);
/* nq_sql_write for a change of sign-in state only (sessions, token use,
** login attempts): no API answer is made of those rows, so it moves
** nq_store_generation but not nq_store_data_generation. */
nq_code nq_sql_write_signin(nq_store *s, const nq_actor *who, nq_sql_fn fn, void *ctx,
                            nq_err *err);

sqlite3 *nq_db_handle(nq_db *db);
/* Cached prepared statement, or NULL (then call nq_db_error). */
sqlite3_stmt *nq_db_stmt(nq_db *db, const char *sql);
/* Turn the connection's last error into an nq_err (NQ_ECONFLICT for
** constraint violations, NQ_EUNAVAILABLE for busy, NQ_EIO otherwise). */
nq_code nq_db_error(nq_db *db, nq_err *err);
/* Step a statement that returns no rows; NQ_OK on SQLITE_DONE. */
nq_code nq_db_step_done(nq_db *db, sqlite3_stmt *st, nq_err *err);

/* In a write callback: who is writing, and the transaction's UTC timestamp
** "YYYY-MM-DDTHH:MM:SSZ" (use it for created_at/updated_at/at columns). */
const nq_actor *nq_db_actor(nq_db *db);
const char *nq_db_now(nq_db *db);

/* Append a hash-chained audit_log row in the current write transaction.
** before/after may be NULL (creation, deletion); they are not stolen. */
nq_code nq_db_audit(nq_db *db, const char *action, const char *entity,
                    int64_t entity_id, const json_t *before, const json_t *after,
                    nq_err *err);

/* Binding and reading helpers. */
void nq_bind_text(sqlite3_stmt *st, int i, const char *s);   /* NULL -> NULL */
void nq_bind_json_text(sqlite3_stmt *st, int i, const json_t *v); /* string or NULL */
void nq_bind_id(sqlite3_stmt *st, int i, int64_t id);        /* 0 -> NULL */
const char *nq_col_text(sqlite3_stmt *st, int i);            /* NULL for NULL */
json_t *nq_col_json(sqlite3_stmt *st, int i);                /* typed jansson value */
/* The current row as an object keyed by column names. */
json_t *nq_row_object(sqlite3_stmt *st);
/* Step st to the end, collecting row objects into a new array. */
nq_code nq_db_rows(nq_db *db, sqlite3_stmt *st, json_t **out, nq_err *err);

/* Today's date in UTC, "YYYY-MM-DD" (buf of at least 11 bytes). */
void nq_today(char *buf);

#endif
