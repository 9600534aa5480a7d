/* cmd_check.c: `nq57 check`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_check(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 check: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
