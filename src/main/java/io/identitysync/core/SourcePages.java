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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("identity-sync");
    static final int MAX_RATE_LIMIT_WAITS = 10;
    private static final long MAX_RETRY_AFTER_MILLIS = 120_000;

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

    /**
     * Link pagination (JSON:API): records in {@code data}, the next page at {@code links.next}, a full URL that must
     * stay on the configured base URL's scheme, host and port, so the credential is never sent anywhere else.
     * Route property baseUrl: the configured base URL; keeps nextUrl (removed on the last page).
     */
    public void linkPage(Exchange exchange) {
        String current = exchange.getProperty("nextUrl", String.class);
        JsonNode page = read(exchange);
        String where = where(exchange);
        JsonNode data = page.get("data");
        if (data == null || !data.isArray()) {
            throw new SourceException(where + ": 'data' is not a list");
        }
        JsonNode nextNode = page.path("links").path("next");
        String next = nextNode.isTextual() && !nextNode.asText().isBlank() ? nextNode.asText() : null;
        if (next == null) {
            exchange.removeProperty("nextUrl");
        } else {
            String base = exchange.getProperty("baseUrl", String.class);
            if (!sameOrigin(next, base)) {
                throw new SourceException(where + ": links.next points to " + origin(next) + ", not to the configured "
                        + exchange.getProperty("connector") + ".base-url (" + origin(base) + "); stopping without sending the token there");
            }
            if (next.equals(current)) {
                throw new SourceException(where + ": links.next repeats the page just read; stopping instead of looping forever");
            }
            exchange.setProperty("nextUrl", next);
        }
        exchange.getMessage().setBody(data);
    }

    /**
     * Pacing: a 429 is waited out as its Retry-After says (seconds or an HTTP date), then the same request goes
     * again, at most {@value #MAX_RATE_LIMIT_WAITS} times in a row. Sets retryRequest for the route's request loop.
     */
    public void waitIfRateLimited(Exchange exchange) throws InterruptedException {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status != 429) {
            exchange.setProperty("retryRequest", false);
            exchange.removeProperty("rateLimitWaits");
            return;
        }
        int waits = exchange.getProperty("rateLimitWaits", 0, Integer.class) + 1;
        String where = exchange.getProperty("sourceName") + " page " + (exchange.getProperty("page", 0, Integer.class) + 1)
                + " of " + exchange.getProperty("resource");
        if (waits > MAX_RATE_LIMIT_WAITS) {
            throw new SourceException(where + ": still rate limited (HTTP 429) after " + MAX_RATE_LIMIT_WAITS + " waits", true);
        }
        long millis = retryAfterMillis(exchange.getMessage().getHeader("Retry-After", String.class));
        LOG.info("{}: rate limited on {}, waiting {} ms as Retry-After says", exchange.getProperty("connector"), where, millis);
        exchange.setProperty("rateLimitWaits", waits);
        exchange.setProperty("retryRequest", true);
        Thread.sleep(millis);
    }

    static long retryAfterMillis(String header) {
        long millis = 1000;
        if (header != null && !header.isBlank()) {
            try {
                millis = Long.parseLong(header.trim()) * 1000;
            } catch (NumberFormatException e) {
                try {
                    millis = java.time.Duration.between(java.time.Instant.now(),
                            java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
                } catch (java.time.format.DateTimeParseException ignored) {
                    // An unreadable Retry-After: wait the default second.
                }
            }
        }
        return Math.max(100, Math.min(millis, MAX_RETRY_AFTER_MILLIS));
    }

    static boolean sameOrigin(String url, String base) {
        try {
            java.net.URI a = java.net.URI.create(url);
            java.net.URI b = java.net.URI.create(base);
            return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                    && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(java.net.URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String origin(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() + "://" + u.getHost() + ":" + port(u);
        } catch (IllegalArgumentException e) {
            return "an unreadable URL";
        }
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
            throw new SourceException(where + ": HTTP " + status + errorDetail(exchange), status >= 500);
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

    /** The title and detail of a JSON:API error document, when a 4xx carries one: it says what to fix. */
    private static String errorDetail(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status < 400 || status >= 500) {
            return "";
        }
        try (InputStream body = exchange.getMessage().getBody(InputStream.class)) {
            JsonNode error = body == null ? null : JSON.readTree(body).path("errors").path(0);
            if (error == null || error.isMissingNode()) {
                return "";
            }
            String detail = error.path("detail").asText(error.path("title").asText(""));
            return detail.isBlank() ? "" : " (" + detail + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** How messages name the page being read: "Factorial page 3 of employees". */
    static String where(Exchange exchange) {
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
