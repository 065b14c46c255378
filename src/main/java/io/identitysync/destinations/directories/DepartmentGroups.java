package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.identities.DirectoryState;
import io.identitysync.store.identities.DirectoryState.Link;

/**
 * Departments as directory groups, the same for every kind: a department is a group, adopted by name, renamed with
 * it, deleted with it unless adopted; a department membership sets the person's department and, with groups on, the
 * group's members. {@link PushRules} adds the people; a kind says how each is done in its API.
 */
public abstract class DepartmentGroups implements DirectoryPush {

    protected static final String USER = "user";
    protected static final String GROUP = "group";

    protected final DirectoryConfig config;
    protected final DirectoryState state;

    protected DepartmentGroups(DirectoryConfig config, DirectoryState state) {
        this.config = config;
        this.state = state;
    }

    /** The id of the directory group with this name, or null. */
    protected abstract String findGroup(String name);

    protected abstract String createGroup(String name);

    protected abstract void renameGroup(String remoteId, String name);

    protected abstract void deleteGroup(String remoteId);

    /** Adds or removes a member; already so is what was wanted. */
    protected abstract void member(String groupRemoteId, String userRemoteId, boolean add);

    @Override
    public final String group(String connector, String externalId) {
        return config.groups() ? department(connector, externalId, true) : "groups are off";
    }

    /**
     * A change to a department itself: created (or adopted), renamed or deleted here; {@code withMembers} adds the
     * members already linked when it is created outside a push of one of them.
     */
    protected final String department(String connector, String externalId, boolean withMembers) {
        ObjectNode row = state.group(connector, externalId);
        if (row == null || !"department".equals(row.path("kind").asText())) {
            return "not a department";
        }
        String name = row.path("name").asText(externalId);
        Link link = state.link(connector, GROUP, externalId);
        if (!row.path("deleted_at").isNull()) {
            if (link == null) {
                return "no change";
            }
            if (!link.adopted()) {
                deleteGroup(link.remoteId());
            }
            state.forget(connector, GROUP, externalId);
            return (link.adopted() ? "unlinked group " : "deleted group ") + link.username();
        }
        if (link == null) {
            String found = findGroup(name);
            String id;
            if (found != null) {
                id = found;
            } else {
                try {
                    id = createGroup(name);
                } catch (DirectoryException e) {
                    // A 409: made meanwhile, or there in a way the lookup missed. Adopted, as found, never dead-lettered.
                    found = e.status() != null && e.status() == 409 ? findGroup(name) : null;
                    if (found == null) {
                        throw e;
                    }
                    id = found;
                }
            }
            state.save(connector, GROUP, externalId, new Link(id, name, found != null, false));
            int added = 0;
            if (withMembers) {
                for (String member : state.members(connector, externalId)) {
                    Link user = state.link(connector, USER, member);
                    if (user != null) {
                        member(id, user.remoteId(), true);
                        added++;
                    }
                }
            }
            return (found != null ? "adopted group " : "created group ") + name + (withMembers ? " with " + added + " members" : "");
        }
        if (!name.equals(link.username())) {
            renameGroup(link.remoteId(), name);
            state.save(connector, GROUP, externalId, new Link(link.remoteId(), name, link.adopted(), false));
            return "renamed group " + link.username() + " to " + name;
        }
        return "no change";
    }

    /** A membership change: the group's member (with groups on), then the person, whose department it sets. */
    protected final String membership(String connector, String groupId, String userId, boolean added) {
        ObjectNode group = state.group(connector, groupId);
        if (group == null || !"department".equals(group.path("kind").asText())) {
            return "not a department";
        }
        Link user = state.link(connector, USER, userId);
        if (user == null) {
            return "not in the directory";
        }
        String member = "";
        if (config.groups()) {
            Link groupLink = state.link(connector, GROUP, groupId);
            if (groupLink == null && added) {
                department(connector, groupId, false);
                groupLink = state.link(connector, GROUP, groupId);
            }
            if (groupLink != null) {
                member(groupLink.remoteId(), user.remoteId(), added);
                member = (added ? "added to " : "removed from ") + groupLink.username() + "; ";
            }
        }
        return member + user(connector, userId);
    }
}
