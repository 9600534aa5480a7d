-- 0007_admin.sql: administration of the agency directory over HTTP.
--
-- Adds only: a version on units, so two administrators editing the same
-- directory entry cannot overwrite each other (If-Match, as tasks and plans).
ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
