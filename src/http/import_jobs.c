/*
** import_jobs.c: one worker thread reading queued uploads into their
** drafts (import_jobs.h).
*/
#include "http/import_jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_imports.h"
#include "util/buf.h"

typedef struct job {
  struct job *next;
  int64_t draft_id;
  unsigned char *data;
  size_t len;
  char *file_name;
  int64_t user_id;
  char *user_name, *origin;
} job;

struct nq_import_jobs {
  nq_store *store;
  const nq_import_models *models;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  job *head, *tail;
  bool stopping;
};

static const char stopped_msg[] =
  "Máy chủ đã dừng khi đang đọc tài liệu này; hãy tải tệp lên lại.";

static void job_free(job *jb) {
  free(jb->data);
  free(jb->file_name);
  free(jb->user_name);
  free(jb->origin);
  free(jb);
}

static bool stopping(nq_import_jobs *j) {
  pthread_mutex_lock(&j->lock);
  bool s = j->stopping;
  pthread_mutex_unlock(&j->lock);
  return s;
}

typedef struct progress_ctx {
  nq_import_jobs *jobs;
  int64_t draft_id;
} progress_ctx;

/* Each page read is written so that a client polling the draft sees it;
** a nonzero return cancels the import when the server stops. */
static int on_progress(void *vctx, int done, int total) {
  progress_ctx *p = vctx;
  nq_err err;
  if (nq_store_import_progress(p->jobs->store, p->draft_id, done, total, &err))
    fprintf(stderr, "nq57 import %lld: %s\n", (long long)p->draft_id, err.msg);
  return stopping(p->jobs);
}

static void run(nq_import_jobs *j, job *jb) {
  nq_actor who = {jb->user_id, jb->user_name, jb->origin};
  progress_ctx pctx = {j, jb->draft_id};
  nq_import_opts opts = {0};
  opts.models = j->models;
  opts.progress = on_progress;
  opts.progress_ctx = &pctx;
  nq_err err = {0};
  char *text = NULL;
  json_t *plan = NULL;
  nq_code rc = nq_import_extract(jb->data, jb->len, &opts, &text, &err);
  if (!rc) rc = nq_import_text(text, jb->file_name, &opts, &plan, &err);
  const char *why = rc == NQ_OK ? NULL : stopping(j) ? stopped_msg : err.msg;
  nq_err ferr;
  if (nq_store_import_finish(j->store, &who, jb->draft_id, text, plan, why, &ferr))
    fprintf(stderr, "nq57 import %lld: %s\n", (long long)jb->draft_id, ferr.msg);
  json_decref(plan);
  free(text);
}

static void *worker(void *arg) {
  nq_import_jobs *j = arg;
  for (;;) {
    pthread_mutex_lock(&j->lock);
    while (!j->head && !j->stopping) pthread_cond_wait(&j->wake, &j->lock);
    job *jb = j->head;
    bool stop = j->stopping;
    if (jb && !stop) {
      j->head = jb->next;
      if (!j->head) j->tail = NULL;
    }
    pthread_mutex_unlock(&j->lock);
    if (stop) return NULL;
    run(j, jb);
    job_free(jb);
  }
}

nq_code nq_import_jobs_start(nq_import_jobs **out, nq_store *store, const nq_import_models *models,
                             nq_err *err) {
  nq_import_jobs *j = nq_xcalloc(1, sizeof *j);
  j->store = store;
  j->models = models;
  pthread_mutex_init(&j->lock, NULL);
  pthread_cond_init(&j->wake, NULL);
  if (pthread_create(&j->thread, NULL, worker, j) != 0) {
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j);
    return nq_fail(err, NQ_EINTERNAL, "Không tạo được luồng đọc tài liệu nhập");
  }
  *out = j;
  return NQ_OK;
}

void nq_import_jobs_submit(nq_import_jobs *j, int64_t draft_id, const void *data, size_t len,
                           const char *file_name, const nq_actor *who) {
  job *jb = nq_xcalloc(1, sizeof *jb);
  jb->draft_id = draft_id;
  jb->data = nq_xmalloc(len ? len : 1);
  if (len) memcpy(jb->data, data, len);
  jb->len = len;
  jb->file_name = nq_xstrdup(file_name);
  jb->user_id = who->user_id;
  jb->user_name = nq_xstrdup(who->name ? who->name : "web");
  jb->origin = nq_xstrdup(who->origin ? who->origin : "");
  pthread_mutex_lock(&j->lock);
  if (j->tail) j->tail->next = jb;
  else j->head = jb;
  j->tail = jb;
  pthread_cond_signal(&j->wake);
  pthread_mutex_unlock(&j->lock);
}

void nq_import_jobs_stop(nq_import_jobs *j) {
  if (!j) return;
  pthread_mutex_lock(&j->lock);
  j->stopping = true;
  pthread_cond_broadcast(&j->wake);
  pthread_mutex_unlock(&j->lock);
  pthread_join(j->thread, NULL);
  for (job *jb = j->head, *next; jb; jb = next) {
    next = jb->next;
    nq_actor who = {jb->user_id, jb->user_name, jb->origin};
    nq_err err;
    if (nq_store_import_finish(j->store, &who, jb->draft_id, NULL, NULL, stopped_msg, &err))
      fprintf(stderr, "nq57 import %lld: %s\n", (long long)jb->draft_id, err.msg);
    job_free(jb);
  }
  pthread_cond_destroy(&j->wake);
  pthread_mutex_destroy(&j->lock);
  free(j);
}
