/* cmd_export.c: `nq57 export`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_export(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 export: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
