/*
** score_main.c: nq57-score IMPORT.json GOLD.json [-v]: prints how an
** imported plan compares with a gold plan; exit 0 when it meets the bar.
*/
#include <stdio.h>
#include <string.h>

#include "score.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("Cách dùng: nq57-score IMPORT.json GOLD.json [-v]\n", stderr);
    return 2;
  }
  json_error_t je;
  json_t *imp = json_load_file(argv[1], 0, &je);
  if (!imp) {
    fprintf(stderr, "nq57-score: %s:%d: %s\n", argv[1], je.line, je.text);
    return 2;
  }
  json_t *gold = json_load_file(argv[2], 0, &je);
  if (!gold) {
    fprintf(stderr, "nq57-score: %s:%d: %s\n", argv[2], je.line, je.text);
    json_decref(imp);
    return 2;
  }
  nq_score s;
  nq_score_compute(imp, gold, &s);
  nq_score_print(stdout, imp, gold, &s, argc > 3 && !strcmp(argv[3], "-v"));
  int rc = nq_score_passes(&s) ? 0 : 1;
  json_decref(imp);
  json_decref(gold);
  return rc;
}
