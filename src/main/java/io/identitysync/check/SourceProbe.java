package io.identitysync.check;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;

import java.util.List;

/** How {@code check --live} reads one kind of source: authenticate, then one page of each resource a run reads. */
interface SourceProbe {

    List<Finding> check(Connectors.Connector connector, Settings settings, LiveHttp http);
}
