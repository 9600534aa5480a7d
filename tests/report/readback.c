/* readback.c: reopen generated DOCX/XLSX files for tests; see readback.h. */
#include "readback.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

char *rb_zip_entry(const char *zip_path, const char *name, size_t *len) {
  int zerr;
  zip_t *za = zip_open(zip_path, ZIP_RDONLY, &zerr);
  if (!za) return NULL;
  zip_stat_t st;
  char *data = NULL;
  if (zip_stat(za, name, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
    zip_file_t *zf = zip_fopen(za, name, 0);
    if (zf) {
      data = malloc(st.size + 1);
      zip_int64_t n = zip_fread(zf, data, st.size);
      if (n != (zip_int64_t)st.size) {
        free(data);
        data = NULL;
      } else {
        data[st.size] = '\0';
        if (len) *len = st.size;
      }
      zip_fclose(zf);
    }
  }
  zip_close(za);
  return data;
}

xmlDocPtr rb_zip_xml(const char *zip_path, const char *name) {
  size_t len;
  char *data = rb_zip_entry(zip_path, name, &len);
  if (!data) return NULL;
  xmlDocPtr doc = xmlReadMemory(data, (int)len, name, "UTF-8", XML_PARSE_NONET);
  free(data);
  return doc;
}

static int is(xmlNodePtr n, const char *local) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static void collect_text(xmlNodePtr n, json_t *acc_holder) {
  /* acc_holder is a one-element array holding the string being built, so
  ** recursion can append without a separate buffer type. */
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const char *add = NULL;
    xmlChar *content = NULL;
    if (is(c, "t")) add = (const char *)(content = xmlNodeGetContent(c));
    else if (is(c, "br")) add = "\n";
    else if (is(c, "tab")) add = "\t";
    else collect_text(c, acc_holder);
    if (add) {
      const char *prev = json_string_value(json_array_get(acc_holder, 0));
      size_t a = strlen(prev), b = strlen(add);
      char *joined = malloc(a + b + 1);
      memcpy(joined, prev, a);
      memcpy(joined + a, add, b + 1);
      json_array_set_new(acc_holder, 0, json_string(joined));
      free(joined);
    }
    xmlFree(content);
  }
}

static json_t *para_text(xmlNodePtr p) {
  json_t *holder = json_pack("[s]", "");
  collect_text(p, holder);
  json_t *s = json_incref(json_array_get(holder, 0));
  json_decref(holder);
  return s;
}

static void walk_paragraphs(xmlNodePtr n, json_t *out, int into_tables) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (is(c, "p")) json_array_append_new(out, para_text(c));
    else if (is(c, "tbl") && !into_tables) continue;
    else if (c->type == XML_ELEMENT_NODE) walk_paragraphs(c, out, into_tables);
  }
}

static xmlNodePtr body(xmlDocPtr doc) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
    if (is(c, "body")) return c;
  return NULL;
}

json_t *rb_docx_paragraphs(xmlDocPtr doc) {
  json_t *out = json_array();
  if (body(doc)) walk_paragraphs(body(doc), out, 0);
  return out;
}

json_t *rb_docx_all_paragraphs(xmlDocPtr doc) {
  json_t *out = json_array();
  if (body(doc)) walk_paragraphs(body(doc), out, 1);
  return out;
}

static void walk_tables(xmlNodePtr n, json_t *out) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (!is(c, "tbl")) {
      if (c->type == XML_ELEMENT_NODE) walk_tables(c, out);
      continue;
    }
    json_t *rows = json_array();
    for (xmlNodePtr tr = c->children; tr; tr = tr->next) {
      if (!is(tr, "tr")) continue;
      json_t *cells = json_array();
      for (xmlNodePtr tc = tr->children; tc; tc = tc->next) {
        if (!is(tc, "tc")) continue;
        json_t *paras = json_array();
        walk_paragraphs(tc, paras, 1);
        /* A cell's text: its non-empty paragraphs joined by newlines. */
        size_t total = 1, i;
        json_t *p;
        json_array_foreach(paras, i, p) total += strlen(json_string_value(p)) + 1;
        char *text = calloc(1, total);
        json_array_foreach(paras, i, p) {
          if (!*json_string_value(p)) continue;
          if (*text) strcat(text, "\n");
          strcat(text, json_string_value(p));
        }
        json_array_append_new(cells, json_string(text));
        free(text);
        json_decref(paras);
      }
      json_array_append_new(rows, cells);
    }
    json_array_append_new(out, rows);
  }
}

