/*
** cmd_user.c: `nq57 user add|list|passwd|disable|enable`: account
** management from the machine itself (how the first administrator is made).
**
** Passwords never travel on the command line, where `ps` and shell history
** would show them: they are read from the terminal without echo (asked
** twice), or, for scripts, as the first line of standard input with
** --password-stdin.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/accounts.h"
#include "auth/crypto.h"
#include "cli/cli.h"
#include "store/store.h"
#include "store/store_auth.h"
#include "util/buf.h"

static const char usage_text[] =
  "Cách dùng (usage):\n"
  "  nq57 user add TÊN_ĐĂNG_NHẬP --role VAI_TRÒ [--name \"Họ và tên\"]\n"
  "               [--unit ĐƠN_VỊ] [--plans 1,2 | --all-plans] [--password-stdin]\n"
  "  nq57 user list [--json]\n"
  "  nq57 user passwd TÊN_ĐĂNG_NHẬP [--password-stdin]\n"
  "  nq57 user disable TÊN_ĐĂNG_NHẬP     khóa tài khoản, kết thúc mọi phiên (lock)\n"
  "  nq57 user enable TÊN_ĐĂNG_NHẬP      mở khóa (unlock)\n"
  "\n"
  "Tùy chọn chung: --db TỆP (mặc định $NQ57_DB hoặc ./nq57.db)\n"
  "\n"
  "Vai trò (roles):\n"
  "  admin       quản trị hệ thống (administrator)\n"
  "  aggregator  cơ quan thường trực, tổng hợp: cần --plans hoặc --all-plans\n"
  "  officer     cán bộ đơn vị: cần --unit\n"
  "  head        lãnh đạo đơn vị, phê duyệt báo cáo: cần --unit\n"
  "  steering    Ban Chỉ đạo, chỉ xem: cần --plans hoặc --all-plans\n"
  "--unit nhận mã số đơn vị hoặc tên trong danh mục cơ quan (\"Sở Khoa học và Công nghệ\").\n"
  "\n"
  "Mật khẩu (ít nhất 10 ký tự) được hỏi trên terminal, không hiện ra màn hình;\n"
  "với --password-stdin, đọc dòng đầu của đầu vào chuẩn (for scripts). Không bao\n"
  "giờ truyền mật khẩu trên dòng lệnh (never on the command line).\n";

typedef struct user_opts {
  const char *db;
  const char *login;
  const char *role;
  const char *name;
  const char *unit;
  const char *plans;
  bool all_plans;
  bool password_stdin;
  bool json;
} user_opts;

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("nq57 user: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n(nq57 user --help để xem cách dùng)\n", stderr);
  return NQ_EXIT_USAGE;
}

static int parse_opts(int argc, char **argv, int first, user_opts *o) {
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (!strcmp(a, "--db")) slot = &o->db;
    else if (!strcmp(a, "--role")) slot = &o->role;
    else if (!strcmp(a, "--name")) slot = &o->name;
    else if (!strcmp(a, "--unit")) slot = &o->unit;
    else if (!strcmp(a, "--plans")) slot = &o->plans;
    else if (!strcmp(a, "--all-plans")) o->all_plans = true;
    else if (!strcmp(a, "--password-stdin")) o->password_stdin = true;
    else if (!strcmp(a, "--json")) o->json = true;
    else if (!strncmp(a, "--password", 10))
      return usage_error("%s: không nhận mật khẩu trên dòng lệnh; dùng lời nhắc hoặc "
                         "--password-stdin", a);
    else if (a[0] == '-' && a[1])
      return usage_error("tùy chọn không hợp lệ '%s'", a);
    else if (!o->login) o->login = a;
    else return usage_error("thừa tham số '%s'", a);
    if (slot) {
      if (i + 1 >= argc) return usage_error("%s cần một giá trị", a);
      *slot = argv[++i];
    }
  }
  return NQ_EXIT_OK;
}

/* ---- password input ----------------------------------------------------- */

static void strip_newline(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
}

/* First line of stdin into buf (cap bytes). */
static nq_code read_password_stdin(char *buf, size_t cap, nq_err *err) {
  if (!fgets(buf, (int)cap, stdin))
    return nq_fail(err, NQ_EINVAL, "không đọc được mật khẩu từ đầu vào chuẩn");
  if (!strchr(buf, '\n') && !feof(stdin) && strlen(buf) == cap - 1)
    return nq_fail(err, NQ_EINVAL, "mật khẩu dài quá %d byte", NQ_PASSWORD_MAX);
  strip_newline(buf);
  return NQ_OK;
}

