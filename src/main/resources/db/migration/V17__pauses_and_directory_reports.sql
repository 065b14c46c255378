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

-- What directories plan and directories reconcile found, each time they ran (from the command line or the API), so
-- that the console shows a directory's latest plan and drift: its summary line, the per-person lines (up to 64 KB),
-- whether anything drifted, whether it was applied, and who asked. The newest 20 per directory and action are kept.
CREATE TABLE directory_reports (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  directory TEXT NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('plan', 'reconcile')),
  at        TEXT NOT NULL,
  summary   TEXT NOT NULL,
  lines     TEXT NOT NULL,
  drift     INTEGER NOT NULL,
  applied   INTEGER NOT NULL,
  asked_by  TEXT NOT NULL
);
CREATE INDEX directory_reports_latest ON directory_reports (directory, action, id);
