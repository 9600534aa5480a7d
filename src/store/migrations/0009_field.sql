-- 0009_field.sql: the field (lĩnh vực) of every task, one of the task groups
-- of Resolution 57-NQ/TW (src/core/field.h), for dashboards "by field".
-- Adds a column and an index.

-- Guessed from the title and body when a task is written (the store calls
-- nq_task_field); an official may override it (PATCH /api/tasks/:id).
ALTER TABLE tasks ADD COLUMN field TEXT;

-- Tasks written before this migration: the same guess, through the SQL
-- function every connection registers (nq_sqlite_register_field).
UPDATE tasks SET field = nq_task_field(title, body) WHERE field IS NULL;

-- tasks_status_facts (0008) with the field after the plan: the overviews
-- count by field from the index alone, and a plan's tasks of one field
-- (GET /api/tasks?plan_id=&field=) are one range of it.
CREATE INDEX tasks_field_facts ON tasks(plan_id, field, schedule_kind, start_date, due_date, done,
                                        done_date, percent, last_update_at);

-- The country's tasks of one field (GET /api/tasks?field= without a plan):
-- its count is a range of this 10 MB index (0.02 s) instead of a scan of
-- tasks_field_facts (0.9 s at 503,543 tasks).
CREATE INDEX tasks_field ON tasks(field);
