package io.identitysync.store.staging;

import io.identitysync.model.CanonicalEmployment;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.Employments;
import io.identitysync.model.MappedPage;
import io.identitysync.store.Statements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The employments side of staging. A source reads its job catalog and employments before its people (the route's
 * order), so when a page of people is staged, each person's employments are already in the store: one query per
 * page gives them their employment, title and pending status ({@link Employments}), and their content hash
 * covers it.
 */
final class EmploymentStaging {

    private static final List<String> COLUMNS = List.of("external_id", "user_external_id", "effective_on", "starts_on", "ends_on",
            "title", "job_level_id", "employment_type", "legal_entity_id", "working_hours", "working_hours_frequency");

    private EmploymentStaging() {
    }

    static void stage(Connection c, String runId, MappedPage page, String where) throws SQLException {
        if (!page.employments.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_employments (run_id, " + String.join(", ", COLUMNS)
                    + ") VALUES (?" + ", ?".repeat(COLUMNS.size()) + ") ON CONFLICT DO NOTHING")) {
                List<String> ids = new ArrayList<>();
                for (CanonicalEmployment e : page.employments) {
                    Statements.bind(ps, Arrays.asList(runId, e.externalId(), e.userExternalId(), e.effectiveOn(), e.startsOn(),
                            e.endsOn(), e.title(), e.jobLevelId(), e.employmentType(), e.legalEntityId(), e.workingHours(),
                            e.workingHoursFrequency())).addBatch();
                    ids.add(e.externalId());
                }
                Staging.checkedBatch(ps, ids, where, "employment");
            }
        }
        Statements.batch(c, "INSERT INTO stage_job_levels (run_id, external_id, name, role_name) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                page.jobLevels.stream().map(l -> Arrays.asList(runId, l.externalId(), l.name(), l.roleName())).toList());
    }

    /** The page's people as their employments make them (unchanged where the run read no employments for them). */
    static List<CanonicalUser> employed(Connection c, String runId, List<CanonicalUser> users, LocalDate today) throws SQLException {
        if (users.isEmpty() || !Staging.read(c, runId, Staging.EMPLOYMENTS)) {
            return users;
        }
        Map<String, List<CanonicalEmployment>> byUser = new HashMap<>();
        String marks = String.join(", ", Collections.nCopies(users.size(), "?"));
        List<String> params = new ArrayList<>(List.of(runId));
        users.forEach(u -> params.add(u.externalId()));
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT e.*, coalesce(l.role_name, l.name) AS level_title "
                + "FROM stage_employments e LEFT JOIN stage_job_levels l ON l.run_id = e.run_id AND l.external_id = e.job_level_id "
                + "WHERE e.run_id = ? AND e.user_external_id IN (" + marks + ")"), params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String title = rs.getString("title") != null ? rs.getString("title") : rs.getString("level_title");
                byUser.computeIfAbsent(rs.getString("user_external_id"), k -> new ArrayList<>()).add(new CanonicalEmployment(
                        rs.getString("external_id"), rs.getString("user_external_id"), rs.getString("effective_on"), rs.getString("starts_on"),
                        rs.getString("ends_on"), title, rs.getString("job_level_id"), rs.getString("employment_type"),
                        rs.getString("legal_entity_id"), rs.getString("working_hours"), rs.getString("working_hours_frequency")));
            }
        }
        List<CanonicalUser> result = new ArrayList<>(users.size());
        for (CanonicalUser u : users) {
            result.add(Employments.apply(u, byUser.getOrDefault(u.externalId(), List.of()), today));
        }
        return result;
    }
}
