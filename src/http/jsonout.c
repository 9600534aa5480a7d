/*
** jsonout.c: compact JSON text of a jansson value (see jsonout.h for why
** nq57 does not use json_dumps on the reply path).
*/
#include "http/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes a JSON string cannot hold as they are: the quote, the backslash
** and the control characters. Everything else, UTF-8 included, is copied. */
static int needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

static void write_string(nq_buf *b, const char *s, size_t n) {
  nq_buf_putc(b, '"');
  size_t run = 0; /* start of the bytes not yet copied */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!needs_escape(c)) continue;
    nq_buf_append(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': nq_buf_append(b, "\\\"", 2); break;
    case '\\': nq_buf_append(b, "\\\\", 2); break;
    case '\b': nq_buf_append(b, "\\b", 2); break;
    case '\f': nq_buf_append(b, "\\f", 2); break;
    case '\n': nq_buf_append(b, "\\n", 2); break;
    case '\r': nq_buf_append(b, "\\r", 2); break;
    case '\t': nq_buf_append(b, "\\t", 2); break;
    default: nq_buf_printf(b, "\\u%04X", c); break;
    }
  }
  nq_buf_append(b, s + run, n - run);
  nq_buf_putc(b, '"');
}

/* Integers are most of a reply's numbers: formatted without printf. */
static void write_integer(nq_buf *b, json_int_t v) {
  char text[24];
  char *p = text + sizeof text;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  nq_buf_append(b, p, (size_t)(text + sizeof text - p));
}

/* The shortest text that reads back as the same double (1.4, not
** jansson's 1.3999999999999999: officials read these figures), then
** jansson's shape: ".0" when it would read as an integer, no '+' or leading
** zeros in the exponent. */
static void write_real(nq_buf *b, double v) {
  char text[64];
  int n = -1;
  for (int precision = 15; precision <= 17; precision++) {
    n = snprintf(text, sizeof text - 3, "%.*g", precision, v);
    if (n < 0 || (size_t)n >= sizeof text - 3) {
      nq_buf_puts(b, "null");
      return;
    }
    if (strtod(text, NULL) == v) break;
  }
  if (!strchr(text, '.') && !strchr(text, 'e')) {
    memcpy(text + n, ".0", 3);
    n += 2;
  }
  char *e = strchr(text, 'e');
  if (e) {
    char *start = e + 1, *end = e + 2; /* after the 'e', after its sign */
    if (*start == '-') start++;
    while (*end == '0') end++;
    if (end != start) memmove(start, end, strlen(end) + 1);
  }
  nq_buf_puts(b, text);
}

void nq_json_write(nq_buf *b, const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: {
    nq_buf_putc(b, '{');
    const char *key;
    json_t *member;
    size_t i = 0;
    json_object_foreach((json_t *)v, key, member) {
      if (i++) nq_buf_putc(b, ',');
      write_string(b, key, strlen(key));
      nq_buf_putc(b, ':');
      nq_json_write(b, member);
    }
    nq_buf_putc(b, '}');
    break;
  }
  case JSON_ARRAY: {
    nq_buf_putc(b, '[');
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
      if (i) nq_buf_putc(b, ',');
      nq_json_write(b, json_array_get(v, i));
    }
    nq_buf_putc(b, ']');
    break;
  }
  case JSON_STRING:
    write_string(b, json_string_value(v), json_string_length(v));
    break;
  case JSON_INTEGER: write_integer(b, json_integer_value(v)); break;
  case JSON_REAL: write_real(b, json_real_value(v)); break;
  case JSON_TRUE: nq_buf_puts(b, "true"); break;
  case JSON_FALSE: nq_buf_puts(b, "false"); break;
  case JSON_NULL: nq_buf_puts(b, "null"); break;
  }
}
