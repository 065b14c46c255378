package io.identitysync.cli.support;

import io.identitysync.config.Settings;
import io.identitysync.destinations.outbox.OutboxAdmin;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * What {@code webhooks list|replay} and {@code directories list|replay} share: the same outbox, read and replayed
 * for one kind of destination. Each command declares only its names, help and filter option.
 */
public final class OutboxCommands {

    private OutboxCommands() {
    }

    /** {@code list}: deliveries by destination and status, then the dead ones. */
    public abstract static class List implements Callable<Integer> {
        private final Context context;
        private final Function<Settings, OutboxAdmin.Kind> kind;

        protected List(Context context, Function<Settings, OutboxAdmin.Kind> kind) {
            this.context = context;
            this.kind = kind;
        }

        @Override
        public Integer call() {
            Settings settings = context.settings();
            return OutboxAdmin.list(kind.apply(settings), settings, context.out(), context.err());
        }
    }

    /** {@code replay}: queue again, then deliver for at most the kind's once-wait. */
    public abstract static class Replay implements Callable<Integer> {
        private final Context context;
        private final Function<Settings, OutboxAdmin.Kind> kind;

        @Mixin
        ReplayOptions replay;

        protected Replay(Context context, Function<Settings, OutboxAdmin.Kind> kind) {
            this.context = context;
            this.kind = kind;
        }

        /** The one destination the replay is for (its option), or null for all. */
        protected abstract String only();

        @Override
        public Integer call() {
            Settings settings = context.settings();
            return OutboxAdmin.replay(kind.apply(settings), new OutboxAdmin.Replay(replay.dead, replay.run, replay.since, only()), settings,
                    context.out(), context.err());
        }
    }
}
