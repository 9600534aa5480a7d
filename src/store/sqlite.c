/*
** sqlite.c: the SQLite backend's engine room: opening the database, the
** connection pool (one writer behind a mutex, a few readers), per-connection
** statement caches, transactions, the hash-chained audit log, migrations,
** backup, restore and the consistency check. The domain functions live in
** sqlite_units.c, sqlite_plans.c and sqlite_tasks.c on top of sql.h.
*/
/* sqlite3_preupdate_old/new (change notes, below): Debian's SQLite is built
** with the pre-update hook. */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store/sqlite_int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/vntext.h"
#include "store/embed.h"
#include "util/buf.h"

#define NQ_READERS 4
#define NQ_BUSY_MS 10000

typedef struct stmt_entry {
  char *sql;
  const char *origin; /* the caller's pointer when last found: a hint only */
  sqlite3_stmt *st;
} stmt_entry;

struct nq_db {
  sqlite3 *conn;
  pthread_mutex_t lock;
  stmt_entry *cache;
  size_t ncache, capcache;
  const nq_actor *who; /* set during a write transaction */
  char now[24];
};

typedef struct id_list {
  int64_t *v;
  size_t n, cap;
} id_list;

static void id_list_add(id_list *l, int64_t id) {
  if (l->n && l->v[l->n - 1] == id) return; /* a plan's rows come together */
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->v = nq_xrealloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = id;
}

static void id_list_move(id_list *from, id_list *to) {
  for (size_t i = 0; i < from->n; i++) id_list_add(to, from->v[i]);
  from->n = 0;
}

static void id_list_free(id_list *l) {
  free(l->v);
  memset(l, 0, sizeof *l);
}

/* What a changed row says moved: a plan, a task or an indicator. */
enum { NOTE_PLAN, NOTE_TASK, NOTE_INDICATOR, NOTE_KINDS };

/* The tables whose rows move the figures kept per plan (plans aside: its
** rowid is the plan), and the column naming what each row belongs to. */
static const struct {
  const char *table, *column;
  int kind;
} noted_tables[] = {
  {"tasks", "plan_id", NOTE_PLAN},
  {"task_units", "task_id", NOTE_TASK},
  {"indicators", "plan_id", NOTE_PLAN},
  {"indicator_targets", "indicator_id", NOTE_INDICATOR},
  {"indicator_values", "indicator_id", NOTE_INDICATOR},
};
#define NOTED_TABLES (sizeof noted_tables / sizeof noted_tables[0])

typedef struct sqlite_store {
  nq_store base;
  char *path;
  nq_db writer;
  nq_db readers[NQ_READERS];
  atomic_uint next_reader;
  _Atomic int64_t generation;      /* every write */
  _Atomic int64_t data_generation; /* every write but sign-in state */
  int64_t data_version; /* writer's PRAGMA data_version when last looked */
  atomic_int schema_version;
  /* change notes (nq_sql_take_changes): the writer's open transaction's,
  ** under the writer lock; the published ones, under changes_mu */
  int noted_col[NOTED_TABLES];    /* noted_tables' columns, by position */
  id_list noted[NOTE_KINDS];
  pthread_mutex_t changes_mu;
  id_list changed[NOTE_KINDS];
  bool changed_all;
  nq_scope_memo *scope_memo;
} sqlite_store;

static const nq_store_ops sqlite_ops;

/* ---- small helpers ------------------------------------------------------ */

static void utc_stamp(char *buf, size_t n, const char *fmt) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, fmt, &tm);
}

void nq_today(char *buf) { utc_stamp(buf, 11, "%Y-%m-%d"); }

static sqlite_store *as_sqlite(nq_store *s) {
  return s && s->ops == &sqlite_ops ? (sqlite_store *)s : NULL;
}

sqlite3 *nq_db_handle(nq_db *db) { return db->conn; }
const nq_actor *nq_db_actor(nq_db *db) { return db->who; }
const char *nq_db_now(nq_db *db) { return db->now; }

nq_code nq_db_error(nq_db *db, nq_err *err) {
  int rc = sqlite3_errcode(db->conn);
  const char *msg = sqlite3_errmsg(db->conn);
  switch (rc & 0xff) {
  case SQLITE_CONSTRAINT:
    return nq_fail(err, NQ_ECONFLICT, "Dữ liệu vi phạm ràng buộc: %s", msg);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return nq_fail(err, NQ_EUNAVAILABLE, "Cơ sở dữ liệu đang bận, hãy thử lại: %s", msg);
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return nq_fail(err, NQ_EIO, "Cơ sở dữ liệu bị hỏng: %s", msg);
  default:
    return nq_fail(err, NQ_EIO, "Lỗi cơ sở dữ liệu: %s", msg);
  }
}

