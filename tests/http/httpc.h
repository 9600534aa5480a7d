/*
** httpc.h: a tiny blocking HTTP/1.1 client for tests that talk to a real
** nq57 server over a real socket.
**
** One request per connection ("Connection: close"), the whole response read
** into memory. Reusable by every suite that tests an API:
**
**   httpc_resp r;
**   assert_int_equal(httpc_request(port, "PATCH", "/api/tasks/7",
**                    "If-Match: W/\"3\"\r\nContent-Type: application/json\r\n",
**                    "{\"status\":\"done\"}", -1, &r), 0);
**   assert_int_equal(r.status, 200);
**   json_t *j = httpc_json(&r);            // parsed body, owned by r
**   const char *etag = httpc_header(&r, "ETag");
**   httpc_free(&r);
**
** httpc_raw sends exact bytes (for malformed or traversal requests).
*/
#ifndef NQ_TEST_HTTPC_H
#define NQ_TEST_HTTPC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HTTPC_MAX_HEADERS 40

typedef struct httpc_resp {
  int status;                 /* 0 if no status line was received */
  char *raw;                  /* the whole response as received */
  char *body;                 /* points into raw */
  size_t body_len;
  int nheaders;
  struct { char *name, *value; } headers[HTTPC_MAX_HEADERS];
  json_t *json;               /* lazily parsed by httpc_json */
} httpc_resp;

/* extra_headers: "Name: value\r\n" lines or NULL; body_len -1 = strlen(body).
** Adds Host, Connection: close and Content-Length (when body != NULL).
** Returns 0 when a response was read, -1 on connection failure. */
int httpc_request(uint16_t port, const char *method, const char *path,
                  const char *extra_headers, const char *body, ssize_t body_len,
                  httpc_resp *out);
/* GET shorthand. */
int httpc_get(uint16_t port, const char *path, httpc_resp *out);
/* Send exactly these bytes and read the response. */
int httpc_raw(uint16_t port, const char *bytes, size_t len, httpc_resp *out);

/* Header value (case-insensitive name) or NULL. */
const char *httpc_header(const httpc_resp *r, const char *name);
/* Body parsed as JSON (owned by r), NULL if it is not JSON. */
json_t *httpc_json(httpc_resp *r);
/* Shorthand: string member `key` of the JSON body, or NULL. */
const char *httpc_json_str(httpc_resp *r, const char *key);
void httpc_free(httpc_resp *r);

#endif
