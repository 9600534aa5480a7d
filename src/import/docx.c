/* docx.c: placeholder */
#include "import/formats.h"
nq_code nq_docx_text(const unsigned char *d, size_t len, char **text, nq_err *err) {
  (void)d; (void)len; *text = NULL;
  return nq_fail(err, NQ_EUNSUPPORTED, "Chưa hỗ trợ DOCX");
}
