package io.identitysync.model;

import io.identitysync.core.Usernames;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * How a person's employments shape them, the same for every source:
 * <ul>
 * <li>the employment in force is the newest version whose effective date has come; a person none of whose
 * versions has come yet is shown the first one to come;</li>
 * <li>the title is the source's own title of the person where it has one, else that employment's (its job title,
 * else its job catalog role);</li>
 * <li>a person whose first employment starts after today is {@code pending} until that day, unless the source
 * already says they left (a withdrawn offer stays {@code disabled}).</li>
 * </ul>
 * Everything here depends on the day, so a run on the start date changes the person with no change in the source.
 */
public final class Employments {

    private static final Comparator<CanonicalEmployment> BY_EFFECTIVE_DATE = Comparator
            .comparing((CanonicalEmployment e) -> e.effectiveOn() == null ? "" : e.effectiveOn())
            .thenComparing(CanonicalEmployment::externalId, Usernames.EXTERNAL_ID_ORDER);

    private Employments() {
    }

    /**
     * @param versions the person's employments, each with its title already resolved from the job catalog
     */
    public static CanonicalUser apply(CanonicalUser user, List<CanonicalEmployment> versions, LocalDate today) {
        if (versions.isEmpty()) {
            return user;
        }
        List<CanonicalEmployment> sorted = new ArrayList<>(versions);
        sorted.sort(BY_EFFECTIVE_DATE);
        CanonicalEmployment inForce = null;
        for (CanonicalEmployment e : sorted) {
            if (!after(e.effectiveOn(), today)) {
                inForce = e;
            }
        }
        CanonicalEmployment shown = inForce != null ? inForce : sorted.get(0);
        String title = user.title() != null ? user.title() : shown.title();
        String status = user.status();
        if (CanonicalUser.ACTIVE.equals(status) && after(hireDate(sorted), today)) {
            status = CanonicalUser.PENDING;
        }
        return user.withEmployment(title, status, block(shown));
    }

    /** The first day of the first employment: its start date, else its effective date. */
    private static String hireDate(List<CanonicalEmployment> sorted) {
        String first = null;
        for (CanonicalEmployment e : sorted) {
            String day = e.startsOn() != null ? e.startsOn() : e.effectiveOn();
            if (day != null && (first == null || day.compareTo(first) < 0)) {
                first = day;
            }
        }
        return first;
    }

    /** The employment as users.employment, events and exports carry it; absent values are left out. */
    static TreeMap<String, Object> block(CanonicalEmployment e) {
        TreeMap<String, Object> b = new TreeMap<>();
        put(b, "id", e.externalId());
        put(b, "effective_on", e.effectiveOn());
        put(b, "start_date", e.startsOn());
        put(b, "end_date", e.endsOn());
        put(b, "title", e.title());
        put(b, "employment_type", e.employmentType());
        put(b, "legal_entity_id", e.legalEntityId());
        put(b, "working_hours", e.workingHours());
        put(b, "working_hours_frequency", e.workingHoursFrequency());
        return b;
    }

    private static void put(TreeMap<String, Object> b, String key, String value) {
        if (value != null) {
            b.put(key, value);
        }
    }

    /** True when {@code day} (an ISO date, or a timestamp starting with one) is after today; an unreadable or absent day is not. */
    static boolean after(String day, LocalDate today) {
        if (day == null) {
            return false;
        }
        try {
            return LocalDate.parse(day.length() > 10 ? day.substring(0, 10) : day).isAfter(today);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
