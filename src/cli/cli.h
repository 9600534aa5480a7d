/*
** cli.h: the nq57 subcommands. Each lives in its own cmd_*.c file, takes
** argv after the subcommand name, prints errors as "nq57 CMD: FILE:LINE: msg"
** and returns the process exit code (see NQ_EXIT_*).
*/
#ifndef NQ_CLI_H
#define NQ_CLI_H

#include <stdio.h>

enum {
  NQ_EXIT_OK = 0,
  NQ_EXIT_FAIL = 1,   /* the command ran and failed (bad data, I/O) */
  NQ_EXIT_USAGE = 2,  /* wrong arguments */
  NQ_EXIT_CORRUPT = 3 /* nq57 check found problems */
};

int cmd_serve(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Default database path: $NQ57_DB or ./nq57.db */
const char *cli_default_db(void);

/* Parse "[--db FILE] [--help] ARG" for commands that take one file.
** On success sets *db and *arg and returns -1; otherwise prints usage (to
** stdout for --help, stderr with `missing` for bad arguments) and returns
** the exit code for the command to return. */
int cli_db_and_one_arg(int argc, char **argv, const char *cmd, const char *missing,
                       void (*usage)(FILE *f), const char **db, const char **arg);

#endif
