-- What a directory (JumpCloud, SCIM) holds of our users and groups: its own id for each, the username it was
-- given there (never changed afterwards), whether we adopted a record that was already there, and whether we
-- suspended it (so re-enabling restores it). Deliveries to directories share webhook_deliveries, as the endpoint
-- 'directory:<id>'.
CREATE TABLE directory_links (
  directory     TEXT NOT NULL,
  connector     TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('user', 'group')),
  external_id   TEXT NOT NULL,
  remote_id     TEXT NOT NULL,
  username      TEXT,
  adopted       INTEGER NOT NULL DEFAULT 0,
  suspended_by_sync INTEGER NOT NULL DEFAULT 0,
  linked_at     TEXT NOT NULL,
  PRIMARY KEY (directory, connector, kind, external_id)
);
CREATE INDEX directory_links_remote ON directory_links (directory, kind, remote_id);

-- A directory enabled on a store that already has users is filled once from the current state.
CREATE TABLE directory_fills (
  directory TEXT PRIMARY KEY,
  filled_at TEXT NOT NULL
);
