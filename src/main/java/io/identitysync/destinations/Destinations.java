package io.identitysync.destinations;

import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryKind;
import io.identitysync.destinations.entra.EntraKind;
import io.identitysync.destinations.googleworkspace.GoogleWorkspaceKind;
import io.identitysync.destinations.jumpcloud.JumpCloudKind;
import io.identitysync.destinations.okta.OktaKind;
import io.identitysync.destinations.scim.ScimKind;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.outbox.Routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outbox's routing: which queued destinations (webhook endpoints by their filters, directories by the
 * connectors that feed them) get a delivery for an event. The commit queues exactly these, in its transaction.
 */
public final class Destinations implements Routing {

    /** The kinds of directory this build knows, by {@code directories.<id>.type}. */
    public static final Map<String, DirectoryKind> DIRECTORY_KINDS = Map.of("jumpcloud", new JumpCloudKind(), "scim", new ScimKind(),
            DirectoryConfig.GOOGLE_WORKSPACE, new GoogleWorkspaceKind(), DirectoryConfig.OKTA, new OktaKind(),
            DirectoryConfig.ENTRA_ID, new EntraKind());

    private final List<WebhookEndpoint> endpoints;
    private final List<DirectoryConfig> directories;

    private final boolean compensationEvents;

    public Destinations(Settings settings) {
        this.endpoints = WebhookEndpoint.all(settings);
        this.directories = DirectoryConfig.all(settings);
        this.compensationEvents = settings.bool("webhooks.compensation-events");
    }

    @Override
    public boolean compensationEvents() {
        return compensationEvents;
    }

    @Override
    public List<String> endpointsFor(String connector, String eventType) {
        List<String> out = new ArrayList<>(WebhookEndpoint.idsFor(endpoints, eventType));
        for (DirectoryConfig d : directories) {
            if (d.wants(connector, eventType)) {
                out.add(d.endpoint());
            }
        }
        return out;
    }
}
