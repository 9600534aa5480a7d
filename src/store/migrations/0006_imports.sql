-- 0006_imports.sql: imported plan documents kept as drafts (src/http/api_imports.c,
-- src/store/sqlite_imports.c).
--
-- Adds only. An upload becomes a draft that an officer reviews beside the
-- text read from the document, corrects, and publishes as a plan. state:
-- processing (the importer, possibly OCR on a worker thread, is still
-- reading; page/pages report how far), ready (plan_json holds the plan JSON
-- to review), failed (error holds the Vietnamese reason), published
-- (plan_id names the plan created from it; the draft is kept as the record
-- of where the plan came from). version counts changes for If-Match.
-- Timestamps are UTC text 'YYYY-MM-DDTHH:MM:SSZ' as in 0001; JSON as TEXT.
CREATE TABLE import_drafts (
  id           INTEGER PRIMARY KEY,
  file_name    TEXT NOT NULL,
  media_type   TEXT,
  byte_count   INTEGER NOT NULL DEFAULT 0,
  state        TEXT NOT NULL DEFAULT 'processing'
               CHECK (state IN ('processing','ready','failed','published')),
  page         INTEGER NOT NULL DEFAULT 0,
  pages        INTEGER NOT NULL DEFAULT 0,
  source_text  TEXT,
  plan_json    TEXT,            -- current, as corrected by the reviewer
  imported_json TEXT,           -- as the importer read it, kept for the record
  error        TEXT,
  plan_id      INTEGER REFERENCES plans(id) ON DELETE SET NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_by_name TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX import_drafts_state ON import_drafts(state);
