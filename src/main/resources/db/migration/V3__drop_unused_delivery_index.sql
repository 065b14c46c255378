-- webhook_deliveries_queue (endpoint, status, event_seq) serves every read the due index served; one index less
-- to write for each of the (many) deliveries a first sync queues.
DROP INDEX IF EXISTS webhook_deliveries_due;
