/*
** static.c: resolving URL paths to files of the web app (see static.h).
**
** Defence in depth against traversal: the decoded path is rejected outright
** if it has a ".." or "." segment, a backslash or a control byte; the file
** is then opened and its real path (after every symlink) must lie under the
** root's real path, so a symlink planted in dist cannot leak /etc.
*/
#include "http/static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

struct nq_static {
  char *root;       /* real path, no trailing slash */
  size_t root_len;
};

nq_code nq_static_open(nq_static **out, const char *root, nq_err *err) {
  char *real = realpath(root, NULL);
  if (!real) return nq_fail(err, NQ_EIO, "%s: không mở được thư mục web: %s", root, strerror(errno));
  struct stat sb;
  if (stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
    free(real);
    return nq_fail(err, NQ_EINVAL, "%s: không phải là thư mục", root);
  }
  nq_static *st = nq_xcalloc(1, sizeof *st);
  st->root = real;
  st->root_len = strlen(real);
  if (st->root_len == 1) st->root_len = 0; /* root "/": every path is under it */
  *out = st;
  return NQ_OK;
}

void nq_static_close(nq_static *st) {
  if (!st) return;
  free(st->root);
  free(st);
}

static const struct { const char *ext, *mime; } mime_types[] = {
  {".html", "text/html; charset=utf-8"},
  {".js", "text/javascript; charset=utf-8"},
  {".mjs", "text/javascript; charset=utf-8"},
  {".css", "text/css; charset=utf-8"},
  {".json", "application/json"},
  {".map", "application/json"},
  {".webmanifest", "application/manifest+json"},
  {".svg", "image/svg+xml"},
  {".png", "image/png"},
  {".jpg", "image/jpeg"},
  {".jpeg", "image/jpeg"},
  {".gif", "image/gif"},
  {".webp", "image/webp"},
  {".ico", "image/x-icon"},
  {".woff", "font/woff"},
  {".woff2", "font/woff2"},
  {".ttf", "font/ttf"},
  {".txt", "text/plain; charset=utf-8"},
  {".pdf", "application/pdf"},
  {".wasm", "application/wasm"},
};

const char *nq_static_mime(const char *name) {
  const char *dot = strrchr(name, '.');
  const char *slash = strrchr(name, '/');
  if (dot && (!slash || dot > slash))
    for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
      if (strcasecmp(dot, mime_types[i].ext) == 0) return mime_types[i].mime;
  return "application/octet-stream";
}

/* Refuse paths that try to leave the root or smuggle odd bytes. */
static int path_is_safe(const char *path) {
  if (path[0] != '/') return 0;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++)
    if (*p < 0x20 || *p == 0x7f || *p == '\\') return 0;
  for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
    const char *s = seg + 1;
    size_t n = strcspn(s, "/");
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return 0;
    /* Encoded dots survive one decoding round ("%2e%2e" sent as "%252e"). */
    if (strncasecmp(s, "%2e", 3) == 0) return 0;
  }
  return 1;
}

/* Open root + rel if it is a regular file whose real path stays in root. */
static int open_inside(const nq_static *st, const char *rel, struct stat *sb) {
  nq_buf full = NQ_BUF_INIT;
  nq_buf_printf(&full, "%s%s", st->root, rel);
  char *real = realpath(full.data, NULL);
  nq_buf_free(&full);
  if (!real) return -1;
  int inside = strncmp(real, st->root, st->root_len) == 0 && real[st->root_len] == '/';
  int fd = inside ? open(real, O_RDONLY | O_CLOEXEC) : -1;
  free(real);
  if (fd < 0) return -1;
  if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
    close(fd);
    return -1;
  }
  return fd;
}

static void fill(nq_static_file *out, int fd, const struct stat *sb, const char *name,
                 int immutable) {
  out->fd = fd;
  out->size = (long long)sb->st_size;
  out->mime = nq_static_mime(name);
  out->cache_control = immutable ? "public, max-age=31536000, immutable" : "no-cache";
  snprintf(out->etag, sizeof out->etag, "\"%llx-%llx\"", (unsigned long long)sb->st_size,
           (unsigned long long)sb->st_mtim.tv_sec * 1000000000ULL +
             (unsigned long long)sb->st_mtim.tv_nsec);
}

nq_code nq_static_resolve(const nq_static *st, const char *path, nq_static_file *out,
                          nq_err *err) {
  out->fd = -1;
  if (!path_is_safe(path)) return nq_fail(err, NQ_EINVAL, "Đường dẫn không hợp lệ");
  int is_asset = strncmp(path, "/assets/", 8) == 0;
  struct stat sb;
  if (strcmp(path, "/") != 0) {
    int fd = open_inside(st, path, &sb);
    if (fd >= 0) {
      fill(out, fd, &sb, path, is_asset);
      return NQ_OK;
    }
    /* A missing hashed asset is a stale page asking for an old build:
    ** answering with HTML there would only produce a confusing MIME error. */
    if (is_asset) return nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy tệp: %s", path);
  }
  int fd = open_inside(st, "/index.html", &sb);
  if (fd < 0) return nq_fail(err, NQ_ENOTFOUND, "Không tìm thấy trang: %s", path);
  fill(out, fd, &sb, "index.html", 0);
  return NQ_OK;
}
