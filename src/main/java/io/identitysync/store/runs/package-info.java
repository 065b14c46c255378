/**
 * A run's row from its start to its outcome (running, succeeded, failed, refused; full, incremental or targeted, and
 * a targeted run's people), the runs status and metrics list, and what sources announced that the next run reads
 * (inbound notifications, answered by the commit of the run that read them).
 *
 * <p>Tables: sync_runs (V1, V11, V12, V13), stage_scope (V11), inbound_notifications (V10). A failed or discarded
 * run's staging is dropped through staging; its sync.failed event is written through outbox.
 */
package io.identitysync.store.runs;
