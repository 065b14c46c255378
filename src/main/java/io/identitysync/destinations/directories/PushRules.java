package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.rules.PersonRules;
import io.identitysync.rules.RuleException;
import io.identitysync.store.identities.DirectoryState.Link;
import io.identitysync.store.identities.DirectoryState;
import io.identitysync.store.identities.PersonDecisions;

import java.time.Instant;
import java.util.List;

/**
 * The rules every kind of directory follows, written once: an inactive person is not created; a pre-hire is created
 * without access (JumpCloud STAGED, SCIM active false) and given it on their first day; a linked person whose
 * directory record is gone is looked for again; a person deleted in the source is deleted only with
 * {@code on-delete=delete}, and only once they have been suspended for {@code delete-after}; a manager's reports get them as manager once they are there; departments are directory groups
 * ({@link DepartmentGroups}). A kind says how each of these is done in its API.
 */
public abstract class PushRules extends DepartmentGroups {

    private final boolean scopedIds;
    private final DirectoryRules rules;

    protected PushRules(DirectoryConfig config, DirectoryState state, boolean scopedIds) {
        super(config, state);
        this.scopedIds = scopedIds;
        this.rules = new DirectoryRules(config, state);
    }

    /** The directory's record of a user, or null when it has none with that id. */
    protected abstract ObjectNode read(String remoteId);

    /**
     * Creates the person in the directory and links them; says so ("created x"). A pre-hire ({@link #pending}) is
     * created without access and linked as held by us, so that their first day gives it. A race with a record made
     * meanwhile may {@link #adopt} it.
     */
    protected abstract String create(String connector, ObjectNode row);

