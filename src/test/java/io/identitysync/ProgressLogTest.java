package io.identitysync;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run says what it is doing: one line per page, one summary, never a secret. */
class ProgressLogTest extends FixtureTest {

    @Test
    void oneLinePerPageAndASummaryPerRun() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            fx = new SyncFixture(dir, FactorialData.seeded(25, 8));
            fx.set("factorial.page-size", "10");
            assertTrue(fx.runFactorial().succeeded());
        } finally {
            System.setErr(original);
        }
        List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("identity-sync - factorial:")).toList();
        List<String> pages = lines.stream().filter(l -> l.matches(".*factorial: (job_levels|contract_versions|employees|teams|team_memberships|locations) page \\d+: \\d+ users, \\d+ groups, "
                + "\\d+ memberships, \\d+ employments, \\d+ skipped \\(fetched in \\d+ ms, staged in \\d+ ms\\)")).toList();
        // job levels 1, contract versions 3 (28 at 10 a page), employees 3, teams 1, team memberships 4 (30, the last
        // page empty), locations 1
        assertEquals(13, pages.size(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*factorial: run run_\\w+ succeeded in [0-9.]+s: 13 pages, \\d+ users seen; users \\+\\d+ .*"
                + "skipped; \\d+ events")), String.join("\n", lines));
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(SyncFixture.TOKEN));
    }
}
