package io.identitysync.run;

import io.identitysync.config.Settings;
import io.identitysync.core.Backoff;
import io.identitysync.core.SourceException;
import io.identitysync.observe.IdentityMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

import static io.identitysync.run.RunProperties.BASE_URL;
import static io.identitysync.run.RunProperties.CONNECTOR;
import static io.identitysync.run.RunProperties.FETCH_MILLIS;
import static io.identitysync.run.RunProperties.KEY_PREFIX;
import static io.identitysync.run.RunProperties.PACED_MILLIS;
import static io.identitysync.run.RunProperties.PAGE;
import static io.identitysync.run.RunProperties.RATE_LIMIT_WAITS;
import static io.identitysync.run.RunProperties.REQUEST;
import static io.identitysync.run.RunProperties.REQUEST_ATTEMPTS;
import static io.identitysync.run.RunProperties.REQUEST_STARTED_NANOS;
import static io.identitysync.run.RunProperties.RESOURCE;
import static io.identitysync.run.RunProperties.RETRY_REQUEST;
import static io.identitysync.run.RunProperties.SOURCE_NAME;

/**
 * What the shared request loop (routes/source-requests.camel.yaml) does around each HTTP request, the same for
 * every source: decides whether to send it again and how long to wait first. The loop calls {@link #before} and
 * {@link #after} and goes round while the exchange property {@code retryRequest} is true.
 * <ul>
 * <li>429: wait as {@code Retry-After} says (seconds or an HTTP date), or back off; at most {@value #MAX_RATE_LIMIT_WAITS} waits in a row.</li>
 * <li>500, 502, 503, 504, a dropped connection, a timeout, a refused connection: back off exponentially with
 * jitter ({@code <id>.retry.backoff} doubling up to {@code <id>.retry.max-backoff}), at most
 * {@code <id>.retry.max-attempts} attempts, then the run fails naming the source, page, request path and last status.</li>
 * <li>Pacing: where the API says how many requests are left in its window ({@code X-Rate-Limit-Remaining} and
 * {@code X-Rate-Limit-Reset}, or the {@code X-RateLimit-*} / {@code RateLimit-*} spellings), the next request waits
 * for the window when none is left, so the limit is not hit at all.</li>
 * <li>Anything else (2xx, 401/403, other 4xx) goes on to the page reader, which accepts or fails it at once.</li>
 * </ul>
 * Every wait ends early, failing the run, when the service is shutting down.
 */
public final class SourceRequests {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    static final int MAX_RATE_LIMIT_WAITS = 10;
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    private final Settings settings;
    private final IdentityMetrics metrics;

