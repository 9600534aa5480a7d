/*
** cmd_serve.c: `nq57 serve`: open the store (loading the demo data into an
** empty database), start the HTTP server on the /api table and the web app,
** and run until SIGTERM or SIGINT, then stop gracefully: stop accepting,
** let requests in flight finish, close the store, exit 0.
*/
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "auth/authn.h"
#include "auth/crypto.h"
#include "cli/cli.h"
#include "http/api.h"
#include "store/store_imports.h"
#include "http/authz.h"
#include "http/server.h"
#include "store/store.h"
#include "store/store_scope.h"
#include "store/store_auth.h"
#include "util/buf.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 serve [tùy chọn]   (run the web server and API)\n\n"
        "  --db PATH          cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --host ADDR        địa chỉ IP lắng nghe (mặc định 127.0.0.1)\n"
        "  --port N           cổng (mặc định $NQ57_PORT hoặc 8057; 0 = cổng bất kỳ)\n"
        "  --web DIR          thư mục ứng dụng web đã build (mặc định web/dist nếu có)\n"
        "  --threads N        số luồng mạng (mặc định: số lõi CPU); các truy vấn chạy\n"
        "                     trên 2×N luồng riêng (ít nhất 4)\n"
        "  --cache-mb N       bộ nhớ đệm câu trả lời API, MiB (mặc định 32)\n"
        "  --max-body BYTES   giới hạn tệp tải lên (mặc định 33554432; JSON: 1 MiB)\n"
        "  --cert FILE        HTTPS trực tiếp: chứng chỉ PEM (kèm chuỗi trung gian)\n"
        "  --key FILE         HTTPS trực tiếp: khóa riêng PEM của chứng chỉ\n"
        "  --trust-proxy      sau nginx (deploy/nginx.conf): lấy địa chỉ máy khách từ\n"
        "                     X-Real-IP khi kết nối đến từ 127.0.0.1\n"
        "  --insecure-cookies bỏ thuộc tính Secure của cookie đăng nhập, CHỈ để phát\n"
        "                     triển qua http://localhost (chỉ nhận khi --host là\n"
        "                     127.0.0.1 hoặc ::1; development only)\n"
        "  --help             hiện hướng dẫn này\n\n"
        "Khách (không đăng nhập) chỉ xem được /api/public và các kế hoạch đã công khai;\n"
        "mọi API khác cần đăng nhập. Tạo quản trị viên đầu tiên bằng:\n"
        "nq57 user add TÊN --role admin\n"
        "Cơ sở dữ liệu trống được nạp dữ liệu mẫu (danh mục cơ quan và các kế hoạch mẫu,\n"
        "đã công khai).\n"
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

/* The listening address is this machine only. */
static bool is_loopback_host(const char *host) {
  return !strcmp(host, "127.0.0.1") || !strcmp(host, "::1") || !strcmp(host, "localhost");
}

/* Wipe a secret string before it is freed. */
static void wipe_string(char *s) {
  volatile char *p = s;
  while (*p) *p++ = 0;
}

/* A whole PEM file as a string, or NULL after printing why. */
static char *read_pem(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "nq57 serve: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  nq_buf b = NQ_BUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
    nq_buf_append(&b, chunk, n);
  bool bad = ferror(f) || !b.len || !strstr(b.data, "-----BEGIN ");
  fclose(f);
  if (bad) {
    fprintf(stderr, "nq57 serve: %s: không phải tệp PEM (chứng chỉ/khóa)\n", path);
    nq_buf_free(&b);
    return NULL;
  }
  return nq_buf_detach(&b);
}

/* Every API route but health and login needs an account: say how to make
** the first one rather than leave a fresh install answering 401. */
static void warn_without_accounts(nq_store *store) {
  json_t *users = NULL;
  nq_err err = {0};
  if (nq_store_users_list(store, &users, &err) == NQ_OK && json_array_size(users) == 0)
    fputs("nq57 serve: chưa có tài khoản nào; tạo quản trị viên đầu tiên bằng\n"
          "  nq57 user add TÊN_ĐĂNG_NHẬP --role admin\n", stderr);
  json_decref(users);
}

