package io.identitysync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A commit's statements name their parameters by number ({@code ?1} the connector, {@code ?2} the run, {@code ?3}
 * the time), each used where it is needed. SQLite reads that; PostgreSQL's driver reads only plain {@code ?}. This
 * is the plain form, which both read, with the order in which to repeat the values.
 */
record NumberedSql(String sql, int[] order) {

    private static final Map<String, NumberedSql> PARSED = new ConcurrentHashMap<>();

    static NumberedSql of(String sql) {
        return PARSED.computeIfAbsent(sql, NumberedSql::parse);
    }

    /** {@code values} by number (the first is ?1), repeated and ordered as the plain statement takes them. */
    List<String> values(List<String> values) {
        List<String> out = new ArrayList<>(order.length);
        for (int n : order) {
            out.add(values.get(n - 1));
        }
        return out;
    }

    private static NumberedSql parse(String sql) {
        StringBuilder plain = new StringBuilder(sql.length());
        List<Integer> order = new ArrayList<>();
        int highest = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            }
            if (ch != '?' || quoted) {
                plain.append(ch);
                continue;
            }
            int end = i + 1;
            while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                end++;
            }
            // As SQLite numbers them: ?N is N, a bare ? is one more than the highest so far.
            int n = end > i + 1 ? Integer.parseInt(sql.substring(i + 1, end)) : highest + 1;
            highest = Math.max(highest, n);
            order.add(n);
            plain.append('?');
            i = end - 1;
        }
        return new NumberedSql(plain.toString(), order.stream().mapToInt(Integer::intValue).toArray());
    }
}
