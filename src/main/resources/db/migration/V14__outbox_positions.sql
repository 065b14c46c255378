-- The outbox by positions (issue 16). An event names the set of endpoints it was routed to when it was written
-- (events.route); each endpoint keeps how far along the event sequence it got (outbox_positions: every event of
-- its routes up to through_seq was delivered at that time, unless outbox_deliveries says otherwise); only a
-- delivery that needs a state of its own (a retry, a dead one, a replay, one delivered out of order) has a row.
-- A first sync of 100,000 people so queues its 314,000 deliveries by writing one small number on each event.
-- webhook_deliveries, the contract's table, stays readable as a view with the same columns and rows.
CREATE TABLE outbox_routes (
  id        INTEGER PRIMARY KEY,
  endpoints TEXT NOT NULL UNIQUE
);

CREATE TABLE outbox_route_endpoints (
  route    INTEGER NOT NULL REFERENCES outbox_routes (id),
  endpoint TEXT NOT NULL,
  PRIMARY KEY (endpoint, route)
);

ALTER TABLE events ADD COLUMN route INTEGER REFERENCES outbox_routes (id);

-- An endpoint's events after its position, counted (status, metrics, what a --once leaves pending) without reading
-- their payloads.
CREATE INDEX events_route ON events (route, seq);

CREATE TABLE outbox_positions (
  endpoint         TEXT NOT NULL,
  through_seq      INTEGER NOT NULL,
  delivered_at     TEXT NOT NULL,
  last_status_code INTEGER,
  PRIMARY KEY (endpoint, through_seq)
);

CREATE TABLE outbox_deliveries (
  endpoint         TEXT NOT NULL,
  event_seq        INTEGER NOT NULL REFERENCES events (seq),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_status_code INTEGER,
  last_error       TEXT,
  delivered_at     TEXT,
  PRIMARY KEY (endpoint, event_seq)
);
CREATE INDEX outbox_deliveries_event ON outbox_deliveries (event_seq);

-- Deliveries queued before this version keep their rows, as they are.
INSERT INTO outbox_deliveries (endpoint, event_seq, status, attempts, next_attempt_at, last_status_code, last_error, delivered_at)
SELECT d.endpoint, e.seq, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at
FROM webhook_deliveries d JOIN events e ON e.id = d.event_id;
DROP TABLE webhook_deliveries;

CREATE VIEW webhook_deliveries AS
SELECT e.id AS event_id, d.endpoint, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at,
       d.event_seq
FROM outbox_deliveries d JOIN events e ON e.seq = d.event_seq
UNION ALL
SELECT e.id, r.endpoint, CASE WHEN p.delivered_at IS NULL THEN 'pending' ELSE 'delivered' END,
       CASE WHEN p.delivered_at IS NULL THEN 0 ELSE 1 END, e.created_at, p.last_status_code, NULL, p.delivered_at, e.seq
FROM events e JOIN outbox_route_endpoints r ON r.route = e.route
LEFT JOIN outbox_positions p ON p.endpoint = r.endpoint AND p.through_seq =
     (SELECT min(q.through_seq) FROM outbox_positions q WHERE q.endpoint = r.endpoint AND q.through_seq >= e.seq)
WHERE NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.endpoint = r.endpoint AND d.event_seq = e.seq);
