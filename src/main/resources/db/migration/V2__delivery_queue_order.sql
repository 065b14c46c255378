-- Each endpoint's queue is read in event order; carrying the event's seq on the delivery lets an index serve that
-- read instead of sorting every pending delivery on each batch.
ALTER TABLE webhook_deliveries ADD COLUMN event_seq INTEGER;
UPDATE webhook_deliveries SET event_seq = (SELECT seq FROM events WHERE events.id = webhook_deliveries.event_id);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (endpoint, status, event_seq);