sqlite3_stmt *nq_db_stmt(nq_db *db, const char *sql) {
  /* Nearly every caller passes a string literal: its address finds the
  ** entry with one comparison instead of one per cached statement. The
  ** text is still compared, since a freed buffer's address can come back
  ** holding other SQL. */
  for (size_t i = 0; i < db->ncache; i++) {
    if (db->cache[i].origin == sql && strcmp(db->cache[i].sql, sql) == 0) {
      sqlite3_reset(db->cache[i].st);
      sqlite3_clear_bindings(db->cache[i].st);
      return db->cache[i].st;
    }
  }
  for (size_t i = 0; i < db->ncache; i++) {
    if (strcmp(db->cache[i].sql, sql) == 0) {
      db->cache[i].origin = sql;
      sqlite3_reset(db->cache[i].st);
      sqlite3_clear_bindings(db->cache[i].st);
      return db->cache[i].st;
    }
  }
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    return NULL;
  if (db->ncache == db->capcache) {
    db->capcache = db->capcache ? db->capcache * 2 : 32;
    db->cache = nq_xrealloc(db->cache, db->capcache * sizeof *db->cache);
  }
  db->cache[db->ncache].sql = nq_xstrdup(sql);
  db->cache[db->ncache].origin = sql;
  db->cache[db->ncache].st = st;
  db->ncache++;
  return st;
}

nq_code nq_db_step_done(nq_db *db, sqlite3_stmt *st, nq_err *err) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    sqlite3_reset(st);
    return NQ_OK;
  }
  nq_code c = nq_db_error(db, err);
  sqlite3_reset(st);
  return c;
}

void nq_bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

void nq_bind_json_text(sqlite3_stmt *st, int i, const json_t *v) {
  nq_bind_text(st, i, json_is_string(v) ? json_string_value(v) : NULL);
}

void nq_bind_id(sqlite3_stmt *st, int i, int64_t id) {
  if (id) sqlite3_bind_int64(st, i, id);
  else sqlite3_bind_null(st, i);
}

const char *nq_col_text(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

json_t *nq_col_json(sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
  case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, i));
  case SQLITE_TEXT: /* validated (json_string checks UTF-8), length known */
    return json_stringn((const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
  case SQLITE_BLOB: return json_null(); /* sort keys and the like: internal */
  default: return json_null();
  }
}

json_t *nq_row_object(sqlite3_stmt *st) {
  json_t *o = json_object();
  int n = sqlite3_column_count(st);
  for (int i = 0; i < n; i++) json_object_set_new(o, sqlite3_column_name(st, i), nq_col_json(st, i));
  return o;
}

nq_code nq_db_rows(nq_db *db, sqlite3_stmt *st, json_t **out, nq_err *err) {
  json_t *arr = json_array();
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, nq_row_object(st));
  if (rc != SQLITE_DONE) {
    json_decref(arr);
    nq_code c = nq_db_error(db, err);
    sqlite3_reset(st);
    return c;
  }
  sqlite3_reset(st);
  *out = arr;
  return NQ_OK;
}

/* ---- connections --------------------------------------------------------- */

/* ORDER BY name COLLATE vi: Vietnamese dictionary order. */
static int collate_vi(void *unused, int na, const void *a, int nb, const void *b) {
  (void)unused;
  char *sa = nq_xstrndup(a, (size_t)na), *sb = nq_xstrndup(b, (size_t)nb);
  int r = vn_collate(sa, sb);
  free(sa);
  free(sb);
  return r;
}

static nq_code db_open(nq_db *db, const char *path, bool writer, nq_err *err) {
  memset(db, 0, sizeof *db);
  pthread_mutex_init(&db->lock, NULL);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
    nq_code c = nq_fail(err, NQ_EIO, "Không mở được cơ sở dữ liệu %s: %s", path,
                        db->conn ? sqlite3_errmsg(db->conn) : "hết bộ nhớ");
    return c;
  }
  sqlite3_busy_timeout(db->conn, NQ_BUSY_MS);
  sqlite3_extended_result_codes(db->conn, 0);
  /* No mmap: every pooled connection's mapping counts its touched pages in
  ** the server's RSS (1.4 GB at national scale for five connections). A
  ** bounded page cache per connection (16 MB) keeps the hot index pages and
  ** leaves the rest to the OS page cache, shared and reclaimable. */
  const char *pragmas = writer
    ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      " PRAGMA mmap_size=0; PRAGMA cache_size=-16384; PRAGMA analysis_limit=1000;"
    : "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA query_only=1;"
      " PRAGMA mmap_size=0; PRAGMA cache_size=-16384;";
  char *msg = NULL;
  if (sqlite3_exec(db->conn, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
    nq_code c = nq_fail(err, NQ_EIO, "Không cấu hình được cơ sở dữ liệu %s: %s", path,
                        msg ? msg : "?");
    sqlite3_free(msg);
    return c;
  }
  sqlite3_create_collation(db->conn, "vi", SQLITE_UTF8, NULL, collate_vi);
  nq_sqlite_register_status(db->conn);
  nq_sqlite_register_field(db->conn);
  return NQ_OK;
}

