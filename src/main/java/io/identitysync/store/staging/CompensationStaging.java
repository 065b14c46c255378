package io.identitysync.store.staging;

import io.identitysync.core.SourceException;
import io.identitysync.model.CanonicalCompensation;
import io.identitysync.model.MappedPage;
import io.identitysync.model.Skipped;
import io.identitysync.store.Rows;
import io.identitysync.store.Statements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compensations side of staging. A compensation belongs to an employment (a contract version), read earlier in
 * the run: the person is found from it. One whose employment the run did not read is skipped, with its amount left
 * out of the skipped record: pay never reaches a file the configuration did not ask for.
 */
final class CompensationStaging {

    private CompensationStaging() {
    }

    static void stage(Connection c, String runId, MappedPage page, String where) throws SQLException {
        if (page.compensations.isEmpty()) {
            return;
        }
        try (PreparedStatement person = c.prepareStatement("SELECT user_external_id FROM stage_employments WHERE run_id = ? AND external_id = ?");
             PreparedStatement ps = c.prepareStatement("INSERT INTO stage_compensations (run_id, external_id, user_external_id, "
                     + "employment_id, concept, compensation_type, amount, currency, unit, period, period_count, starts_on, first_payment_on, "
                     + "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (CanonicalCompensation comp : page.compensations) {
                String user = null;
                if (comp.employmentId() != null) {
                    try (ResultSet rs = Statements.bind(person, Arrays.asList(runId, comp.employmentId())).executeQuery()) {
                        user = rs.next() ? rs.getString(1) : null;
                    }
                }
                if (user == null) {
                    page.skipped.add(new Skipped("compensation", comp.externalId(), "its contract version " + comp.employmentId()
                            + " was not read", Rows.JSON.createObjectNode().put("id", comp.externalId()).put("contract_version_id", comp.employmentId())));
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("external_id", comp.externalId());
                fields.put("user_external_id", user);
                fields.put("employment_id", comp.employmentId());
                fields.put("concept", comp.concept());
                fields.put("compensation_type", comp.compensationType());
                fields.put("amount", comp.amount());
                fields.put("currency", comp.currency());
                fields.put("unit", comp.unit());
                fields.put("period", comp.period());
                fields.put("period_count", comp.periodCount());
                fields.put("starts_on", comp.startsOn());
                fields.put("first_payment_on", comp.firstPaymentOn());
                Statements.bind(ps, Arrays.asList(runId, comp.externalId(), user, comp.employmentId(), comp.concept(), comp.compensationType(),
                        comp.amount(), comp.currency(), comp.unit(), comp.period(), comp.periodCount(), comp.startsOn(), comp.firstPaymentOn(),
                        Staging.hash(fields)));
                if (ps.executeUpdate() == 0) {
                    throw new SourceException(where + ": compensation " + comp.externalId() + " was already read earlier in this run (duplicate id)");
                }
            }
        }
    }
}
