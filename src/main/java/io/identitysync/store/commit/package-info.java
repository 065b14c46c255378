/**
 * The commit of a complete read: in one transaction, what the run staged compared with what is stored, the
 * creations, updates and deletions applied (users, groups, memberships, employments, time off, compensations: one
 * class per kind of change), one event per change, and the run closed. The same code works out a dry run's plan (in a
 * transaction rolled back) and applies a run refused by sync.max-delete-ratio when an operator approves it.
 *
 * <p>Tables written: users, groups, memberships (V1), employments (V5), leaves, leave_types, leave_policies (V6),
 * compensations (V7); reads the stage_* tables (staging) and closes sync_runs (runs); events through outbox.
 */
package io.identitysync.store.commit;
