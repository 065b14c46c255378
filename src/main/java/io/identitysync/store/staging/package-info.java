/**
 * A run's read put aside page by page, so that a run holds one page in memory whatever the source's size: people,
 * groups and memberships with their content hashes, and what a source reads before its people (employments and the
 * job catalog, time off, compensations, custom fields), which each page of people is given as it is staged. Also the
 * page counts on the run's row, and dropping one run's staging.
 *
 * <p>Tables: stage_users, stage_groups, stage_memberships, stage_skipped (V1), stage_employments, stage_job_levels (V5),
 * stage_leaves, stage_leave_types, stage_leave_policies, stage_reads (V6), stage_compensations (V7), stage_custom_fields,
 * stage_custom_options, stage_custom_values (V8), stage_scope (V11, written by runs); updates the counts of sync_runs.
 */
package io.identitysync.store.staging;
