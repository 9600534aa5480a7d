/*
** buf.h: a growable byte buffer for building strings and responses.
** Allocation failure aborts: nq57 treats out-of-memory as fatal, like SQLite's
** default build, rather than threading ENOMEM through every string append.
*/
#ifndef NQ_BUF_H
#define NQ_BUF_H

#include <stddef.h>

typedef struct nq_buf {
  char *data;   /* always NUL-terminated when len > 0 or after any append */
  size_t len;
  size_t cap;
} nq_buf;

#define NQ_BUF_INIT {NULL, 0, 0}

void nq_buf_append(nq_buf *b, const void *p, size_t n);
void nq_buf_puts(nq_buf *b, const char *s);
void nq_buf_putc(nq_buf *b, char c);
void nq_buf_printf(nq_buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* Room for extra more bytes (and the NUL) without another allocation. */
void nq_buf_reserve(nq_buf *b, size_t extra);
void nq_buf_reset(nq_buf *b);            /* len = 0, keeps memory */
char *nq_buf_detach(nq_buf *b);          /* caller frees; buffer reset */
void nq_buf_free(nq_buf *b);

/* Allocation helpers that abort on failure. */
void *nq_xmalloc(size_t n);
void *nq_xcalloc(size_t n, size_t size);
void *nq_xrealloc(void *p, size_t n);
char *nq_xstrdup(const char *s);
char *nq_xstrndup(const char *s, size_t n);

#endif
