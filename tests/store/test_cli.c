/*
** test_cli.c: the store's subcommands as a user runs them: nq57 load,
** export, backup, restore and check, with their exit codes and the file
** names and JSON paths in their error messages.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <jansson.h>

static char dir[64];
static char out[8192];

/* Run a shell command in the test directory; stdout+stderr into `out`. */
static int run(const char *fmt, ...) {
  char cmd[4096], body[3500];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  snprintf(cmd, sizeof cmd, "cd '%s' && NQ57_DB=t.db %s/src/cli/nq57 %s > out.txt 2>&1", dir,
           getenv("NQ57_BUILD_ROOT"), body);
  int st = system(cmd);
  char path[128];
  snprintf(path, sizeof path, "%s/out.txt", dir);
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(out, 1, sizeof out - 1, f) : 0;
  out[n] = 0;
  if (f) fclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *name, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void sql(const char *stmt) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd '%s' && sqlite3 t.db \"%s\"", dir, stmt);
  assert_int_equal(system(cmd), 0);
}

static void test_cli(void **state) {
  (void)state;
  const char *gold = getenv("NQ57_SOURCE_ROOT");
  char g0[1024];
  snprintf(g0, sizeof g0, "%s/data/gold/000_706b1c236ce94349.json", gold);

  assert_int_equal(run("load --help"), 0);
  assert_non_null(strstr(out, "Cách dùng"));
  assert_int_equal(run("load"), 2);

  assert_int_equal(run("load '%s'", g0), 0);
  assert_non_null(strstr(out, "28 nhiệm vụ"));

  write_file("hỏng.json", "{\"plan\": {\"title\": \"x\"},\n  \"tasks\": [1,]}");
  assert_int_equal(run("load hỏng.json"), 1);
  assert_non_null(strstr(out, "hỏng.json:2:"));
  write_file("sai.json", "{\"plan\":{\"title\":\"x\"},\"tasks\":[{\"code\":\"1\",\"title\":\"t\","
                         "\"schedule\":{\"kind\":\"once\",\"due\":\"2025-02-30\"}}]}");
  assert_int_equal(run("load sai.json"), 1);
  assert_non_null(strstr(out, "sai.json: tasks[0].schedule.due"));

  assert_int_equal(run("load - < sai.json"), 1);
  assert_non_null(strstr(out, "(stdin): tasks[0].schedule.due"));

  assert_int_equal(run("export 1 -o e.json"), 0);
  char path[128];
  snprintf(path, sizeof path, "%s/e.json", dir);
  json_t *a = json_load_file(path, 0, NULL), *b = json_load_file(g0, 0, NULL);
  assert_non_null(a);
  assert_true(json_equal(a, b));
  json_decref(a);
  json_decref(b);
  assert_int_equal(run("export 42"), 1);
  assert_int_equal(run("export abc"), 2);

  assert_int_equal(run("backup b.db"), 0);
  assert_int_equal(run("check"), 0);
  sql("UPDATE audit_log SET after_json='{}' WHERE id=2");
  assert_int_equal(run("check"), 3);
  assert_non_null(strstr(out, "dòng 2"));
  assert_int_equal(run("restore nothere.db"), 1);
  assert_int_equal(run("restore b.db"), 0);
  assert_int_equal(run("check"), 0);
  assert_int_equal(run("check --db new.db"), 0); /* created, with the schema */
  assert_non_null(strstr(out, "tạo mới"));
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/nq57-cli-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_cli)};
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) rc = 1;
  return rc;
}
