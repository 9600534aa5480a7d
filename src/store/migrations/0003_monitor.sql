-- 0003_monitor.sql: periodic reporting and evaluation (src/monitor).
--
-- Adds only: reporting periods generated from each plan's regime (or
-- requested ad hoc), the contents of a unit's report (one item per task,
-- indicator values, free sections), every state change of a report, the
-- aggregator's compilations, plan amendments as versions, scorecard weights,
-- and who heads each unit. Same conventions as 0001_init.sql: ISO dates and
-- UTC timestamps as TEXT, JSON as TEXT, portable SQL.
--
-- unit_reports (0001) stays the report's header. Its state keeps 0001's four
-- values; approval by the unit's head is approved_at/approved_by, because
-- an approved draft is still a draft until the head sends it.
--
-- Traceability: when a report is submitted each item becomes a row of
-- progress_updates (and each value a row of indicator_values) carrying the
-- report id, and the item keeps that update's id, so any figure compiled
-- from accepted reports names the updates it came from.

-- ---- who answers for a unit ----------------------------------------------

-- The head (người đứng đầu) or acting head of a unit: the only person who
-- approves and sends its reports.
CREATE TABLE unit_heads (
  unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  acting      INTEGER NOT NULL DEFAULT 0 CHECK (acting IN (0,1)),
  since       TEXT NOT NULL,
  PRIMARY KEY (unit_id, user_id)
);
CREATE INDEX unit_heads_user ON unit_heads(user_id);

-- The body that receives, returns, accepts and compiles the plan's reports
-- (cơ quan thường trực / tổng hợp), often not the issuer.
ALTER TABLE plans ADD COLUMN aggregator_unit_id INTEGER REFERENCES units(id);

-- ---- periods ---------------------------------------------------------------

CREATE TABLE report_periods (
  id            INTEGER PRIMARY KEY,
  plan_id       INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL
                CHECK (kind IN ('month','quarter','half','nine_months','year','adhoc')),
  code          TEXT NOT NULL,   -- "2025-07", "2025-Q3", "2025-H1", "2025-9M", "2025", "2025-AH3"
  title         TEXT NOT NULL,   -- "Quý III/2025"
  start_date    TEXT NOT NULL,
  end_date      TEXT NOT NULL,
  cut_from      TEXT,            -- data cut-off window (Decree 09 Art. 12)
  cut_to        TEXT,
  due_date      TEXT NOT NULL,
  request       TEXT,            -- ad hoc: what is asked for
  requested_by  INTEGER REFERENCES units(id),
  created_at    TEXT NOT NULL,
  UNIQUE (plan_id, code)
);
CREATE INDEX report_periods_plan ON report_periods(plan_id, start_date);
CREATE INDEX report_periods_due ON report_periods(due_date);

-- ---- a unit's report -------------------------------------------------------

ALTER TABLE unit_reports ADD COLUMN period_id INTEGER REFERENCES report_periods(id);
ALTER TABLE unit_reports ADD COLUMN approved_at TEXT;
ALTER TABLE unit_reports ADD COLUMN approved_by INTEGER REFERENCES users(id);
ALTER TABLE unit_reports ADD COLUMN return_comment TEXT;
-- Timeliness is judged on the first submission: a report returned for
-- correction and sent again is not late for that.
ALTER TABLE unit_reports ADD COLUMN first_submitted_at TEXT;
ALTER TABLE unit_reports ADD COLUMN submit_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX unit_reports_period ON unit_reports(period_id, unit_id);

CREATE TABLE report_items (
  id            INTEGER PRIMARY KEY,
  report_id     INTEGER NOT NULL REFERENCES unit_reports(id) ON DELETE CASCADE,
  task_id       INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  status        TEXT,            -- not_started, in_progress, done, ... as the unit states it
  percent       INTEGER CHECK (percent BETWEEN 0 AND 100),
  results       TEXT,
  evidence      TEXT,            -- JSON array: [{"kind":"document","ref":"12/QĐ-UBND","title":..},
                                 --              {"kind":"attachment","ref":"<id>"}, {"kind":"link","ref":URL}]
  difficulties  TEXT,
  proposals     TEXT,
  update_id     INTEGER REFERENCES progress_updates(id),
  UNIQUE (report_id, task_id)
);
CREATE INDEX report_items_task ON report_items(task_id);