json_t *rb_docx_tables(xmlDocPtr doc) {
  json_t *out = json_array();
  if (body(doc)) walk_tables(body(doc), out);
  return out;
}

static json_t *shared_strings(const char *xlsx_path) {
  json_t *out = json_array();
  xmlDocPtr doc = rb_zip_xml(xlsx_path, "xl/sharedStrings.xml");
  if (!doc) return out;
  for (xmlNodePtr si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
    if (!is(si, "si")) continue;
    xmlChar *text = xmlNodeGetContent(si);
    json_array_append_new(out, json_string((const char *)text));
    xmlFree(text);
  }
  xmlFreeDoc(doc);
  return out;
}

/* libxlsxwriter stores the n-th sheet of workbook.xml as sheet<n>.xml. */
static int sheet_number(const char *xlsx_path, const char *name) {
  xmlDocPtr doc = rb_zip_xml(xlsx_path, "xl/workbook.xml");
  if (!doc) return 0;
  int found = 0, k = 0;
  for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c && !found; c = c->next) {
    if (!is(c, "sheets")) continue;
    for (xmlNodePtr s = c->children; s; s = s->next) {
      if (!is(s, "sheet")) continue;
      k++;
      xmlChar *n = xmlGetProp(s, (const xmlChar *)"name");
      if (n && strcmp((const char *)n, name) == 0) found = k;
      xmlFree(n);
      if (found) break;
    }
  }
  xmlFreeDoc(doc);
  return found;
}

static void cell_pos(const char *ref, int *row, int *col) {
  int c = 0;
  while (*ref >= 'A' && *ref <= 'Z') c = c * 26 + (*ref++ - 'A' + 1);
  *col = c - 1;
  *row = atoi(ref) - 1;
}

json_t *rb_xlsx_sheet(const char *xlsx_path, const char *name) {
  int n = sheet_number(xlsx_path, name);
  if (!n) return NULL;
  char part[64];
  snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", n);
  xmlDocPtr doc = rb_zip_xml(xlsx_path, part);
  if (!doc) return NULL;
  json_t *strings = shared_strings(xlsx_path);
  json_t *rows = json_array();
  for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c; c = c->next) {
    if (!is(c, "sheetData")) continue;
    for (xmlNodePtr r = c->children; r; r = r->next) {
      if (!is(r, "row")) continue;
      for (xmlNodePtr cell = r->children; cell; cell = cell->next) {
        if (!is(cell, "c")) continue;
        xmlChar *ref = xmlGetProp(cell, (const xmlChar *)"r");
        xmlChar *type = xmlGetProp(cell, (const xmlChar *)"t");
        xmlChar *v = NULL;
        for (xmlNodePtr k = cell->children; k; k = k->next)
          if (is(k, "v") || is(k, "is")) v = xmlNodeGetContent(k);
        int row, col;
        cell_pos((const char *)ref, &row, &col);
        while ((int)json_array_size(rows) <= row) json_array_append_new(rows, json_array());
        json_t *cells = json_array_get(rows, (size_t)row);
        while ((int)json_array_size(cells) <= col) json_array_append_new(cells, json_null());
        json_t *value = json_null();
        if (v && type && strcmp((const char *)type, "s") == 0)
          value = json_incref(json_array_get(strings, (size_t)atoi((const char *)v)));
        else if (v && type)
          value = json_string((const char *)v);
        else if (v)
          value = json_real(strtod((const char *)v, NULL));
        json_array_set_new(cells, (size_t)col, value ? value : json_null());
        xmlFree(ref);
        xmlFree(type);
        xmlFree(v);
      }
    }
  }
  json_decref(strings);
  xmlFreeDoc(doc);
  return rows;
}

json_t *rb_source_json(const char *relpath) {
  const char *root = getenv("NQ57_SOURCE_ROOT");
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", root ? root : ".", relpath);
  json_error_t e;
  json_t *j = json_load_file(path, 0, &e);
  if (!j) fprintf(stderr, "%s:%d: %s\n", path, e.line, e.text);
  return j;
}

char *rb_tempdir(void) {
  const char *base = getenv("TMPDIR");
  char tmpl[4096];
  snprintf(tmpl, sizeof tmpl, "%s/nq57-test-XXXXXX", base && *base ? base : "/tmp");
  char *dir = mkdtemp(tmpl);
  return dir ? strdup(dir) : NULL;
}