/* The allocator, tuned for a long-lived server whose requests build and
** free many small JSON nodes:
** - no fastbins: every large request (an SQLite page, a reply buffer) made
**   glibc consolidate them first, a tenth of a list request's CPU; the
**   per-thread tcache still serves small sizes without locking;
** - two arenas, not eight per core: memory one thread freed is reused by the
**   next, instead of each arena keeping its own high-water mark resident;
** - a fixed mmap threshold: glibc otherwise raises it after each large free
**   until multi-megabyte buffers live in (and fragment) the heaps. */
static void tune_allocator(void) {
  mallopt(M_MXFAST, 0);
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}

/* Wait for a stop signal. Meanwhile, once a second, hand the pages that
** requests freed back to the kernel: glibc keeps them resident otherwise,
** and after a burst of varied requests the heaps held 2.5 times the memory
** in use (national benchmark: 222 MB held, 86 MB in use; trimmed, 120 MB). */
static int wait_for_stop(const sigset_t *stop) {
  const struct timespec tick = {1, 0};
  for (;;) {
    int sig = sigtimedwait(stop, NULL, &tick);
    if (sig > 0) return sig;
    /* Trimming madvises every free page away, and requests then fault them
    ** back in: worth it only when much is free. */
    if (mallinfo2().fordblks > 16u << 20) malloc_trim(0);
  }
}

/* Count every plan's tasks and judge its indicators once, beside the first
** requests: the whole-scope overview and indicator board then answer from
** what is kept per plan (sqlite_scope.c), and the first dashboard after a
** start need not wait for a pass over every task and value. */
static void *warm_scope_counts(void *arg) {
  nq_store *store = arg;
  nq_scope_query q = {.limit = 12};
  json_t *out = NULL;
  nq_err err = {0};
  if (nq_store_scope_overview(store, &q, &out, &err) == NQ_OK) json_decref(out);
  else fprintf(stderr, "nq57 serve: %s\n", err.msg);
  out = NULL;
  if (nq_store_scope_indicators(store, &q, &out, &err) == NQ_OK) json_decref(out);
  else fprintf(stderr, "nq57 serve: %s\n", err.msg);
  return NULL;
}

