/*
** docx.c: text of a DOCX (formats.h): one line per paragraph, list
** numbers written out from numbering.xml ("1.", "1.1.", "a)", "-"), bold
** paragraphs marked as headings ("**…**"), table rows as cells joined by
** " | ". The archive is read from memory with libzip, the XML with
** libxml2 without network or entity expansion.
*/
#include "import/formats.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "util/buf.h"

/* An XML part larger than this is refused (a zip bomb would say otherwise). */
#define DOCX_MAX_PART (64u * 1024u * 1024u)

static nq_code read_part(zip_t *z, const char *name, char **out, size_t *len, nq_err *err) {
  *out = NULL;
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) != 0) return NQ_ENOTFOUND;
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > DOCX_MAX_PART)
    return nq_fail(err, NQ_ETOOBIG, "Tệp DOCX có phần %s quá lớn", name);
  zip_file_t *f = zip_fopen(z, name, 0);
  if (!f) return nq_fail(err, NQ_EINVAL, "Tệp DOCX bị hỏng: không đọc được %s", name);
  char *buf = nq_xmalloc((size_t)st.size + 1);
  zip_int64_t got = zip_fread(f, buf, st.size);
  zip_fclose(f);
  if (got < 0 || (zip_uint64_t)got != st.size) {
    free(buf);
    return nq_fail(err, NQ_EINVAL, "Tệp DOCX bị hỏng hoặc không đầy đủ (%s)", name);
  }
  buf[st.size] = 0;
  *out = buf;
  *len = (size_t)st.size;
  return NQ_OK;
}

