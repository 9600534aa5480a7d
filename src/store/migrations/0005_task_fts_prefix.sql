-- 0005_task_fts_prefix.sql: prefix indexes for the task text search.
--
-- A search's last word is a prefix ("chuyen doi so" matches "số", "sở",
-- "soát", ...). Without a prefix index FTS5 merges the doclists of every
-- term starting with it before returning the first row: 25 ms for the first
-- page of "chuyển đổi số" over 500,000 tasks, 0.1 ms with one. Prefixes of
-- 1 to 3 characters are the ones with many terms; longer ones have few.
-- The table is an index over tasks (external content), rebuilt from them;
-- the tasks_fts_* triggers of 0001 keep writing to it by name.
DROP TABLE task_fts;
CREATE VIRTUAL TABLE task_fts USING fts5(search_key, content='tasks', content_rowid='id',
                                         prefix='1 2 3');
INSERT INTO task_fts(task_fts) VALUES ('rebuild');
