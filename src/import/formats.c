/*
** formats.c: format detection by magic bytes (formats.h).
*/
#include "import/formats.h"

#include <string.h>

nq_format nq_format_detect(const unsigned char *d, size_t len) {
  if (len >= 5 && !memcmp(d, "%PDF-", 5)) return NQ_FORMAT_PDF;
  if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return NQ_FORMAT_IMAGE;
  if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return NQ_FORMAT_IMAGE;
  if (len >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4))) return NQ_FORMAT_IMAGE;
  if (len >= 4 && !memcmp(d, "PK\x03\x04", 4)) {
    /* a DOCX names word/document.xml in its directory */
    for (size_t i = 0; i + 17 <= len; i++)
      if (!memcmp(d + i, "word/document.xml", 17)) return NQ_FORMAT_DOCX;
    return NQ_FORMAT_ZIP;
  }
  return NQ_FORMAT_TEXT;
}
