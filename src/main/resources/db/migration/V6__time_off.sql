-- Time off (issue 12), read when a connector's resources include leaves: leave requests are records with events
-- (leave.created / updated / deleted), leave types and policies are kept as read. users.on_leave_today is derived
-- each run ('true' / 'false'; null where the connector reads no leaves).
CREATE TABLE leaves (
  connector        TEXT NOT NULL,
  external_id      TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  leave_type_id    TEXT,
  leave_type_name  TEXT,
  start_on         TEXT,
  finish_on        TEXT,
  half_day         TEXT,
  status           TEXT NOT NULL CHECK (status IN ('approved', 'pending', 'rejected')),
  hours            TEXT,
  days_taken       TEXT,
  content_hash     TEXT NOT NULL,
  first_seen_at    TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  deleted_at       TEXT,
  PRIMARY KEY (connector, external_id)
);
CREATE INDEX leaves_user ON leaves (connector, user_external_id);

CREATE TABLE leave_types (
  connector         TEXT NOT NULL,
  external_id       TEXT NOT NULL,
  name              TEXT,
  identifier        TEXT,
  active            TEXT,
  approval_required TEXT,
  payable           TEXT,
  first_seen_at     TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  deleted_at        TEXT,
  PRIMARY KEY (connector, external_id)
);

CREATE TABLE leave_policies (
  connector     TEXT NOT NULL,
  external_id   TEXT NOT NULL,
  name          TEXT,
  main          TEXT,
  description   TEXT,
  first_seen_at TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT,
  PRIMARY KEY (connector, external_id)
);

ALTER TABLE users ADD COLUMN on_leave_today TEXT;
ALTER TABLE stage_users ADD COLUMN on_leave_today TEXT;

CREATE TABLE stage_leaves (
  run_id           TEXT NOT NULL,
  external_id      TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  leave_type_id    TEXT,
  leave_type_name  TEXT,
  start_on         TEXT,
  finish_on        TEXT,
  half_day         TEXT,
  status           TEXT NOT NULL,
  hours            TEXT,
  days_taken       TEXT,
  content_hash     TEXT NOT NULL,
  PRIMARY KEY (run_id, external_id)
);
CREATE INDEX stage_leaves_user ON stage_leaves (run_id, user_external_id);

CREATE TABLE stage_leave_types (
  run_id            TEXT NOT NULL,
  external_id       TEXT NOT NULL,
  name              TEXT,
  identifier        TEXT,
  active            TEXT,
  approval_required TEXT,
  payable           TEXT,
  PRIMARY KEY (run_id, external_id)
);

CREATE TABLE stage_leave_policies (
  run_id      TEXT NOT NULL,
  external_id TEXT NOT NULL,
  name        TEXT,
  main        TEXT,
  description TEXT,
  PRIMARY KEY (run_id, external_id)
);

-- What a run has read of the kinds a connector may or may not read (employments, leaves…): a commit replaces the
-- stored ones only for kinds the run read, and leaves the others alone.
CREATE TABLE stage_reads (
  run_id TEXT NOT NULL,
  what   TEXT NOT NULL,
  PRIMARY KEY (run_id, what)
);