    /**
     * One update of what differs between the stored person and the directory's record, none when nothing does.
     * {@code active}: the person is active in the source; {@code gone}: deleted from the source.
     */
    protected abstract String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone);

    /** What {@link #update} would change, as it would say it ("jobTitle", "state SUSPENDED"); empty when nothing. */
    protected abstract List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone);

    /** The directory's existing record of this person (the one a create would adopt), or null; reads only. */
    protected abstract ObjectNode lookupExisting(String connector, ObjectNode row);

    /** The username (userName) of a directory record. */
    protected abstract String nameOf(ObjectNode remote);

    /** The directory's id of one of its records. */
    protected abstract String remoteIdOf(ObjectNode remote);

    /** The username a create would give; reads only. */
    protected abstract String proposedName(String connector, ObjectNode row);

    /** The id of every user record in the directory, paging through all of it. */
    protected abstract List<String> remoteUserIds();

    protected abstract void delete(String remoteId);

    /** Makes {@code managerRemoteId} the manager of a linked report (only when the record says otherwise). */
    protected abstract void manager(String reportRemoteId, String managerRemoteId);

    @Override
    public final String apply(Change change) {
        if (change.type().startsWith("user.")) {
            return user(change.connector(), change.userId());
        }
        if (change.type().startsWith("group.")) {
            return config.groups() ? department(change.connector(), change.groupId(), false) : "groups are off";
        }
        return membership(change.connector(), change.groupId(), change.userId(), change.type().equals("membership.added"));
    }

    /** A person as a push sees them: the stored row, our link, and the directory's record when the link still leads to one. */
    private record Person(ObjectNode row, Link link, ObjectNode remote, boolean gone, boolean active, boolean stale) {
        boolean pending() {
            return !gone && PushRules.pending(row);
        }
    }

    /** A pre-hire: in the source, first day still to come. */
    protected static boolean pending(ObjectNode row) {
        return row != null && "pending".equals(row.path("status").asText());
    }

    private Person person(String connector, String externalId) {
        ObjectNode row = rules.mapped(connector, externalId, state.user(connector, externalId));
        Link link = state.link(connector, USER, externalId);
        boolean gone = row == null || !row.path("deleted_at").isNull();
        ObjectNode remote = link == null ? null : read(link.remoteId());
        return new Person(row, remote == null ? null : link, remote, gone, !gone && "active".equals(row.path("status").asText()),
                link != null && remote == null);
    }

    @Override
    public final String user(String connector, String externalId) {
        Person p;
        String out;
        try {
            p = person(connector, externalId);
            out = p.gone() ? null : rules.outOfScope(connector, externalId, p.row());
        } catch (RuleException e) {
            // One person's failing rule skips that person here, never the directory's queue.
            state.decide(connector, externalId, PersonDecisions.SKIPPED, e.getMessage());
            return "skipped: " + e.getMessage();
        }
        if (out != null && !p.stale()) {
            return leftScope(connector, externalId, p, out);
        }
        if (p.stale()) {
            // Deleted in the directory by hand: what the source says decides again.
            state.forget(connector, USER, externalId);
        }
        if (p.link() == null) {
            if (p.pending()) {
                return prepare(connector, p.row());
            }
            if (p.active()) {
                return createOrAdopt(connector, p.row());
            }
            String why = "not created: " + (p.gone() ? "deleted in the source" : "inactive");
            if (p.row() != null) {
                state.decide(connector, externalId, PersonDecisions.OUT_OF_SCOPE, why);
            }
            return why;
        }
        if (p.gone() && config.onDelete().equals("delete")) {
            Instant due = deleteDue(p.row());
            if (due.isAfter(state.now())) {
                // Suspended as on-delete=suspend does, until the grace period is over: a wrong read costs no account.
                String done = update(connector, p.row(), p.link(), p.remote(), false, true);
                state.decide(connector, externalId, PersonDecisions.SUSPENDED_UNTIL, "deleted in the source: suspended, "
                        + "deleted after " + due + " (" + config.key("delete-after") + ")");
                return done + "; deleted after " + due;
            }
            delete(p.link().remoteId());
            state.forget(connector, USER, externalId);
            state.decide(connector, externalId, PersonDecisions.DELETED_AFTER_GRACE, "deleted " + p.link().username() + " after "
                    + config.key("delete-after") + "=" + config.option("delete-after"));
            return "deleted " + p.link().username();
        }
        return update(connector, p.row(), p.link(), p.remote(), p.active(), p.gone());
    }

    /**
     * What {@link #user} would do now, reading but never writing (neither the directory nor our links): "create
     * ana.garcia", "adopt alan.t", "update ada.lovelace (jobTitle)", "delete …"; null when nothing.
     */
    @Override
    public final String plan(String connector, String externalId) {
        Person p;
        String out;
        try {
            p = person(connector, externalId);
            out = p.gone() ? null : rules.outOfScope(connector, externalId, p.row());
        } catch (RuleException e) {
            return "skip: " + e.getMessage();
        }
        if (out != null) {
            if (p.link() == null || config.option(PersonRules.ON_OUT_OF_SCOPE).equals("ignore")) {
                return null;
            }
            List<String> changes = changes(connector, p.row(), p.link(), p.remote(), false, false);
            return changes.isEmpty() ? null : "update " + p.link().username() + " (" + String.join(", ", changes) + "; " + out + ")";
        }
        if (p.link() == null) {
            if (p.pending()) {
                return lookupExisting(connector, p.row()) != null ? null : "create " + proposedName(connector, p.row()) + " (without access until their first day)";
            }
            if (!p.active()) {
                return null;
            }
            ObjectNode found = lookupExisting(connector, p.row());
            return found != null ? "adopt " + nameOf(found) : "create " + proposedName(connector, p.row());
        }
        if (p.gone() && config.onDelete().equals("delete")) {
            Instant due = deleteDue(p.row());
            if (!due.isAfter(state.now())) {
                return "delete " + p.link().username() + " (suspended since " + p.row().path("deleted_at").asText() + ", grace over)";
            }
        }
        List<String> changes = changes(connector, p.row(), p.link(), p.remote(), p.active(), p.gone());
        return changes.isEmpty() ? null : "update " + p.link().username() + " (" + String.join(", ", changes) + ")";
    }

    /**
     * Someone outside this directory's scope: never created; if linked, a leaver here (suspended as on-disable says)
     * with on-out-of-scope=disable, left as they are with ignore; never deleted.
     */
    private String leftScope(String connector, String externalId, Person p, String out) {
        if (p.link() == null) {
            state.decide(connector, externalId, PersonDecisions.OUT_OF_SCOPE, "not created: " + out);
            return "not created: " + out;
        }
        if (config.option(PersonRules.ON_OUT_OF_SCOPE).equals("ignore")) {
            return "left as is (on-out-of-scope=ignore): " + out;
        }
        String done = update(connector, p.row(), p.link(), p.remote(), false, false);
        state.decide(connector, externalId, PersonDecisions.OUT_OF_SCOPE, "disabled: " + out);
        return done + "; " + out;
    }

    /**
     * When a person deleted in the source may be deleted here: their deletion in the store plus {@code delete-after}.
     * A row without one (gone from the store itself) is due at once.
     */
    private Instant deleteDue(ObjectNode row) {
        String deletedAt = row == null ? null : row.path("deleted_at").asText(null);
        if (deletedAt == null) {
            return Instant.EPOCH;
        }
        return Instant.parse(deletedAt).plus(config.deleteAfter());
    }

    @Override
    public final List<String> directoryUsers() {
        return remoteUserIds();
    }

    /**
     * A pre-hire gets an account without access, ready for their first day; a record the directory already has is
     * left alone until that day (then adopted as for anyone), so no one's access changes before they start.
     */
    private String prepare(String connector, ObjectNode row) {
        if (lookupExisting(connector, row) != null) {
            String why = "not linked yet: " + row.path("username").asText() + " starts later; the directory's record is adopted on their first day";
            state.decide(connector, row.path("external_id").asText(), PersonDecisions.PENDING, why);
            return why;
        }
        return create(connector, row);
    }

    /** The directory's existing record of this person is adopted (linked, never duplicated), or the person is created. */
    private String createOrAdopt(String connector, ObjectNode row) {
        ObjectNode found = lookupExisting(connector, row);
        return found != null ? adopt(connector, row, found) : create(connector, row);
    }

    /** Links a record the directory already has, then updates what differs; says so ("adopted y; updated …"). */
    protected final String adopt(String connector, ObjectNode row, ObjectNode found) {
        String id = row.path("external_id").asText();
        Link link = new Link(remoteIdOf(found), nameOf(found), true, false);
        state.save(connector, USER, id, link);
        String updated = update(connector, row, link, found, "active".equals(row.path("status").asText()), false);
        linked(connector, id, link);
        state.decide(connector, id, PersonDecisions.ADOPTED, "adopted its record " + link.username() + " (id " + link.remoteId() + ")");
        return "adopted " + link.username() + (updated.equals("no change") ? "" : "; " + updated);
    }

    /** After a person is linked: their reports already there get them as manager. */
    protected final void linked(String connector, String externalId, Link link) {
        state.save(connector, USER, externalId, link);
        for (String report : state.reports(connector, externalId)) {
            Link reportLink = state.link(connector, USER, report);
            if (reportLink != null) {
                manager(reportLink.remoteId(), link.remoteId());
            }
        }
    }

    /** The remote id of the person's manager, when the manager is in the directory. */
    protected final String managerOf(String connector, ObjectNode row) {
        String manager = row.path("manager_external_id").asText(null);
        Link link = manager == null ? null : state.link(connector, USER, manager);
        return link == null ? null : link.remoteId();
    }

    /** Our id as the directory keeps it (employeeIdentifier, externalId): scoped by connector when several feed it. */
    protected final String employeeId(String connector, String externalId) {
        return scopedIds ? connector + ":" + externalId : externalId;
    }
}