static void db_close(nq_db *db) {
  for (size_t i = 0; i < db->ncache; i++) {
    sqlite3_finalize(db->cache[i].st);
    free(db->cache[i].sql);
  }
  free(db->cache);
  if (db->conn) sqlite3_close(db->conn);
  pthread_mutex_destroy(&db->lock);
  memset(db, 0, sizeof *db);
}

/* The first free reader, in a fixed order: with as many request threads as
** cores, the first readers do nearly all the work and keep their page
** caches hot, and the others' caches stay empty instead of every cache
** holding a colder copy of the same pages (fewer misses, less memory). When
** all are busy, wait on one chosen round-robin. */
static nq_db *reader_acquire(sqlite_store *ss) {
  for (unsigned i = 0; i < NQ_READERS; i++) {
    nq_db *db = &ss->readers[i];
    if (pthread_mutex_trylock(&db->lock) == 0) return db;
  }
  unsigned start = atomic_fetch_add(&ss->next_reader, 1);
  nq_db *db = &ss->readers[start % NQ_READERS];
  pthread_mutex_lock(&db->lock);
  return db;
}

static nq_code exec_sql(nq_db *db, const char *sql, nq_err *err) {
  char *msg = NULL;
  if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
    nq_code c = nq_fail(err, NQ_EIO, "Lỗi cơ sở dữ liệu: %s", msg ? msg : sqlite3_errmsg(db->conn));
    sqlite3_free(msg);
    return c;
  }
  return NQ_OK;
}

/* ---- transactions ---------------------------------------------------------- */

/* BEGIN, COMMIT and ROLLBACK go through the statement cache: sqlite3_exec
** would parse them afresh on every request, and the parser's allocations
** cost more than a small indexed read (11 % of a task list's CPU). */
static nq_code tx_sql(nq_db *db, const char *sql, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db, sql);
  if (!st) return nq_db_error(db, err);
  return nq_db_step_done(db, st, err);
}

nq_code nq_sql_read(nq_store *s, nq_sql_fn fn, void *ctx, nq_err *err) {
  sqlite_store *ss = as_sqlite(s);
  if (!ss) return nq_fail(err, NQ_EUNSUPPORTED, "Chức năng này chỉ có với cơ sở dữ liệu SQLite.");
  nq_db *db = reader_acquire(ss);
  nq_code rc = tx_sql(db, "BEGIN", err);
  if (!rc) {
    rc = fn(db, ctx, err);
    nq_err ignored;
    tx_sql(db, "COMMIT", &ignored); /* a read transaction: nothing to lose */
  }
  pthread_mutex_unlock(&db->lock);
  return rc;
}

/* ---- change notes (nq_sql_take_changes) ------------------------------------- */

static void note_value(id_list *l, sqlite3_value *v) {
  if (v && sqlite3_value_type(v) == SQLITE_INTEGER) id_list_add(l, sqlite3_value_int64(v));
}

static void changed_all(sqlite_store *ss) {
  pthread_mutex_lock(&ss->changes_mu);
  ss->changed_all = true;
  pthread_mutex_unlock(&ss->changes_mu);
}

/* The writer's pre-update hook: runs for every row it changes. */
static void note_change(void *arg, sqlite3 *conn, int op, const char *schema, const char *table,
                        sqlite3_int64 old_key, sqlite3_int64 new_key) {
  sqlite_store *ss = arg;
  if (strcmp(schema, "main") != 0) return;
  if (strcmp(table, "plans") == 0) {
    if (op != SQLITE_INSERT) id_list_add(&ss->noted[NOTE_PLAN], old_key);
    if (op != SQLITE_DELETE) id_list_add(&ss->noted[NOTE_PLAN], new_key);
    return;
  }
  for (size_t t = 0; t < NOTED_TABLES; t++) {
    if (strcmp(table, noted_tables[t].table) != 0) continue;
    int col = ss->noted_col[t];
    if (col < 0) {
      changed_all(ss); /* cannot tell: an unexpected schema */
      return;
    }
    id_list *into = &ss->noted[noted_tables[t].kind];
    sqlite3_value *v;
    if (op != SQLITE_INSERT && sqlite3_preupdate_old(conn, col, &v) == SQLITE_OK) note_value(into, v);
    if (op != SQLITE_DELETE && sqlite3_preupdate_new(conn, col, &v) == SQLITE_OK) note_value(into, v);
    return;
  }
}

/* A commit's notes become visible to nq_sql_take_changes (writer lock held). */
static void publish_changes(sqlite_store *ss) {
  pthread_mutex_lock(&ss->changes_mu);
  for (int k = 0; k < NOTE_KINDS; k++) id_list_move(&ss->noted[k], &ss->changed[k]);
  pthread_mutex_unlock(&ss->changes_mu);
}

