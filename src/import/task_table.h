/*
** task_table.h: the reader of appendix task tables as OCR leaves them
** ("TT | Nhiệm vụ | Cơ quan chủ trì tham mưu | Đơn vị chủ trì | Thời gian"
** with '|' only sometimes printed, cells wrapped over several lines whose
** continuations interleave). Rows are rebuilt by principle: a row starts
** with its number (or, when OCR lost it, with a line that carries both an
** agency and a time phrase); agency and time fragments are told apart from
** task text with the agency directory and time words.
*/
#ifndef NQ_IMPORT_TASK_TABLE_H
#define NQ_IMPORT_TASK_TABLE_H

#include <jansson.h>

#include "import/agencies.h"

/* Rows of every such table in lines[0..n) ("" for a blank line), as
** {"code": "PL2.IV.3", "text", "lead": [...], "oversight": [...],
** "timeline": string or null}. Empty array when there is none. */
json_t *nq_task_table_read(const char *const *lines, int n, const nq_agency_dir *dir);

#endif
