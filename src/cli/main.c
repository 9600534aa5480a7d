/*
** main.c: the nq57 entry point: dispatches to a subcommand (cli.h).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
  {"serve", cmd_serve, "chạy máy chủ web và API (run the web server and API)"},
  {"load", cmd_load, "nạp kế hoạch từ tệp JSON (load plan JSON files)"},
  {"export", cmd_export, "xuất kế hoạch ra JSON (export a plan as JSON)"},
  {"import", cmd_import, "nhập kế hoạch từ văn bản TXT/DOCX/PDF/ảnh (import a plan document)"},
  {"user", cmd_user, "quản lý tài khoản: add, list, passwd (manage accounts)"},
  {"backup", cmd_backup, "sao lưu cơ sở dữ liệu (consistent backup)"},
  {"restore", cmd_restore, "khôi phục từ bản sao lưu (restore a backup)"},
  {"check", cmd_check, "kiểm tra toàn vẹn dữ liệu và nhật ký (integrity check)"},
  {"report", cmd_report, "xuất báo cáo định kỳ DOCX/XLSX/CSV (periodic reports)"},
};

const char *cli_default_db(void) {
  const char *p = getenv("NQ57_DB");
  return p && *p ? p : "nq57.db";
}

int cli_db_and_one_arg(int argc, char **argv, const char *cmd, const char *missing,
                       void (*usage)(FILE *f), const char **db, const char **arg) {
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
  *db = cli_default_db();
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
    if (c == 'd') *db = optarg;
    else if (c == 'h') {
      usage(stdout);
      return NQ_EXIT_OK;
    } else {
      usage(stderr);
      return NQ_EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, "nq57 %s: %s\n", cmd, missing);
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  *arg = argv[optind];
  return -1;
}

static void usage(FILE *f) {
  fputs("nq57 — theo dõi, đánh giá thực hiện Nghị quyết 57-NQ/TW\n\n"
        "Cách dùng: nq57 LỆNH [tùy chọn]   (nq57 LỆNH --help để xem chi tiết)\n\n"
        "Lệnh:\n", f);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fputs("\nCơ sở dữ liệu mặc định: $NQ57_DB hoặc ./nq57.db\n", f);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
    usage(stdout);
    return NQ_EXIT_OK;
  }
  if (!strcmp(name, "--version")) {
    puts("nq57 " NQ57_VERSION);
    return NQ_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(commands[i].name, name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "nq57: lệnh không hợp lệ '%s'\n\n", name);
  usage(stderr);
  return NQ_EXIT_USAGE;
}
