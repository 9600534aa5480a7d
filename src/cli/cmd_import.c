/*
** cmd_import.c: `nq57 import FILE [--json] [-o OUT]`: read a plan document
** (TXT, DOCX, PDF, scan) and print its plan JSON, or a short summary.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "import/import.h"

static void help(FILE *f) {
  fputs("Cách dùng: nq57 import TỆP [--json] [-o TỆP_RA]\n"
        "Nhập một văn bản kế hoạch (TXT, DOCX, PDF, ảnh quét PNG/JPEG) và chuyển thành JSON kế hoạch\n"
        "(import a plan document and turn it into plan JSON).\n\n"
        "  --json        in toàn bộ JSON kế hoạch (print the plan JSON)\n"
        "  -o TỆP_RA     ghi JSON vào tệp (write the JSON to a file)\n"
        "  --no-ocr      không nhận dạng ảnh quét (refuse scans)\n"
        "  --help        hiện trợ giúp này\n", f);
}

static int on_progress(void *ctx, int done, int total) {
  (void)ctx;
  fprintf(stderr, "\rnq57 import: đã đọc trang %d/%d", done, total);
  if (done == total) fputc('\n', stderr);
  return 0;
}

int cmd_import(int argc, char **argv) {
  const char *file = NULL, *out = NULL;
  int json = 0;
  nq_import_opts opts = {0};
  opts.progress = on_progress;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      help(stdout);
      return NQ_EXIT_OK;
    } else if (!strcmp(argv[i], "--json")) {
      json = 1;
    } else if (!strcmp(argv[i], "--no-ocr")) {
      opts.no_ocr = 1;
    } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      out = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "nq57 import: tùy chọn không hợp lệ '%s'\n", argv[i]);
      help(stderr);
      return NQ_EXIT_USAGE;
    } else if (!file) {
      file = argv[i];
    } else {
      fprintf(stderr, "nq57 import: chỉ nhập một tệp mỗi lần\n");
      return NQ_EXIT_USAGE;
    }
  }
  if (!file) {
    help(stderr);
    return NQ_EXIT_USAGE;
  }
  json_t *plan = NULL;
  nq_err err = {0};
  if (nq_import_file(file, &opts, &plan, &err) != NQ_OK) {
    fprintf(stderr, "nq57 import: %s: %s\n", file, err.msg);
    return NQ_EXIT_FAIL;
  }
  int rc = NQ_EXIT_OK;
  size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0;
  if (out) {
    if (json_dump_file(plan, out, flags)) {
      fprintf(stderr, "nq57 import: %s: không ghi được tệp\n", out);
      rc = NQ_EXIT_FAIL;
    }
  }
  if (json) {
    char *s = json_dumps(plan, flags);
    if (s) puts(s);
    free(s);
  } else if (!out) {
    json_t *p = json_object_get(plan, "plan");
    printf("%s %s: %s\n", json_string_value(json_object_get(p, "kind")) ? json_string_value(json_object_get(p, "kind")) : "Văn bản",
           json_string_value(json_object_get(p, "number")) ? json_string_value(json_object_get(p, "number")) : "(không số)",
           json_string_value(json_object_get(p, "title")) ? json_string_value(json_object_get(p, "title")) : "");
    printf("Nhiệm vụ: %zu; nhiệm vụ chung: %zu; chỉ tiêu: %zu (dùng --json để xem toàn bộ)\n",
           json_array_size(json_object_get(plan, "tasks")), json_array_size(json_object_get(plan, "duties")),
           json_array_size(json_object_get(plan, "indicators")));
  }
  json_decref(plan);
  return rc;
}