static int column_index(nq_db *db, const char *table, const char *column) {
  sqlite3_stmt *st = NULL;
  int found = -1;
  if (sqlite3_prepare_v2(db->conn, "SELECT cid FROM pragma_table_info(?1) WHERE name=?2", -1, &st,
                         NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) found = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return found;
}

void nq_sql_take_changes(nq_store *s, nq_changes *out) {
  sqlite_store *ss = as_sqlite(s);
  memset(out, 0, sizeof *out);
  if (!ss) {
    out->all = true;
    return;
  }
  nq_store_generation(s); /* notices another process's write: all */
  pthread_mutex_lock(&ss->changes_mu);
  out->plans = ss->changed[NOTE_PLAN].v;
  out->n_plans = ss->changed[NOTE_PLAN].n;
  out->tasks = ss->changed[NOTE_TASK].v;
  out->n_tasks = ss->changed[NOTE_TASK].n;
  out->indicators = ss->changed[NOTE_INDICATOR].v;
  out->n_indicators = ss->changed[NOTE_INDICATOR].n;
  out->all = ss->changed_all;
  memset(ss->changed, 0, sizeof ss->changed); /* the arrays are the caller's now */
  ss->changed_all = false;
  pthread_mutex_unlock(&ss->changes_mu);
}

void nq_changes_free(nq_changes *c) {
  free(c->plans);
  free(c->tasks);
  free(c->indicators);
  memset(c, 0, sizeof *c);
}

nq_scope_memo *nq_sql_scope_memo(nq_store *s) {
  sqlite_store *ss = as_sqlite(s);
  return ss ? ss->scope_memo : NULL;
}

static nq_code write_tx(nq_store *s, const nq_actor *who, nq_sql_fn fn, void *ctx, bool data,
                        nq_err *err) {
  static const nq_actor system_actor = {0, "system", "local"};
  sqlite_store *ss = as_sqlite(s);
  if (!ss) return nq_fail(err, NQ_EUNSUPPORTED, "Chức năng này chỉ có với cơ sở dữ liệu SQLite.");
  nq_db *db = &ss->writer;
  pthread_mutex_lock(&db->lock);
  db->who = who ? who : &system_actor;
  utc_stamp(db->now, sizeof db->now, "%Y-%m-%dT%H:%M:%SZ");
  nq_code rc = tx_sql(db, "BEGIN IMMEDIATE", err);
  if (!rc) {
    rc = fn(db, ctx, err);
    if (!rc) rc = tx_sql(db, "COMMIT", err);
    if (rc) {
      nq_err ignored;
      if (!sqlite3_get_autocommit(db->conn)) tx_sql(db, "ROLLBACK", &ignored);
    } else {
      publish_changes(ss);
      atomic_fetch_add(&ss->generation, 1);
      if (data) atomic_fetch_add(&ss->data_generation, 1);
    }
  }
  for (int k = 0; k < NOTE_KINDS; k++) ss->noted[k].n = 0; /* a rollback's notes go */
  db->who = NULL;
  pthread_mutex_unlock(&db->lock);
  return rc;
}

nq_code nq_sql_write(nq_store *s, const nq_actor *who, nq_sql_fn fn, void *ctx,
                     nq_err *err) {
  return write_tx(s, who, fn, ctx, true, err);
}

nq_code nq_sql_write_signin(nq_store *s, const nq_actor *who, nq_sql_fn fn, void *ctx,
                            nq_err *err) {
  return write_tx(s, who, fn, ctx, false, err);
}

/* ---- audit log ------------------------------------------------------------- */

static char *dump_or_null(const json_t *v) {
  return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

/* The hash covers the previous hash and every stored column, encoded as a
** JSON array so no separator can be forged by field contents. */
static void audit_hash(const char *prev, const char *at, int64_t actor_id,
                       const char *actor_name, const char *origin, const char *action,
                       const char *entity, bool has_entity_id, int64_t entity_id,
                       const char *before, const char *after, char hex[65]) {
  json_t *row = json_pack("[s,s,I,s,s,s,s,o,o,o]", prev, at, (json_int_t)actor_id,
                          actor_name, origin, action, entity,
                          has_entity_id ? json_integer(entity_id) : json_null(),
                          before ? json_string(before) : json_null(),
                          after ? json_string(after) : json_null());
  char *text = json_dumps(row, JSON_COMPACT);
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
  sodium_bin2hex(hex, 65, h, sizeof h);
  free(text);
  json_decref(row);
}

static const char zero_hash[] =
  "0000000000000000000000000000000000000000000000000000000000000000";

nq_code nq_db_audit(nq_db *db, const char *action, const char *entity,
                    int64_t entity_id, const json_t *before, const json_t *after,
                    nq_err *err) {
  const nq_actor *who = db->who;
  sqlite3_stmt *st = nq_db_stmt(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!st) return nq_db_error(db, err);
  char prev[65];
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) snprintf(prev, sizeof prev, "%s", nq_col_text(st, 0));
  else if (rc == SQLITE_DONE) memcpy(prev, zero_hash, sizeof prev);
  else return nq_db_error(db, err);
  sqlite3_reset(st);

  char *b = dump_or_null(before), *a = dump_or_null(after);
  const char *name = who->name ? who->name : "";
  const char *origin = who->origin ? who->origin : "";
  char hex[65];
  audit_hash(prev, db->now, who->user_id, name, origin, action, entity, entity_id != 0,
             entity_id, b, a, hex);
  st = nq_db_stmt(db,
    "INSERT INTO audit_log(at, actor_id, actor_name, origin, action, entity, entity_id,"
    " before_json, after_json, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  nq_code c;
  if (!st) {
    c = nq_db_error(db, err);
  } else {
    nq_bind_text(st, 1, db->now);
    sqlite3_bind_int64(st, 2, who->user_id);
    nq_bind_text(st, 3, name);
    nq_bind_text(st, 4, origin);
    nq_bind_text(st, 5, action);
    nq_bind_text(st, 6, entity);
    nq_bind_id(st, 7, entity_id);
    nq_bind_text(st, 8, b);
    nq_bind_text(st, 9, a);
    nq_bind_text(st, 10, prev);
    nq_bind_text(st, 11, hex);
    c = nq_db_step_done(db, st, err);
  }
  free(b);
  free(a);
  return c;
}

/* Walk the chain; append a message to problems for each broken link. */
static nq_code audit_verify(nq_db *db, json_t *problems, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT id, at, actor_id, actor_name, origin, action, entity, entity_id,"
    " before_json, after_json, prev_hash, hash FROM audit_log ORDER BY id");
  if (!st) return nq_db_error(db, err);
  char expect_prev[65];
  memcpy(expect_prev, zero_hash, sizeof expect_prev);
  int rc, reported = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const char *prev = nq_col_text(st, 10), *hash = nq_col_text(st, 11);
    char hex[65];
    audit_hash(prev ? prev : "", nq_col_text(st, 1) ? nq_col_text(st, 1) : "",
               sqlite3_column_int64(st, 2), nq_col_text(st, 3) ? nq_col_text(st, 3) : "",
               nq_col_text(st, 4) ? nq_col_text(st, 4) : "",
               nq_col_text(st, 5) ? nq_col_text(st, 5) : "",
               nq_col_text(st, 6) ? nq_col_text(st, 6) : "",
               sqlite3_column_type(st, 7) != SQLITE_NULL, sqlite3_column_int64(st, 7),
               nq_col_text(st, 8), nq_col_text(st, 9), hex);
    bool bad_link = !prev || strcmp(prev, expect_prev) != 0;
    bool bad_hash = !hash || strcmp(hash, hex) != 0;
    if ((bad_link || bad_hash) && reported++ < 20) {
      json_array_append_new(problems, json_sprintf(
        "Nhật ký kiểm toán bị sửa hoặc bị xóa dòng: dòng %lld %s", (long long)id,
        bad_hash ? "không khớp mã băm của chính nó" : "không nối tiếp dòng trước"));
    }
    snprintf(expect_prev, sizeof expect_prev, "%s", hash ? hash : "");
  }
  if (rc != SQLITE_DONE) return nq_db_error(db, err);
  sqlite3_reset(st);
  return NQ_OK;
}

