package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.VendorWords;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Teamtailor: one page of each collection a run reads, with the headers its route sends (routes/teamtailor.camel.yaml). */
final class TeamtailorProbe implements SourceProbe {

    static final List<String> COLLECTIONS = List.of("users", "departments", "locations", "teams");

    @Override
    public List<Finding> check(Connectors.Connector c, Settings s, LiveHttp http) {
        String base = LiveHttp.trimmed(s.get(c.key("base-url")));
        Map<String, String> headers = Map.of("Authorization", "Token token=" + s.get(c.key("api-token")),
                "X-Api-Version", s.get(c.key("api-version")), "Accept", "application/vnd.api+json");
        List<Finding> out = new ArrayList<>();
        for (String collection : COLLECTIONS) {
            try {
                LiveHttp.Answer a = http.get(base + "/" + collection + "?page%5Bsize%5D=" + s.get(c.key("page-size")), headers);
                out.add(a.ok() ? counted(c, collection, a) : refused(c, collection, a));
                if (a.status() == 401 || a.status() == 406) {
                    // The same key or version would be refused for every other collection too.
                    break;
                }
            } catch (LiveHttp.Unreachable e) {
                out.add(Finding.failed(c.id(), collection, base + ": " + e.getMessage(), c.key("base-url")));
                break;
            }
        }
        return out;
    }

    private static Finding counted(Connectors.Connector c, String collection, LiveHttp.Answer a) {
        JsonNode data = a.json() == null ? null : a.json().path("data");
        if (data == null || !data.isArray()) {
            return Finding.failed(c.id(), collection, "HTTP " + a.status() + " but no JSON:API data list: is " + c.key("base-url")
                    + " Teamtailor's API (…/v1)?", c.key("base-url"));
        }
        JsonNode total = a.json().path("meta").path("record-count");
        return Finding.ok(c.id(), collection, total.canConvertToLong() ? total.asLong() + " in all" : data.size() + " on the first page");
    }

    private static Finding refused(Connectors.Connector c, String collection, LiveHttp.Answer a) {
        String words = VendorWords.inParentheses(a.text());
        return switch (a.status()) {
            case 401 -> Finding.failed(c.id(), collection, "HTTP 401" + words + ": Teamtailor refused the API key", c.key("api-token"));
            case 403 -> Finding.failed(c.id(), collection, "HTTP 403" + words + ": the key's scope may not read " + collection
                    + " (Teamtailor: an Admin key with read access)", c.key("api-token"));
            case 406 -> Finding.failed(c.id(), collection, "HTTP 406" + words + ": Teamtailor refused the API version", c.key("api-version"));
            default -> Finding.failed(c.id(), collection, "HTTP " + a.status() + words, a.status() == 404 ? c.key("base-url") : c.key("api-token"));
        };
    }
}
