/* httpc.c: the test HTTP client; see httpc.h. */
#include "httpc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_local(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    close(fd);
    return -1;
  }
  struct timeval tv = {.tv_sec = 10};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

/* Send all bytes unless the server has already answered (it may reject a
** request after its headers and close: then the rest is pointless). */
static void send_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) > 0) return;
    size_t chunk = n > 65536 ? 65536 : n;
    ssize_t w = send(fd, p, chunk, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

static void parse(httpc_resp *r, size_t len) {
  char *end = strstr(r->raw, "\r\n\r\n");
  if (!end || sscanf(r->raw, "HTTP/1.%*d %d", &r->status) != 1) {
    r->status = 0;
    return;
  }
  *end = '\0';
  r->body = end + 4;
  r->body_len = len - (size_t)(r->body - r->raw);
  char *line = strstr(r->raw, "\r\n");
  while (line && r->nheaders < HTTPC_MAX_HEADERS) {
    line += 2;
    char *next = strstr(line, "\r\n");
    if (next) *next = '\0';
    char *colon = strchr(line, ':');
    if (colon) {
      *colon = '\0';
      char *v = colon + 1;
      while (*v == ' ') v++;
      r->headers[r->nheaders].name = line;
      r->headers[r->nheaders].value = v;
      r->nheaders++;
    }
    line = next;
  }
}

static int exchange(uint16_t port, const char *head, size_t head_len, const char *body,
                    size_t body_len, httpc_resp *out) {
  memset(out, 0, sizeof *out);
  int fd = connect_local(port);
  if (fd < 0) return -1;
  send_all(fd, head, head_len);
  if (body_len) send_all(fd, body, body_len);
  size_t cap = 8192, len = 0;
  out->raw = malloc(cap + 1);
  for (;;) {
    if (len == cap) out->raw = realloc(out->raw, (cap *= 2) + 1);
    ssize_t n = recv(fd, out->raw + len, cap - len, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(fd);
  out->raw[len] = '\0';
  out->body = out->raw + len;
  parse(out, len);
  return out->status ? 0 : -1;
}

int httpc_raw(uint16_t port, const char *bytes, size_t len, httpc_resp *out) {
  return exchange(port, bytes, len, NULL, 0, out);
}

int httpc_request(uint16_t port, const char *method, const char *path,
                  const char *extra_headers, const char *body, ssize_t body_len,
                  httpc_resp *out) {
  size_t blen = body ? (body_len < 0 ? strlen(body) : (size_t)body_len) : 0;
  size_t cap = strlen(method) + strlen(path) + (extra_headers ? strlen(extra_headers) : 0) + 160;
  char *head = malloc(cap);
  int n = snprintf(head, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s",
                   method, path, port, extra_headers ? extra_headers : "");
  if (body) n += snprintf(head + n, cap - (size_t)n, "Content-Length: %zu\r\n", blen);
  n += snprintf(head + n, cap - (size_t)n, "\r\n");
  int rc = exchange(port, head, (size_t)n, body, blen, out);
  free(head);
  return rc;
}

int httpc_get(uint16_t port, const char *path, httpc_resp *out) {
  return httpc_request(port, "GET", path, NULL, NULL, 0, out);
}

const char *httpc_header(const httpc_resp *r, const char *name) {
  for (int i = 0; i < r->nheaders; i++)
    if (strcasecmp(r->headers[i].name, name) == 0) return r->headers[i].value;
  return NULL;
}

json_t *httpc_json(httpc_resp *r) {
  if (!r->json && r->body) r->json = json_loadb(r->body, r->body_len, 0, NULL);
  return r->json;
}

const char *httpc_json_str(httpc_resp *r, const char *key) {
  json_t *j = httpc_json(r);
  return j ? json_string_value(json_object_get(j, key)) : NULL;
}

void httpc_free(httpc_resp *r) {
  json_decref(r->json);
  free(r->raw);
  memset(r, 0, sizeof *r);
}
