package io.identitysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.core.CredentialRefusedException;
import io.identitysync.core.SourceException;
import io.identitysync.core.VendorWords;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static io.identitysync.run.RunProperties.BASE_URL;
import static io.identitysync.run.RunProperties.CREDENTIAL_KEY;
import static io.identitysync.run.RunProperties.CURSOR;
import static io.identitysync.run.RunProperties.CURSORS_SEEN;
import static io.identitysync.run.RunProperties.HAS_NEXT_PAGE;
import static io.identitysync.run.RunProperties.KEY_PREFIX;
import static io.identitysync.run.RunProperties.NEXT_URL;
import static io.identitysync.run.RunProperties.PAGE;
import static io.identitysync.run.RunProperties.RECORDS_SEEN;
import static io.identitysync.run.RunProperties.REQUEST;
import static io.identitysync.run.RunProperties.RESOURCE;
import static io.identitysync.run.RunProperties.SOURCE_NAME;

/**
 * The paginators every source can name (routes/source-requests.camel.yaml calls the one in the property
 * paginator): each reads one page a source answered, checks the HTTP status, parses the JSON, selects the records
 * and works out the next page. Every failure names the source, the resource and the page, and says what to fix.
 * Route properties it reads: sourceName, connector, resource; it keeps page, hasNextPage, and cursor or nextUrl.
 */
