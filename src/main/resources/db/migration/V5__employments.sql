-- The whole HRIS (issue 12): a user may be 'pending' (a pre-hire whose first employment has not started), carries
-- the employee number and the employment in force, and each connector keeps the history of employments it read.
-- SQLite cannot change a CHECK constraint in place: the users table is rebuilt with its rows, new columns last.
CREATE TABLE users_v5 (
  connector           TEXT NOT NULL,
  external_id         TEXT NOT NULL,
  username            TEXT NOT NULL,
  email               TEXT,
  given_name          TEXT,
  family_name         TEXT,
  display_name        TEXT,
  title               TEXT,
  status              TEXT NOT NULL CHECK (status IN ('active', 'disabled', 'pending')),
  manager_external_id TEXT,
  attributes          TEXT NOT NULL DEFAULT '{}',
  content_hash        TEXT NOT NULL,
  first_seen_at       TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  deleted_at          TEXT,
  employee_number     TEXT,
  employment          TEXT,
  PRIMARY KEY (connector, external_id)
);
INSERT INTO users_v5 (connector, external_id, username, email, given_name, family_name, display_name, title, status,
  manager_external_id, attributes, content_hash, first_seen_at, updated_at, deleted_at)
SELECT connector, external_id, username, email, given_name, family_name, display_name, title, status,
  manager_external_id, attributes, content_hash, first_seen_at, updated_at, deleted_at FROM users;
DROP TABLE users;
ALTER TABLE users_v5 RENAME TO users;
CREATE UNIQUE INDEX users_username ON users (connector, username);

ALTER TABLE stage_users ADD COLUMN employee_number TEXT;
ALTER TABLE stage_users ADD COLUMN employment TEXT;

-- Every contract version a connector read: the history behind users.employment. Versions gone from the source
-- are kept with deleted_at set, like users.
CREATE TABLE employments (
  connector               TEXT NOT NULL,
  external_id             TEXT NOT NULL,
  user_external_id        TEXT NOT NULL,
  effective_on            TEXT,
  starts_on               TEXT,
  ends_on                 TEXT,
  title                   TEXT,
  job_level               TEXT,
  employment_type         TEXT,
  legal_entity_id         TEXT,
  working_hours           TEXT,
  working_hours_frequency TEXT,
  first_seen_at           TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  deleted_at              TEXT,
  PRIMARY KEY (connector, external_id)
);
CREATE INDEX employments_user ON employments (connector, user_external_id);

-- A run's contract versions and job catalog levels, staged before its employees so each employee page can be
-- given its employment as it is staged.
CREATE TABLE stage_employments (
  run_id                  TEXT NOT NULL,
  external_id             TEXT NOT NULL,
  user_external_id        TEXT NOT NULL,
  effective_on            TEXT,
  starts_on               TEXT,
  ends_on                 TEXT,
  title                   TEXT,
  job_level_id            TEXT,
  employment_type         TEXT,
  legal_entity_id         TEXT,
  working_hours           TEXT,
  working_hours_frequency TEXT,
  PRIMARY KEY (run_id, external_id)
);
CREATE INDEX stage_employments_user ON stage_employments (run_id, user_external_id);

CREATE TABLE stage_job_levels (
  run_id      TEXT NOT NULL,
  external_id TEXT NOT NULL,
  name        TEXT,
  role_name   TEXT,
  PRIMARY KEY (run_id, external_id)
);
