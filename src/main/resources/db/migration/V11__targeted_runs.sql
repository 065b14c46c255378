-- Targeted runs (issue 13): a run that reads only the people sources' webhooks named. sync_runs.kind says which
-- kind a run was ('full' or 'targeted'); stage_scope holds a targeted run's people while it runs.
ALTER TABLE sync_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'full';

CREATE TABLE stage_scope (
  run_id           TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  PRIMARY KEY (run_id, user_external_id)
);
