/*
** status.c: task status and early warnings (see status.h for the rules).
*/
#include "core/status.h"

#include <stdio.h>
#include <string.h>

static const char *const names[NQ_STATUS_COUNT] = {
  "not_started", "in_progress", "at_risk", "overdue", "done_on_time", "done_late"};
static const char *const labels[NQ_STATUS_COUNT] = {
  "Chưa triển khai", "Đang thực hiện", "Có nguy cơ chậm", "Quá hạn",
  "Hoàn thành đúng hạn", "Hoàn thành quá hạn"};

const char *nq_status_name(nq_status s) {
  return (unsigned)s < NQ_STATUS_COUNT ? names[s] : names[0];
}

const char *nq_status_label(nq_status s) {
  return (unsigned)s < NQ_STATUS_COUNT ? labels[s] : labels[0];
}

nq_code nq_status_from_name(const char *name, nq_status *out, nq_err *err) {
  for (int s = 0; name && s < NQ_STATUS_COUNT; s++)
    if (strcmp(name, names[s]) == 0) {
      *out = (nq_status)s;
      return NQ_OK;
    }
  return nq_fail(err, NQ_EINVAL, "trạng thái không hợp lệ: \"%.40s\"", name ? name : "(null)");
}

bool nq_status_is_done(nq_status s) {
  return s == NQ_STATUS_DONE_ON_TIME || s == NQ_STATUS_DONE_LATE;
}

nq_warn_opts nq_warn_defaults(void) {
  return (nq_warn_opts){.behind_points = 20, .stale_periods = 2,
                        .update_every = NQ_PERIOD_MONTH, .due_soon_days = 30,
                        .due_soon_percent = 50};
}

const char *nq_warn_code_name(nq_warn_code code) {
  switch (code) {
  case NQ_WARN_BEHIND_SCHEDULE: return "behind_schedule";
  case NQ_WARN_NO_RECENT_UPDATE: return "no_recent_update";
  default: return "due_soon_low_progress";
  }
}

static bool has_deadline(const nq_schedule *s) {
  return (s->kind == NQ_SCHED_ONCE || s->kind == NQ_SCHED_RANGE) && !nq_date_is_none(s->due);
}

static nq_date task_start(const nq_task_facts *f) {
  return nq_date_is_none(f->schedule.start) ? f->plan_start : f->schedule.start;
}

double nq_task_elapsed(const nq_task_facts *f, nq_date today) {
  nq_date start = task_start(f);
  if (!has_deadline(&f->schedule) || nq_date_is_none(start)) return -1;
  long span = nq_date_diff(start, f->schedule.due);
  if (span <= 0) return -1;
  long gone = nq_date_diff(start, today);
  if (gone <= 0) return 0;
  return gone >= span ? 1.0 : (double)gone / (double)span;
}

static int months_per_period(nq_period_kind k) {
  switch (k) {
  case NQ_PERIOD_QUARTER: return 3;
  case NQ_PERIOD_HALF: return 6;
  case NQ_PERIOD_NINE_MONTHS: return 9;
  case NQ_PERIOD_YEAR: return 12;
  default: return 1;
  }
}

static const char *period_word(nq_period_kind k) {
  static const char *const words[] = {"tháng", "quý", "6 tháng", "9 tháng", "năm", "tháng"};
  return (unsigned)k < NQ_PERIOD_KINDS ? words[k] : "tháng";
}

