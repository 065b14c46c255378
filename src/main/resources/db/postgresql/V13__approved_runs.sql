-- Approving a refused run (issue 15): a run refused by sync.max-delete-ratio keeps what it staged until it is approved
-- (runs approve RUN_ID) or a later run of its connector makes it stale; approved_at says when an operator applied it.
ALTER TABLE sync_runs ADD COLUMN approved_at TEXT;
