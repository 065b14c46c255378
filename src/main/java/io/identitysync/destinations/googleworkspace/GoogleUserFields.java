package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The User fields we own, as Google should hold them, and what differs from an account: the name, our externalId
 * (type organization; other ids kept), the primary organization's title and department, the manager relation
 * (other relations kept). Repeated fields are compared and sent whole, because Google replaces them whole.
 */
final class GoogleUserFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> REPEATED = List.of("externalIds", "organizations", "relations");

    private GoogleUserFields() {
    }

    /**
     * @param managerEmail the linked manager's primaryEmail, or null
     * @param hasManager the source names a manager: one not linked yet leaves Google's manager relation as it is
     */
    static ObjectNode desired(ObjectNode row, ObjectNode remote, String ourId, String department, String managerEmail, boolean hasManager) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode name = body.putObject("name");
        name.put("givenName", row.path("given_name").asText(""));
        name.put("familyName", row.path("family_name").asText(""));
        ArrayNode ids = body.putArray("externalIds");
        keep(remote, "externalIds", e -> !"organization".equals(e.path("type").asText()), ids);
        ids.addObject().put("value", ourId).put("type", "organization");
        ArrayNode orgs = body.putArray("organizations");
        String title = row.path("title").asText(null);
        if (title != null || department != null) {
            ObjectNode org = orgs.addObject();
            if (title != null) {
                org.put("title", title);
            }
            if (department != null) {
                org.put("department", department);
            }
            org.put("primary", true);
        }
        ArrayNode relations = body.putArray("relations");
        keep(remote, "relations", r -> !"manager".equals(r.path("type").asText()), relations);
        if (managerEmail != null) {
            relations.addObject().put("value", managerEmail).put("type", "manager");
        } else if (hasManager) {
            keep(remote, "relations", r -> "manager".equals(r.path("type").asText()), relations);
        }
        return body;
    }

    /** The fields of {@code want} that differ from the account's. */
    static ObjectNode diff(ObjectNode want, ObjectNode remote) {
        ObjectNode diff = JSON.createObjectNode();
        JsonNode name = remote.path("name");
        if (!want.path("name").path("givenName").asText().equals(name.path("givenName").asText())
                || !want.path("name").path("familyName").asText().equals(name.path("familyName").asText())) {
            diff.set("name", want.get("name"));
        }
        for (String field : REPEATED) {
            if (!sameList(want.path(field), remote.path(field), field.equals("organizations"))) {
                diff.set(field, want.get(field));
            }
        }
        return diff;
    }

    /** A repeated field sent empty: only users.update clears it (patch leaves it). */
    static boolean clears(ObjectNode fields) {
        for (String f : REPEATED) {
            if (fields.has(f) && fields.get(f).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Copies the entries of an account's repeated field that {@code which} keeps. */
    static void keep(ObjectNode remote, String field, Predicate<JsonNode> which, ArrayNode into) {
        if (remote != null) {
            for (JsonNode e : remote.path(field)) {
                if (which.test(e)) {
                    into.add(e.deepCopy());
                }
            }
        }
    }

    /** Equal as lists (absent = empty); organizations compared on the fields we send only. */
    private static boolean sameList(JsonNode want, JsonNode held, boolean organizations) {
        List<JsonNode> a = new ArrayList<>();
        want.forEach(a::add);
        List<JsonNode> b = new ArrayList<>();
        held.forEach(e -> {
            if (organizations) {
                ObjectNode o = JSON.createObjectNode();
                for (String f : List.of("title", "department")) {
                    if (e.has(f)) {
                        o.set(f, e.get(f));
                    }
                }
                o.put("primary", e.path("primary").asBoolean(false));
                b.add(o);
            } else {
                b.add(e);
            }
        });
        return a.equals(b);
    }
}
