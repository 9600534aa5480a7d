/*
** fuzz_import_text.c: libFuzzer harness for the importer's byte entry
** point: any input must give plan JSON or a clean error, never a crash,
** a leak or undefined behaviour. OCR is off so every run stays fast.
*/
#include <stddef.h>
#include <stdint.h>

#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nq_import_opts opts = {0};
  opts.no_ocr = 1;
  opts.max_bytes = 1u << 20;
  json_t *plan = NULL;
  nq_err err = {0};
  if (nq_import_buffer(data, size, "fuzz.txt", &opts, &plan, &err) == NQ_OK) json_decref(plan);
  return 0;
}