CREATE TABLE report_indicator_values (
  id            INTEGER PRIMARY KEY,
  report_id     INTEGER NOT NULL REFERENCES unit_reports(id) ON DELETE CASCADE,
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  value         REAL,
  value_text    TEXT,
  source        TEXT,
  note          TEXT,
  value_id      INTEGER REFERENCES indicator_values(id),
  UNIQUE (report_id, indicator_id)
);
CREATE INDEX report_indicator_values_ind ON report_indicator_values(indicator_id);

-- Free text of the report's sections (Decree 30 body, see src/report).
CREATE TABLE report_sections (
  report_id  INTEGER NOT NULL REFERENCES unit_reports(id) ON DELETE CASCADE,
  section    TEXT NOT NULL
             CHECK (section IN ('results','shortcomings','difficulties','proposals','next')),
  body       TEXT NOT NULL,
  PRIMARY KEY (report_id, section)
);

-- Every step of the flow: create, save, approve, submit, accept, return.
CREATE TABLE report_events (
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES unit_reports(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  action      TEXT NOT NULL
              CHECK (action IN ('create','save','approve','submit','accept','return')),
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  user_id     INTEGER,
  user_name   TEXT,
  comment     TEXT
);
CREATE INDEX report_events_report ON report_events(report_id, at);
CREATE INDEX report_events_user ON report_events(user_id, at);

ALTER TABLE progress_updates ADD COLUMN report_id INTEGER REFERENCES unit_reports(id);
ALTER TABLE progress_updates ADD COLUMN evidence TEXT;
CREATE INDEX progress_report ON progress_updates(report_id);
ALTER TABLE indicator_values ADD COLUMN report_id INTEGER REFERENCES unit_reports(id);
CREATE INDEX indicator_values_report ON indicator_values(report_id);

-- The aggregator's compilation of a plan for a period, frozen as JSON with
-- the update ids behind each figure; recompiling adds a row.
CREATE TABLE compilations (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  period_id   INTEGER NOT NULL REFERENCES report_periods(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  figures     TEXT NOT NULL
);
CREATE INDEX compilations_period ON compilations(period_id, at);

-- ---- plan amendments and evaluation ------------------------------------------

-- A change to a published plan (reassign a task, split it, add tasks, move
-- a deadline, adjust a target): who, when, why, and the change itself.
-- version is the plan's version after the change (plans.version).
CREATE TABLE plan_amendments (
  id            INTEGER PRIMARY KEY,
  plan_id       INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL,
  at            TEXT NOT NULL,
  user_id       INTEGER,
  user_name     TEXT,
  kind          TEXT NOT NULL
                CHECK (kind IN ('reassign','split','add_task','deadline','target','other')),
  task_id       INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
  indicator_id  INTEGER REFERENCES indicators(id) ON DELETE SET NULL,
  reason        TEXT NOT NULL,
  document      TEXT,            -- number of the decision that amends the plan, if any
  before_json   TEXT,
  after_json    TEXT
);
CREATE INDEX plan_amendments_plan ON plan_amendments(plan_id, version);
CREATE INDEX plan_amendments_task ON plan_amendments(task_id);

-- Scorecards count every unit's tasks due in a year: this index covers that
-- scan (due date, done, done date) without touching the table.
CREATE INDEX tasks_due_done ON tasks(due_date, done, done_date);

-- Scorecard weights and class thresholds per plan and year (JSON read by
-- nq_score_weights_from_json); absent: the defaults.
CREATE TABLE scorecard_weights (
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  year        INTEGER NOT NULL,
  weights     TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (plan_id, year)
);
