/*
** import.c: the importer's entry points (import.h): size and encoding
** checks, format detection by content, and the text pipeline every format
** ends in (NFC, OCR repair when diacritics are missing, plan reader).
*/
#include "import/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "import/agencies.h"
#include "import/formats.h"
#include "import/plan_text.h"
#include "import/restore.h"
#include "util/buf.h"

static const nq_import_opts default_opts = {0};

struct nq_import_models {
  nq_restorer *restorer;
};

nq_import_models *nq_import_models_new(void) {
  nq_import_models *m = nq_xcalloc(1, sizeof *m);
  m->restorer = nq_restorer_new();
  return m;
}

void nq_import_models_free(nq_import_models *m) {
  if (!m) return;
  nq_restorer_free(m->restorer);
  free(m);
}

nq_code nq_import_text(const char *text, const char *source, const nq_import_opts *opts,
                       json_t **plan_out, nq_err *err) {
  if (!opts) opts = &default_opts;
  *plan_out = NULL;
  size_t len = strlen(text);
  if (!vn_valid_utf8(text, len))
    return nq_fail(err, NQ_EINVAL, "Văn bản không phải UTF-8 hợp lệ");
  /* normalise line ends and drop the BOM */
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3;
  nq_buf b = NQ_BUF_INIT;
  for (const char *p = text; *p; p++) {
    if (*p == '\r') {
      if (p[1] != '\n') nq_buf_putc(&b, '\n');
      continue;
    }
    if (*p == '\f') {
      nq_buf_putc(&b, '\n');
      continue;
    }
    nq_buf_putc(&b, *p);
  }
  char *nfc = vn_nfc(b.data ? b.data : "");
  nq_buf_free(&b);
  bool has_words = false;
  for (const char *p = nfc; *p && !has_words; p++) has_words = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
  if (!has_words) {
    free(nfc);
    return nq_fail(err, NQ_EUNPROCESSABLE, "Tài liệu không có nội dung văn bản để nhập");
  }
  if (nq_text_lacks_diacritics(nfc)) {
    nq_restorer *own = opts->models ? NULL : nq_restorer_new();
    char *fixed = nq_restore_text(opts->models ? opts->models->restorer : own, nfc);
    nq_restorer_free(own);
    free(nfc);
    nfc = fixed;
  }
  nq_agency_dir *dir = opts->agencies_md ? nq_agency_dir_parse(opts->agencies_md) : nq_agency_dir_default();
  *plan_out = nq_plan_from_text(nfc, source, dir);
  nq_agency_dir_free(dir);
  free(nfc);
  return NQ_OK;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Text that is not UTF-8: say which encoding it most likely is. */
static nq_code reject_encoding(const unsigned char *d, size_t len, nq_err *err) {
  if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
    return nq_fail(err, NQ_EUNSUPPORTED,
                   "Tệp được mã hóa UTF-16; hãy lưu lại dưới dạng UTF-8 rồi nhập lại");
  size_t zeros = 0;
  for (size_t i = 0; i < len && i < 4096; i++) zeros += d[i] == 0;
  if (zeros > 8)
    return nq_fail(err, NQ_EUNSUPPORTED,
                   "Tệp có vẻ được mã hóa UTF-16 hoặc là tệp nhị phân; hãy lưu lại dưới dạng văn bản UTF-8");
  return nq_fail(err, NQ_EUNSUPPORTED,
                 "Tệp không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3); "
                 "hãy chuyển sang UTF-8 (Unicode) rồi nhập lại");
}

nq_code nq_import_buffer(const void *data, size_t len, const char *filename_hint,
                         const nq_import_opts *opts, json_t **plan_out, nq_err *err) {
  if (!opts) opts = &default_opts;
  *plan_out = NULL;
  const unsigned char *d = data;
  const char *source = filename_hint ? base_name(filename_hint) : "";
  if (len == 0) return nq_fail(err, NQ_EINVAL, "Tệp rỗng, không có nội dung để nhập");
  size_t max = opts->max_bytes ? opts->max_bytes : NQ_IMPORT_MAX_BYTES;
  if (len > max)
    return nq_fail(err, NQ_ETOOBIG, "Tệp quá lớn (%zu byte); giới hạn là %zu byte (%zu MB)", len, max,
                   max / (1024u * 1024u));
  nq_format f = nq_format_detect(d, len);
  char *text = NULL;
  nq_code rc = NQ_OK;
  switch (f) {
  case NQ_FORMAT_DOCX: rc = nq_docx_text(d, len, &text, err); break;
  case NQ_FORMAT_PDF: rc = nq_pdf_text(d, len, opts, &text, err); break;
  case NQ_FORMAT_IMAGE: rc = nq_image_text(d, len, opts, &text, err); break;
  case NQ_FORMAT_ZIP: return nq_fail(err, NQ_EUNSUPPORTED, "Tệp nén ZIP không phải tài liệu DOCX");
  case NQ_FORMAT_TEXT:
    if (!vn_valid_utf8((const char *)d, len) || memchr(d, 0, len)) return reject_encoding(d, len, err);
    text = nq_xstrndup((const char *)d, len);
    break;
  }
  if (rc != NQ_OK) return rc;
  rc = nq_import_text(text, source, opts, plan_out, err);
  free(text);
  return rc;
}

nq_code nq_import_file(const char *path, const nq_import_opts *opts, json_t **plan_out, nq_err *err) {
  *plan_out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return nq_fail(err, NQ_EIO, "Không mở được tệp: %s", strerror(errno));
  nq_buf b = NQ_BUF_INIT;
  char chunk[65536];
  size_t n;
  size_t max = opts && opts->max_bytes ? opts->max_bytes : NQ_IMPORT_MAX_BYTES;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    nq_buf_append(&b, chunk, n);
    if (b.len > max) {
      fclose(f);
      nq_buf_free(&b);
      return nq_fail(err, NQ_ETOOBIG, "Tệp quá lớn; giới hạn là %zu byte (%zu MB)", max, max / (1024u * 1024u));
    }
  }
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    nq_buf_free(&b);
    return nq_fail(err, NQ_EIO, "Lỗi khi đọc tệp");
  }
  nq_code rc = nq_import_buffer(b.data ? b.data : "", b.len, path, opts, plan_out, err);
  nq_buf_free(&b);
  return rc;
}
