/**
 * The command line, on picocli: {@link io.identitysync.cli.IdentitySync} is the entry point ({@code java -jar
 * identity-sync.jar}) and wires the parser (exit codes, the {@code --key=value} overrides, error messages);
 * {@link io.identitysync.cli.ServiceCommand} is the top command (the service, {@code --once}) and every other class
 * here is one command or one group of commands, its subcommands nested in it. A command owns its parsing and its
 * printing; what it does to the store, the outbox, a directory or Factorial lives in that domain's package and is
 * called from here. Nothing outside this package depends on it.
 */
package io.identitysync.cli;
