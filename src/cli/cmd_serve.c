/*
** cmd_serve.c: `nq57 serve`: open the store (loading the demo data into an
** empty database), start the HTTP server on the /api table and the web app,
** and run until SIGTERM or SIGINT, then stop gracefully: stop accepting,
** let requests in flight finish, close the store, exit 0.
*/
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "http/api.h"
#include "http/server.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 serve [tùy chọn]   (run the web server and API)\n\n"
        "  --db PATH          cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --host ADDR        địa chỉ IP lắng nghe (mặc định 127.0.0.1)\n"
        "  --port N           cổng (mặc định $NQ57_PORT hoặc 8057; 0 = cổng bất kỳ)\n"
        "  --web DIR          thư mục ứng dụng web đã build (mặc định web/dist nếu có)\n"
        "  --threads N        số luồng xử lý (mặc định: số lõi CPU)\n"
        "  --max-body BYTES   giới hạn tệp tải lên (mặc định 33554432; JSON: 1 MiB)\n"
        "  --help             hiện hướng dẫn này\n\n"
        "Cơ sở dữ liệu trống được nạp dữ liệu mẫu (danh mục cơ quan và các kế hoạch mẫu).\n"
        "Mỗi yêu cầu được ghi một dòng ra stderr: phương thức, đường dẫn, mã trạng thái, µs.\n"
        "Dừng bằng Ctrl-C hoặc SIGTERM: các yêu cầu đang chạy được xử lý xong rồi mới thoát.\n",
        f);
}

/* Strict unsigned option value within [min, max]. */
static int parse_num(const char *opt, const char *s, unsigned long long min,
                     unsigned long long max, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = s && *s != '-' ? strtoull(s, &end, 10) : 0;
  if (!s || *s == '-' || errno || *end || end == s || v < min || v > max) {
    fprintf(stderr, "nq57 serve: %s: giá trị không hợp lệ '%s' (cần số từ %llu đến %llu)\n",
            opt, s ? s : "", min, max);
    return 0;
  }
  *out = v;
  return 1;
}

/* Thousands of concurrent connections need as many descriptors. */
static void raise_fd_limit(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

int cmd_serve(int argc, char **argv) {
  const char *db = cli_default_db();
  nq_http_config cfg = {.host = "127.0.0.1", .port = 8057, .log = stderr};
  unsigned long long n;
  const char *env_port = getenv("NQ57_PORT");
  if (env_port && *env_port) {
    if (!parse_num("NQ57_PORT", env_port, 0, 65535, &n)) return NQ_EXIT_USAGE;
    cfg.port = (uint16_t)n;
  }
  /* The built web app, when run from a source tree (scripts/run.sh). */
  struct stat sb;
  if (stat("web/dist/index.html", &sb) == 0) cfg.web_root = "web/dist";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return NQ_EXIT_OK;
    } else if (!strcmp(a, "--db") && v) {
      db = v, i++;
    } else if (!strcmp(a, "--host") && v) {
      cfg.host = v, i++;
    } else if (!strcmp(a, "--web") && v) {
      cfg.web_root = v, i++;
    } else if (!strcmp(a, "--port")) {
      if (!parse_num(a, v, 0, 65535, &n)) return NQ_EXIT_USAGE;
      cfg.port = (uint16_t)n, i++;
    } else if (!strcmp(a, "--threads")) {
      if (!parse_num(a, v, 1, 256, &n)) return NQ_EXIT_USAGE;
      cfg.threads = (unsigned)n, i++;
    } else if (!strcmp(a, "--max-body")) {
      if (!parse_num(a, v, 1024, 1ULL << 32, &n)) return NQ_EXIT_USAGE;
      cfg.max_upload_body = (size_t)n, i++;
    } else {
      fprintf(stderr, "nq57 serve: tùy chọn không hợp lệ hoặc thiếu giá trị: '%s'\n\n", a);
      usage(stderr);
      return NQ_EXIT_USAGE;
    }
  }

  nq_err err = {0};
  nq_store *store = NULL;
  if (nq_store_open(&store, db, &err) != NQ_OK) {
    fprintf(stderr, "nq57 serve: %s: %s\n", db, err.msg);
    return NQ_EXIT_FAIL;
  }
  bool empty = false;
  if (nq_store_is_empty(store, &empty, &err) != NQ_OK ||
      (empty && nq_store_seed_demo(store, &err) != NQ_OK)) {
    fprintf(stderr, "nq57 serve: %s: %s\n", db, err.msg);
    nq_store_close(store);
    return NQ_EXIT_FAIL;
  }
  if (empty) fprintf(stderr, "nq57 serve: %s: cơ sở dữ liệu trống, đã nạp dữ liệu mẫu\n", db);

  /* Block the stop signals before any thread starts, so every worker
  ** inherits the mask and only sigwait below receives them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  raise_fd_limit();

  nq_api api = {.store = store, .version = NQ57_VERSION};
  cfg.routes = nq_api_routes;
  cfg.route_count = nq_api_route_count;
  cfg.app = &api;
  cfg.generation = nq_api_generation;
  nq_http_server *srv;
  if (nq_http_start(&srv, &cfg, &err) != NQ_OK) {
    fprintf(stderr, "nq57 serve: %s\n", err.msg);
    nq_store_close(store);
    return NQ_EXIT_FAIL;
  }
  int v6 = strchr(cfg.host, ':') != NULL;
  fprintf(stderr, "nq57 serve: đang phục vụ http://%s%s%s:%u/ (cơ sở dữ liệu %s%s%s)\n",
          v6 ? "[" : "", cfg.host, v6 ? "]" : "", nq_http_port(srv), db,
          cfg.web_root ? ", web " : "", cfg.web_root ? cfg.web_root : "");

  int sig = 0;
  sigwait(&stop, &sig);
  fprintf(stderr, "nq57 serve: nhận tín hiệu %s, đang dừng (chờ các yêu cầu đang xử lý)\n",
          sig == SIGTERM ? "SIGTERM" : "SIGINT");
  nq_http_stop(srv, 10000);
  nq_store_close(store);
  fputs("nq57 serve: đã dừng\n", stderr);
  return NQ_EXIT_OK;
}
