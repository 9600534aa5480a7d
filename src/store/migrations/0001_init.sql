-- 0001_init.sql: the base schema of nq57 (see docs/schema.md).
--
-- Portable SQL: INTEGER ids, TEXT for ISO dates ('YYYY-MM-DD') and UTC
-- timestamps ('YYYY-MM-DDTHH:MM:SSZ'), INTEGER 0/1 for booleans, TEXT for
-- JSON. The one SQLite-only object is the task_fts full-text index at the end;
-- a PostgreSQL backend indexes tasks.search_key with pg_trgm instead.
--
-- Every *_key column holds text folded by vn_search_key() (lower case, no
-- diacritics, đ -> d, punctuation -> single spaces), computed by the
-- application: SQLite's unicode61 tokenizer does not fold đ, so matching is
-- done on our own folded text. sort_key holds vn_sort_key() bytes so that
-- ORDER BY sort_key is Vietnamese dictionary order without a collation.
--
-- The migration runner records each applied file in schema_migrations.

CREATE TABLE schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  applied_at  TEXT NOT NULL
);

-- ---- agency directory ---------------------------------------------------

CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  parent_id   INTEGER REFERENCES units(id),
  kind        TEXT NOT NULL CHECK (kind IN ('party','state','ward','collective','proposed')),
  level       TEXT NOT NULL CHECK (level IN ('central','province','ward')),
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  sort_key    BLOB NOT NULL,
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','proposed')),
  created_at  TEXT NOT NULL
);
CREATE INDEX units_name_key ON units(name_key);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_sort ON units(sort_key);

CREATE TABLE unit_aliases (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  alias       TEXT NOT NULL,
  alias_key   TEXT NOT NULL
);
CREATE INDEX unit_aliases_key ON unit_aliases(alias_key);
CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id);

-- ---- people -------------------------------------------------------------

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  login          TEXT NOT NULL UNIQUE,
  full_name      TEXT NOT NULL DEFAULT '',
  password_hash  TEXT NOT NULL DEFAULT '',
  role           TEXT NOT NULL DEFAULT 'viewer',
  unit_id        INTEGER REFERENCES units(id),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at     TEXT NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

-- ---- plans --------------------------------------------------------------

CREATE TABLE plans (
  id              INTEGER PRIMARY KEY,
  kind            TEXT,
  number          TEXT,
  issuer          TEXT,
  issuer_unit_id  INTEGER REFERENCES units(id),
  place           TEXT,
  date            TEXT,
  title           TEXT,
  source          TEXT,
  extra           TEXT,          -- JSON object: plan-JSON top-level keys nq57 does not model (notes ...)
  status          TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft','published')),
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX plans_number ON plans(number, issuer);
CREATE INDEX plans_issuer_unit ON plans(issuer_unit_id);

-- implements/references by document number; target_plan_id once that plan
-- is in the database, which links the cascade central -> province -> ward.
CREATE TABLE plan_links (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  relation        TEXT NOT NULL CHECK (relation IN ('implements','references')),
  ordinal         INTEGER NOT NULL,
  doc_number      TEXT NOT NULL,
  target_plan_id  INTEGER REFERENCES plans(id) ON DELETE SET NULL
);
CREATE INDEX plan_links_plan ON plan_links(plan_id, relation, ordinal);
CREATE INDEX plan_links_number ON plan_links(doc_number);
CREATE INDEX plan_links_target ON plan_links(target_plan_id);

CREATE TABLE plan_versions (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  user_name   TEXT,
  reason      TEXT,
  snapshot    TEXT NOT NULL,     -- plan JSON as exported at that version
  UNIQUE (plan_id, version)
);

CREATE TABLE tasks (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  code            TEXT NOT NULL,
  ordinal         INTEGER NOT NULL,
  title           TEXT NOT NULL,
  body            TEXT,
  timeline        TEXT,
  schedule_kind   TEXT NOT NULL DEFAULT 'none'
                  CHECK (schedule_kind IN ('once','range','recurring','conditional','none')),
  start_date      TEXT,
  due_date        TEXT,
  done            INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0,1)),
  done_date       TEXT,
  parent_task_id  INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
  percent         INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  last_update_at  TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  search_key      TEXT NOT NULL, -- vn_search_key(code || ' ' || title)
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (plan_id, code)
);
CREATE INDEX tasks_plan ON tasks(plan_id, ordinal);
CREATE INDEX tasks_due ON tasks(due_date);
CREATE INDEX tasks_plan_due ON tasks(plan_id, due_date);
CREATE INDEX tasks_parent ON tasks(parent_task_id);

CREATE TABLE task_units (
  task_id   INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  role      TEXT NOT NULL CHECK (role IN ('lead','support','oversight')),
  ordinal   INTEGER NOT NULL,
  PRIMARY KEY (task_id, role, ordinal)
);
CREATE INDEX task_units_unit ON task_units(unit_id, role, task_id);