/* Ask on the controlling terminal with echo off. */
static nq_code prompt_password(const char *prompt, char *buf, size_t cap, nq_err *err) {
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return nq_fail(err, NQ_EINVAL, "không có terminal để hỏi mật khẩu; dùng --password-stdin");
  FILE *tty = fdopen(fd, "r+");
  if (!tty) {
    close(fd);
    return nq_fail(err, NQ_EIO, "không mở được terminal: %s", strerror(errno));
  }
  struct termios old, quiet;
  bool restore = tcgetattr(fd, &old) == 0;
  if (restore) {
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  fputs(prompt, tty);
  fflush(tty);
  char *got = fgets(buf, (int)cap, tty);
  if (restore) tcsetattr(fd, TCSAFLUSH, &old);
  fclose(tty);
  if (!got) return nq_fail(err, NQ_EINVAL, "không đọc được mật khẩu");
  strip_newline(buf);
  return NQ_OK;
}

static nq_code get_new_password(bool from_stdin, char *buf, size_t cap, nq_err *err) {
  if (from_stdin) return read_password_stdin(buf, cap, err);
  nq_code rc = prompt_password("Mật khẩu mới (new password): ", buf, cap, err);
  if (rc) return rc;
  char again[NQ_PASSWORD_MAX + 2];
  rc = prompt_password("Nhập lại mật khẩu (repeat): ", again, sizeof again, err);
  bool same = !rc && strcmp(buf, again) == 0;
  sodium_memzero(again, sizeof again);
  if (rc) return rc;
  if (!same) return nq_fail(err, NQ_EINVAL, "hai lần nhập mật khẩu không khớp");
  return NQ_OK;
}

/* ---- subcommands -------------------------------------------------------- */

static int fail(const char *db, nq_err *err) {
  fprintf(stderr, "nq57 user: %s: %s\n", db, err->msg);
  return NQ_EXIT_FAIL;
}

static nq_code parse_plan_list(const char *list, int64_t **ids, size_t *n, nq_err *err) {
  *ids = NULL;
  *n = 0;
  if (!list) return NQ_OK;
  size_t cap = 1;
  for (const char *p = list; *p; p++) cap += *p == ',';
  int64_t *out = nq_xcalloc(cap, sizeof *out);
  const char *p = list;
  while (*p) {
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (errno || end == p || v <= 0 || (*end && *end != ',')) {
      free(out);
      return nq_fail(err, NQ_EINVAL, "--plans: cần danh sách mã số kế hoạch, ví dụ 1,2 (gặp '%s')", p);
    }
    out[(*n)++] = v;
    p = *end ? end + 1 : end;
  }
  *ids = out;
  return NQ_OK;
}

static int user_add(nq_store *s, const char *db, const user_opts *o) {
  if (!o->login) return usage_error("%s", "thiếu tên đăng nhập");
  if (!o->role) return usage_error("%s", "thiếu --role");
  nq_err err = {0};
  int64_t *plans = NULL;
  size_t n_plans = 0;
  if (parse_plan_list(o->plans, &plans, &n_plans, &err)) {
    fprintf(stderr, "nq57 user: %s\n", err.msg);
    return NQ_EXIT_USAGE;
  }
  nq_account_spec spec = {o->login, o->name, o->role, o->unit, o->all_plans, plans, n_plans};
  /* Check what needs no password before asking for one. */
  char login[NQ_LOGIN_MAX + 1];
  if (nq_login_normalize(o->login, login, &err) || nq_role_parse(o->role) <= NQ_ROLE_PUBLIC) {
    if (!err.msg[0]) nq_fail(&err, NQ_EINVAL, "vai trò không hợp lệ '%s'", o->role);
    free(plans);
    fprintf(stderr, "nq57 user: %s\n", err.msg);
    return NQ_EXIT_USAGE;
  }
  char password[NQ_PASSWORD_MAX + 2];
  nq_code rc = get_new_password(o->password_stdin, password, sizeof password, &err);
  int64_t id = 0;
  nq_actor who = {0, "cli", "cli"};
  if (!rc) rc = nq_account_create(s, &who, &spec, password, NULL, (int64_t)time(NULL), &id, &err);
  sodium_memzero(password, sizeof password);
  free(plans);
  if (rc) return fail(db, &err);
  printf("Đã tạo tài khoản %s (số %lld, vai trò %s).\n", login, (long long)id, o->role);
  return NQ_EXIT_OK;
}

static int user_list(nq_store *s, const char *db, const user_opts *o) {
  nq_err err = {0};
  json_t *users = NULL;
  if (nq_store_users_list(s, &users, &err)) return fail(db, &err);
  if (o->json) {
    char *text = json_dumps(users, JSON_INDENT(2));
    puts(text);
    free(text);
    json_decref(users);
    return NQ_EXIT_OK;
  }
  printf("%-6s %-24s %-11s %-8s %-10s %s\n", "SỐ", "ĐĂNG NHẬP", "VAI TRÒ", "ĐƠN VỊ",
         "TRẠNG THÁI", "HỌ TÊN");
  size_t i;
  json_t *u;
  json_array_foreach(users, i, u) {
    json_t *unit = json_object_get(u, "unit_id");
    char unit_text[24] = "-";
    if (json_is_integer(unit)) snprintf(unit_text, sizeof unit_text, "%lld", (long long)json_integer_value(unit));
    printf("%-6lld %-24s %-11s %-8s %-10s %s\n",
           (long long)json_integer_value(json_object_get(u, "id")),
           json_string_value(json_object_get(u, "login")),
           json_string_value(json_object_get(u, "role")), unit_text,
           json_is_true(json_object_get(u, "disabled")) ? "khóa" : "hoạt động",
           json_string_value(json_object_get(u, "full_name")));
  }
  json_decref(users);
  return NQ_EXIT_OK;
}

static int user_passwd(nq_store *s, const char *db, const user_opts *o) {
  if (!o->login) return usage_error("%s", "thiếu tên đăng nhập");
  nq_err err = {0};
  json_t *user = NULL;
  char login[NQ_LOGIN_MAX + 1];
  if (nq_login_normalize(o->login, login, &err)) return fail(db, &err);
  if (nq_store_user_by_login(s, login, &user, &err)) return fail(db, &err);
  json_decref(user);
  char password[NQ_PASSWORD_MAX + 2];
  nq_code rc = get_new_password(o->password_stdin, password, sizeof password, &err);
  nq_actor who = {0, "cli", "cli"};
  if (!rc) rc = nq_account_set_password(s, &who, login, password, NULL, (int64_t)time(NULL), &err);
  sodium_memzero(password, sizeof password);
  if (rc) return fail(db, &err);
  printf("Đã đổi mật khẩu của %s; mọi phiên đăng nhập cũ đã kết thúc.\n", login);
  return NQ_EXIT_OK;
}

static int user_set_disabled(nq_store *s, const char *db, const user_opts *o, bool disabled) {
  if (!o->login) return usage_error("%s", "thiếu tên đăng nhập");
  nq_err err = {0};
  nq_actor who = {0, "cli", "cli"};
  if (nq_account_set_disabled(s, &who, o->login, disabled, (int64_t)time(NULL), &err))
    return fail(db, &err);
  printf(disabled ? "Đã khóa tài khoản %s; mọi phiên và mã truy cập đã bị thu hồi.\n"
                  : "Đã mở khóa tài khoản %s.\n", o->login);
  return NQ_EXIT_OK;
}

int cmd_user(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(usage_text, argc < 2 ? stderr : stdout);
    return argc < 2 ? NQ_EXIT_USAGE : NQ_EXIT_OK;
  }
  const char *sub = argv[1];
  user_opts o = {0};
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(usage_text, stdout);
      return NQ_EXIT_OK;
    }
  int rc = parse_opts(argc, argv, 2, &o);
  if (rc) return rc;
  bool known = !strcmp(sub, "add") || !strcmp(sub, "list") || !strcmp(sub, "passwd") ||
               !strcmp(sub, "disable") || !strcmp(sub, "enable");
  if (!known) return usage_error("lệnh con không hợp lệ '%s' (add, list, passwd, disable, enable)", sub);

  nq_err err = {0};
  if (nq_auth_init(&err)) {
    fprintf(stderr, "nq57 user: %s\n", err.msg);
    return NQ_EXIT_FAIL;
  }
  const char *db = o.db ? o.db : cli_default_db();
  nq_store *s = NULL;
  if (nq_store_open(&s, db, &err)) return fail(db, &err);
  if (!strcmp(sub, "add")) rc = user_add(s, db, &o);
  else if (!strcmp(sub, "list")) rc = user_list(s, db, &o);
  else if (!strcmp(sub, "passwd")) rc = user_passwd(s, db, &o);
  else rc = user_set_disabled(s, db, &o, !strcmp(sub, "disable"));
  nq_store_close(s);
  return rc;
}
