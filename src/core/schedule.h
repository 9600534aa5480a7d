/*
** schedule.h: when a task is due, read from the time phrase of a plan
** ("Thời gian thực hiện": "Trong tháng 7/2025", "Quý IV năm 2025",
** "Giai đoạn 2026 - 2030", "Thường xuyên, hằng năm", "Sau khi có hướng dẫn
** của Trung ương" ...). The parser is accent-insensitive, so OCR text that
** lost its diacritics reads the same as the clean text.
**
** Rules (docs/spec/plan-json.md, docs/core.md):
**   - a year alone is due on 31/12 (and starts on 1/1 when it opens a range);
**     a month is due on its last day, a quarter on its last day;
**   - two years or dates joined by "-", "đến" ("từ ... đến ...",
**     "giai đoạn ...") make a range;
**   - a concrete date wins over a condition ("Trong tháng 7/2025 ... và khi
**     có chỉ đạo ..." is once, due 31/7/2025);
**   - a frequency word (thường xuyên, hằng năm, định kỳ ...) makes the task
**     recurring; dates with it only bound the recurrence;
**   - "sau khi ...", "khi có ..." without a date make it conditional.
*/
#ifndef NQ_SCHEDULE_H
#define NQ_SCHEDULE_H

#include <stdbool.h>
#include "core/date.h"
#include "util/err.h"

typedef enum nq_sched_kind {
  NQ_SCHED_NONE = 0,
  NQ_SCHED_ONCE,          /* one deadline: due */
  NQ_SCHED_RANGE,         /* start .. due */
  NQ_SCHED_RECURRING,     /* repeats; start/due optionally bound it */
  NQ_SCHED_CONDITIONAL    /* starts after an event; no date */
} nq_sched_kind;

/* How often a recurring task repeats; most specific word wins
** ("Thường xuyên, hằng năm" is yearly). */
typedef enum nq_freq {
  NQ_FREQ_NONE = 0,
  NQ_FREQ_CONTINUOUS,     /* thường xuyên */
  NQ_FREQ_PERIODIC,       /* định kỳ (no period named), đột xuất */
  NQ_FREQ_WEEKLY,
  NQ_FREQ_MONTHLY,
  NQ_FREQ_QUARTERLY,
  NQ_FREQ_YEARLY
} nq_freq;

typedef struct nq_schedule {
  nq_sched_kind kind;
  nq_date start;          /* NQ_DATE_NONE unless a range (or bounded recurrence) */
  nq_date due;            /* NQ_DATE_NONE for none/conditional/unbounded recurring */
  nq_freq every;          /* recurring only */
  int anchor_month;       /* recurring: "trước ngày 15/11" gives 11 and 15; */
  int anchor_day;         /*   0 when the phrase names no day */
} nq_schedule;

/* Reads a time phrase (UTF-8, any normal form; NULL or "" gives none). */
nq_schedule nq_schedule_parse(const char *phrase);

/* True when the phrase says the work is already done ("nội dung đã hoàn
** thành", OCR "da hoan thanh"), false for "chưa hoàn thành". */
bool nq_phrase_says_done(const char *phrase);

/* Stable ids as in plan JSON: "none", "once", "range", "recurring", "conditional". */
const char *nq_sched_kind_name(nq_sched_kind kind);
nq_code nq_sched_kind_from_name(const char *name, nq_sched_kind *out, nq_err *err);
/* "none", "continuous", "periodic", "weekly", "monthly", "quarterly", "yearly". */
const char *nq_freq_name(nq_freq every);

#endif
