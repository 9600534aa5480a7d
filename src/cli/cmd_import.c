/* cmd_import.c: `nq57 import`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_import(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 import: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
