package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One committed change as a directory receives it from the outbox: the event's type and connector, and which user
 * or group it is about (a membership names both). The push reads the current stored state, not the event's copy,
 * so a late or replayed change never writes older values over newer ones.
 */
public record Change(String eventId, String type, String connector, String userId, String groupId) {

    /** From an event body: {type, data: {connector, user | group | membership}}. */
    public static Change of(String eventId, JsonNode event) {
        String type = event.path("type").asText();
        JsonNode data = event.path("data");
        String user = null;
        String group = null;
        if (type.startsWith("user.")) {
            user = data.path("user").path("external_id").asText(null);
        } else if (type.startsWith("group.")) {
            group = data.path("group").path("external_id").asText(null);
        } else if (type.startsWith("membership.")) {
            user = data.path("membership").path("user_external_id").asText(null);
            group = data.path("membership").path("group_external_id").asText(null);
        }
        return new Change(eventId, type, data.path("connector").asText(), user, group);
    }

    /** The people and groups whose changes must keep their order: a change waits while an earlier one of theirs does. */
    public List<String> keys() {
        return Stream.of(userId == null ? null : "user:" + connector + "/" + userId,
                groupId == null ? null : "group:" + connector + "/" + groupId).filter(Objects::nonNull).toList();
    }

    /** How logs name what it is about. */
    public String subject() {
        return userId != null && groupId != null ? groupId + "/" + userId : userId != null ? userId : groupId;
    }
}
