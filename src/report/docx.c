/*
** docx.c: the Decree 30/2020/NĐ-CP report layout written as WordprocessingML
** and zipped with libzip; see docx.h.
**
** Measures are in twentieths of a point (twips, 1 mm = 56.7) and font sizes
** in half-points, as WordprocessingML counts them. Decree 30, appendix I,
** fixes A4 paper, Times New Roman, margins top/bottom 20-25 mm, left 30-35
** mm, right 15-20 mm, and the sizes and styles of each element; the
** constants below pick values inside those ranges.
*/
#include "report/docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "report/report.h"

/* Page geometry (portrait A4 and the appendix's landscape A4). */
enum {
  PAGE_SHORT = 11906, PAGE_LONG = 16838,
  MARGIN_TOP = 1134, MARGIN_BOTTOM = 1134,  /* 20 mm */
  MARGIN_LEFT = 1701,                       /* 30 mm */
  MARGIN_RIGHT = 850,                       /* 15 mm */
  TEXT_WIDTH = PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT,
  TEXT_WIDTH_LANDSCAPE = PAGE_LONG - MARGIN_LEFT - MARGIN_RIGHT,
  FIRST_LINE_INDENT = 567                   /* 1 cm */
};

/* Font sizes in half-points. */
enum { SZ_BODY = 28, SZ_HEADER = 26, SZ_SMALL = 24, SZ_RECIPIENTS = 22 };

enum { R_BOLD = 1, R_ITALIC = 2, R_UNDERLINE = 4 };

void nq_xml_escape(nq_buf *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    switch (*p) {
    case '&': nq_buf_puts(out, "&amp;"); break;
    case '<': nq_buf_puts(out, "&lt;"); break;
    case '>': nq_buf_puts(out, "&gt;"); break;
    case '"': nq_buf_puts(out, "&quot;"); break;
    case '\'': nq_buf_puts(out, "&apos;"); break;
    default:
      /* XML 1.0 allows only tab, LF and CR below 0x20. */
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') break;
      nq_buf_putc(out, (char)*p);
    }
  }
}

/* ---- WordprocessingML fragments ----------------------------------------- */

