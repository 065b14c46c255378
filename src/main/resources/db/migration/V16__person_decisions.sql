-- A person's history (issue 30): what the sync decided about a person, recorded where it decided it, so that
-- `people show` never has to guess afterwards. decision: skipped (detail: the reason, e.g. "no work email"),
-- pending (detail: "until <date>"), out_of_scope (detail: what left them out, e.g. a directory that does not create
-- inactive people), refused (the mass-change guard refused a run that would have deleted them), adopted (a directory
-- linked its own record), username_numbered (their username was taken), replayed (an operator queued a dead
-- delivery again: the answer it had is kept here). Compact: the same decision taken again run
-- after run is the same row, its last_at and last_run_id (null until then) moved on; pruned after store.retention
-- from last_at.
CREATE TABLE person_decisions (
  id          INTEGER PRIMARY KEY,
  connector   TEXT NOT NULL,
  external_id TEXT NOT NULL,
  decision    TEXT NOT NULL,
  detail      TEXT,
  run_id      TEXT,
  first_at    TEXT NOT NULL,
  last_at     TEXT NOT NULL,
  last_run_id TEXT
);
CREATE INDEX person_decisions_person ON person_decisions (connector, external_id, id);
CREATE INDEX person_decisions_last_at ON person_decisions (last_at);
