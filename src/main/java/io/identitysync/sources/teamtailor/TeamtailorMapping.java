package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.model.CanonicalGroup;
import io.identitysync.model.CanonicalMembership;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import io.identitysync.model.Skipped;
import org.apache.camel.ExchangeProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import static io.identitysync.core.SourceFields.text;

/**
 * Teamtailor JSON:API resources → canonical ones: the people on the account → users (role kept verbatim,
 * "no access" in any spelling → disabled, the email from {@code <prefix>email-field}), departments, locations and teams → groups of those kinds, with the
 * users their relationships name as members.
 */
public final class TeamtailorMapping {

    /** The default of {@code <prefix>email-field}: the address the user is reached at, else the one they sign in with. */
    public static final String DEFAULT_EMAIL_FIELDS = "email,login-email";
    /** The user attributes that hold an address in Teamtailor's model (teamtailor-rb's users fixture, Airbyte's schema). */
    public static final List<String> EMAIL_FIELDS = List.of("email", "login-email");
    /** Exchange property the route sets from {@code <prefix>email-field}. */
    public static final String EMAIL_FIELD_PROPERTY = "emailField";

    /**
     * @param emailFields {@code <prefix>email-field}: attribute names, comma-separated, the first one set is the
     *                    canonical email; null for the default
     */
    public MappedPage users(JsonNode records, @ExchangeProperty(EMAIL_FIELD_PROPERTY) String emailFields) {
        List<String> emailFrom = emailFields(emailFields);
        MappedPage page = new MappedPage();
        for (JsonNode r : records) {
            String id = text(r, "id");
            if (id == null) {
                page.skipped.add(new Skipped("user", null, "user without an id", r));
                continue;
            }
            JsonNode a = r.path("attributes");
            String name = text(a, "name");
            String given = null;
            String family = null;
            if (name != null) {
                int space = name.indexOf(' ');
                given = space < 0 ? name : name.substring(0, space).trim();
                family = space < 0 ? null : name.substring(space + 1).trim();
            }
            String role = text(a, "role");
            TreeMap<String, Object> attributes = new TreeMap<>();
            if (role != null) {
                attributes.put("role", role);
            }
            if (text(a, "username") != null) {
                attributes.put("username", text(a, "username"));
            }
            if (a.has("visible") && a.get("visible").isBoolean()) {
                attributes.put("visible", a.get("visible").asBoolean());
            }
            page.users.add(new CanonicalUser(id, email(a, emailFrom), given, family, name, text(a, "title"),
                    isNoAccess(role) ? CanonicalUser.DISABLED : CanonicalUser.ACTIVE, null, attributes));
            page.records.put(id, r);
            JsonNode relationships = r.path("relationships");
            member(page, id, CanonicalGroup.DEPARTMENT, relationships.path("department").path("data"));
            member(page, id, CanonicalGroup.LOCATION, relationships.path("location").path("data"));
            for (JsonNode team : relationships.path("teams").path("data")) {
                member(page, id, CanonicalGroup.TEAM, team);
            }
        }
        return page;
    }

    /** The configured list, or the default: {@code "login-email, email"} → [login-email, email]. */
    static List<String> emailFields(String configured) {
        String value = configured == null || configured.isBlank() ? DEFAULT_EMAIL_FIELDS : configured;
        return Arrays.stream(value.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
    }

    /** The first of the fields that is set: a user whose {@code email} is null can still have a {@code login-email}. */
    private static String email(JsonNode attributes, List<String> fields) {
        for (String field : fields) {
            String value = text(attributes, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static void member(MappedPage page, String userId, String kind, JsonNode linkage) {
        String group = text(linkage, "id");
        if (group != null) {
            page.memberships.add(new CanonicalMembership(CanonicalGroup.scopedId(kind, group), userId, CanonicalMembership.MEMBER));
        }
    }

    public MappedPage departments(JsonNode records) {
        return groups(records, CanonicalGroup.DEPARTMENT);
    }

    /** Locations: name, and city, country, zip and whether it is the headquarters in attributes. */
    public MappedPage locations(JsonNode records) {
        return groups(records, CanonicalGroup.LOCATION);
    }

    public MappedPage teams(JsonNode records) {
        return groups(records, CanonicalGroup.TEAM);
    }

    private static MappedPage groups(JsonNode records, String kind) {
        MappedPage page = new MappedPage();
        for (JsonNode r : records) {
            String id = text(r, "id");
            if (id == null) {
                page.skipped.add(new Skipped("group", null, kind + " without an id", r));
                continue;
            }
            JsonNode a = r.path("attributes");
            TreeMap<String, Object> attributes = new TreeMap<>();
            for (String field : new String[] {"city", "country", "zip"}) {
                if (text(a, field) != null) {
                    attributes.put(field, text(a, field));
                }
            }
            if (a.path("headquarters").isBoolean()) {
                attributes.put("headquarters", a.get("headquarters").asBoolean());
            }
            page.groups.add(new CanonicalGroup(CanonicalGroup.scopedId(kind, id), text(a, "name"), kind, null, attributes));
        }
        return page;
    }

    /** {@code no_access}, {@code No access}, {@code NO-ACCESS}, {@code noAccess}: all the same role. */
    static boolean isNoAccess(String role) {
        return role != null && role.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "").equals("noaccess");
    }
}