-- Standing duties from the "Tổ chức thực hiện" section.
CREATE TABLE duties (
  id        INTEGER PRIMARY KEY,
  plan_id   INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  ordinal   INTEGER NOT NULL,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  text      TEXT NOT NULL
);
CREATE INDEX duties_plan ON duties(plan_id, ordinal);
CREATE INDEX duties_unit ON duties(unit_id);

-- ---- indicators ---------------------------------------------------------

CREATE TABLE indicators (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  code         TEXT,
  group_name   TEXT,
  name         TEXT NOT NULL,
  measure      TEXT,             -- unit of measure ("%", "doanh nghiệp")
  direction    TEXT CHECK (direction IN ('up','down')),
  aggregation  TEXT CHECK (aggregation IN ('sum','mean','min','max','latest','share_yes'))
);
CREATE INDEX indicators_plan ON indicators(plan_id, ordinal);

CREATE TABLE indicator_targets (
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  year          INTEGER NOT NULL,
  target        TEXT NOT NULL,   -- as normalised in plan JSON: ">=50", "42-45", "yes", text
  PRIMARY KEY (indicator_id, year)
);

CREATE TABLE reporting_regimes (
  id        INTEGER PRIMARY KEY,
  plan_id   INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  ordinal   INTEGER NOT NULL,
  period    TEXT NOT NULL,       -- month, quarter, half, nine_months, year, adhoc
  due       TEXT                 -- "day 20", "06-10", ... (plan-json.md)
);
CREATE INDEX reporting_regimes_plan ON reporting_regimes(plan_id, ordinal);

-- ---- what units report --------------------------------------------------

CREATE TABLE progress_updates (
  id            INTEGER PRIMARY KEY,
  task_id       INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  at            TEXT NOT NULL,
  period        TEXT,            -- reporting period the update belongs to ("2025-06", "2025-Q2")
  status        TEXT,
  percent       INTEGER CHECK (percent BETWEEN 0 AND 100),
  results       TEXT,
  difficulties  TEXT,
  proposals     TEXT,
  user_id       INTEGER REFERENCES users(id)
);
CREATE INDEX progress_task_at ON progress_updates(task_id, at);
CREATE INDEX progress_unit_at ON progress_updates(unit_id, at);

CREATE TABLE indicator_values (
  id            INTEGER PRIMARY KEY,
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  year          INTEGER NOT NULL,
  period        TEXT,
  value         REAL,
  value_text    TEXT,            -- "yes"/"no" or free text when not numeric
  source        TEXT,
  note          TEXT,
  at            TEXT NOT NULL,
  user_id       INTEGER REFERENCES users(id)
);
CREATE INDEX indicator_values_ind ON indicator_values(indicator_id, year, unit_id);
CREATE INDEX indicator_values_unit ON indicator_values(unit_id, year);

CREATE TABLE unit_reports (
  id            INTEGER PRIMARY KEY,
  plan_id       INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  period_kind   TEXT NOT NULL,
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL,
  due_date      TEXT,
  state         TEXT NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft','submitted','accepted','returned')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  submitted_at  TEXT,
  accepted_at   TEXT,
  returned_at   TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  UNIQUE (plan_id, unit_id, period_kind, period_start)
);
CREATE INDEX unit_reports_unit ON unit_reports(unit_id, period_start);
CREATE INDEX unit_reports_due ON unit_reports(plan_id, due_date, state);

-- ---- audit --------------------------------------------------------------

-- Append-only. hash = BLAKE2b-256(prev_hash || canonical row text), hex;
-- the first row's prev_hash is 64 zeros. `nq57 check` recomputes the chain.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor_id    INTEGER NOT NULL DEFAULT 0,
  actor_name  TEXT NOT NULL,
  origin      TEXT NOT NULL,
  action      TEXT NOT NULL,     -- create, update, delete, login, ...
  entity      TEXT NOT NULL,     -- table-like name: plan, task, unit, user ...
  entity_id   INTEGER,
  before_json TEXT,
  after_json  TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_actor ON audit_log(actor_id, at);

-- ---- search (SQLite only) -----------------------------------------------

-- External-content FTS5 over tasks.search_key, kept in step by triggers that
-- need no application function, so any SQLite client may write tasks.
CREATE VIRTUAL TABLE task_fts USING fts5(search_key, content='tasks', content_rowid='id');
CREATE TRIGGER tasks_fts_ai AFTER INSERT ON tasks BEGIN
  INSERT INTO task_fts(rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER tasks_fts_ad AFTER DELETE ON tasks BEGIN
  INSERT INTO task_fts(task_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER tasks_fts_au AFTER UPDATE OF search_key ON tasks BEGIN
  INSERT INTO task_fts(task_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
  INSERT INTO task_fts(rowid, search_key) VALUES (new.id, new.search_key);
END;
