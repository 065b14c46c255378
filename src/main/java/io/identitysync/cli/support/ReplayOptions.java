package io.identitysync.cli.support;

import io.identitysync.config.Settings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What {@code webhooks replay} and {@code directories replay} queue again. Exactly one is needed; the outbox says so
 * (with its own words) rather than picocli, so both commands refuse alike.
 */
public final class ReplayOptions {

    @Option(names = "--dead", description = "the dead deliveries (those that ran out of attempts)")
    public boolean dead;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "the deliveries of one run")
    public String run;

    @Option(names = "--since", paramLabel = "TIME", converter = Since.class,
            description = "the deliveries created since TIME: an instant (2026-11-22T10:00:00Z) or a duration back from now (2h, 30m)")
    public Instant since;

    /** An ISO-8601 instant, or a duration back from now ({@code 2h}, {@code 30m}). */
    public static final class Since implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return Instant.now().minus(Settings.parseDuration(value));
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("'" + value + "' is neither a time such as 2026-11-22T10:00:00Z nor a duration such as 2h");
                }
            }
        }
    }
}
