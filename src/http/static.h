/*
** static.h: serving the built web app (Vite's dist directory).
**
** Files are served only from inside the root: paths with "..", backslashes
** or control bytes are refused, and the resolved real path (symlinks
** followed) must stay under the root's real path. Hashed files under
** /assets/ are cached for a year; everything else revalidates. Paths that
** name no file fall back to index.html so client-side routes work.
*/
#ifndef NQ_HTTP_STATIC_H
#define NQ_HTTP_STATIC_H

#include "util/err.h"

struct MHD_Response;
typedef struct nq_static nq_static;

nq_code nq_static_open(nq_static **out, const char *root, nq_err *err);
void nq_static_close(nq_static *st);

/* Outcome of resolving a URL path. */
typedef struct nq_static_file {
  int fd;                  /* open file, owned by the caller; -1 if none */
  long long size;
  const char *mime;
  const char *cache_control;
  char etag[64];
} nq_static_file;

/* Resolve a decoded URL path to a file: NQ_OK with an open fd,
** NQ_EINVAL for traversal attempts, NQ_ENOTFOUND when nothing (not even
** index.html) applies. */
nq_code nq_static_resolve(const nq_static *st, const char *path, nq_static_file *out,
                          nq_err *err);

/* MIME type for a file name by extension. */
const char *nq_static_mime(const char *name);

#endif