/* ---- migrations ------------------------------------------------------------ */

static int migration_version(const nq_embed_file *f) { return atoi(f->name); }

int nq_store_schema_latest(void) {
  int v = 0;
  for (size_t i = 0; i < nq_embedded_migrations_count; i++) {
    int m = migration_version(&nq_embedded_migrations[i]);
    if (m > v) v = m;
  }
  return v;
}

/* The versions recorded in a connection's database (none for a new file),
** as a bitmap over 1..NQ_MAX_MIGRATION, and the highest one. */
#define NQ_MAX_MIGRATION 999

typedef struct applied_set {
  unsigned char has[NQ_MAX_MIGRATION + 1];
  int max;
} applied_set;

static nq_code read_applied(sqlite3 *conn, applied_set *out, nq_err *err) {
  sqlite3_stmt *st = NULL;
  memset(out, 0, sizeof *out);
  if (sqlite3_prepare_v2(conn,
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'",
        -1, &st, NULL) != SQLITE_OK)
    return nq_fail(err, NQ_EIO, "Không đọc được cơ sở dữ liệu: %s", sqlite3_errmsg(conn));
  int exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
  sqlite3_finalize(st);
  if (!exists) return NQ_OK;
  if (sqlite3_prepare_v2(conn, "SELECT version FROM schema_migrations", -1, &st, NULL) != SQLITE_OK)
    return nq_fail(err, NQ_EIO, "Không đọc được phiên bản lược đồ: %s", sqlite3_errmsg(conn));
  while (sqlite3_step(st) == SQLITE_ROW) {
    int v = sqlite3_column_int(st, 0);
    if (v > out->max) out->max = v;
    if (v >= 1 && v <= NQ_MAX_MIGRATION) out->has[v] = 1;
  }
  sqlite3_finalize(st);
  return NQ_OK;
}

static bool binary_knows(int v) {
  for (size_t i = 0; i < nq_embedded_migrations_count; i++)
    if (migration_version(&nq_embedded_migrations[i]) == v) return true;
  return false;
}

