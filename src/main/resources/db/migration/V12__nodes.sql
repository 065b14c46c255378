-- Which process (node) ran each run; the nodes that share this store and when each last checked in; and leases:
-- which node holds a connector's run turn ('run:<connector>') or delivers to an outbox endpoint ('outbox:<endpoint>'),
-- until when, fenced so that a node that lost a lease can record nothing more under it.
ALTER TABLE sync_runs ADD COLUMN node TEXT;

CREATE TABLE nodes (
  id            TEXT PRIMARY KEY,
  host          TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  checked_in_at TEXT NOT NULL,
  stopped_at    TEXT
);

CREATE TABLE leases (
  name        TEXT PRIMARY KEY,
  owner       TEXT,
  lease_until TEXT NOT NULL,
  fence       INTEGER NOT NULL DEFAULT 0
);