public final class SourcePages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    /**
     * Exchange property a source's route may set: the key(s) a refused request (a 4xx other than 401, 403 and 404)
     * points the operator to; without it, {@code <prefix>base-url}.
     */
    public static final String REFUSAL_HINT = "refusalHint";

    /** Before the first page of a resource: nothing read yet; a link paginator's first URL (nextUrl) is kept. */
    public void begin(Exchange exchange) {
        exchange.setProperty(PAGE, 0);
        exchange.setProperty(HAS_NEXT_PAGE, true);
        exchange.removeProperty(CURSOR);
        exchange.removeProperty(CURSORS_SEEN);
        exchange.removeProperty(RECORDS_SEEN);
    }

    /** Cursor pagination: records in {@code data}, next page from {@code meta.has_next_page} and {@code meta.end_cursor}. */
    public void cursorPage(Exchange exchange) {
        JsonNode page = read(exchange);
        String where = where(exchange);
        JsonNode data = page.get("data");
        if (data == null || !data.isArray()) {
            throw new SourceException(where + ": 'data' is not a list");
        }
        JsonNode meta = page.get("meta");
        if (meta == null || !meta.isObject() || !meta.path("has_next_page").isBoolean()) {
            throw new SourceException(where + ": 'meta.has_next_page' is missing");
        }
        checkRecords(where, data);
        boolean hasNext = meta.get("has_next_page").asBoolean();
        long seen = exchange.getProperty(RECORDS_SEEN, 0L, Long.class) + data.size();
        exchange.setProperty(RECORDS_SEEN, seen);
        if (meta.path("total").canConvertToLong() && seen > meta.get("total").asLong()) {
            throw new SourceException(where + ": " + seen + " records so far, more than the " + meta.get("total").asLong()
                    + " meta.total promised; stopping instead of reading on");
        }
        if (hasNext) {
            String cursor = meta.path("end_cursor").asText("");
            if (cursor.isEmpty()) {
                throw new SourceException(where + ": has_next_page is true but end_cursor is missing");
            }
            if (!firstTime(exchange, cursor)) {
                throw new SourceException(where + ": the cursor " + cursor + " repeats; stopping instead of looping forever");
            }
            exchange.setProperty(CURSOR, cursor);
        }
        exchange.setProperty(HAS_NEXT_PAGE, hasNext);
        exchange.getMessage().setBody(data);
    }

    /**
     * Link pagination (JSON:API): records in {@code data}, the next page at {@code links.next}, a full URL that must
     * stay on the configured base URL's scheme, host and port, so the credential is never sent anywhere else.
     * Route property baseUrl: the configured base URL; keeps nextUrl (removed on the last page).
     */
    public void linkPage(Exchange exchange) {
        String current = exchange.getProperty(NEXT_URL, String.class);
        JsonNode page = read(exchange);
        String where = where(exchange);
        JsonNode data = page.get("data");
        if (data == null || !data.isArray()) {
            throw new SourceException(where + ": 'data' is not a list");
        }
        checkRecords(where, data);
        int page0 = exchange.getProperty(PAGE, 0, Integer.class);
        JsonNode pageCount = page.path("meta").path("page-count");
        JsonNode nextNode = page.path("links").path("next");
        // An empty list is page-count 0 (jsonapi-resources: ceil(record-count / size)), yet it is still answered as page 1.
        boolean emptyList = pageCount.canConvertToInt() && pageCount.asInt() == 0 && page0 == 1 && data.isEmpty() && !nextNode.isTextual();
        if (!emptyList && pageCount.canConvertToInt() && (page0 > pageCount.asInt() || (page0 == pageCount.asInt() && nextNode.isTextual()))) {
            throw new SourceException(where + ": more pages than the " + pageCount.asInt() + " meta.page-count promised; stopping instead of reading on");
        }
        String next = nextNode.isTextual() && !nextNode.asText().isBlank() ? nextNode.asText() : null;
        exchange.setProperty(HAS_NEXT_PAGE, next != null);
        if (next == null) {
            exchange.removeProperty(NEXT_URL);
        } else {
            String base = exchange.getProperty(BASE_URL, String.class);
            if (!sameOrigin(next, base)) {
                throw new SourceException(where + ": links.next points to " + origin(next) + ", not to the configured "
                        + exchange.getProperty(KEY_PREFIX) + "base-url (" + origin(base) + "); stopping without sending the token there");
            }
            if (next.equals(current) || !firstTime(exchange, next)) {
                throw new SourceException(where + ": links.next repeats the page just read; stopping instead of looping forever");
            }
            exchange.setProperty(NEXT_URL, next);
        }
        exchange.getMessage().setBody(data);
    }

    /**
     * A record without an id cannot be matched to what is stored. It is passed on, and the source's mapping skips
     * it and records why (skipped.ndjson, the run's skipped count): an optional id (Factorial's contract versions)
     * must not stop a whole run. Were it a stored person, that person is treated as gone, within sync.max-delete-ratio.
     */
    private static void checkRecords(String where, JsonNode data) {
        for (int i = 0; i < data.size(); i++) {
            JsonNode record = data.get(i);
            JsonNode id = record == null ? null : record.get("id");
            if (id == null || id.isNull() || id.isContainerNode() || id.asText().isBlank()) {
                LOG.warn("{}: record {} of {} has no id; it is skipped", where, i + 1, data.size());
            }
        }
    }

    /** Cursor pagination: the cursor as the next request's query sends it (base64 may hold + / =). */
    public String encodedCursor(Exchange exchange) {
        String cursor = exchange.getProperty(CURSOR, String.class);
        return cursor == null ? "" : URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    /** Remembers the cursors (or links) of one resource; true the first time, false when one comes again: a loop, not a next page. */
    @SuppressWarnings("unchecked")
    private static boolean firstTime(Exchange exchange, String cursor) {
        Set<String> seen = exchange.getProperty(CURSORS_SEEN, Set.class);
        if (seen == null) {
            seen = new HashSet<>();
            exchange.setProperty(CURSORS_SEEN, seen);
        }
        return seen.add(cursor);
    }

    static boolean sameOrigin(String url, String base) {
        try {
            URI a = URI.create(url);
            URI b = URI.create(base);
            return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                    && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + ":" + port(u);
        } catch (IllegalArgumentException e) {
            return "an unreadable URL";
        }
    }

    private JsonNode read(Exchange exchange) {
        int page = exchange.getProperty(PAGE, 0, Integer.class) + 1;
        exchange.setProperty(PAGE, page);
        String where = where(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String source = exchange.getProperty(SOURCE_NAME, String.class);
        if (status == null) {
            throw new SourceException(where + ": no HTTP answer");
        }
        if (status == 401 || status == 403) {
            String credential = exchange.getProperty(CREDENTIAL_KEY, exchange.getProperty(KEY_PREFIX) + "api-token", String.class);
            throw new CredentialRefusedException(source + " refused the " + (credential.endsWith("api-token") ? "API token" : "OAuth access token")
                    + " (HTTP " + status + " on " + where + "): check " + credential + (status == 403 ? " and the permissions of that key" : "")
                    + said(exchange, source));
        }
        if (status >= 400 && status < 500) {
            String keys = exchange.getProperty(KEY_PREFIX, String.class);
            String hint = status == 404 ? keys + "base-url" : exchange.getProperty(REFUSAL_HINT, keys + "base-url", String.class);
            throw new SourceException(where + ": " + source + " refused the request (HTTP " + status + ", " + exchange.getProperty(REQUEST)
                    + "): check " + hint + said(exchange, source));
        }
        if (status != 200) {
            throw new SourceException(where + ": HTTP " + status, status >= 500);
        }
        try (InputStream body = exchange.getMessage().getBody(InputStream.class)) {
            if (body == null) {
                throw new SourceException(where + ": empty body");
            }
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SourceException(where + ": the body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new SourceException(where + ": malformed JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    /** "; Teamtailor said: "…"": the vendor's own words from a refused answer, whatever shape they come in. */
    private static String said(Exchange exchange, String source) {
        String body;
        try {
            body = exchange.getMessage().getBody(String.class);
        } catch (RuntimeException unreadable) {
            body = null;
        }
        String message = VendorWords.of(body);
        return message.isEmpty() ? "; the answer carried no message" : "; " + source + " said: \"" + message + "\"";
    }

    /** How messages name the page being read: "Factorial page 3 of employees". */
    static String where(Exchange exchange) {
        return exchange.getProperty(SOURCE_NAME, String.class) + " page " + exchange.getProperty(PAGE, 0, Integer.class)
                + " of " + exchange.getProperty(RESOURCE, String.class);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
