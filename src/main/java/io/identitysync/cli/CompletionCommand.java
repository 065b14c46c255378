package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code completion}: the bash completion script picocli generates from the commands' annotations, so it never drifts from them. */
@Command(name = "completion", header = "The bash (and zsh) completion script.",
        description = {"Prints the bash completion script for the command identity-sync, generated from the commands themselves.",
        "Install (bash; zsh after autoload -U +X bashcompinit && bashcompinit):",
        "  alias identity-sync='java -jar /opt/identity-sync/identity-sync.jar'",
        "  source <(identity-sync completion)      # in ~/.bashrc, or once: identity-sync completion > /etc/bash_completion.d/identity-sync"})
final class CompletionCommand implements Callable<Integer> {

    private final Context context;

    @Spec
    CommandSpec spec;

    CompletionCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        context.out().flush();
        return IdentitySync.OK;
    }
}