    public SourceRequests(Settings settings, IdentityMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Before each attempt: stop when the service is shutting down; remember the request for messages. */
    public void before(Exchange exchange) {
        stopIfShuttingDown(exchange);
        exchange.setProperty(REQUEST, "GET " + requestPath(exchange));
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        exchange.setProperty(RETRY_REQUEST, false);
        exchange.setProperty(REQUEST_STARTED_NANOS, System.nanoTime());
    }

    public void after(Exchange exchange) throws InterruptedException {
        String connector = exchange.getProperty(CONNECTOR, String.class);
        String keys = exchange.getProperty(KEY_PREFIX, String.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        Integer status = error != null ? null : exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        exchange.setProperty(FETCH_MILLIS, (System.nanoTime() - exchange.getProperty(REQUEST_STARTED_NANOS, System.nanoTime(), Long.class)) / 1_000_000);
        int attempt = exchange.getProperty(REQUEST_ATTEMPTS, 0, Integer.class) + 1;
        String where = nextPage(exchange);

        if (status != null && status == 429) {
            metrics.rateLimited(connector);
            int waits = exchange.getProperty(RATE_LIMIT_WAITS, 0, Integer.class) + 1;
            if (waits > MAX_RATE_LIMIT_WAITS) {
                throw new SourceException(where + ": still rate limited (HTTP 429) after " + MAX_RATE_LIMIT_WAITS + " waits ("
                        + exchange.getProperty(REQUEST) + ")");
            }
            Duration wait = Backoff.retryAfter(exchange.getMessage().getHeader("Retry-After", String.class), MAX_WAIT);
            if (wait == null) {
                wait = backoff(keys, waits);
            }
            LOG.info("{}: rate limited on {}, waiting {} ms{}", connector, where, wait.toMillis(),
                    exchange.getMessage().getHeader("Retry-After") != null ? " as Retry-After says" : "");
            exchange.setProperty(RATE_LIMIT_WAITS, waits);
            again(exchange, wait);
            return;
        }
        String problem = error != null ? describe(exchange, error) : status != null && isTransient(status) ? "HTTP " + status : null;
        if (problem != null) {
            int maxAttempts = settings.integer(keys + "retry.max-attempts");
            if (attempt >= maxAttempts || (error != null && !(error instanceof IOException))) {
                int hint = problem.indexOf("; check ");
                String what = hint < 0 ? problem : problem.substring(0, hint);
                throw new SourceException(where + ": " + what + (attempt > 1 ? " after " + attempt + " attempts" : "")
                        + " (" + exchange.getProperty(REQUEST) + ")" + (hint < 0 ? "" : problem.substring(hint)));
            }
            Duration wait = backoff(keys, attempt);
            LOG.warn("{}: {} on {}, attempt {} of {}; trying again in {} ms", connector, problem, where, attempt, maxAttempts, wait.toMillis());
            exchange.setProperty(REQUEST_ATTEMPTS, attempt);
            again(exchange, wait);
            return;
        }
        metrics.pageFetched(connector, Duration.ofMillis(exchange.getProperty(FETCH_MILLIS, 0L, Long.class)));
        exchange.removeProperty(REQUEST_ATTEMPTS);
        exchange.removeProperty(RATE_LIMIT_WAITS);
        exchange.setProperty(RETRY_REQUEST, false);
        pace(exchange, connector);
    }

    /** Slows down before the limit: when the API says no request is left in its window, wait for the window. */
    private void pace(Exchange exchange, String connector) throws InterruptedException {
        String remaining = header(exchange, "X-Rate-Limit-Remaining", "X-RateLimit-Remaining", "RateLimit-Remaining");
        String reset = header(exchange, "X-Rate-Limit-Reset", "X-RateLimit-Reset", "RateLimit-Reset");
        if (remaining == null || reset == null) {
            return;
        }
        try {
            if (Long.parseLong(remaining.trim()) > 0) {
                return;
            }
            long seconds = Long.parseLong(reset.trim());
            // A large value is an epoch time rather than a delay.
            long millis = seconds > 1_000_000_000L ? seconds * 1000 - System.currentTimeMillis() : seconds * 1000;
            millis = Math.min(Math.max(0, millis), MAX_WAIT.toMillis());
            if (millis > 0) {
                LOG.info("{}: no requests left in the API's rate window; pausing {} ms before the next one", connector, millis);
                exchange.setProperty(PACED_MILLIS, exchange.getProperty(PACED_MILLIS, 0L, Long.class) + millis);
                sleep(exchange, millis);
            }
        } catch (NumberFormatException unreadable) {
            // Headers we cannot read: fall back to Retry-After on a 429.
        }
    }

    private static String header(Exchange exchange, String... names) {
        for (String name : names) {
            String v = exchange.getMessage().getHeader(name, String.class);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static boolean isTransient(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    private Duration backoff(String keys, int attempt) {
        return Backoff.exponential(attempt, settings.duration(keys + "retry.backoff"), settings.duration(keys + "retry.max-backoff"));
    }

    private void again(Exchange exchange, Duration wait) throws InterruptedException {
        exchange.setProperty(RETRY_REQUEST, true);
        sleep(exchange, wait.toMillis());
    }

    /** Sleeps in short slices, so a shutdown is noticed within a tenth of a second. */
    private static void sleep(Exchange exchange, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            stopIfShuttingDown(exchange);
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 100));
        }
    }

    /** Abandons the run (nothing is applied before the commit) when the service is being stopped. */
    public static void stopIfShuttingDown(Exchange exchange) {
        if (exchange.getContext().isStopping() || exchange.getContext().isStopped() || Thread.currentThread().isInterrupted()) {
            throw new SourceException(exchange.getProperty(SOURCE_NAME) + ": the service is shutting down; the run was abandoned "
                    + "before its commit, so nothing was applied");
        }
    }

    /** The page about to be read, as messages name it ("Factorial page 3 of employees"). */
    private static String nextPage(Exchange exchange) {
        return exchange.getProperty(SOURCE_NAME, String.class) + " page " + (exchange.getProperty(PAGE, 0, Integer.class) + 1)
                + " of " + exchange.getProperty(RESOURCE, String.class);
    }

    /** Path and query of the request (never a header, so never the credential). */
    private String requestPath(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        if (uri != null) {
            URI u = URI.create(uri);
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
        String base = exchange.getProperty(BASE_URL, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        return URI.create(base).getRawPath() + path + (query == null ? "" : "?" + query);
    }

    private String describe(Exchange exchange, Throwable error) {
        String keys = exchange.getProperty(KEY_PREFIX, String.class);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof SocketTimeoutException)) {
            root = root.getCause();
        }
        String origin = origin(exchange.getProperty(BASE_URL, String.class));
        String name = root.getClass().getSimpleName();
        if (root instanceof UnknownHostException) {
            return "cannot resolve the host of " + origin + "; check " + keys + "base-url";
        }
        if (root instanceof ConnectException || name.contains("HostConnect")) {
            return "cannot reach " + origin + " (connection refused); check " + keys + "base-url";
        }
        if (root instanceof SocketTimeoutException || name.contains("Timeout")) {
            return "no answer from " + origin + " within " + keys + "read-timeout-ms (or connect-timeout-ms)";
        }
        if (name.contains("NoHttpResponse") || name.contains("ConnectionClosed") || name.contains("SocketException")
                || name.equals("EOFException")) {
            return "the connection was dropped before a complete answer (" + name + ")";
        }
        return name + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (RuntimeException e) {
            return "the configured base URL";
        }
    }
}
