package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.OutboxCommands;
import io.identitysync.config.Settings;
import io.identitysync.destinations.outbox.OutboxAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code webhooks list} and {@code webhooks replay …}: the webhook endpoints' side of the outbox. */
@Command(name = "webhooks", header = "Webhook deliveries by endpoint and status; queuing events again.",
        description = "The webhook deliveries: what is pending, delivered and dead, and queuing events again.",
        subcommands = {WebhooksCommand.List.class, WebhooksCommand.Replay.class})
final class WebhooksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "list", header = "Deliveries by endpoint and status, dead ones.",
            description = "Deliveries by endpoint and status, then the dead ones (oldest first).")
    static final class List extends OutboxCommands.List {
        List(Context context) {
            super(context, WebhooksCommand::kind);
        }
    }

    @Command(name = "replay", header = "Queue events again: --dead | --run=RUN_ID | --since=TIME [--endpoint=ID].",
            description = {"Queues events again, with the ids they had, and delivers them (up to webhooks.once-wait). "
            + "Exactly one of --dead, --run, --since. Exit 1 when some are still pending."})
    static final class Replay extends OutboxCommands.Replay {
        @Option(names = "--endpoint", paramLabel = "ID", description = "only to this endpoint (webhooks.endpoint.<ID>.url)")
        String endpoint;

        Replay(Context context) {
            super(context, WebhooksCommand::kind);
        }

        @Override
        protected String only() {
            return endpoint;
        }
    }

    private static OutboxAdmin.Kind kind(Settings settings) {
        return OutboxAdmin.webhooks(settings);
    }
}