int cmd_serve(int argc, char **argv) {
  const char *db = cli_default_db();
  const char *cert_path = NULL, *key_path = NULL;
  bool trust_proxy = false, insecure_cookies = false;
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
    } else if (!strcmp(a, "--cache-mb")) {
      if (!parse_num(a, v, 1, 65536, &n)) return NQ_EXIT_USAGE;
      cfg.cache_bytes = (size_t)n << 20, i++;
    } else if (!strcmp(a, "--cert") && v) {
      cert_path = v, i++;
    } else if (!strcmp(a, "--key") && v) {
      key_path = v, i++;
    } else if (!strcmp(a, "--trust-proxy")) {
      trust_proxy = true;
    } else if (!strcmp(a, "--insecure-cookies")) {
      insecure_cookies = true;
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
  if ((cert_path == NULL) != (key_path == NULL)) {
    fputs("nq57 serve: --cert và --key phải đi cùng nhau\n", stderr);
    return NQ_EXIT_USAGE;
  }
  if (insecure_cookies && !is_loopback_host(cfg.host)) {
    fprintf(stderr, "nq57 serve: --insecure-cookies chỉ dùng khi lắng nghe trên 127.0.0.1 hoặc ::1,"
                    " không phải '%s'\n", cfg.host);
    return NQ_EXIT_USAGE;
  }
  char *cert_pem = NULL, *key_pem = NULL;
  if (cert_path && (!(cert_pem = read_pem(cert_path)) || !(key_pem = read_pem(key_path)))) {
    free(cert_pem);
    return NQ_EXIT_FAIL;
  }
  cfg.tls_cert_pem = cert_pem;
  cfg.tls_key_pem = key_pem;
  if (nq_auth_init(&err) != NQ_OK) {
    fprintf(stderr, "nq57 serve: %s\n", err.msg);
    return NQ_EXIT_FAIL;
  }
  tune_allocator();
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

  nq_auth_config acfg = nq_auth_config_default();
  acfg.cookies.secure = !insecure_cookies;
  nq_auth *auth = nq_auth_new(store, &acfg);
  nq_authz authz = {auth, store, trust_proxy};
  /* Drafts a previous run was still reading will never finish: say so. */
  static const nq_actor server_actor = {0, "server", "server"};
  int64_t interrupted = 0;
  if (nq_store_imports_fail_interrupted(store, &server_actor, &interrupted, &err) != NQ_OK)
    fprintf(stderr, "nq57 serve: %s\n", err.msg);
  else if (interrupted > 0)
    fprintf(stderr, "nq57 serve: %lld bản nháp nhập kế hoạch bị dừng giữa chừng đã chuyển sang lỗi\n",
            (long long)interrupted);
  /* The OCR repair model is built once and shared by every upload. */
  nq_import_models *models = nq_import_models_new();
  nq_import_jobs *jobs = NULL;
  if (nq_import_jobs_start(&jobs, store, models, &err) != NQ_OK) {
    fprintf(stderr, "nq57 serve: %s\n", err.msg);
    nq_import_models_free(models);
    nq_auth_free(auth);
    nq_store_close(store);
    return NQ_EXIT_FAIL;
  }
  nq_api api = {.store = store, .version = NQ57_VERSION, .actor_of = nq_authz_actor,
                .import_models = models, .import_jobs = jobs};
  cfg.authorize = nq_authz_authorize;
  cfg.authorize_ctx = &authz;
  cfg.routes = nq_api_routes;
  cfg.route_count = nq_api_route_count;
  cfg.app = &api;
  cfg.generation = nq_api_generation;
  nq_http_server *srv;
  nq_code started = nq_http_start(&srv, &cfg, &err);
  /* MHD keeps its own copy of the certificate and key once started. */
  if (key_pem) wipe_string(key_pem);
  free(key_pem);
  free(cert_pem);
  if (started != NQ_OK) {
    fprintf(stderr, "nq57 serve: %s\n", err.msg);
    nq_import_jobs_stop(jobs);
    nq_import_models_free(models);
    nq_auth_free(auth);
    nq_store_close(store);
    return NQ_EXIT_FAIL;
  }
  pthread_t warm;
  bool warming = pthread_create(&warm, NULL, warm_scope_counts, store) == 0;
  warn_without_accounts(store);
  /* Ended sessions are kept a month (for review), login attempts a year. */
  int64_t now = (int64_t)time(NULL), pruned = 0;
  if (nq_store_auth_prune(store, now - 30 * 86400, now - 365 * 86400, &pruned, &err) == NQ_OK &&
      pruned > 0)
    fprintf(stderr, "nq57 serve: đã xóa %lld phiên đăng nhập/lượt đăng nhập cũ\n", (long long)pruned);
  int v6 = strchr(cfg.host, ':') != NULL;
  fprintf(stderr, "nq57 serve: đang phục vụ %s://%s%s%s:%u/ (cơ sở dữ liệu %s%s%s)\n",
          cert_path ? "https" : "http", v6 ? "[" : "", cfg.host, v6 ? "]" : "", nq_http_port(srv), db,
          cfg.web_root ? ", web " : "", cfg.web_root ? cfg.web_root : "");

  int sig = wait_for_stop(&stop);
  fprintf(stderr, "nq57 serve: nhận tín hiệu %s, đang dừng (chờ các yêu cầu đang xử lý)\n",
          sig == SIGTERM ? "SIGTERM" : "SIGINT");
  nq_http_stop(srv, 10000);
  if (warming) pthread_join(warm, NULL);
  /* After the server: no upload can queue a job once the worker is gone. */
  nq_import_jobs_stop(jobs);
  nq_import_models_free(models);
  nq_auth_free(auth);
  nq_store_close(store);
  fputs("nq57 serve: đã dừng\n", stderr);
  return NQ_EXIT_OK;
}
