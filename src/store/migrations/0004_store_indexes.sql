-- 0004_store_indexes.sql: indexes the store's queries need at national scale
-- (~500,000 tasks), found with EXPLAIN QUERY PLAN on generated data.

-- Status filters "overdue" / "done_*" across the country: a covering range
-- scan per schedule kind instead of visiting every task due before a date.
CREATE INDEX tasks_done_kind_due ON tasks(done, schedule_kind, due_date);
