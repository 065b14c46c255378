-- Changes announced by a source's own webhooks (issue 13), stored before the 2xx is answered: a notification is
-- only a reason to read the source again, never data. handled_at is set by the commit of the first run that started
-- after it arrived (that run read the source after the change), in that commit's transaction.
CREATE TABLE inbound_notifications (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  connector         TEXT NOT NULL,
  subscription_type TEXT NOT NULL,
  subject_id        TEXT,
  body              TEXT NOT NULL,
  received_at       TEXT NOT NULL,
  handled_at        TEXT,
  run_id            TEXT
);
CREATE INDEX inbound_notifications_pending ON inbound_notifications (connector, handled_at);
