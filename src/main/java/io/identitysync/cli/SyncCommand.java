package io.identitysync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.Format;
import io.identitysync.people.OnePerson;
import io.identitysync.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code sync --person WHO [--dry-run]}: one person read from their source and synced alone, each step printed. */
@Command(name = "sync", header = "Sync one person now, printing each step (--dry-run: change nothing).",
        description = {"Reads one person from their source by id (the read webhooks-in uses) and prints each step: the source record, "
                + "the canonical person, the scope decision, the change against the store and each directory's plan. Without --dry-run "
                + "it commits and pushes their changes only; it never marks anyone else deleted."})
final class SyncCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--person", required = true, paramLabel = "WHO", description = "<connector>:<external id>, a username, or an email")
    String person;

    @Option(names = "--dry-run", description = "read and plan, change nothing")
    boolean dryRun;

    @Option(names = "--format", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format = Format.text;

    SyncCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try {
            ObjectNode result = new OnePerson(context.settings()).sync(person, dryRun);
            if (format == Format.json) {
                context.out().println(result.toPrettyString());
            } else {
                OnePerson.text(result, context.out());
            }
            String status = result.path("status").asText();
            return status.equals("succeeded") || status.equals("planned") ? IdentitySync.OK : IdentitySync.RUN_FAILED;
        } catch (OnePerson.Refused e) {
            context.err().println("configuration error: --person: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        } catch (StoreException | IdentitySyncApp.StartFailed e) {
            context.err().println("configuration error: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        } catch (Exception e) {
            context.err().println("error: " + e.getMessage());
            return IdentitySync.RUN_FAILED;
        }
    }
}
