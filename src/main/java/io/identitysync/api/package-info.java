/**
 * The HTTP API on the management port ({@code management.api-enabled}, off by default): runs, directories and the
 * audit to read with {@code management.api-token}; approving a refused run and replaying deliveries with
 * {@code management.api-admin-token}. Every action is recorded in {@code api_audit}. It reuses what the commands do
 * (io.identitysync.cli.support.RunActions, io.identitysync.destinations.outbox.OutboxAdmin), never a copy of it.
 */
package io.identitysync.api;
