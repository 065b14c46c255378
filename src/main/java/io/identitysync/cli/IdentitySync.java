package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entry point: {@code java -jar identity-sync.jar [COMMAND] [OPTIONS] [--key=value …]}, parsed by picocli from
 * the commands' annotations. Exit codes: 0 all runs succeeded, 1 a run or check failed, 2 bad configuration (a key,
 * or the arguments themselves).
 */
public final class IdentitySync {

    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_CONFIGURATION = 2;

    /** A configuration key given as an argument; picocli leaves it unmatched, since no command declares it. */
    private static final Pattern OVERRIDE = Pattern.compile("--([A-Za-z0-9][^=]*)=(.*)", Pattern.DOTALL);
    private static final String OVERRIDES_FOOTER = "%nAny configuration key can be given as --<key>=<value>, before or after the command words "
            + "(e.g. --store.url=jdbc:sqlite:identity.db); it overrides the environment and application.properties.%n";

    private IdentitySync() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Context context = new Context(env, out, err);
        CommandLine cli = commandLine(context);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** The whole command tree for one invocation, its output on the context's streams. */
    static CommandLine commandLine(Context context) {
        CommandLine cli = new CommandLine(ServiceCommand.class, new Factory(context));
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        // An argument file (@file) would read arguments from disk: the hand-made parser never did.
        cli.setExpandAtFiles(false);
        cli.setUsageHelpWidth(100);
        cli.setUnmatchedArgumentsAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> refuse(e, context.err()));
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, context.err()));
        cli.setExecutionStrategy(parsed -> {
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            takeOverrides(parsed, context);
            return new CommandLine.RunLast().execute(parsed);
        });
        describeEverywhere(cli);
        return cli;
    }

    /** Exit 2 for a group named without its subcommand, with the group's usage. */
    static ParameterException sayWhatToDo(CommandSpec group) {
        return new ParameterException(group.commandLine(), group.name() + ": say what to do: " + String.join(", ", group.subcommands().keySet()));
    }

    /** What picocli left unmatched, from every command on the line: the configuration overrides, or an argument nobody takes. */
    private static void takeOverrides(ParseResult parsed, Context context) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (String arg : p.unmatched()) {
                Matcher m = OVERRIDE.matcher(arg);
                String elsewhere = !arg.startsWith("-") ? "" : commandsWithOption(p.commandSpec().root(), arg.replaceFirst("=.*", ""));
                if (m.matches() && elsewhere.isEmpty()) {
                    context.override(m.group(1), m.group(2));
                } else {
                    throw new ParameterException(p.commandSpec().commandLine(), "unknown argument '" + arg + "'"
                            + (elsewhere.isEmpty() ? "" : ": " + arg.replaceFirst("=.*", "") + " goes with " + elsewhere));
                }
            }
        }
    }

    /** The commands that declare an option (say, --live: check), for a message that says where it belongs. */
    private static String commandsWithOption(CommandSpec spec, String name) {
        TreeSet<String> found = new TreeSet<>();
        List<CommandSpec> todo = new ArrayList<>(List.of(spec));
        while (!todo.isEmpty()) {
            CommandSpec c = todo.remove(0);
            OptionSpec option = c.findOption(name);
            if (option != null && !option.inherited() && !option.usageHelp()) {
                found.add(c.parent() == null ? c.name() + " (the service)" : c.qualifiedName().substring(spec.name().length() + 1));
            }
            c.subcommands().values().forEach(sub -> todo.add(sub.getCommandSpec()));
        }
        return String.join(", ", found);
    }

    /** A parse error: one line saying what is wrong, then (unless a value was bad) how the command is used. Exit 2. */
    private static int refuse(ParameterException e, PrintStream err) {
        boolean badValue = e.getCause() instanceof TypeConversionException && e.getArgSpec() instanceof OptionSpec;
        String message = badValue ? ((OptionSpec) e.getArgSpec()).longestName() + ": " + e.getCause().getMessage() : e.getMessage();
        err.println("configuration error: " + message);
        if (!badValue) {
            CommandSpec spec = e.getCommandLine().getCommandSpec();
            err.print(e.getCommandLine().getHelp().synopsis(0).replaceFirst("^", "usage: "));
            err.println("(" + spec.qualifiedName() + " --help says more)");
        }
        return BAD_CONFIGURATION;
    }

    /** A command that could not go on: a bad configuration is exit 2, one line per problem; anything else a failed run. */
    private static int failed(Exception e, PrintStream err) {
        if (e instanceof Context.BadConfiguration bad) {
            bad.problems().forEach(p -> err.println("configuration error: " + p));
            return BAD_CONFIGURATION;
        }
        err.println("error: " + e.getMessage());
        return RUN_FAILED;
    }

    /** The exit codes and the overrides, at the foot of every command's help. */
    private static void describeEverywhere(CommandLine cli) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "succeeded");
        codes.put("1", "a run, delivery or check failed");
        codes.put("2", "bad configuration: a key, or the arguments");
        List<CommandLine> all = new ArrayList<>(List.of(cli));
        while (!all.isEmpty()) {
            CommandLine c = all.remove(0);
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes).footer(OVERRIDES_FOOTER);
            all.addAll(new TreeMap<>(c.getSubcommands()).values());
        }
    }

    /** Creates each command with the invocation's context when it takes one. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> withContext;
            try {
                withContext = type.getDeclaredConstructor(Context.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            withContext.setAccessible(true);
            return withContext.newInstance(context);
        }
    }
}
