package io.identitysync.store.outbox;

import java.util.List;

/** Which outbox endpoints want an event of a connector: decided by the destinations, applied when events are written. */
public interface Routing {

    List<String> endpointsFor(String connector, String eventType);

    /** Whether compensation changes are events at all (webhooks.compensation-events): sensitive, off unless allowed. */
    default boolean compensationEvents() {
        return false;
    }
}
