/*
** test_serve.c: the `nq57 serve` command as a process: it seeds an empty
** database, serves the API and the web directory, logs one line per request
** without query strings, and on SIGTERM stops gracefully with exit code 0.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "httpc.h"

static void test_serve_process(void **state) {
  (void)state;
  const char *build = getenv("NQ57_BUILD_ROOT");
  assert_non_null(build);
  char exe[512], dir[] = "/tmp/nq57-serve-XXXXXX", db[128], web[128], index[160], log[128];
  snprintf(exe, sizeof exe, "%s/src/cli/nq57", build);
  assert_non_null(mkdtemp(dir));
  snprintf(db, sizeof db, "%s/serve.db", dir);
  snprintf(web, sizeof web, "%s/dist", dir);
  snprintf(log, sizeof log, "%s/stderr.log", dir);
  mkdir(web, 0755);
  snprintf(index, sizeof index, "%s/index.html", web);
  FILE *f = fopen(index, "w");
  fputs("<!doctype html><title>nq57 web</title>", f);
  fclose(f);

  /* Every API route but health and login needs an account (src/auth). */
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "printf 'mat khau kiem thu\\n' | '%s' user add tester --role admin --password-stdin"
           " --db '%s' >/dev/null", exe, db);
  assert_int_equal(system(cmd), 0);

  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    freopen(log, "w", stderr);
    execl(exe, exe, "serve", "--db", db, "--port", "0", "--web", web, "--threads", "2",
          (char *)NULL);
    _exit(127);
  }
  /* The port is in the startup line: "đang phục vụ http://127.0.0.1:PORT/". */
  unsigned port = 0;
  for (int i = 0; i < 200 && !port; i++) {
    usleep(50 * 1000);
    FILE *lf = fopen(log, "r");
    char line[512];
    while (lf && fgets(line, sizeof line, lf)) {
      const char *p = strstr(line, "http://127.0.0.1:");
      if (p) sscanf(p + strlen("http://127.0.0.1:"), "%u", &port);
    }
    if (lf) fclose(lf);
  }
  if (!port) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    fail_msg("nq57 serve did not start (see %s)", log);
  }

  httpc_resp r;
  assert_int_equal(httpc_get((uint16_t)port, "/api/health", &r), 0);
  assert_int_equal(r.status, 200);
  httpc_free(&r);
  /* the empty database was seeded with the public seed plans: anyone
  ** lists them, while accounts stay behind the login */
  assert_int_equal(httpc_get((uint16_t)port, "/api/plans", &r), 0);
  assert_int_equal(r.status, 200);
  assert_true(json_array_size(json_object_get(httpc_json(&r), "items")) >= 3);
  httpc_free(&r);
  assert_int_equal(httpc_get((uint16_t)port, "/api/users", &r), 0);
  assert_int_equal(r.status, 401);
  httpc_free(&r);
  assert_int_equal(httpc_request((uint16_t)port, "POST", "/api/auth/login",
                                 "Content-Type: application/json\r\n",
                                 "{\"login\":\"tester\",\"password\":\"mat khau kiem thu\"}", -1, &r), 0);
  assert_int_equal(r.status, 200);
  char cookie[160] = "";
  for (int i = 0; i < r.nheaders; i++)
    if (!strcasecmp(r.headers[i].name, "Set-Cookie") && !strncmp(r.headers[i].value, "nq57_session=", 13))
      snprintf(cookie, sizeof cookie, "Cookie: %.*s\r\n", (int)strcspn(r.headers[i].value, ";"),
               r.headers[i].value);
  httpc_free(&r);
  assert_true(cookie[0]);
  assert_int_equal(httpc_request((uint16_t)port, "GET", "/api/plans", cookie, NULL, -1, &r), 0);
  assert_int_equal(r.status, 200);
  assert_true(json_array_size(json_object_get(httpc_json(&r), "items")) >= 3);
  httpc_free(&r);
  assert_int_equal(httpc_request((uint16_t)port, "GET", "/api/units?q=secret-search-text", cookie,
                                 NULL, -1, &r), 0);
  httpc_free(&r);
  assert_int_equal(httpc_get((uint16_t)port, "/plans/1", &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "nq57 web"));
  httpc_free(&r);

  assert_int_equal(kill(pid, SIGTERM), 0);
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);

  FILE *lf = fopen(log, "r");
  assert_non_null(lf);
  char text[16384];
  size_t n = fread(text, 1, sizeof text - 1, lf);
  text[n] = '\0';
  fclose(lf);
  assert_non_null(strstr(text, "GET /api/health 200 "));
  assert_non_null(strstr(text, "GET /api/units 200 "));
  assert_null(strstr(text, "secret-search-text")); /* no query strings in the log */
  assert_non_null(strstr(text, "đã dừng"));

  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_serve_usage(void **state) {
  (void)state;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "'%s/src/cli/nq57' serve --help >/dev/null", getenv("NQ57_BUILD_ROOT"));
  assert_int_equal(WEXITSTATUS(system(cmd)), 0);
  snprintf(cmd, sizeof cmd, "'%s/src/cli/nq57' serve --port 70000 2>/dev/null", getenv("NQ57_BUILD_ROOT"));
  assert_int_equal(WEXITSTATUS(system(cmd)), 2);
  snprintf(cmd, sizeof cmd, "'%s/src/cli/nq57' serve --bogus 2>/dev/null", getenv("NQ57_BUILD_ROOT"));
  assert_int_equal(WEXITSTATUS(system(cmd)), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_serve_usage),
    cmocka_unit_test(test_serve_process),
  };
  return cmocka_run_group_tests_name("http-serve", tests, NULL, NULL);
}
