package io.identitysync.model;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The employment rules on their own: which version is in force, whose title wins, who is pending. */
class EmploymentsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private static CanonicalUser user(String title, String status) {
        return new CanonicalUser("1", "a@b.c", "Ada", "Lovelace", "Ada Lovelace", title, status, null, new TreeMap<>());
    }

    private static CanonicalEmployment version(String id, String effective, String starts, String title) {
        return new CanonicalEmployment(id, "1", effective, starts, null, title, null, "full_time", null, "40", "week");
    }

    @Test
    void theNewestVersionWhoseDayHasComeIsInForce() {
        CanonicalUser u = Employments.apply(user(null, CanonicalUser.ACTIVE), List.of(version("13", "2026-12-20", "2020-01-06", "Lead"),
                version("11", "2020-01-06", "2020-01-06", "Engineer"), version("12", "2026-11-01", "2020-01-06", "Senior")), TODAY);
        assertEquals("Senior", u.title());
        assertEquals("12", u.employment().get("id"));
        assertEquals("2020-01-06", u.employment().get("start_date"));
        assertEquals(CanonicalUser.ACTIVE, u.status());
    }

    @Test
    void aVersionTakingEffectTodayIsInForceToday() {
        assertEquals("Senior", Employments.apply(user(null, CanonicalUser.ACTIVE), List.of(version("11", "2020-01-06", "2020-01-06", "Engineer"),
                version("12", "2026-12-01", "2020-01-06", "Senior")), TODAY).title());
    }

    @Test
    void aPreHireIsPendingAndShownTheEmploymentToComeUntilTheirFirstDay() {
        List<CanonicalEmployment> versions = List.of(version("21", "2026-12-10", "2026-12-10", "Admiral"));
        CanonicalUser before = Employments.apply(user(null, CanonicalUser.ACTIVE), versions, TODAY);
        assertEquals(CanonicalUser.PENDING, before.status());
        assertEquals("Admiral", before.title());
        assertEquals(CanonicalUser.ACTIVE, Employments.apply(user(null, CanonicalUser.ACTIVE), versions, LocalDate.of(2026, 12, 10)).status());
    }

    @Test
    void aWithdrawnOfferStaysDisabledAndTheSourcesOwnTitleWins() {
        List<CanonicalEmployment> versions = List.of(version("21", "2026-12-10", "2026-12-10", "Admiral"));
        assertEquals(CanonicalUser.DISABLED, Employments.apply(user(null, CanonicalUser.DISABLED), versions, TODAY).status());
        assertEquals("Rear Admiral", Employments.apply(user("Rear Admiral", CanonicalUser.ACTIVE), versions, TODAY).title());
    }

    @Test
    void withoutEmploymentsAPersonIsAsTheSourceSays() {
        CanonicalUser u = user("Engineer", CanonicalUser.ACTIVE);
        assertSame(u, Employments.apply(u, List.of(), TODAY));
        assertNull(u.employment());
    }
}
