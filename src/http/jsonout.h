/*
** jsonout.h: compact JSON text of a jansson value, appended to an nq_buf.
**
** Every API reply is serialised here rather than by json_dumps: jansson's
** dumper records each object and array it enters in a hash table (to detect
** reference cycles, which nq57 never builds) and grows its output from 16
** bytes, and that bookkeeping cost a fifth of a task list's CPU. The text is
** byte for byte what json_dumps(v, JSON_COMPACT) produces, except that reals
** are written in their shortest exact form (1.4 where jansson writes
** 1.3999999999999999); tests/http/test_jsonout.c holds it to both.
*/
#ifndef NQ_HTTP_JSONOUT_H
#define NQ_HTTP_JSONOUT_H

#include <jansson.h>

#include "util/buf.h"

/* Append v's compact JSON text to b. Strings are written as stored: jansson
** validated their UTF-8 when they were made. */
void nq_json_write(nq_buf *b, const json_t *v);

#endif
