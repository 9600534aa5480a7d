/*
** backend.h: the table of operations a storage backend provides. store.c
** implements the public store.h functions by dispatching through it, so a
** PostgreSQL backend (postgres:// URLs, built when libpq is found) can be
** added as one more table next to the SQLite one without touching callers.
** Only SQLite exists today; nq_store_open rejects postgres:// URLs with a
** clear message.
**
** Every backend's handle starts with `struct nq_store` so store.c can reach
** the ops from any handle.
*/
#ifndef NQ_STORE_BACKEND_H
#define NQ_STORE_BACKEND_H

#include "store/store.h"

typedef struct nq_store_ops {
  const char *name; /* "sqlite" */
  void (*close)(nq_store *s);
  int (*schema_version)(nq_store *s);
  int64_t (*generation)(nq_store *s);
  int64_t (*data_generation)(nq_store *s);

  nq_code (*units_list)(nq_store *s, const char *q, json_t **out, nq_err *err);
  nq_code (*unit_get)(nq_store *s, int64_t id, json_t **out, nq_err *err);
  nq_code (*unit_create)(nq_store *s, const nq_actor *who, json_t *unit,
                         int64_t *id_out, nq_err *err);
  nq_code (*unit_resolve)(nq_store *s, const char *name, int64_t *id_out, nq_err *err);
  nq_code (*unit_update)(nq_store *s, const nq_actor *who, int64_t id, int64_t if_version,
                         json_t *patch, json_t **out, nq_err *err);
  nq_code (*unit_merge)(nq_store *s, const nq_actor *who, int64_t from_id, int64_t into_id,
                        json_t **out, nq_err *err);

  nq_code (*plan_create)(nq_store *s, const nq_actor *who, json_t *plan,
                         int64_t *id_out, nq_err *err);
  nq_code (*plans_list)(nq_store *s, json_t **out, nq_err *err);
  nq_code (*plan_get)(nq_store *s, int64_t id, json_t **out, nq_err *err);
  nq_code (*plan_export)(nq_store *s, int64_t id, json_t **out, nq_err *err);
  nq_code (*plan_overview)(nq_store *s, int64_t id, const char *at_date,
                           json_t **out, nq_err *err);

  nq_code (*tasks_query)(nq_store *s, const nq_task_filter *f, json_t **out, nq_err *err);
  nq_code (*task_get)(nq_store *s, int64_t id, json_t **out, nq_err *err);
  nq_code (*task_update)(nq_store *s, const nq_actor *who, int64_t id,
                         int64_t if_version, json_t *patch, json_t **out, nq_err *err);

  nq_code (*indicators_list)(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

  nq_code (*backup)(nq_store *s, const char *dest_path, nq_err *err);
  nq_code (*restore)(nq_store *s, const char *src_path, nq_err *err);
  nq_code (*check)(nq_store *s, json_t **out, nq_err *err);
  nq_code (*is_empty)(nq_store *s, bool *empty, nq_err *err);
} nq_store_ops;

struct nq_store {
  const nq_store_ops *ops;
};

/* The SQLite backend (sqlite.c): path is a file name. */
nq_code nq_sqlite_open(nq_store **out, const char *path, nq_err *err);

#endif
