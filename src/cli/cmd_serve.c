/* cmd_serve.c: `nq57 serve`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_serve(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 serve: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
