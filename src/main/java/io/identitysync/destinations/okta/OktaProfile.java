package io.identitysync.destinations.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.identities.DirectoryState;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What Okta's user profile should say of a person, in Okta's base profile properties: names, email, employeeNumber
 * (our id), title, department, and the manager as Okta's HR-driven imports write it: {@code managerId} the manager's
 * employeeNumber, {@code manager} their displayName. The login is not here: it is chosen once, at create, and never
 * changed.
 */
final class OktaProfile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OktaProfile() {
    }

    /**
     * The profile properties (null: the source has nothing).
     * @param employeeId our id as Okta keeps it, scoped by connector when several feed the directory
     */
    static Map<String, String> desired(DirectoryState state, String connector, ObjectNode row, BiFunction<String, String, String> employeeId) {
        String id = row.path("external_id").asText();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("email", row.path("email").asText(null));
        p.put("firstName", row.path("given_name").asText(null));
        p.put("lastName", row.path("family_name").asText(null));
        p.put("displayName", row.path("display_name").asText(null));
        p.put("employeeNumber", employeeId.apply(connector, id));
        p.put("title", row.path("title").asText(null));
        p.put("department", state.department(connector, row));
        String managerId = row.path("manager_external_id").asText(null);
        ObjectNode manager = managerId == null ? null : state.user(connector, managerId);
        p.put("managerId", managerId == null ? null : employeeId.apply(connector, managerId));
        p.put("manager", manager == null ? null : manager.path("display_name").asText(null));
        return p;
    }

    /** The profile of a create: every property the source has. */
    static ObjectNode forCreate(Map<String, String> desired, String login) {
        ObjectNode profile = JSON.createObjectNode().put("login", login);
        desired.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                profile.put(k, v);
            }
        });
        return profile;
    }

    /**
     * What differs from Okta's profile, compared as Okta keeps it (absent, null and "" alike; email in any case), so a
     * run with nothing new writes nothing. A property the source no longer has is cleared with null, except the ones
     * Okta's base profile requires (email, firstName, lastName): those stay as Okta has them.
     */
    static ObjectNode diff(Map<String, String> desired, JsonNode profile) {
        ObjectNode diff = JSON.createObjectNode();
        desired.forEach((k, v) -> {
            String held = profile.path(k).isNull() || profile.path(k).isMissingNode() ? "" : profile.path(k).asText();
            String want = v == null ? "" : v;
            boolean required = k.equals("email") || k.equals("firstName") || k.equals("lastName");
            if (want.isEmpty() && (required || held.isEmpty())) {
                return;
            }
            if (k.equals("email") ? !want.equalsIgnoreCase(held) : !want.equals(held)) {
                if (want.isEmpty()) {
                    diff.putNull(k);
                } else {
                    diff.put(k, want);
                }
            }
        });
        return diff;
    }
}