static bool is_w(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const char *wattr(const xmlNode *n, const char *name) {
  for (xmlAttr *a = n->properties; a; a = a->next)
    if (!strcmp((const char *)a->name, name) && a->children && a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is_w(c, name)) return c;
  return NULL;
}

/* ------------------------------------------------------------ numbering */

#define MAX_LEVELS 9

typedef struct abstract_num {
  int id;
  char fmt[MAX_LEVELS][16];    /* decimal, lowerLetter, bullet, ... */
  char text[MAX_LEVELS][32];   /* "%1.", "%1.%2.", "%1)", "-" */
} abstract_num;

typedef struct num_map {
  int num_id, abstract_id;
  int counter[MAX_LEVELS];
} num_map;

typedef struct numbering {
  abstract_num *abs;
  int nabs;
  num_map *nums;
  int nnums;
} numbering;

static void numbering_load(numbering *nb, const char *xml, size_t len) {
  memset(nb, 0, sizeof *nb);
  xmlDoc *doc = xmlReadMemory(xml, (int)len, "numbering.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return;
  for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
    if (is_w(n, "abstractNum")) {
      nb->abs = nq_xrealloc(nb->abs, (size_t)(nb->nabs + 1) * sizeof *nb->abs);
      abstract_num *a = &nb->abs[nb->nabs++];
      memset(a, 0, sizeof *a);
      const char *id = wattr(n, "abstractNumId");
      a->id = id ? atoi(id) : -1;
      for (xmlNode *l = n->children; l; l = l->next) {
        if (!is_w(l, "lvl")) continue;
        const char *il = wattr(l, "ilvl");
        int k = il ? atoi(il) : 0;
        if (k < 0 || k >= MAX_LEVELS) continue;
        const xmlNode *f = child(l, "numFmt"), *t = child(l, "lvlText");
        if (f && wattr(f, "val")) snprintf(a->fmt[k], sizeof a->fmt[k], "%s", wattr(f, "val"));
        if (t && wattr(t, "val")) snprintf(a->text[k], sizeof a->text[k], "%s", wattr(t, "val"));
      }
    } else if (is_w(n, "num")) {
      const xmlNode *an = child(n, "abstractNumId");
      const char *id = wattr(n, "numId");
      if (!an || !id || !wattr(an, "val")) continue;
      nb->nums = nq_xrealloc(nb->nums, (size_t)(nb->nnums + 1) * sizeof *nb->nums);
      num_map *m = &nb->nums[nb->nnums++];
      memset(m, 0, sizeof *m);
      m->num_id = atoi(id);
      m->abstract_id = atoi(wattr(an, "val"));
    }
  }
  xmlFreeDoc(doc);
}

static void numbering_free(numbering *nb) {
  free(nb->abs);
  free(nb->nums);
}

static void format_counter(const char *fmt, int v, nq_buf *b) {
  static const char *const romans[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                       "XI", "XII", "XIII", "XIV", "XV"};
  if (!strcmp(fmt, "lowerLetter") && v >= 1 && v <= 26) {
    /* Vietnamese lists run a, b, c, d, đ, e … */
    static const char *const vn[] = {"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n",
                                     "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
    nq_buf_puts(b, v <= 23 ? vn[v - 1] : "z");
  } else if (!strcmp(fmt, "upperLetter") && v >= 1 && v <= 26) {
    nq_buf_putc(b, (char)('A' + v - 1));
  } else if (!strcmp(fmt, "upperRoman") && v >= 1 && v <= 15) {
    nq_buf_puts(b, romans[v - 1]);
  } else {
    nq_buf_printf(b, "%d", v);
  }
}

/* The list marker of a paragraph, advancing the counters. */
static void list_marker(numbering *nb, int num_id, int lvl, nq_buf *out) {
  if (lvl < 0 || lvl >= MAX_LEVELS) return;
  num_map *m = NULL;
  for (int i = 0; i < nb->nnums; i++)
    if (nb->nums[i].num_id == num_id) m = &nb->nums[i];
  if (!m) return;
  abstract_num *a = NULL;
  for (int i = 0; i < nb->nabs; i++)
    if (nb->abs[i].id == m->abstract_id) a = &nb->abs[i];
  if (!a) return;
  m->counter[lvl]++;
  for (int k = lvl + 1; k < MAX_LEVELS; k++) m->counter[k] = 0;
  if (!strcmp(a->fmt[lvl], "bullet") || !strcmp(a->fmt[lvl], "none")) {
    nq_buf_puts(out, "- ");
    return;
  }
  for (const char *p = a->text[lvl]; *p; p++) {
    if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
      int k = p[1] - '1';
      format_counter(a->fmt[k], m->counter[k] ? m->counter[k] : 1, out);
      p++;
    } else {
      nq_buf_putc(out, *p);
    }
  }
  nq_buf_putc(out, ' ');
}

/* ------------------------------------------------------------ body */

typedef struct walk {
  numbering nb;
  nq_buf out;
} walk;

/* Text of runs under n; counts characters and bold characters. */
static void runs_text(const xmlNode *n, nq_buf *b, size_t *chars, size_t *bold) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, "r")) {
      const xmlNode *rpr = child(c, "rPr");
      const xmlNode *bn = child(rpr, "b");
      bool is_bold = bn && (!wattr(bn, "val") || strcmp(wattr(bn, "val"), "0"));
      for (const xmlNode *t = c->children; t; t = t->next) {
        if (is_w(t, "t")) {
          xmlChar *s = xmlNodeGetContent(t);
          if (s) {
            size_t l = strlen((const char *)s);
            nq_buf_puts(b, (const char *)s);
            *chars += l;
            if (is_bold) *bold += l;
            xmlFree(s);
          }
        } else if (is_w(t, "tab") || is_w(t, "br") || is_w(t, "cr")) {
          nq_buf_putc(b, ' ');
        }
      }
    } else if (is_w(c, "hyperlink") || is_w(c, "ins") || is_w(c, "smartTag") || is_w(c, "sdt") ||
               is_w(c, "sdtContent") || is_w(c, "fldSimple")) {
      runs_text(c, b, chars, bold);
    }
  }
}

