package io.identitysync.sources.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.model.CanonicalGroup;
import io.identitysync.model.CanonicalMembership;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;

import java.util.TreeMap;

import static io.identitysync.core.SourceFields.text;

/** Example HR people → users (with their office as a location membership), offices → location groups. */
public final class ExampleMapping {

    public MappedPage people(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode p : records) {
            String id = text(p, "id");
            String status = "left".equals(text(p, "state")) ? CanonicalUser.DISABLED : CanonicalUser.ACTIVE;
            page.users.add(new CanonicalUser(id, text(p, "work_email"), text(p, "given"), text(p, "family"),
                    text(p, "given") + " " + text(p, "family"), text(p, "position"), status, null, new TreeMap<>()));
            if (text(p, "office_id") != null) {
                page.memberships.add(new CanonicalMembership(CanonicalGroup.scopedId(CanonicalGroup.LOCATION, text(p, "office_id")), id,
                        CanonicalMembership.MEMBER));
            }
        }
        return page;
    }

    public MappedPage offices(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode o : records) {
            page.groups.add(new CanonicalGroup(CanonicalGroup.scopedId(CanonicalGroup.LOCATION, text(o, "id")), text(o, "city"),
                    CanonicalGroup.LOCATION, null, new TreeMap<>()));
        }
        return page;
    }
}
