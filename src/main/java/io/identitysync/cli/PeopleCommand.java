package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.config.Settings;
import io.identitysync.people.People;
import io.identitysync.people.PeopleOutput;
import io.identitysync.people.PersonHistory;
import io.identitysync.people.Sensitive;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code people show WHO}: one person's history, newest first. {@code people list}: the people, with why each skipped
 * one was skipped. Both read only the store, so they are safe beside a running service.
 */
@Command(name = "people", header = "A person's history (what was read, decided, sent and answered), and the people.",
        description = "A person's history, newest first, and the people with why each skipped one was skipped. Reads only the store.",
        subcommands = {PeopleCommand.Show.class, PeopleCommand.ListPeople.class})
final class PeopleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "show", header = "One person's history, newest first.",
            description = {"Each run that changed them (the fields, before → after), each event, each delivery to a webhook endpoint or "
                    + "a directory (status, attempts, the answer, the directory's id for them) and each decision (skipped, pending, out of scope, "
                    + "refused by sync.max-delete-ratio, adopted, username numbered). Sensitive fields are named, never shown."})
    static final class Show implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "WHO", description = "<connector>:<external id> (e.g. factorial:42), a username, or an email")
        String who;

        @Option(names = "--format", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        PeopleOutput.Format format = PeopleOutput.Format.text;

        Show(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Settings settings = context.settings();
            try (Store store = Store.open(settings).migrate()) {
                People.Person person = new People(store).find(who);
                PeopleOutput.print(new PersonHistory(store, Sensitive.of(settings)).of(person), format, context.out());
                return IdentitySync.OK;
            } catch (People.NotFound e) {
                context.err().println("people show: " + e.getMessage());
                return IdentitySync.RUN_FAILED;
            } catch (StoreException e) {
                context.err().println("configuration error: " + e.getMessage());
                return IdentitySync.BAD_CONFIGURATION;
            }
        }
    }

    @Command(name = "list", header = "The people, with why each skipped one was skipped.",
            description = "Everyone stored (active, disabled, pending, deleted), then everyone skipped and never stored, with the reason.")
    static final class ListPeople implements Callable<Integer> {
        private final Context context;

        @Option(names = "--connector", paramLabel = "ID", description = "only this connector's people")
        String connector;

        @Option(names = "--status", paramLabel = "STATUS", description = "only these: active, disabled, pending, deleted or skipped")
        String status;

        @Option(names = "--skipped", description = "only the people skipped, each with why")
        boolean skipped;

        @Option(names = "--format", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        PeopleOutput.Format format = PeopleOutput.Format.text;

        ListPeople(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (status != null && !List.of("active", "disabled", "pending", "deleted", "skipped").contains(status)) {
                context.err().println("configuration error: --status: must be active, disabled, pending, deleted or skipped, was '" + status + "'");
                return IdentitySync.BAD_CONFIGURATION;
            }
            Settings settings = context.settings();
            try (Store store = Store.open(settings).migrate()) {
                PeopleOutput.print(new People(store).list(connector, status, skipped), format, context.out());
                return IdentitySync.OK;
            } catch (StoreException e) {
                context.err().println("configuration error: " + e.getMessage());
                return IdentitySync.BAD_CONFIGURATION;
            }
        }
    }
}
