/**
 * What the store keeps, and for how long: old events with their finished deliveries, handled inbound notifications,
 * old run summaries and staging no run needs any more are pruned in small batches (store.retention,
 * store.run-retention), and SQLite's freed pages are given back to the file system.
 *
 * <p>Tables: deletes from events, outbox_deliveries, outbox_positions, inbound_notifications, sync_runs and every
 * stage_* table; owns none of them. Backups (backup --to) are the backup command's; the checkpoint after a commit and
 * incremental vacuum are the root package's.
 */
package io.identitysync.store.retention;
