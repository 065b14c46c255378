/**
 * Events and their deliveries: an event is written, and queued to the endpoints of its route, in the transaction of
 * the change it describes ({@link io.identitysync.store.outbox.Events}); each endpoint (a webhook endpoint, or a
 * directory as directory:&lt;id&gt;) reads its queue in event order, under a lease so that one node sends it, and records
 * the outcomes; operators count, list and replay deliveries.
 *
 * <p>Tables: events (V1), outbox_routes, outbox_route_endpoints, outbox_positions, outbox_deliveries, and the contract's
 * view webhook_deliveries over them (V14). Leases come from cluster.
 */
package io.identitysync.store.outbox;
