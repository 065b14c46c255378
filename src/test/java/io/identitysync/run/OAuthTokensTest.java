package io.identitysync.run;

import io.identitysync.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDK's HTTP client keeps a selector thread in native code while it lives, and a JVM's exit waits 0.3 s for
 * such a thread: a process that never refreshes an OAuth token must not have one (every --once paid it).
 */
class OAuthTokensTest {

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager")).count();
    }

    @Test
    void noHttpClientIsMadeUntilATokenIsRefreshed() {
        long before = selectorThreads();
        new OAuthTokens(Settings.of(Map.of()), null);
        assertEquals(before, selectorThreads(), "constructing the token source started an HTTP client");
    }
}
