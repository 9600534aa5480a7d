/*
** fuzz_http.c: libFuzzer harness for the HTTP layer as deployed: raw bytes
** over a loopback socket into the real server (libmicrohttpd parsing, the
** router, the authorization hook, body limits and JSON parsing, the API
** handlers over a seeded store). Half the inputs carry an administrator's
** session and CSRF token after the request line, so the fuzzer reaches the
** handlers behind the hook as well as the hook itself.
**
** Each input is one connection: send, half-close, read the answer. The
** server runs in this process, so ASan/UBSan see every byte it touches.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/accounts.h"
#include "auth/authn.h"
#include "http/api.h"
#include "http/authz.h"
#include "http/server.h"
#include "store/store.h"
#include "util/buf.h"

static nq_http_server *srv;
static uint16_t port;
static char auth_headers[512];

static void die(const char *what, const nq_err *err) {
  fprintf(stderr, "fuzz_http: %s: %s\n", what, err ? err->msg : "");
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  static nq_store *store;
  static nq_auth *auth;
  static nq_authz authz;
  static nq_api api;
  nq_err err = {0};
  if (nq_auth_init(&err)) die("init", &err);
  /* tmpfs when there is one: every write fsyncs, and fuzzing writes a lot */
  struct stat sb;
  char dir[64];
  snprintf(dir, sizeof dir, "%s/nq57-fuzz-XXXXXX", stat("/dev/shm", &sb) == 0 ? "/dev/shm" : "/tmp");
  if (!mkdtemp(dir)) die("mkdtemp", NULL);
  char db[128];
  snprintf(db, sizeof db, "%s/fuzz.db", dir);
  if (nq_store_open(&store, db, &err) || nq_store_seed_demo(store, &err)) die("store", &err);
  static const nq_pwhash_cost cheap = {1, 8u << 20};
  nq_account_spec admin = {"fuzzadmin", "", "admin", NULL, false, NULL, 0};
  nq_actor who = {0, "fuzz", "fuzz"};
  int64_t uid;
  if (nq_account_create(store, &who, &admin, "mật khẩu fuzz dài", &cheap, time(NULL), &uid, &err))
    die("admin", &err);
  nq_auth_config cfg = nq_auth_config_default();
  cfg.cost = cheap;
  cfg.ratelimit.login_failures = 1000000; /* keep exploring the login path */
  cfg.ratelimit.address_failures = 1000000;
  auth = nq_auth_new(store, &cfg);
  char token[NQ_TOKEN_STR_MAX], csrf[NQ_TOKEN_STR_MAX];
  json_t *user = NULL;
  int64_t retry;
  if (nq_auth_login(auth, "fuzzadmin", "mật khẩu fuzz dài", "127.0.0.1", "fuzz", time(NULL),
                    token, &user, &retry, &err))
    die("login", &err);
  json_decref(user);
  nq_csrf_token(token, csrf);
  snprintf(auth_headers, sizeof auth_headers, "Cookie: " NQ_SESSION_COOKIE "=%s\r\n"
           NQ_CSRF_HEADER ": %s\r\n", token, csrf);
  authz = (nq_authz){auth, store, true};
  api = (nq_api){.store = store, .version = "fuzz", .actor_of = nq_authz_actor};
  nq_http_config hc = {.threads = 1, .routes = nq_api_routes, .route_count = nq_api_route_count,
                       .app = &api, .generation = nq_api_generation, .timeout_s = 2,
                       .max_upload_body = 1u << 20, .authorize = nq_authz_authorize,
                       .authorize_ctx = &authz};
  if (nq_http_start(&srv, &hc, &err)) die("start", &err);
  port = nq_http_port(srv);
  return 0;
}

static void exchange(const uint8_t *data, size_t len) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
    size_t off = 0;
    while (off < len) {
      ssize_t n = send(fd, data + off, len - off, MSG_NOSIGNAL);
      if (n <= 0) break;
      off += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
    char buf[8192];
    struct pollfd p = {.fd = fd, .events = POLLIN};
    /* Read until the server closes, or the answer has stopped coming for
    ** 5 ms (the server may linger before closing a kept-alive connection);
    ** a request that gets no answer costs at most 1 s. */
    bool answered = false;
    for (int waited = 0; waited < 1000;) {
      int ready = poll(&p, 1, answered ? 5 : 50);
      if (ready < 0) break;
      if (ready == 0) {
        if (answered) break;
        waited += 50;
        continue;
      }
      if (recv(fd, buf, sizeof buf, 0) <= 0) break;
      answered = true;
    }
  }
  close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  /* Odd first byte: authenticate by inserting the session after the
  ** request line. The byte itself is dropped. */
  bool with_auth = data[0] & 1;
  data++, size--;
  if (!with_auth) {
    exchange(data, size);
    return 0;
  }
  const uint8_t *eol = memchr(data, '\n', size);
  size_t head = eol ? (size_t)(eol - data) + 1 : size;
  nq_buf b = NQ_BUF_INIT;
  nq_buf_append(&b, data, head);
  nq_buf_puts(&b, auth_headers);
  nq_buf_append(&b, data + head, size - head);
  exchange((const uint8_t *)b.data, b.len);
  nq_buf_free(&b);
  return 0;
}
