/**
 * The nodes (processes) that share a store: each checks in (the heartbeat), a node silent past cluster.node-timeout
 * is dead, and leases say which node may, until when, hold a connector's run turn or deliver to an outbox endpoint,
 * fenced so that a node that lost a lease records nothing more under it.
 *
 * <p>Tables: nodes, leases (V12); reads sync_runs to find the runs a dead node left running.
 */
package io.identitysync.store.cluster;