/* A version recorded that this binary does not have means a newer nq57
** wrote the database: refuse rather than run against a schema we do not
** know. Returns that version, or 0. */
static int unknown_version(const applied_set *a) {
  if (a->max > NQ_MAX_MIGRATION) return a->max;
  for (int v = 1; v <= a->max; v++)
    if (a->has[v] && !binary_knows(v)) return v;
  return 0;
}

static nq_code newer_schema_error(nq_err *err, int found) {
  return nq_fail(err, NQ_ECONFLICT,
                 "Cơ sở dữ liệu có lược đồ phiên bản %d, mới hơn bản nq57 này (hỗ trợ đến "
                 "phiên bản %d); hãy dùng bản nq57 mới hơn (không mở để tránh làm hỏng dữ liệu).",
                 found, nq_store_schema_latest());
}

static nq_code migrate(sqlite_store *ss, nq_err *err) {
  nq_db *db = &ss->writer;
  applied_set a;
  nq_code rc = read_applied(db->conn, &a, err);
  if (rc) return rc;
  int unknown = unknown_version(&a);
  if (unknown) return newer_schema_error(err, unknown);
  int applied_now = 0;
  for (size_t i = 0; i < nq_embedded_migrations_count; i++) {
    const nq_embed_file *m = &nq_embedded_migrations[i];
    int v = migration_version(m);
    if (a.has[v]) continue;
    if ((rc = exec_sql(db, "BEGIN IMMEDIATE", err))) return rc;
    /* Re-read inside the lock: another process may have migrated meanwhile. */
    if ((rc = read_applied(db->conn, &a, err)) || a.has[v]) {
      nq_err ignored;
      exec_sql(db, "ROLLBACK", &ignored);
      if (rc) return rc;
      continue;
    }
    rc = exec_sql(db, m->data, err);
    if (!rc) {
      char now[24];
      utc_stamp(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ");
      sqlite3_stmt *st = nq_db_stmt(db,
        "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)");
      if (!st) {
        rc = nq_db_error(db, err);
      } else {
        sqlite3_bind_int(st, 1, v);
        nq_bind_text(st, 2, m->name);
        nq_bind_text(st, 3, now);
        rc = nq_db_step_done(db, st, err);
      }
    }
    if (!rc) rc = exec_sql(db, "COMMIT", err);
    if (rc) {
      nq_err ignored;
      exec_sql(db, "ROLLBACK", &ignored);
      nq_err_prefix(err, "Lỗi khi nâng cấp lược đồ lên %s: ", m->name);
      return rc;
    }
    a.has[v] = 1;
    if (v > a.max) a.max = v;
    applied_now++;
  }
  /* A migration's new index has no statistics, and without them the
  ** planner may prefer it to a far better one: task_units(role, ...) made a
  ** province's roll-up walk every lead row of the country (0.1 -> 1.9 s).
  ** Sampled statistics (analysis_limit, set on open) take about a second
  ** at national scale. */
  if (applied_now && (rc = exec_sql(db, "ANALYZE", err))) return rc;
  atomic_store(&ss->schema_version, a.max);
  return NQ_OK;
}

/* ---- open / close ---------------------------------------------------------- */

/* Once per process, before SQLite initialises: no memory statistics. With
** them on (the library's default), every allocation of every connection
** takes one global mutex, and two whole-country queries running side by
** side took as long as one after the other. */
static void configure_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

nq_code nq_sqlite_open(nq_store **out, const char *path, nq_err *err) {
  static pthread_once_t configured = PTHREAD_ONCE_INIT;
  pthread_once(&configured, configure_sqlite);
  *out = NULL;
  if (!path || !*path) return nq_fail(err, NQ_EINVAL, "Thiếu đường dẫn cơ sở dữ liệu.");
  sqlite_store *ss = nq_xcalloc(1, sizeof *ss);
  ss->base.ops = &sqlite_ops;
  ss->path = nq_xstrdup(path);
  pthread_mutex_init(&ss->changes_mu, NULL);
  ss->scope_memo = nq_scope_memo_new();
  nq_code rc = db_open(&ss->writer, path, true, err);
  if (!rc) rc = migrate(ss, err);
  if (!rc) {
    for (size_t t = 0; t < NOTED_TABLES; t++)
      ss->noted_col[t] = column_index(&ss->writer, noted_tables[t].table, noted_tables[t].column);
    sqlite3_preupdate_hook(ss->writer.conn, note_change, ss);
  }
  for (int i = 0; !rc && i < NQ_READERS; i++) rc = db_open(&ss->readers[i], path, false, err);
  if (rc) {
    sqlite_ops.close(&ss->base);
    return rc;
  }
  *out = &ss->base;
  return NQ_OK;
}

static void sq_close(nq_store *s) {
  sqlite_store *ss = as_sqlite(s);
  if (!ss) return;
  for (int i = 0; i < NQ_READERS; i++)
    if (ss->readers[i].conn) db_close(&ss->readers[i]);
  /* Refresh the planner's statistics where they went stale (cheap). */
  if (ss->writer.conn) sqlite3_exec(ss->writer.conn, "PRAGMA optimize", NULL, NULL, NULL);
  if (ss->writer.conn) db_close(&ss->writer);
  nq_scope_memo_free(ss->scope_memo);
  for (int k = 0; k < NOTE_KINDS; k++) {
    id_list_free(&ss->noted[k]);
    id_list_free(&ss->changed[k]);
  }
  pthread_mutex_destroy(&ss->changes_mu);
  free(ss->path);
  free(ss);
}

static int sq_schema_version(nq_store *s) { return atomic_load(&as_sqlite(s)->schema_version); }

/* Writes by other processes (nq57 load while the server runs) do not pass
** through our counter; PRAGMA data_version notices them. Skipped when the
** writer is busy: a write in flight bumps the counter itself on commit. */
static int64_t sq_generation(nq_store *s) {
  sqlite_store *ss = as_sqlite(s);
  if (pthread_mutex_trylock(&ss->writer.lock) == 0) {
    sqlite3_stmt *st = nq_db_stmt(&ss->writer, "PRAGMA data_version");
    if (st && sqlite3_step(st) == SQLITE_ROW) {
      int64_t dv = sqlite3_column_int64(st, 0);
      if (dv != ss->data_version) {
        /* Another process wrote: what, we cannot tell, so both move. */
        if (ss->data_version) {
          changed_all(ss);
          atomic_fetch_add(&ss->generation, 1);
          atomic_fetch_add(&ss->data_generation, 1);
        }
        ss->data_version = dv;
      }
    }
    if (st) sqlite3_reset(st);
    pthread_mutex_unlock(&ss->writer.lock);
  }
  return atomic_load(&ss->generation);
}

static int64_t sq_data_generation(nq_store *s) {
  sq_generation(s); /* notices other processes' writes */
  return atomic_load(&as_sqlite(s)->data_generation);
}

/* ---- maintenance ----------------------------------------------------------- */

static nq_code copy_db(sqlite3 *from, sqlite3 *to, const char *what, nq_err *err) {
  sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return nq_fail(err, NQ_EIO, "Không sao chép được %s: %s", what, sqlite3_errmsg(to));
  int rc = sqlite3_backup_step(b, -1); /* all pages in one step: one consistent snapshot */
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    return nq_fail(err, NQ_EIO, "Không sao chép được %s: %s", what, sqlite3_errstr(rc));
  return NQ_OK;
}

static nq_code sq_backup(nq_store *s, const char *dest, nq_err *err) {
  sqlite_store *ss = as_sqlite(s);
  if (!dest || !*dest) return nq_fail(err, NQ_EINVAL, "Thiếu đường dẫn tệp sao lưu.");
  /* Copy into a temporary name and rename, so DEST is never half-written. */
  nq_buf tmp = NQ_BUF_INIT;
  nq_buf_printf(&tmp, "%s.tmp-%ld", dest, (long)getpid());
  unlink(tmp.data);
  sqlite3 *out = NULL;
  nq_code rc = NQ_OK;
  if (sqlite3_open_v2(tmp.data, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    rc = nq_fail(err, NQ_EIO, "Không tạo được tệp sao lưu %s: %s", dest,
                 out ? sqlite3_errmsg(out) : "hết bộ nhớ");
  } else {
    nq_db *db = reader_acquire(ss);
    rc = copy_db(db->conn, out, "cơ sở dữ liệu", err);
    pthread_mutex_unlock(&db->lock);
  }
  if (out && !rc) {
    /* A self-contained file: fold the copy's WAL (if any) into it. */
    sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
  }
  if (out) sqlite3_close(out);
  if (!rc && rename(tmp.data, dest) != 0)
    rc = nq_fail(err, NQ_EIO, "Không ghi được tệp sao lưu %s.", dest);
  if (rc) unlink(tmp.data);
  nq_buf_free(&tmp);
  return rc;
}

/* Open src read-only and make sure it is an intact nq57 database we can use. */
static nq_code verify_source(const char *src, sqlite3 **out, nq_err *err) {
  sqlite3 *conn = NULL;
  *out = NULL;
  if (access(src, R_OK) != 0)
    return nq_fail(err, NQ_ENOTFOUND, "Không đọc được tệp %s.", src);
  if (sqlite3_open_v2(src, &conn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    sqlite3_close(conn);
    return nq_fail(err, NQ_EINVAL, "%s không phải là cơ sở dữ liệu SQLite.", src);
  }
  sqlite3_stmt *st = NULL;
  nq_code rc = NQ_OK;
  if (sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
    rc = nq_fail(err, NQ_EINVAL, "%s không phải là cơ sở dữ liệu nq57: %s", src,
                 sqlite3_errmsg(conn));
  } else {
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
      rc = nq_fail(err, NQ_EINVAL, "%s bị hỏng (integrity_check: %s).", src,
                   r == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
                                   : sqlite3_errmsg(conn));
  }
  sqlite3_finalize(st);
  applied_set applied;
  if (!rc) rc = read_applied(conn, &applied, err);
  if (!rc && applied.max == 0)
    rc = nq_fail(err, NQ_EINVAL, "%s không phải là cơ sở dữ liệu nq57 (không có lược đồ).", src);
  if (!rc && unknown_version(&applied)) rc = newer_schema_error(err, unknown_version(&applied));
  if (rc) {
    sqlite3_close(conn);
    return rc;
  }
  *out = conn;
  return NQ_OK;
}

static nq_code audit_restore(nq_db *db, void *ctx, nq_err *err) {
  json_t *after = json_pack("{s:s}", "source", (const char *)ctx);
  nq_code rc = nq_db_audit(db, "restore", "database", 0, NULL, after, err);
  json_decref(after);
  return rc;
}

/* The backup API writes the whole source into the live database in one
** write transaction: readers see the old or the new database, never a mix. */
static nq_code sq_restore(nq_store *s, const char *src, nq_err *err) {
  sqlite_store *ss = as_sqlite(s);
  sqlite3 *from = NULL;
  nq_code rc = verify_source(src, &from, err);
  if (rc) return rc;
  pthread_mutex_lock(&ss->writer.lock);
  rc = copy_db(from, ss->writer.conn, "bản sao lưu", err);
  if (!rc) rc = migrate(ss, err); /* an older backup is brought up to date */
  changed_all(ss); /* the backup API passes no row through the hook */
  pthread_mutex_unlock(&ss->writer.lock);
  sqlite3_close(from);
  if (!rc) {
    nq_actor who = {0, "restore", "cli"};
    rc = nq_sql_write(s, &who, audit_restore, (void *)src, err);
  }
  return rc;
}

static nq_code check_in(nq_db *db, void *ctx, nq_err *err) {
  json_t *problems = ctx;
  sqlite3_stmt *st = nq_db_stmt(db, "PRAGMA integrity_check");
  if (!st) return nq_db_error(db, err);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *m = nq_col_text(st, 0);
    if (m && strcmp(m, "ok") != 0)
      json_array_append_new(problems, json_sprintf("Cấu trúc tệp hỏng (integrity_check): %s", m));
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return nq_db_error(db, err);
  st = nq_db_stmt(db, "PRAGMA foreign_key_check");
  if (!st) return nq_db_error(db, err);
  int n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n++ < 20)
      json_array_append_new(problems, json_sprintf(
        "Tham chiếu hỏng (foreign_key_check): bảng %s, dòng %lld trỏ tới %s không tồn tại",
        nq_col_text(st, 0), (long long)sqlite3_column_int64(st, 1), nq_col_text(st, 2)));
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return nq_db_error(db, err);
  if (n > 20)
    json_array_append_new(problems, json_sprintf("... và %d tham chiếu hỏng khác", n - 20));
  return audit_verify(db, problems, err);
}

static nq_code sq_check(nq_store *s, json_t **out, nq_err *err) {
  json_t *problems = json_array();
  nq_code rc = nq_sql_read(s, check_in, problems, err);
  if (rc) {
    json_decref(problems);
    return rc;
  }
  *out = json_pack("{s:b,s:o}", "ok", json_array_size(problems) == 0, "problems", problems);
  return NQ_OK;
}

static nq_code empty_in(nq_db *db, void *ctx, nq_err *err) {
  sqlite3_stmt *st = nq_db_stmt(db,
    "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM plans)");
  if (!st) return nq_db_error(db, err);
  if (sqlite3_step(st) != SQLITE_ROW) return nq_db_error(db, err);
  *(bool *)ctx = sqlite3_column_int64(st, 0) == 0;
  sqlite3_reset(st);
  return NQ_OK;
}

static nq_code sq_is_empty(nq_store *s, bool *empty, nq_err *err) {
  return nq_sql_read(s, empty_in, empty, err);
}

static const nq_store_ops sqlite_ops = {
  .name = "sqlite",
  .close = sq_close,
  .schema_version = sq_schema_version,
  .generation = sq_generation,
  .data_generation = sq_data_generation,
  .units_list = nq_sqlite_units_list,
  .unit_get = nq_sqlite_unit_get,
  .unit_create = nq_sqlite_unit_create,
  .unit_resolve = nq_sqlite_unit_resolve,
  .unit_update = nq_sqlite_unit_update,
  .unit_merge = nq_sqlite_unit_merge,
  .plan_create = nq_sqlite_plan_create,
  .plans_list = nq_sqlite_plans_list,
  .plan_get = nq_sqlite_plan_get,
  .plan_export = nq_sqlite_plan_export,
  .plan_overview = nq_sqlite_plan_overview,
  .tasks_query = nq_sqlite_tasks_query,
  .task_get = nq_sqlite_task_get,
  .task_update = nq_sqlite_task_update,
  .indicators_list = nq_sqlite_indicators_list,
  .backup = sq_backup,
  .restore = sq_restore,
  .check = sq_check,
  .is_empty = sq_is_empty,
};
