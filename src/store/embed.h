/*
** embed.h: files compiled into the binary by tools/embed.py (migrations,
** the agency directory, the demo plans), so nq57 needs no data files at run
** time. Each table ends with a {NULL,NULL,0} entry.
*/
#ifndef NQ_STORE_EMBED_H
#define NQ_STORE_EMBED_H

#include <stddef.h>

typedef struct nq_embed_file {
  const char *name;  /* base name, e.g. "0001_init.sql" */
  const char *data;  /* NUL-terminated */
  size_t len;        /* without the NUL */
} nq_embed_file;

/* src/store/migrations/NNNN_*.sql in version order. */
extern const nq_embed_file nq_embedded_migrations[];
extern const size_t nq_embedded_migrations_count;

/* data/agencies.md, then the gold plans of data/gold. */
extern const nq_embed_file nq_embedded_demo[];
extern const size_t nq_embedded_demo_count;

#endif
