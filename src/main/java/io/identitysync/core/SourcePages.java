package io.identitysync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one page a source answered: checks the HTTP status, parses the JSON, selects the records and works out
 * the next page. Every failure names the source, the resource and the page, and says what to fix.
 * Route properties it reads: sourceName, connector, resource; it keeps page, cursor and hasNextPage.
 */
public final class SourcePages {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        boolean hasNext = meta.get("has_next_page").asBoolean();
        if (hasNext) {
            String cursor = meta.path("end_cursor").asText("");
            if (cursor.isEmpty()) {
                throw new SourceException(where + ": has_next_page is true but end_cursor is missing");
            }
            if (cursor.equals(exchange.getProperty("cursor", String.class))) {
                throw new SourceException(where + ": the cursor " + cursor + " repeats; stopping instead of looping forever");
            }
            exchange.setProperty("cursor", cursor);
        }
        exchange.setProperty("hasNextPage", hasNext);
        exchange.getMessage().setBody(data);
    }

    private JsonNode read(Exchange exchange) {
        int page = exchange.getProperty("page", 0, Integer.class) + 1;
        exchange.setProperty("page", page);
        String where = where(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String source = exchange.getProperty("sourceName", String.class);
        String connector = exchange.getProperty("connector", String.class);
        if (status == null) {
            throw new SourceException(where + ": no HTTP answer");
        }
        if (status == 401 || status == 403) {
            throw new SourceException(source + " refused the API token (HTTP " + status + " on " + where + "): check "
                    + connector + ".api-token" + (status == 403 ? " and the permissions of that key" : ""));
        }
        if (status == 429) {
            throw new SourceException(where + ": rate limited (HTTP 429)", true);
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

    private static String where(Exchange exchange) {
        return exchange.getProperty("sourceName", String.class) + " page " + exchange.getProperty("page", 0, Integer.class)
                + " of " + exchange.getProperty("resource", String.class);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
