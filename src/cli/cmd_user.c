/* cmd_user.c: `nq57 user`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_user(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 user: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
