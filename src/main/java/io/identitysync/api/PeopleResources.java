package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Settings;
import io.identitysync.people.OnePerson;
import io.identitysync.people.People;
import io.identitysync.people.PeopleOutput;
import io.identitysync.people.PersonHistory;
import io.identitysync.people.Sensitive;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.util.List;
import java.util.Map;

/**
 * GET /api/people and GET /api/people/{who}: what {@code people list} and {@code people show --format=json} print,
 * by the same code, sensitive fields named and never shown; POST /api/people/{who}/sync: {@code sync --person}.
 */
final class PeopleResources {

    private static final List<String> STATUSES = List.of("active", "disabled", "pending", "deleted", "skipped");

    private final Store store;
    private final Sensitive sensitive;
    private final OnePerson onePerson;
    private final OnePerson.Runs runs;

    PeopleResources(Settings settings, Store store, OnePerson.Runs runs) {
        this.store = store;
        this.sensitive = Sensitive.of(settings);
        this.onePerson = new OnePerson(settings);
        this.runs = runs;
    }

    /** GET /api/people?connector=&status=&skipped=true: everyone, or some, with why each skipped one was skipped. */
    JsonNode list(Map<String, String> query) {
        String status = query.get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiResources.ApiError(400, "status: must be one of " + String.join(", ", STATUSES) + ", was '" + status + "'");
        }
        String skipped = query.getOrDefault("skipped", "false");
        if (!skipped.equals("true") && !skipped.equals("false")) {
            throw new ApiResources.ApiError(400, "skipped: must be true or false, was '" + skipped + "'");
        }
        ObjectNode out = Rows.JSON.createObjectNode();
        ArrayNode people = out.putArray("people");
        new People(store).list(query.get("connector"), status, Boolean.parseBoolean(skipped)).forEach(p -> people.add(People.json(p)));
        return out;
    }

    /** GET /api/people/{who}: one person's history, who being connector:external id, a username or an email. */
    JsonNode show(String who) {
        People.Person person;
        try {
            person = new People(store).find(who);
        } catch (People.NotFound e) {
            throw new ApiResources.ApiError(404, e.getMessage());
        }
        return PeopleOutput.json(new PersonHistory(store, sensitive).of(person));
    }

    /**
     * POST /api/people/{who}/sync {"dry_run": true|false}: what {@code sync --person --format=json} prints, run in the
     * service. The body must say which: a preview changes nothing, an apply commits this person's changes and queues
     * their deliveries (a run of one person never deletes anyone).
     */
    JsonNode sync(String who, JsonNode body) {
        JsonNode dryRun = body == null ? null : body.get("dry_run");
        if (dryRun == null || !dryRun.isBoolean()) {
            throw new ApiResources.ApiError(400, "dry_run: required, true to preview the sync and change nothing, false to apply it");
        }
        try {
            return onePerson.sync(runs, who, dryRun.asBoolean());
        } catch (OnePerson.Unknown e) {
            throw new ApiResources.ApiError(404, e.getMessage());
        } catch (OnePerson.Refused e) {
            throw new ApiResources.ApiError(409, e.getMessage());
        }
    }
}