size_t nq_task_warnings(const nq_task_facts *f, nq_date today, const nq_warn_opts *opts,
                        nq_warning out[NQ_WARN_MAX]) {
  nq_warn_opts o = opts ? *opts : nq_warn_defaults();
  size_t n = 0;
  int percent = f->percent < 0 ? 0 : f->percent;
  char buf[NQ_DATE_ISO_LEN];
  if (f->done) return 0;

  double elapsed = nq_task_elapsed(f, today);
  if (elapsed >= 0 && elapsed < 1) {
    int expected = (int)(elapsed * 100 + 0.5);
    if (expected - percent > o.behind_points) {
      out[n].code = NQ_WARN_BEHIND_SCHEDULE;
      snprintf(out[n].message, sizeof out[n].message,
               "Tiến độ đạt %d%% trong khi đã qua %d%% thời gian thực hiện (chậm %d điểm "
               "phần trăm, ngưỡng cảnh báo %d).",
               percent, expected, expected - percent, o.behind_points);
      n++;
    }
  }

  /* Counted from the last update, or from the start for a task never updated;
  ** a conditional task never updated may simply be waiting for its event. */
  nq_date since = f->last_update;
  if (nq_date_is_none(since) && f->schedule.kind != NQ_SCHED_CONDITIONAL) since = task_start(f);
  if (!nq_date_is_none(since) && o.stale_periods > 0) {
    nq_date limit = nq_date_add_months(since, o.stale_periods * months_per_period(o.update_every));
    if (nq_date_cmp(today, limit) > 0) {
      out[n].code = NQ_WARN_NO_RECENT_UPDATE;
      if (nq_date_is_none(f->last_update))
        snprintf(out[n].message, sizeof out[n].message,
                 "Chưa có báo cáo tiến độ nào từ khi bắt đầu (%s), đã quá %d kỳ báo cáo %s.",
                 nq_date_format_vn(since, buf), o.stale_periods, period_word(o.update_every));
      else
        snprintf(out[n].message, sizeof out[n].message,
                 "Không cập nhật tiến độ từ ngày %s, đã quá %d kỳ báo cáo %s.",
                 nq_date_format_vn(since, buf), o.stale_periods, period_word(o.update_every));
      n++;
    }
  }

  if (has_deadline(&f->schedule)) {
    long left = nq_date_diff(today, f->schedule.due);
    if (left >= 0 && left <= o.due_soon_days && percent < o.due_soon_percent) {
      out[n].code = NQ_WARN_DUE_SOON_LOW_PROGRESS;
      snprintf(out[n].message, sizeof out[n].message,
               "Còn %ld ngày đến hạn %s nhưng tiến độ mới đạt %d%%.", left,
               nq_date_format_vn(f->schedule.due, buf), percent);
      n++;
    }
  }
  return n;
}

nq_status nq_task_status(const nq_task_facts *f, nq_date today, const nq_warn_opts *opts) {
  const nq_schedule *s = &f->schedule;
  if (f->done) {
    if (!has_deadline(s) || nq_date_is_none(f->done_on) || nq_date_cmp(f->done_on, s->due) <= 0)
      return NQ_STATUS_DONE_ON_TIME;
    return NQ_STATUS_DONE_LATE;
  }
  if (has_deadline(s) && nq_date_cmp(today, s->due) > 0) return NQ_STATUS_OVERDUE;
  if (s->kind == NQ_SCHED_RANGE && nq_date_cmp(today, s->start) < 0) return NQ_STATUS_NOT_STARTED;
  nq_warning w[NQ_WARN_MAX];
  if (nq_task_warnings(f, today, opts, w) > 0) return NQ_STATUS_AT_RISK;
  if (f->percent > 0 || !nq_date_is_none(f->last_update)) return NQ_STATUS_IN_PROGRESS;
  return NQ_STATUS_NOT_STARTED;
}

nq_status nq_status_in_period(const nq_period *p, bool reported, nq_date reported_on,
                              nq_date today) {
  if (reported)
    return nq_date_is_none(reported_on) || nq_date_cmp(reported_on, p->due) <= 0
             ? NQ_STATUS_DONE_ON_TIME : NQ_STATUS_DONE_LATE;
  if (nq_date_is_none(p->due)) return NQ_STATUS_IN_PROGRESS;   /* ad hoc: no deadline */
  if (nq_date_cmp(today, p->start) < 0) return NQ_STATUS_NOT_STARTED;
  if (nq_date_cmp(today, p->due) > 0) return NQ_STATUS_AT_RISK;
  return NQ_STATUS_IN_PROGRESS;
}
