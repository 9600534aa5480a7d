/* cmd_load.c: `nq57 load`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_load(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 load: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
