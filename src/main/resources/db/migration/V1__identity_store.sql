-- The canonical store (contract section 3). Extra columns beyond the contract are additive only.

CREATE TABLE users (
  connector           TEXT NOT NULL,
  external_id         TEXT NOT NULL,
  username            TEXT NOT NULL,
  email               TEXT,
  given_name          TEXT,
  family_name         TEXT,
  display_name        TEXT,
  title               TEXT,
  status              TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  manager_external_id TEXT,
  attributes          TEXT NOT NULL DEFAULT '{}',
  content_hash        TEXT NOT NULL,
  first_seen_at       TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  deleted_at          TEXT,
  PRIMARY KEY (connector, external_id)
);
-- A username is never handed to a second external id of the same connector, even after its holder left.
CREATE UNIQUE INDEX users_username ON users (connector, username);

CREATE TABLE groups (
  connector     TEXT NOT NULL,
  external_id   TEXT NOT NULL,
  name          TEXT,
  kind          TEXT NOT NULL,
  description   TEXT,
  attributes    TEXT NOT NULL DEFAULT '{}',
  content_hash  TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT,
  PRIMARY KEY (connector, external_id)
);

CREATE TABLE memberships (
  connector         TEXT NOT NULL,
  group_external_id TEXT NOT NULL,
  user_external_id  TEXT NOT NULL,
  relation          TEXT NOT NULL CHECK (relation IN ('member', 'lead')),
  first_seen_at     TEXT NOT NULL,
  deleted_at        TEXT,
  PRIMARY KEY (connector, group_external_id, user_external_id, relation)
);

CREATE TABLE sync_runs (
  id               TEXT PRIMARY KEY,
  connector        TEXT NOT NULL,
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  status           TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'refused')),
  pages            INTEGER NOT NULL DEFAULT 0,
  users_seen       INTEGER NOT NULL DEFAULT 0,
  groups_seen      INTEGER NOT NULL DEFAULT 0,
  memberships_seen INTEGER NOT NULL DEFAULT 0,
  created          INTEGER NOT NULL DEFAULT 0,
  updated          INTEGER NOT NULL DEFAULT 0,
  deleted          INTEGER NOT NULL DEFAULT 0,
  skipped          INTEGER NOT NULL DEFAULT 0,
  error            TEXT
);
CREATE INDEX sync_runs_connector ON sync_runs (connector, started_at);

-- seq gives the total order events were written in; id is the public webhook-id.
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  run_id     TEXT NOT NULL,
  connector  TEXT NOT NULL,
  type       TEXT NOT NULL,
  subject_id TEXT,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX events_run ON events (run_id);

CREATE TABLE webhook_deliveries (
  event_id         TEXT NOT NULL REFERENCES events (id),
  endpoint         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_status_code INTEGER,
  last_error       TEXT,
  delivered_at     TEXT,
  PRIMARY KEY (event_id, endpoint)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, endpoint, next_attempt_at);

-- Staging: what a run has read so far. Rows live only until the run commits or fails.
CREATE TABLE stage_users (
  run_id              TEXT NOT NULL,
  external_id         TEXT NOT NULL,
  email               TEXT,
  given_name          TEXT,
  family_name         TEXT,
  display_name        TEXT,
  title               TEXT,
  status              TEXT NOT NULL,
  manager_external_id TEXT,
  attributes          TEXT NOT NULL,
  content_hash        TEXT NOT NULL,
  PRIMARY KEY (run_id, external_id)
);

CREATE TABLE stage_groups (
  run_id       TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  name         TEXT,
  kind         TEXT NOT NULL,
  description  TEXT,
  attributes   TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (run_id, external_id)
);

CREATE TABLE stage_memberships (
  run_id            TEXT NOT NULL,
  group_external_id TEXT NOT NULL,
  user_external_id  TEXT NOT NULL,
  relation          TEXT NOT NULL,
  PRIMARY KEY (run_id, group_external_id, user_external_id, relation)
);

CREATE TABLE stage_skipped (
  run_id      TEXT NOT NULL,
  kind        TEXT NOT NULL,
  external_id TEXT,
  reason      TEXT NOT NULL,
  record      TEXT
);
CREATE INDEX stage_skipped_run ON stage_skipped (run_id);
