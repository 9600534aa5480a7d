-- 0002_auth.sql: accounts' scope, sessions, API tokens and login attempts
-- (src/auth, src/store/sqlite_auth.c).
--
-- Credentials are stored only as hashes: users.password_hash is an argon2id
-- string; sessions.token_hash and api_tokens.token_hash are hex BLAKE2b-256
-- of the random token the client holds. Timestamps follow 0001: UTC text
-- 'YYYY-MM-DDTHH:MM:SSZ', which compares correctly as text.
--
-- users.role (from 0001) holds one of: admin, aggregator, officer, head,
-- steering, public (src/auth/policy.h); the application checks the value.

-- Aggregators and steering members act on plans: either every plan in this
-- database (scope_all) or the plans listed in user_plan_scopes.
ALTER TABLE users ADD COLUMN scope_all INTEGER NOT NULL DEFAULT 0 CHECK (scope_all IN (0,1));
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

-- A plan its aggregator released to the public page: anonymous visitors
-- read such plans with their tasks and targets, never reports (policy.h).
ALTER TABLE plans ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1));

CREATE TABLE user_plan_scopes (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  plan_id   INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, plan_id)
);
CREATE INDEX user_plan_scopes_plan ON user_plan_scopes(plan_id);

CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  revoked_at    TEXT,
  origin        TEXT NOT NULL DEFAULT '',   -- client address at login
  user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id, revoked_at);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  actions       TEXT NOT NULL,              -- "read,write": what it may do
  created_at    TEXT NOT NULL,
  expires_at    TEXT,                       -- NULL = no expiry
  last_used_at  TEXT,
  revoked_at    TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Every login attempt, kept for the security review (who tried which
-- account from where); the lockout itself is decided in memory.
CREATE TABLE login_attempts (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  login     TEXT NOT NULL,
  origin    TEXT NOT NULL,
  success   INTEGER NOT NULL CHECK (success IN (0,1)),
  reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_attempts_login ON login_attempts(login, at);
CREATE INDEX login_attempts_origin ON login_attempts(origin, at);
