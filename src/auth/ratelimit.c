/*
** ratelimit.c: login failure counting and lockout; see ratelimit.h.
**
** Two small tables (logins, addresses) scanned linearly: a login already
** costs an argon2id verification (~100 ms), so a scan of a few thousand
** entries is noise, and a plain array is easy to bound and to audit.
*/
#include "auth/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

const nq_ratelimit_policy NQ_RATELIMIT_DEFAULT = {5, 20, 15 * 60, 15 * 60, 4096};

#define KEY_MAX 128

typedef struct rl_entry {
  char key[KEY_MAX];       /* "" = free slot */
  int failures;
  int64_t window_start;
  int64_t locked_until;
  int64_t last_used;
} rl_entry;

typedef struct rl_table {
  rl_entry *e;
  size_t cap;
  int threshold;
} rl_table;

struct nq_ratelimit {
  pthread_mutex_t mu;
  nq_ratelimit_policy policy;
  rl_table logins;
  rl_table addresses;
};

static void table_init(rl_table *t, size_t cap, int threshold) {
  t->e = nq_xcalloc(cap, sizeof *t->e);
  t->cap = cap;
  t->threshold = threshold;
}

nq_ratelimit *nq_ratelimit_new(const nq_ratelimit_policy *p) {
  nq_ratelimit *rl = nq_xcalloc(1, sizeof *rl);
  pthread_mutex_init(&rl->mu, NULL);
  rl->policy = p ? *p : NQ_RATELIMIT_DEFAULT;
  if (rl->policy.capacity == 0) rl->policy.capacity = 1;
  table_init(&rl->logins, rl->policy.capacity, rl->policy.login_failures);
  table_init(&rl->addresses, rl->policy.capacity, rl->policy.address_failures);
  return rl;
}

void nq_ratelimit_free(nq_ratelimit *rl) {
  if (!rl) return;
  pthread_mutex_destroy(&rl->mu);
  free(rl->logins.e);
  free(rl->addresses.e);
  free(rl);
}

/* Lower-cased (ASCII) and length-capped key. */
static void make_key(char out[KEY_MAX], const char *s) {
  size_t i = 0;
  for (; s && s[i] && i < KEY_MAX - 1; i++) {
    char c = s[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  out[i] = '\0';
}

static rl_entry *find(rl_table *t, const char *key) {
  for (size_t i = 0; i < t->cap; i++)
    if (t->e[i].key[0] && !strcmp(t->e[i].key, key)) return &t->e[i];
  return NULL;
}

/* A slot for a new key: a free one, else the least recently used entry that
** is not locked (so a flood of new keys cannot lift a lockout), else the
** least recently used of all. */
static rl_entry *claim(rl_table *t, const char *key, int64_t now) {
  rl_entry *victim = NULL, *victim_locked = NULL;
  for (size_t i = 0; i < t->cap; i++) {
    rl_entry *e = &t->e[i];
    if (!e->key[0]) { victim = e; break; }
    if (e->locked_until > now) {
      if (!victim_locked || e->last_used < victim_locked->last_used) victim_locked = e;
    } else if (!victim || e->last_used < victim->last_used) {
      victim = e;
    }
  }
  if (!victim) victim = victim_locked;
  memset(victim, 0, sizeof *victim);
  strcpy(victim->key, key);
  victim->window_start = now;
  victim->last_used = now;
  return victim;
}

static int64_t locked_for(rl_table *t, const char *key, int64_t now) {
  rl_entry *e = find(t, key);
  return e && e->locked_until > now ? e->locked_until - now : 0;
}

static void fail(rl_table *t, const nq_ratelimit_policy *p, const char *key, int64_t now) {
  rl_entry *e = find(t, key);
  if (!e) e = claim(t, key, now);
  e->last_used = now;
  if (now - e->window_start >= p->window) {
    e->window_start = now;
    e->failures = 0;
  }
  if (++e->failures >= t->threshold) {
    e->locked_until = now + p->lockout;
    e->failures = 0;
    e->window_start = now;
  }
}

bool nq_ratelimit_allow(nq_ratelimit *rl, const char *login, const char *address,
                        int64_t now, int64_t *retry_after) {
  char lk[KEY_MAX], ak[KEY_MAX];
  make_key(lk, login ? login : "");
  make_key(ak, address ? address : "");
  pthread_mutex_lock(&rl->mu);
  int64_t wait_login = lk[0] ? locked_for(&rl->logins, lk, now) : 0;
  int64_t wait_addr = ak[0] ? locked_for(&rl->addresses, ak, now) : 0;
  pthread_mutex_unlock(&rl->mu);
  int64_t wait = wait_login > wait_addr ? wait_login : wait_addr;
  if (retry_after) *retry_after = wait;
  return wait == 0;
}

void nq_ratelimit_record(nq_ratelimit *rl, const char *login, const char *address,
                         bool success, int64_t now) {
  char lk[KEY_MAX], ak[KEY_MAX];
  make_key(lk, login ? login : "");
  make_key(ak, address ? address : "");
  pthread_mutex_lock(&rl->mu);
  if (success) {
    rl_entry *e = lk[0] ? find(&rl->logins, lk) : NULL;
    if (e) memset(e, 0, sizeof *e);
  } else {
    if (lk[0]) fail(&rl->logins, &rl->policy, lk, now);
    if (ak[0]) fail(&rl->addresses, &rl->policy, ak, now);
  }
  pthread_mutex_unlock(&rl->mu);
}
