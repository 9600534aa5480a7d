/*
** router.c: matching a method and path against a route table.
**
** Tables hold a few dozen routes, so a linear scan comparing segment by
** segment is both the simplest and fast enough (well under a microsecond);
** a trie would only pay off with hundreds of routes.
*/
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* Length of the segment starting at s (up to '/' or end). */
static size_t seg_len(const char *s) {
  size_t n = 0;
  while (s[n] && s[n] != '/') n++;
  return n;
}

/* Does path match pattern? Fills params (pointers into path) on success. */
static int path_matches(const char *pattern, const char *path, nq_route_match *m) {
  const char *p = pattern, *u = path;
  int np = 0;
  while (*p && *u) {
    if (*p != '/' || *u != '/') return 0;
    p++, u++;
    size_t pl = seg_len(p), ul = seg_len(u);
    if (*p == ':') {
      if (ul == 0 || np >= (int)(sizeof m->params / sizeof m->params[0])) return 0;
      m->params[np].name = p + 1;
      m->params[np].name_len = pl - 1;
      m->params[np].value = (char *)u; /* points into path; copied once chosen */
      np++;
    } else if (pl != ul || memcmp(p, u, pl) != 0) {
      return 0;
    }
    p += pl, u += ul;
  }
  /* A single trailing slash on the request is tolerated ("/api/plans/"). */
  if (*p == '\0' && u[0] == '/' && u[1] == '\0') u++;
  if (*p || *u) return 0;
  m->nparams = np;
  return 1;
}

static void allow_add(nq_route_match *m, const char *method) {
  if (strstr(m->allow, method)) return;
  size_t len = strlen(m->allow);
  snprintf(m->allow + len, sizeof m->allow - len, "%s%s", len ? ", " : "", method);
}

void nq_route_find(const nq_route *table, size_t n, const char *method, const char *path,
                   nq_route_match *m) {
  memset(m, 0, sizeof *m);
  const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
  for (size_t i = 0; i < n; i++) {
    nq_route_match tmp;
    memset(&tmp, 0, sizeof tmp);
    if (!path_matches(table[i].pattern, path, &tmp)) continue;
    m->path_known = 1;
    allow_add(m, table[i].method);
    if (strcmp(table[i].method, "GET") == 0) allow_add(m, "HEAD");
    if (m->route || strcmp(table[i].method, want) != 0) continue;
    m->route = &table[i];
    m->nparams = tmp.nparams;
    for (int k = 0; k < tmp.nparams; k++) {
      m->params[k].name = tmp.params[k].name;
      m->params[k].name_len = tmp.params[k].name_len;
      m->params[k].value = nq_xstrndup(tmp.params[k].value, seg_len(tmp.params[k].value));
    }
  }
}

void nq_route_match_clear(nq_route_match *m) {
  for (int k = 0; k < m->nparams; k++) free(m->params[k].value);
  m->nparams = 0;
  m->route = NULL;
}
