/* cmd_report.c: `nq57 report`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_report(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 report: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
