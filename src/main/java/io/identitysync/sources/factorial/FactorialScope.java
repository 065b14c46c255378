package io.identitysync.sources.factorial;

import io.identitysync.run.RunProperties;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * What a targeted run asks Factorial for: only its people's employees ({@code ids[]}), contract versions and team
 * memberships ({@code employee_ids[]}), all filters of Factorial's lists; the rest is read whole. A full run filters
 * nothing.
 */
public final class FactorialScope {

    public void employees(Exchange exchange) {
        filter(exchange, "ids[]");
    }

    public void contractVersions(Exchange exchange) {
        filter(exchange, "employee_ids[]");
    }

    public void memberships(Exchange exchange) {
        filter(exchange, "employee_ids[]");
    }

    public void none(Exchange exchange) {
        exchange.setProperty(RunProperties.FILTER, "");
    }

    private static void filter(Exchange exchange, String parameter) {
        Collection<?> scope = exchange.getProperty(RunProperties.SCOPE, Collection.class);
        String name = URLEncoder.encode(parameter, StandardCharsets.UTF_8);
        exchange.setProperty(RunProperties.FILTER, scope == null ? "" : scope.stream()
                .map(id -> "&" + name + "=" + URLEncoder.encode(String.valueOf(id), StandardCharsets.UTF_8)).collect(Collectors.joining()));
    }
}
