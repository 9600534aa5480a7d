/*
** pdf.c: text of PDFs and scans (formats.h). A PDF with a text layer is
** read page by page with poppler; a PDF without one (a scan) is rendered
** at 300 dpi and read by tesseract with its Vietnamese model, as are PNG,
** JPEG and TIFF images. The progress callback hears about every page.
*/
#include "import/formats.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <poppler.h>
#include <tesseract/capi.h>

#include "util/buf.h"

#define OCR_DPI 300.0
#define MAX_PAGES 500

/* A page with fewer letters than this in its text layer is a scan. */
#define MIN_TEXT_PER_PAGE 40

static TessBaseAPI *ocr_open(nq_err *err) {
  TessBaseAPI *api = TessBaseAPICreate();
  if (!api) {
    nq_fail(err, NQ_EINTERNAL, "Không khởi tạo được bộ nhận dạng chữ (tesseract)");
    return NULL;
  }
  if (TessBaseAPIInit3(api, NULL, "vie") != 0) {
    TessBaseAPIDelete(api);
    nq_fail(err, NQ_EUNAVAILABLE,
            "Chưa cài dữ liệu tiếng Việt cho tesseract (gói tesseract-ocr-vie); không nhận dạng được ảnh quét");
    return NULL;
  }
  TessBaseAPISetPageSegMode(api, PSM_AUTO);
  return api;
}

static void ocr_append(TessBaseAPI *api, nq_buf *out) {
  char *t = TessBaseAPIGetUTF8Text(api);
  if (t) {
    nq_buf_puts(out, t);
    nq_buf_putc(out, '\n');
    TessDeleteText(t);
  }
}

static int letters_in(const char *s) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p >= 0xC3) n++;
  return n;
}

/* Render a page to a grey image for tesseract. */
static nq_code ocr_page(TessBaseAPI *api, PopplerPage *page, nq_buf *out, nq_err *err) {
  double w, h;
  poppler_page_get_size(page, &w, &h);
  double scale = OCR_DPI / 72.0;
  int pw = (int)(w * scale), ph = (int)(h * scale);
  if (pw <= 0 || ph <= 0 || pw > 20000 || ph > 20000)
    return nq_fail(err, NQ_EINVAL, "Trang PDF có kích thước không hợp lệ");
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    return nq_fail(err, NQ_ENOMEM, "Không đủ bộ nhớ để dựng trang PDF");
  }
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  poppler_page_render_for_printing(page, cr);
  cairo_destroy(cr);
  cairo_surface_flush(surf);
  TessBaseAPISetImage(api, cairo_image_surface_get_data(surf), pw, ph, 4,
                      cairo_image_surface_get_stride(surf));
  TessBaseAPISetSourceResolution(api, (int)OCR_DPI);
  ocr_append(api, out);
  cairo_surface_destroy(surf);
  return NQ_OK;
}

nq_code nq_pdf_text(const unsigned char *d, size_t len, const nq_import_opts *opts, char **text,
                    nq_err *err) {
  *text = NULL;
  GBytes *bytes = g_bytes_new(d, len);
  GError *gerr = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
  g_bytes_unref(bytes);
  if (!doc) {
    bool locked = gerr && gerr->code == POPPLER_ERROR_ENCRYPTED;
    if (gerr) g_error_free(gerr);
    return locked ? nq_fail(err, NQ_EUNSUPPORTED, "Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại")
                  : nq_fail(err, NQ_EINVAL, "Tệp PDF bị hỏng hoặc không đầy đủ");
  }
  int pages = poppler_document_get_n_pages(doc);
  if (pages <= 0) {
    g_object_unref(doc);
    return nq_fail(err, NQ_EINVAL, "Tệp PDF không có trang nào");
  }
  if (pages > MAX_PAGES) {
    g_object_unref(doc);
    return nq_fail(err, NQ_ETOOBIG, "Tệp PDF có %d trang, vượt giới hạn %d trang", pages, MAX_PAGES);
  }
  nq_buf out = NQ_BUF_INIT;
  /* the text layer first; a document whose layer is (nearly) empty is a scan */
  int letters = 0;
  for (int i = 0; i < pages; i++) {
    PopplerPage *page = poppler_document_get_page(doc, i);
    if (!page) continue;
    char *t = poppler_page_get_text(page);
    if (t) {
      letters += letters_in(t);
      nq_buf_puts(&out, t);
      nq_buf_putc(&out, '\n');
      g_free(t);
    }
    g_object_unref(page);
  }
  nq_code rc = NQ_OK;
  if (letters < MIN_TEXT_PER_PAGE * pages) {
    nq_buf_reset(&out);
    if (opts && opts->no_ocr) {
      rc = nq_fail(err, NQ_EUNSUPPORTED, "Tệp PDF là bản quét (không có lớp chữ) và nhận dạng ảnh đang tắt");
    } else {
      TessBaseAPI *api = ocr_open(err);
      if (!api) rc = err ? err->code : NQ_EUNAVAILABLE;
      for (int i = 0; api && i < pages && rc == NQ_OK; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) continue;
        rc = ocr_page(api, page, &out, err);
        g_object_unref(page);
        if (rc == NQ_OK && opts && opts->progress && opts->progress(opts->progress_ctx, i + 1, pages))
          rc = nq_fail(err, NQ_EUNAVAILABLE, "Đã hủy việc nhập tài liệu");
      }
      if (api) {
        TessBaseAPIEnd(api);
        TessBaseAPIDelete(api);
      }
    }
  } else if (opts && opts->progress) {
    opts->progress(opts->progress_ctx, pages, pages);
  }
  g_object_unref(doc);
  if (rc != NQ_OK) {
    nq_buf_free(&out);
    return rc;
  }
  nq_buf_putc(&out, 0);
  *text = nq_buf_detach(&out);
  return NQ_OK;
}

nq_code nq_image_text(const unsigned char *d, size_t len, const nq_import_opts *opts, char **text,
                      nq_err *err) {
  *text = NULL;
  if (opts && opts->no_ocr) return nq_fail(err, NQ_EUNSUPPORTED, "Tệp là ảnh quét và nhận dạng ảnh đang tắt");
  setMsgSeverity(L_SEVERITY_NONE);
  PIX *pix = pixReadMem(d, len);
  if (!pix) return nq_fail(err, NQ_EINVAL, "Tệp ảnh bị hỏng hoặc không đầy đủ");
  if (pixGetWidth(pix) > 20000 || pixGetHeight(pix) > 20000) {
    pixDestroy(&pix);
    return nq_fail(err, NQ_ETOOBIG, "Ảnh quét quá lớn");
  }
  TessBaseAPI *api = ocr_open(err);
  if (!api) {
    pixDestroy(&pix);
    return err ? err->code : NQ_EUNAVAILABLE;
  }
  TessBaseAPISetImage2(api, pix);
  if (pixGetXRes(pix) <= 0) TessBaseAPISetSourceResolution(api, (int)OCR_DPI);
  nq_buf out = NQ_BUF_INIT;
  ocr_append(api, &out);
  TessBaseAPIEnd(api);
  TessBaseAPIDelete(api);
  pixDestroy(&pix);
  if (opts && opts->progress) opts->progress(opts->progress_ctx, 1, 1);
  nq_buf_putc(&out, 0);
  *text = nq_buf_detach(&out);
  return NQ_OK;
}
