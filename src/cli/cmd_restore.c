/* cmd_restore.c: `nq57 restore`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_restore(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 restore: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
