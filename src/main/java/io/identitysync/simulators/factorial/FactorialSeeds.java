package io.identitysync.simulators.factorial;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a seeded company's employee {@code i} has beside the roster and the contracts ({@link FactorialData#seeded}):
 * the leaves and custom field values that exercise what a sync trips on, all relative to the company's day.
 */
final class FactorialSeeds {

    private FactorialSeeds() {
    }

    /**
     * Employee {@code i}'s leaves: every 10th away today (approved vacation), every 15th waiting for approval next
     * month, every 25th refused, every 33rd off this morning (a half day), every 20th over the last weekend
     * (Friday to Monday), every 45th on an open-ended sick leave.
     */
    static List<ObjectNode> leavesOf(int i, LocalDate today) {
        List<ObjectNode> leaves = new ArrayList<>();
        if (i % 10 == 0) {
            leaves.add(FactorialRecords.leave(i * 10L + 1, i, 1, today.minusDays(2), today.plusDays(2), true));
        }
        if (i % 15 == 0) {
            leaves.add(FactorialRecords.leave(i * 10L + 2, i, 1, today.plusDays(30), today.plusDays(34), null));
        }
        if (i % 25 == 0) {
            leaves.add(FactorialRecords.leave(i * 10L + 3, i, 1, today.plusDays(3), today.plusDays(4), false));
        }
        if (i % 33 == 0) {
            leaves.add(FactorialRecords.leave(i * 10L + 4, i, 1, today, today, true).put("half_day", "beginning_of_day"));
        }
        if (i % 20 == 0) {
            LocalDate friday = today.minusDays((today.getDayOfWeek().getValue() + 2) % 7 + 7);
            leaves.add(FactorialRecords.leave(i * 10L + 5, i, 1, friday, friday.plusDays(3), true));
        }
        if (i % 45 == 0) {
            leaves.add(FactorialRecords.leave(i * 10L + 6, i, 2, today.minusDays(5), null, true));
        }
        return leaves;
    }

    /** Employee {@code i}'s custom field values: every field for most, none for every 8th. */
    static List<ObjectNode> customValuesOf(int i, LocalDate today) {
        List<ObjectNode> customFieldValues = new ArrayList<>();
        if (i % 8 == 0) {
            return customFieldValues;
        }
        customFieldValues.add(FactorialRecords.customValue(i * 10L + 1, 1, i).put("value", "CC-" + (100 + i % 5)));
        customFieldValues.add(FactorialRecords.customValue(i * 10L + 2, 2, i).put("cents_value", 100L * i));
        customFieldValues.add(FactorialRecords.customValue(i * 10L + 3, 3, i).put("date_value", today.plusDays(365 - i % 30).toString()));
        customFieldValues.add(FactorialRecords.customValue(i * 10L + 4, 4, i).put("single_choice_value", String.valueOf(41 + i % 3)));
        customFieldValues.add(FactorialRecords.customValue(i * 10L + 5, 5, i).put("value", String.valueOf(i % 2 == 0)));
        return customFieldValues;
    }
}