static void paragraph(walk *w, const xmlNode *p, nq_buf *into, bool in_table) {
  nq_buf text = NQ_BUF_INIT;
  const xmlNode *ppr = child(p, "pPr");
  const xmlNode *numpr = child(ppr, "numPr");
  if (numpr && !in_table) {
    const xmlNode *il = child(numpr, "ilvl"), *id = child(numpr, "numId");
    int lvl = il && wattr(il, "val") ? atoi(wattr(il, "val")) : 0;
    int num = id && wattr(id, "val") ? atoi(wattr(id, "val")) : -1;
    if (num > 0) list_marker(&w->nb, num, lvl, &text);
  }
  size_t chars = 0, bold = 0;
  size_t marker = text.len;
  runs_text(p, &text, &chars, &bold);
  if (text.len > marker) {
    bool heading = !in_table && chars > 0 && bold * 10 >= chars * 9;
    if (heading) nq_buf_puts(into, "**");
    nq_buf_append(into, text.data, text.len);
    if (heading) nq_buf_puts(into, "**");
  }
  nq_buf_free(&text);
}

static void table(walk *w, const xmlNode *tbl) {
  for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
    if (!is_w(tr, "tr")) continue;
    nq_buf row = NQ_BUF_INIT;
    bool first = true;
    for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
      if (!is_w(tc, "tc")) continue;
      if (!first) nq_buf_puts(&row, " | ");
      first = false;
      bool firstp = true;
      for (const xmlNode *p = tc->children; p; p = p->next)
        if (is_w(p, "p")) {
          if (!firstp) nq_buf_putc(&row, ' ');
          firstp = false;
          paragraph(w, p, &row, true);
        }
    }
    if (row.len) {
      nq_buf_append(&w->out, row.data, row.len);
      nq_buf_putc(&w->out, '\n');
    }
    nq_buf_free(&row);
  }
}

static void body(walk *w, const xmlNode *n) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (is_w(c, "p")) {
      paragraph(w, c, &w->out, false);
      nq_buf_putc(&w->out, '\n');
    } else if (is_w(c, "tbl")) {
      table(w, c);
    } else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")) {
      body(w, c);
    }
  }
}

nq_code nq_docx_text(const unsigned char *d, size_t len, char **text, nq_err *err) {
  *text = NULL;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(d, len, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    return nq_fail(err, NQ_EINVAL, "Không đọc được tệp DOCX");
  }
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!z) {
    zip_source_free(src);
    zip_error_fini(&ze);
    return nq_fail(err, NQ_EINVAL, "Tệp DOCX bị hỏng hoặc không đầy đủ (không mở được gói ZIP)");
  }
  zip_error_fini(&ze);
  char *xml = NULL;
  size_t xlen = 0;
  nq_code rc = read_part(z, "word/document.xml", &xml, &xlen, err);
  if (rc == NQ_ENOTFOUND) rc = nq_fail(err, NQ_EINVAL, "Tệp DOCX thiếu phần nội dung word/document.xml");
  walk w;
  memset(&w, 0, sizeof w);
  if (rc == NQ_OK) {
    char *nxml = NULL;
    size_t nlen = 0;
    nq_err ignore = {0};
    if (read_part(z, "word/numbering.xml", &nxml, &nlen, &ignore) == NQ_OK) numbering_load(&w.nb, nxml, nlen);
    free(nxml);
    xmlDoc *doc = xmlReadMemory(xml, (int)xlen, "document.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
      rc = nq_fail(err, NQ_EINVAL, "Tệp DOCX bị hỏng: nội dung XML không hợp lệ");
    } else {
      const xmlNode *root = xmlDocGetRootElement(doc);
      const xmlNode *b = child(root, "body");
      if (b) body(&w, b);
      xmlFreeDoc(doc);
      nq_buf_putc(&w.out, 0);
      *text = nq_buf_detach(&w.out);
    }
  }
  free(xml);
  numbering_free(&w.nb);
  nq_buf_free(&w.out);
  zip_close(z);
  return rc;
}
