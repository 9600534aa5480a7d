/*
** import_bench.c: how long nq_import_text takes on a 60 KB plan, in
** process (no start-up cost): a clean text plan made of seeds 002 and 003,
** and the 59 KB OCR seed 001 that also goes through diacritics repair.
** Usage: import_bench [SOURCE_ROOT] ; prints milliseconds (best of 5).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/import.h"
#include "util/buf.h"

static char *slurp(const char *root, const char *rel) {
  char path[2048];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "import_bench: %s: không mở được tệp\n", path);
    exit(1);
  }
  nq_buf b = NQ_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) nq_buf_append(&b, chunk, n);
  fclose(f);
  nq_buf_putc(&b, 0);
  return nq_buf_detach(&b);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double best_of(const char *text, int runs, const nq_import_models *models, size_t *tasks) {
  double best = 1e18;
  nq_import_opts opts = {0};
  opts.models = models;
  for (int i = 0; i < runs; i++) {
    json_t *plan = NULL;
    nq_err err = {0};
    double t0 = now_ms();
    if (nq_import_text(text, "bench.txt", &opts, &plan, &err) != NQ_OK) {
      fprintf(stderr, "import_bench: %s\n", err.msg);
      exit(1);
    }
    double dt = now_ms() - t0;
    *tasks = json_array_size(json_object_get(plan, "tasks"));
    json_decref(plan);
    if (dt < best) best = dt;
  }
  return best;
}

int main(int argc, char **argv) {
  const char *root = argc > 1 ? argv[1] : getenv("NQ57_SOURCE_ROOT");
  if (!root) root = ".";
  char *a = slurp(root, "data/seeds/002_0d321ddfd0dbe398.txt");
  char *b = slurp(root, "data/seeds/003_88546ef2206df04c.txt");
  nq_buf clean = NQ_BUF_INIT;
  nq_buf_puts(&clean, a);
  nq_buf_puts(&clean, "\n");
  nq_buf_puts(&clean, b);
  char *ocr = slurp(root, "data/seeds/001_b480c6de519bf2d9.txt");
  size_t tasks;
  double t = best_of(clean.data, 5, NULL, &tasks);
  printf("clean text plan  %6.1f KB  %7.1f ms  (%zu tasks)\n", clean.len / 1024.0, t, tasks);
  double u = best_of(ocr, 3, NULL, &tasks);
  printf("OCR text plan    %6.1f KB  %7.1f ms  (%zu tasks, diacritics repair, model built per import)\n",
         strlen(ocr) / 1024.0, u, tasks);
  nq_import_models *models = nq_import_models_new();
  u = best_of(ocr, 3, models, &tasks);
  printf("OCR text plan    %6.1f KB  %7.1f ms  (shared model, nq_import_models_new)\n", strlen(ocr) / 1024.0, u);
  nq_import_models_free(models);
  nq_buf_free(&clean);
  free(a);
  free(b);
  free(ocr);
  return 0;
}
