/* buf.c: growable buffer and aborting allocators; see buf.h. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void) {
  fputs("nq57: hết bộ nhớ (out of memory)\n", stderr);
  abort();
}

void *nq_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *nq_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) oom();
  return p;
}

void *nq_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) oom();
  return q;
}

char *nq_xstrdup(const char *s) { return nq_xstrndup(s, strlen(s)); }

char *nq_xstrndup(const char *s, size_t n) {
  char *p = nq_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void nq_buf_reserve(nq_buf *b, size_t extra) {
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  b->data = nq_xrealloc(b->data, cap);
  b->cap = cap;
}

void nq_buf_append(nq_buf *b, const void *p, size_t n) {
  nq_buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void nq_buf_puts(nq_buf *b, const char *s) { nq_buf_append(b, s, strlen(s)); }

void nq_buf_putc(nq_buf *b, char c) { nq_buf_append(b, &c, 1); }

void nq_buf_printf(nq_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) { va_end(ap2); return; }
  nq_buf_reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
}

void nq_buf_reset(nq_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

char *nq_buf_detach(nq_buf *b) {
  char *p = b->data ? b->data : nq_xstrdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void nq_buf_free(nq_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
