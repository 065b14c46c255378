-- Compensations (issue 12): sensitive, read only when a connector's resources include compensations. They carry
-- compensation.* events only with webhooks.compensation-events=true; never otherwise.
CREATE TABLE compensations (
  connector        TEXT NOT NULL,
  external_id      TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  employment_id    TEXT,
  concept          TEXT,
  compensation_type TEXT,
  amount           TEXT,
  currency         TEXT,
  unit             TEXT,
  period           TEXT,
  period_count     TEXT,
  starts_on        TEXT,
  first_payment_on TEXT,
  content_hash     TEXT NOT NULL,
  first_seen_at    TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  deleted_at       TEXT,
  PRIMARY KEY (connector, external_id)
);
CREATE INDEX compensations_user ON compensations (connector, user_external_id);

CREATE TABLE stage_compensations (
  run_id           TEXT NOT NULL,
  external_id      TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  employment_id    TEXT,
  concept          TEXT,
  compensation_type TEXT,
  amount           TEXT,
  currency         TEXT,
  unit             TEXT,
  period           TEXT,
  period_count     TEXT,
  starts_on        TEXT,
  first_payment_on TEXT,
  content_hash     TEXT NOT NULL,
  PRIMARY KEY (run_id, external_id)
);
