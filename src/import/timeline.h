/*
** timeline.h: time phrases of tasks. Reads a phrase ("Trong tháng 7/2025",
** "2025-2030", "Thường xuyên, hằng năm", "sau khi có hướng dẫn …") into a
** schedule, and finds the time phrase inside a task's text when the
** document gives no "Thời gian thực hiện" line. Accent-insensitive, so it
** works on OCR text too.
*/
#ifndef NQ_IMPORT_TIMELINE_H
#define NQ_IMPORT_TIMELINE_H

#include <stdbool.h>
#include <jansson.h>

/* {"kind": ..., "start": ..., "due": ...} for a phrase (NULL: kind none). */
json_t *nq_timeline_schedule(const char *phrase);

/* Does the phrase say the work is already done ("đã hoàn thành")? */
bool nq_timeline_done(const char *phrase);

/* The time phrase that governs a task written as running text, as a
** malloc'd copy of the source words, or NULL. Frequency words count only
** when they govern an action ("thường xuyên kiểm tra", "… hàng năm;"), not
** when they qualify a noun ("kế hoạch 5 năm, hằng năm của tỉnh"). */
char *nq_timeline_find(const char *text);

#endif
