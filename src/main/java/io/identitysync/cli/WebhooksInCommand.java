package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.inbound.Subscriptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code webhooks-in subscribe|list|unsubscribe CONNECTOR}: the Factorial webhook subscriptions a connector needs,
 * managed through Factorial's API with the connector's credentials (see {@link Subscriptions}).
 */
@Command(name = "webhooks-in", header = "Factorial's webhook subscriptions to this service.",
        description = "Factorial's webhook subscriptions to this service's webhooks-in listener.",
        subcommands = {WebhooksInCommand.Subscribe.class, WebhooksInCommand.List.class, WebhooksInCommand.Unsubscribe.class})
final class WebhooksInCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "subscribe", header = "Subscribe Factorial's webhooks to this service: CONNECTOR --url=PUBLIC_URL.",
            description = {"Creates the subscriptions a sync needs and repairs in place those disabled, pointing "
            + "elsewhere or carrying another challenge; running it again changes nothing. Needs <prefix>webhooks-in.challenge."})
    static final class Subscribe implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "CONNECTOR", description = "a Factorial connector's id, e.g. factorial")
        String connector;

        @Option(names = "--url", paramLabel = "PUBLIC_URL", description = "the public URL this service's webhooks-in listener is reached at, "
                + "e.g. https://sync.example.com")
        String url;

        Subscribe(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return Subscriptions.run("subscribe", connector, url, context.settings(), context.out(), context.err());
        }
    }

    @Command(name = "list", header = "A connector's subscriptions, and what is missing.",
            description = "The connector's subscriptions, and how many of those a sync needs are missing or disabled.")
    static final class List implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "CONNECTOR", description = "a Factorial connector's id, e.g. factorial")
        String connector;

        List(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return Subscriptions.run("list", connector, null, context.settings(), context.out(), context.err());
        }
    }

    @Command(name = "unsubscribe", header = "Remove a connector's subscriptions.",
            description = "Removes the subscriptions that point at this connector's webhooks-in path.")
    static final class Unsubscribe implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "CONNECTOR", description = "a Factorial connector's id, e.g. factorial")
        String connector;

        Unsubscribe(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return Subscriptions.run("unsubscribe", connector, null, context.settings(), context.out(), context.err());
        }
    }
}
