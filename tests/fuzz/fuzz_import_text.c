/*
** fuzz_import_text.c: libFuzzer harness for the importer's byte entry
** point: any input must give plan JSON or a clean error, never a crash,
** a leak or undefined behaviour. OCR is off so every run stays fast.
*/
#include <stddef.h>
#include <stdint.h>

#include "import/import.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The OCR model is built once for the whole run, as a server would. */
static nq_import_models *models;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  models = nq_import_models_new();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nq_import_opts opts = {0};
  opts.models = models;
  opts.no_ocr = 1;
  opts.max_bytes = 1u << 20;
  json_t *plan = NULL;
  nq_err err = {0};
  if (nq_import_buffer(data, size, "fuzz.txt", &opts, &plan, &err) == NQ_OK) json_decref(plan);
  return 0;
}
