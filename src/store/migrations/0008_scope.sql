-- 0008_scope.sql: indexes for the scope-wide dashboard (src/store/sqlite_scope.c):
-- the whole country's tasks in one pass, and each plan's latest period past
-- its deadline. Adds only indexes.

-- Every column a task's status depends on (core/status.h), so the overview
-- reads this index (about 60 bytes a task) and never the task rows with
-- their titles and bodies: 503,543 tasks in tens of MB instead of 1.7 GB.
CREATE INDEX tasks_status_facts ON tasks(plan_id, schedule_kind, start_date, due_date, done,
                                         done_date, percent, last_update_at);

-- "The current period" of a plan: the one whose deadline passed last.
CREATE INDEX report_periods_plan_due ON report_periods(plan_id, due_date, start_date);

-- The lead agencies of every task, without the support and oversight rows
-- (about half of task_units): a range of this index, not a full scan.
CREATE INDEX task_units_role ON task_units(role, unit_id, task_id);

-- The indicator board: each unit's values of one year in order, read from
-- the index alone (no sort, no table rows).
CREATE INDEX indicator_values_year ON indicator_values(year, indicator_id, unit_id, at, id,
                                                       value, value_text);
