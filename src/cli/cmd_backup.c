/* cmd_backup.c: `nq57 backup`. Placeholder until its module lands; replace whole. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_backup(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("nq57 backup: chưa được triển khai (not implemented yet)\n", stderr);
  return NQ_EXIT_FAIL;
}
