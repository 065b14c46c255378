package io.identitysync.cli.support;

import io.identitysync.ConfigCheck;
import io.identitysync.config.Settings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation of the command line: where its output goes, the environment it reads keys from, and the
 * {@code --key=value} overrides found anywhere among the arguments. Every command but {@code demo} and
 * {@code completion} asks it for the configuration, so a bad configuration is refused the same way everywhere.
 */
public final class Context {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    public Context(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Thrown when the configuration cannot be used: one line per problem, each naming its key; exit 2. */
    public static final class BadConfiguration extends RuntimeException {
        private final List<String> problems;

        public BadConfiguration(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** A key given on the command line; a later one wins, as arguments override the environment and the file. */
    public void override(String key, String value) {
        overrides.put(key, value);
    }

    /**
     * The configuration: application.properties, then the environment, then system properties, then the overrides;
     * checked whole, so that nothing is opened or created before every key is good.
     *
     * @throws BadConfiguration naming each bad key
     */
    public Settings settings() {
        Settings settings;
        try {
            settings = Settings.load(Path.of("application.properties"), env, System.getProperties(), overrides);
        } catch (IllegalArgumentException e) {
            throw new BadConfiguration(List.of(e.getMessage()));
        }
        List<String> problems = ConfigCheck.problems(settings);
        if (!problems.isEmpty()) {
            throw new BadConfiguration(problems);
        }
        return settings;
    }
}
