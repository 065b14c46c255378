-- Pauses (issue 32): an operator stops a connector's automatic runs, or a directory's pushes, until they resume it.
-- A paused connector's schedules and webhooks-in skip it (notifications wait), and --once leaves it out; a paused
-- directory's queue waits. A row exists exactly while it is paused; paused_by says who paused it (cli, or api:admin).
CREATE TABLE pauses (
  kind   TEXT NOT NULL CHECK (kind IN ('connector', 'directory')),
  name   TEXT NOT NULL,
  reason TEXT NOT NULL,
  paused_by TEXT NOT NULL,
  since  TEXT NOT NULL,
  PRIMARY KEY (kind, name)
);
