/* pdf.c: placeholder */
#include "import/formats.h"
nq_code nq_pdf_text(const unsigned char *d, size_t len, const nq_import_opts *opts, char **text, nq_err *err) {
  (void)d; (void)len; (void)opts; *text = NULL;
  return nq_fail(err, NQ_EUNSUPPORTED, "Chưa hỗ trợ PDF");
}
nq_code nq_image_text(const unsigned char *d, size_t len, const nq_import_opts *opts, char **text, nq_err *err) {
  (void)d; (void)len; (void)opts; *text = NULL;
  return nq_fail(err, NQ_EUNSUPPORTED, "Chưa hỗ trợ ảnh");
}
