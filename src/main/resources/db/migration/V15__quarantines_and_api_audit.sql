-- Quarantine and the HTTP API (issue 30). A connector whose key is refused, or whose runs failed
-- <prefix>quarantine-after times in a row, is quarantined: it runs only on <prefix>quarantine-schedule until a run
-- reads again. A directory whose key is refused is quarantined: its queue waits for directories.<id>.quarantine-schedule.
-- A row exists exactly while the connector or directory is quarantined.
CREATE TABLE quarantines (
  kind       TEXT NOT NULL CHECK (kind IN ('connector', 'directory')),
  name       TEXT NOT NULL,
  reason     TEXT NOT NULL CHECK (reason IN ('credential', 'failures')),
  failures   INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  since      TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, name)
);

-- Every action taken through the HTTP API (management.api-*): which token acted, what it asked, when, and the outcome.
CREATE TABLE api_audit (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  token      TEXT NOT NULL CHECK (token IN ('read', 'admin', 'none')),
  method     TEXT NOT NULL,
  path       TEXT NOT NULL,
  status     INTEGER NOT NULL,
  result     TEXT NOT NULL
);
CREATE INDEX api_audit_at ON api_audit (at);
