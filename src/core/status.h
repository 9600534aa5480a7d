/*
** status.h: where a task stands on a given day, and why it may miss its
** deadline. Pure: the caller passes the facts (schedule, progress reports)
** and "today".
**
** Statuses (system.md "Leaders see the truth at a glance"):
**   done_on_time  done, and done no later than the due date (or no due date)
**   done_late     done after the due date
**   overdue       not done and the due date has passed (once/range only:
**                 recurring and conditional tasks are never overdue; a
**                 recurring task is assessed per period, nq_status_in_period)
**   at_risk       not done, not overdue, and at least one early warning
**   in_progress   some progress or an update, no warning
**   not_started   nothing reported yet (or a range not yet begun)
**
** Early warnings (each a stable code plus a Vietnamese sentence):
**   behind_schedule        percent complete trails the share of time elapsed
**                          between start and due by more than behind_points
**   no_recent_update       no update for stale_periods reporting periods
**   due_soon_low_progress  due within due_soon_days, percent < due_soon_percent
*/
#ifndef NQ_STATUS_H
#define NQ_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"
#include "core/period.h"
#include "core/schedule.h"
#include "util/err.h"

typedef enum nq_status {
  NQ_STATUS_NOT_STARTED = 0,
  NQ_STATUS_IN_PROGRESS,
  NQ_STATUS_AT_RISK,
  NQ_STATUS_OVERDUE,
  NQ_STATUS_DONE_ON_TIME,
  NQ_STATUS_DONE_LATE
} nq_status;

#define NQ_STATUS_COUNT 6

/* "not_started", "in_progress", "at_risk", "overdue", "done_on_time", "done_late" */
const char *nq_status_name(nq_status s);
/* "Chưa triển khai", "Đang thực hiện", "Có nguy cơ chậm", "Quá hạn",
** "Hoàn thành đúng hạn", "Hoàn thành quá hạn" */
const char *nq_status_label(nq_status s);
nq_code nq_status_from_name(const char *name, nq_status *out, nq_err *err);
bool nq_status_is_done(nq_status s);

typedef struct nq_task_facts {
  nq_schedule schedule;
  bool done;
  nq_date done_on;         /* NQ_DATE_NONE: unknown, counted as on time */
  int percent;             /* 0..100; -1 when never reported */
  nq_date last_update;     /* NQ_DATE_NONE: never updated */
  nq_date plan_start;      /* when the plan took effect; start of a "once" task */
} nq_task_facts;

typedef struct nq_warn_opts {
  int behind_points;             /* default 20 percentage points */
  int stale_periods;             /* default 2 */
  nq_period_kind update_every;   /* default month: the plan's reporting period */
  int due_soon_days;             /* default 30 */
  int due_soon_percent;          /* default 50 */
} nq_warn_opts;

nq_warn_opts nq_warn_defaults(void);

typedef enum nq_warn_code {
  NQ_WARN_BEHIND_SCHEDULE = 0,
  NQ_WARN_NO_RECENT_UPDATE,
  NQ_WARN_DUE_SOON_LOW_PROGRESS
} nq_warn_code;

#define NQ_WARN_MAX 3

typedef struct nq_warning {
  nq_warn_code code;
  char message[256];       /* Vietnamese, NFC, one sentence */
} nq_warning;

const char *nq_warn_code_name(nq_warn_code code);

/* Share of the time from start (schedule start, else plan start) to due
** that has elapsed at today, 0..1; -1 when the task has no such span. */
double nq_task_elapsed(const nq_task_facts *f, nq_date today);

/* Early warnings for a task that is not done; writes up to NQ_WARN_MAX into
** out and returns the count. opts NULL means nq_warn_defaults(). */
size_t nq_task_warnings(const nq_task_facts *f, nq_date today, const nq_warn_opts *opts,
                        nq_warning out[NQ_WARN_MAX]);

nq_status nq_task_status(const nq_task_facts *f, nq_date today, const nq_warn_opts *opts);

/* One period of a recurring task: done when its report came in (on time if
** by the period's due date), at_risk when the due date passed without one
** (never overdue), in_progress while the period runs, not_started before. */
nq_status nq_status_in_period(const nq_period *p, bool reported, nq_date reported_on,
                              nq_date today);

#endif
