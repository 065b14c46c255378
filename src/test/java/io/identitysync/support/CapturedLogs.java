package io.identitysync.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** What the application logged (to standard error) while an action ran, with the action's result. */
public record CapturedLogs<T>(T result, String text) {

    public static <T> CapturedLogs<T> during(Callable<T> action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            T result = action.call();
            return new CapturedLogs<>(result, logs.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
