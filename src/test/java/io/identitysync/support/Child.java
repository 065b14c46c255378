package io.identitysync.support;

import io.identitysync.cli.IdentitySync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The command line in a child JVM of its own, with the environment a test gives it: what an operator's shell starts. */
public final class Child {

    private Child() {
    }

    /**
     * Runs to the end (at most two minutes) in {@code workDir}; {@code env} is added to this JVM's environment, and an
     * entry whose value is null is removed from it. Output in {@code name}.out and .err there.
     */
    public static SyncFixture.Cli run(Path workDir, String name, Map<String, String> env, List<String> args) throws Exception {
        return run(workDir, name, env, List.of(), args);
    }

    /** As {@link #run(Path, String, Map, List)}, the JVM started with {@code jvmArgs} (say, -D log levels). */
    public static SyncFixture.Cli run(Path workDir, String name, Map<String, String> env, List<String> jvmArgs, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdentitySync.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve(name + ".out").toFile()).redirectError(workDir.resolve(name + ".err").toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + ": the child did not finish: " + read(workDir.resolve(name + ".err")));
        }
        return new SyncFixture.Cli(p.exitValue(), read(workDir.resolve(name + ".out")), read(workDir.resolve(name + ".err")));
    }

    /** The fixture's command line without the keys named: they come from elsewhere (a file, the environment). */
    public static List<String> without(String[] cli, String... keys) {
        List<String> out = new ArrayList<>();
        for (String arg : cli) {
            if (List.of(keys).stream().noneMatch(k -> arg.startsWith("--" + k + "="))) {
                out.add(arg);
            }
        }
        return out;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