static void rpr(nq_buf *b, int flags, int size) {
  nq_buf_puts(b, "<w:rPr>");
  if (flags & R_BOLD) nq_buf_puts(b, "<w:b/><w:bCs/>");
  if (flags & R_ITALIC) nq_buf_puts(b, "<w:i/><w:iCs/>");
  if (flags & R_UNDERLINE) nq_buf_puts(b, "<w:u w:val=\"single\"/>");
  nq_buf_printf(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr>", size, size);
}

/* One run; line breaks in text become <w:br/>, tabs <w:tab/>. */
static void run(nq_buf *b, const char *text, int flags, int size) {
  nq_buf_puts(b, "<w:r>");
  rpr(b, flags, size);
  const char *p = text ? text : "";
  for (;;) {
    size_t n = strcspn(p, "\n\t");
    if (n) {
      char *piece = nq_xstrndup(p, n);
      nq_buf_puts(b, "<w:t xml:space=\"preserve\">");
      nq_xml_escape(b, piece);
      nq_buf_puts(b, "</w:t>");
      free(piece);
    }
    if (!p[n]) break;
    nq_buf_puts(b, p[n] == '\n' ? "<w:br/>" : "<w:tab/>");
    p += n + 1;
  }
  nq_buf_puts(b, "</w:r>");
}

typedef struct pfmt {
  const char *align;  /* left, center, both, right */
  int first_line;     /* first-line indent */
  int before, after;  /* spacing in twips */
  int keep_next;
} pfmt;

static void p_open(nq_buf *b, const pfmt *f) {
  nq_buf_puts(b, "<w:p><w:pPr>");
  if (f->keep_next) nq_buf_puts(b, "<w:keepNext/>");
  nq_buf_printf(b, "<w:spacing w:before=\"%d\" w:after=\"%d\"/>", f->before, f->after);
  if (f->first_line) nq_buf_printf(b, "<w:ind w:firstLine=\"%d\"/>", f->first_line);
  nq_buf_printf(b, "<w:jc w:val=\"%s\"/></w:pPr>", f->align ? f->align : "left");
}

static void para(nq_buf *b, const pfmt *f, const char *text, int flags, int size) {
  p_open(b, f);
  run(b, text, flags, size);
  nq_buf_puts(b, "</w:p>");
}

static const pfmt P_CENTER = {"center", 0, 0, 0, 0};
static const pfmt P_BODY = {"both", FIRST_LINE_INDENT, 60, 60, 0};
static const pfmt P_HEADING = {"both", FIRST_LINE_INDENT, 120, 60, 1};

/* A short centred rule under a heading, drawn as the bottom border of an
** empty paragraph indented from both sides (Decree 30 asks for a line one
** third to one half the length of the text above it). */
static void rule(nq_buf *b, int indent) {
  nq_buf_printf(b,
    "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>"
    "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>"
    "<w:ind w:left=\"%d\" w:right=\"%d\"/><w:jc w:val=\"center\"/></w:pPr></w:p>", indent, indent);
}

static void empty_para(nq_buf *b, int size) {
  nq_buf_printf(b, "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/>"
                   "<w:rPr><w:sz w:val=\"%d\"/></w:rPr></w:pPr></w:p>", size);
}

static void table_open(nq_buf *b, const int *widths, int ncols, int borders) {
  int total = 0;
  for (int i = 0; i < ncols; i++) total += widths[i];
  nq_buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
                   "<w:tblLayout w:type=\"fixed\"/>", total);
  if (borders) {
    nq_buf_puts(b, "<w:tblBorders>");
    static const char *sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
    for (int i = 0; i < 6; i++)
      nq_buf_printf(b, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>", sides[i]);
    nq_buf_puts(b, "</w:tblBorders>");
  } else {
    nq_buf_puts(b, "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>"
                   "<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>"
                   "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>");
  }
  nq_buf_puts(b, "<w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/>"
                 "<w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
  for (int i = 0; i < ncols; i++) nq_buf_printf(b, "<w:gridCol w:w=\"%d\"/>", widths[i]);
  nq_buf_puts(b, "</w:tblGrid>");
}

static void cell_open(nq_buf *b, int width) {
  nq_buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", width);
}

/* A bordered data cell holding one paragraph. */
static void data_cell(nq_buf *b, int width, const char *align, const char *text, int flags) {
  cell_open(b, width);
  pfmt f = {align, 0, 20, 20, 0};
  para(b, &f, text, flags, SZ_SMALL);
  nq_buf_puts(b, "</w:tc>");
}

static void header_row(nq_buf *b, const int *widths, const char *const *titles, int ncols) {
  nq_buf_puts(b, "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
  for (int i = 0; i < ncols; i++) data_cell(b, widths[i], "center", titles[i], R_BOLD);
  nq_buf_puts(b, "</w:tr>");
}

/* ---- report parts -------------------------------------------------------- */

static const char *str(const json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  return s ? s : "";
}

static void section_properties(nq_buf *b, int landscape, int title_page) {
  nq_buf_puts(b, "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>");
  if (landscape)
    nq_buf_printf(b, "<w:pgSz w:w=\"%d\" w:h=\"%d\" w:orient=\"landscape\"/>", PAGE_LONG, PAGE_SHORT);
  else
    nq_buf_printf(b, "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>", PAGE_SHORT, PAGE_LONG);
  nq_buf_printf(b, "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
                   "w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>",
                MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
  /* Decree 30: page numbers from the second page on, so the first page
  ** takes the (absent) first-page header. */
  if (title_page) nq_buf_puts(b, "<w:titlePg/>");
  nq_buf_puts(b, "</w:sectPr>");
}

static nq_code write_heading_block(nq_buf *b, const json_t *r, nq_err *err) {
  static const int widths[] = {3755, TEXT_WIDTH - 3755};
  table_open(b, widths, 2, 0);
  nq_buf_puts(b, "<w:tr>");

  /* Left: the body above (regular caps), the issuing body (bold caps), a
  ** rule, then the number and symbol. */
  cell_open(b, widths[0]);
  const char *parent = str(r, "issuer_parent");
  if (*parent) para(b, &P_CENTER, parent, 0, SZ_SMALL);
  para(b, &P_CENTER, str(r, "issuer"), R_BOLD, SZ_SMALL);
  rule(b, 1100);
  empty_para(b, 12);
  nq_buf buf = NQ_BUF_INIT;
  const char *number = str(r, "number");
  nq_buf_printf(&buf, "Số: %s", *number ? number : "      /BC-");
  para(b, &P_CENTER, buf.data, 0, SZ_HEADER);
  nq_buf_puts(b, "</w:tc>");

  /* Right: national title, motto (underlined), place and date (italic). */
  cell_open(b, widths[1]);
  para(b, &P_CENTER, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", R_BOLD, SZ_SMALL);
  para(b, &P_CENTER, "Độc lập - Tự do - Hạnh phúc", R_BOLD | R_UNDERLINE, SZ_HEADER);
  empty_para(b, 12);
  nq_buf_reset(&buf);
  const char *place = str(r, "place");
  if (*place) nq_buf_printf(&buf, "%s, ", place);
  nq_code rc = nq_report_date_words(str(r, "date"), &buf, err);
  if (rc) {
    nq_buf_free(&buf);
    return rc;
  }
  pfmt date_fmt = {"center", 0, 60, 0, 0};
  para(b, &date_fmt, buf.data, R_ITALIC, SZ_BODY);
  nq_buf_free(&buf);
  nq_buf_puts(b, "</w:tc></w:tr></w:tbl>");
  return NQ_OK;
}

static void write_title(nq_buf *b, const json_t *r) {
  pfmt kind = {"center", 0, 360, 0, 1};
  para(b, &kind, "BÁO CÁO", R_BOLD, SZ_BODY);
  pfmt subject = {"center", 0, 0, 0, 1};
  para(b, &subject, str(r, "subject"), R_BOLD, SZ_BODY);
  rule(b, TEXT_WIDTH / 2 - 1100);
  empty_para(b, SZ_BODY);
}

/* Each line of a text is its own justified paragraph: a manual line break
** inside a justified paragraph would stretch the line before it. */
static void body_paragraphs(nq_buf *b, const char *text) {
  const char *p = text;
  for (;;) {
    size_t n = strcspn(p, "\n");
    char *line = nq_xstrndup(p, n);
    if (*line) para(b, &P_BODY, line, 0, SZ_BODY);
    free(line);
    if (!p[n]) break;
    p += n + 1;
  }
}

static void write_sections(nq_buf *b, const json_t *r) {
  static const struct {
    const char *key, *title;
  } sections[] = {
    {"results", "I. KẾT QUẢ THỰC HIỆN"},
    {"shortcomings", "II. TỒN TẠI, HẠN CHẾ"},
    {"difficulties", "III. KHÓ KHĂN, VƯỚNG MẮC"},
    {"proposals", "IV. KIẾN NGHỊ, ĐỀ XUẤT"},
    {"next", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"},
  };
  const json_t *all = json_object_get(r, "sections");
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
    para(b, &P_HEADING, sections[i].title, R_BOLD, SZ_BODY);
    const json_t *items = json_object_get(all, sections[i].key);
    size_t written = 0, k;
    const json_t *item;
    json_array_foreach(items, k, item) {
      if (json_is_string(item)) {
        body_paragraphs(b, json_string_value(item));
        written++;
      } else if (json_is_object(item) && json_is_string(json_object_get(item, "heading"))) {
        para(b, &P_HEADING, str(item, "heading"), R_BOLD, SZ_BODY);
        written++;
      }
    }
    if (!written) para(b, &P_BODY, "Không có.", 0, SZ_BODY);
  }
}

static void write_closing(nq_buf *b, const json_t *r) {
  static const int widths[] = {4535, TEXT_WIDTH - 4535};
  empty_para(b, SZ_BODY);
  table_open(b, widths, 2, 0);
  nq_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");

  cell_open(b, widths[0]);
  para(b, &P_CENTER, "", 0, SZ_SMALL);
  pfmt left = {"left", 0, 0, 0, 0};
  para(b, &left, "Nơi nhận:", R_BOLD | R_ITALIC, SZ_SMALL);
  const json_t *recipients = json_object_get(r, "recipients");
  size_t i;
  const json_t *to;
  json_array_foreach(recipients, i, to) {
    nq_buf line = NQ_BUF_INIT;
    nq_buf_printf(&line, "- %s", json_string_value(to) ? json_string_value(to) : "");
    para(b, &left, line.data, 0, SZ_RECIPIENTS);
    nq_buf_free(&line);
  }
  nq_buf_puts(b, "</w:tc>");

  cell_open(b, widths[1]);
  const json_t *signer = json_object_get(r, "signer");
  const char *authority = str(signer, "authority");
  if (*authority) para(b, &P_CENTER, authority, R_BOLD, SZ_BODY);
  para(b, &P_CENTER, str(signer, "title"), R_BOLD, SZ_BODY);
  /* Room for signature and seal. */
  for (int k = 0; k < 4; k++) empty_para(b, SZ_BODY);
  para(b, &P_CENTER, str(signer, "name"), R_BOLD, SZ_BODY);
  nq_buf_puts(b, "</w:tc></w:tr></w:tbl>");
}

static void cell_value(nq_buf *b, int width, const char *align, const json_t *v) {
  nq_buf text = NQ_BUF_INIT;
  nq_report_value_text(v, &text);
  data_cell(b, width, align, text.data ? text.data : "", 0);
  nq_buf_free(&text);
}

static void write_task_table(nq_buf *b, const json_t *tasks) {
  static const int widths[] = {680, 4300, 2300, 1300, 1050, 1700,
                               TEXT_WIDTH_LANDSCAPE - 680 - 4300 - 2300 - 1300 - 1050 - 1700};
  static const char *const titles[] = {"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn",
                                       "Tiến độ (%)", "Trạng thái", "Kết quả"};
  table_open(b, widths, 7, 1);
  header_row(b, widths, titles, 7);
  size_t i;
  const json_t *t;
  json_array_foreach(tasks, i, t) {
    char stt[32];
    snprintf(stt, sizeof stt, "%zu", i + 1);
    nq_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    data_cell(b, widths[0], "center", stt, 0);
    data_cell(b, widths[1], "both", str(t, "title"), 0);
    data_cell(b, widths[2], "left", str(t, "lead"), 0);
    data_cell(b, widths[3], "center", str(t, "due"), 0);
    cell_value(b, widths[4], "center", json_object_get(t, "percent"));
    data_cell(b, widths[5], "left", nq_report_status_label(str(t, "status")), 0);
    data_cell(b, widths[6], "both", str(t, "result"), 0);
    nq_buf_puts(b, "</w:tr>");
  }
  nq_buf_puts(b, "</w:tbl>");
}

static void write_indicator_table(nq_buf *b, const json_t *indicators) {
  static const int widths[] = {680, 5200, 1200, 1900, 1900,
                               TEXT_WIDTH_LANDSCAPE - 680 - 5200 - 1200 - 1900 - 1900};
  static const char *const titles[] = {"STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu",
                                       "Giá trị", "Đánh giá"};
  table_open(b, widths, 6, 1);
  header_row(b, widths, titles, 6);
  size_t i;
  const json_t *ind;
  json_array_foreach(indicators, i, ind) {
    char stt[32];
    snprintf(stt, sizeof stt, "%zu", i + 1);
    nq_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    data_cell(b, widths[0], "center", stt, 0);
    data_cell(b, widths[1], "both", str(ind, "name"), 0);
    data_cell(b, widths[2], "center", str(ind, "unit"), 0);
    cell_value(b, widths[3], "center", json_object_get(ind, "target"));
    cell_value(b, widths[4], "center", json_object_get(ind, "value"));
    data_cell(b, widths[5], "left", str(ind, "assessment"), 0);
    nq_buf_puts(b, "</w:tr>");
  }
  nq_buf_puts(b, "</w:tbl>");
}

/* Where the figures come from: the progress updates and indicator values
** the compilation read, by id (the XLSX lists them row by row). */
static void write_sources(nq_buf *b, const json_t *updates) {
  size_t n = json_array_size(updates);
  if (!n) return;
  nq_buf line = NQ_BUF_INIT;
  nq_buf_printf(&line, "Nguồn số liệu: %zu cập nhật của các đơn vị (mã: ", n);
  for (size_t i = 0; i < n && i < 40; i++)
    nq_buf_printf(&line, "%s%lld", i ? ", " : "", (long long)json_integer_value(json_array_get(updates, i)));
  nq_buf_puts(&line, n > 40 ? ", …)." : ").");
  pfmt note = {"both", 0, 120, 0, 0};
  para(b, &note, line.data, R_ITALIC, SZ_RECIPIENTS);
  nq_buf_free(&line);
}

static void write_appendix(nq_buf *b, const json_t *r) {
  pfmt title = {"center", 0, 0, 0, 1};
  para(b, &title, "PHỤ LỤC", R_BOLD, SZ_BODY);
  nq_buf line = NQ_BUF_INIT;
  const char *number = str(r, "number");
  nq_buf_printf(&line, "(Kèm theo Báo cáo số %s ", *number ? number : "      /BC-");
  if (nq_report_date_words(str(r, "date"), &line, NULL) != NQ_OK) nq_buf_puts(&line, "ngày … ");
  nq_buf_puts(&line, ")");
  para(b, &title, line.data, R_ITALIC, SZ_BODY);
  nq_buf_free(&line);

  pfmt heading = {"left", 0, 240, 120, 1};
  para(b, &heading, "I. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", R_BOLD, SZ_BODY);
  write_task_table(b, json_object_get(r, "tasks"));
  para(b, &heading, "II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", R_BOLD, SZ_BODY);
  write_indicator_table(b, json_object_get(r, "indicators"));
  write_sources(b, json_object_get(r, "updates"));
}

static nq_code document_xml(const json_t *r, nq_buf *b, nq_err *err) {
  nq_buf_puts(b,
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
  nq_code rc = write_heading_block(b, r, err);
  if (rc) return rc;
  write_title(b, r);
  write_sections(b, r);
  write_closing(b, r);
  /* The portrait part ends here: its section properties sit in the last
  ** paragraph, and the appendix starts a landscape section on a new page. */
  nq_buf_puts(b, "<w:p><w:pPr>");
  section_properties(b, 0, 1);
  nq_buf_puts(b, "</w:pPr></w:p>");
  write_appendix(b, r);
  section_properties(b, 1, 0);
  nq_buf_puts(b, "</w:body></w:document>");
  return NQ_OK;
}

static const char CONTENT_TYPES[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
  "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
  "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
  "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
  "</Types>";

static const char PACKAGE_RELS[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
  "</Relationships>";

static const char DOCUMENT_RELS[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
  "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
  "<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
  "</Relationships>";

/* Times New Roman everywhere (Decree 30), body 14 pt, Vietnamese proofing. */
static const char STYLES[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
  "<w:docDefaults><w:rPrDefault><w:rPr>"
  "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
  "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/>"
  "</w:rPr></w:rPrDefault>"
  "<w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"288\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
  "</w:docDefaults>"
  "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
  "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
  "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
  "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
  "</w:tblCellMar></w:tblPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/></w:style>"
  "</w:styles>";

static const char SETTINGS[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
  "<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
  "<w:themeFontLang w:val=\"vi-VN\"/></w:settings>";

/* Page number, centred at the top (Decree 30), 13 pt. */
static const char HEADER[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
  "<w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"center\"/></w:pPr>"
  "<w:fldSimple w:instr=\" PAGE \"><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>"
  "</w:p></w:hdr>";

static void core_xml(const json_t *r, nq_buf *b) {
  nq_buf_puts(b,
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
  nq_xml_escape(b, str(r, "subject"));
  nq_buf_puts(b, "</dc:title><dc:creator>");
  nq_xml_escape(b, str(r, "issuer"));
  nq_buf_puts(b, "</dc:creator><dc:language>vi-VN</dc:language>");
  const char *date = str(r, "date");
  if (strlen(date) == 10) {
    nq_buf_puts(b, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">");
    nq_xml_escape(b, date);
    nq_buf_puts(b, "T00:00:00Z</dcterms:created>");
  }
  nq_buf_puts(b, "</cp:coreProperties>");
}

static const char APP[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
  "<Application>nq57</Application></Properties>";

/* ---- packaging ----------------------------------------------------------- */

static nq_code add_part(zip_t *za, const char *name, const char *data, size_t len, nq_err *err) {
  /* The source copies nothing: data must outlive zip_close, which is why
  ** the caller keeps every generated part alive until then. */
  zip_source_t *src = zip_source_buffer(za, data, len, 0);
  if (!src || zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) < 0) {
    if (src) zip_source_free(src);
    return nq_fail(err, NQ_EINTERNAL, "DOCX: không thêm được %s: %s", name, zip_strerror(za));
  }
  return NQ_OK;
}

nq_code nq_docx_render(const json_t *report, nq_buf *out, nq_err *err) {
  json_t *r;
  nq_code rc = nq_report_normalise(report, &r, err);
  if (rc) return rc;

  nq_buf doc = NQ_BUF_INIT, core = NQ_BUF_INIT;
  rc = document_xml(r, &doc, err);
  if (rc) goto done;
  core_xml(r, &core);

  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!mem) {
    rc = nq_fail(err, NQ_EINTERNAL, "DOCX: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    goto done;
  }
  zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
  if (!za) {
    rc = nq_fail(err, NQ_EINTERNAL, "DOCX: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    zip_source_free(mem);
    goto done;
  }
  zip_error_fini(&ze);
  zip_source_keep(mem);  /* the archive owns one reference; keep ours to read it back */
  struct {
    const char *name, *data;
    size_t len;
  } parts[] = {
    {"[Content_Types].xml", CONTENT_TYPES, sizeof CONTENT_TYPES - 1},
    {"_rels/.rels", PACKAGE_RELS, sizeof PACKAGE_RELS - 1},
    {"word/document.xml", doc.data, doc.len},
    {"word/_rels/document.xml.rels", DOCUMENT_RELS, sizeof DOCUMENT_RELS - 1},
    {"word/styles.xml", STYLES, sizeof STYLES - 1},
    {"word/settings.xml", SETTINGS, sizeof SETTINGS - 1},
    {"word/header1.xml", HEADER, sizeof HEADER - 1},
    {"docProps/core.xml", core.data, core.len},
    {"docProps/app.xml", APP, sizeof APP - 1},
  };
  for (size_t i = 0; i < sizeof parts / sizeof parts[0] && !rc; i++)
    rc = add_part(za, parts[i].name, parts[i].data, parts[i].len, err);
  if (rc) {
    zip_discard(za);
    zip_source_free(mem);
    goto done;
  }
  if (zip_close(za) < 0) {
    rc = nq_fail(err, NQ_EINTERNAL, "DOCX: không đóng gói được: %s", zip_strerror(za));
    zip_discard(za);
    zip_source_free(mem);
    goto done;
  }

  zip_stat_t st;
  if (zip_source_open(mem) < 0 || zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
    rc = nq_fail(err, NQ_EINTERNAL, "DOCX: không đọc lại được gói");
    zip_source_free(mem);
    goto done;
  }
  char chunk[65536];
  zip_int64_t n;
  while ((n = zip_source_read(mem, chunk, sizeof chunk)) > 0) nq_buf_append(out, chunk, (size_t)n);
  if (n < 0) rc = nq_fail(err, NQ_EINTERNAL, "DOCX: không đọc lại được gói");
  zip_source_close(mem);
  zip_source_free(mem);

done:
  nq_buf_free(&doc);
  nq_buf_free(&core);
  json_decref(r);
  return rc;
}

nq_code nq_docx_write(const json_t *report, const char *path, nq_err *err) {
  nq_buf bytes = NQ_BUF_INIT;
  nq_code rc = nq_docx_render(report, &bytes, err);
  if (!rc) rc = nq_report_write_file(path, bytes.data, bytes.len, err);
  nq_buf_free(&bytes);
  return rc;
}
