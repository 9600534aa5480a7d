/*
** readback.h: test helpers that reopen generated DOCX/XLSX files the way an
** independent reader would (libzip + libxml2), so tests check what a user
** gets rather than what the writer meant to write.
*/
#ifndef NQ_TEST_READBACK_H
#define NQ_TEST_READBACK_H

#include <jansson.h>
#include <libxml/tree.h>
#include <stddef.h>

/* A member of a zip archive as a NUL-terminated string, or NULL. */
char *rb_zip_entry(const char *zip_path, const char *name, size_t *len);

/* Parse a member as XML (NULL when missing or malformed). */
xmlDocPtr rb_zip_xml(const char *zip_path, const char *name);

/* DOCX: the text of every body paragraph outside tables, in order, with
** <w:br/> as "\n": ["CỘNG HÒA ...", ...]. */
json_t *rb_docx_paragraphs(xmlDocPtr doc);
/* DOCX: every table as rows of cell texts: [[["STT","Nhiệm vụ",..],..],..]. */
json_t *rb_docx_tables(xmlDocPtr doc);
/* DOCX: every paragraph including those in tables. */
json_t *rb_docx_all_paragraphs(xmlDocPtr doc);

/* XLSX: the sheet named name as rows of cell values (strings resolved,
** numbers as reals, empty cells null): [[...], ...], row 1 first. */
json_t *rb_xlsx_sheet(const char *xlsx_path, const char *name);

/* Load a JSON file under $NQ57_SOURCE_ROOT. */
json_t *rb_source_json(const char *relpath);

/* A fresh empty temporary directory (caller frees the string). */
char *rb_tempdir(void);

#endif
