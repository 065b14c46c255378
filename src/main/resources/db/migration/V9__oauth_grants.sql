-- OAuth 2.0 sources (issue 12): each refresh rotates the refresh token, so the newest one is kept here, encrypted
-- with store.encryption-secret (AES-256-GCM). configured_sha256 is the hash of the refresh token configured when
-- this one was obtained: a different configured token means the operator authorized again, and it wins.
CREATE TABLE oauth_grants (
  connector          TEXT PRIMARY KEY,
  refresh_token      TEXT NOT NULL,
  configured_sha256  TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
