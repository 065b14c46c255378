/**
 * What the commands of {@link io.identitysync.cli} share: the invocation's {@link io.identitysync.cli.support.Context}
 * (output streams, environment, the {@code --key=value} configuration overrides, loading and checking the configuration),
 * the options several commands take ({@code --format}, the replay selection) and the printing of a run's plan.
 * It depends on no command, so the commands can all depend on it.
 */
package io.identitysync.cli.support;
