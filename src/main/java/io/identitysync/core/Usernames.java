package io.identitysync.core;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The username rule of the contract: {@code given.family}, folded to a-z0-9, numbered on collision. */
public final class Usernames {

    private Usernames() {
    }

    /** {@code José Núñez-Díaz} → {@code jose.nunezdiaz}. */
    public static String base(String givenName, String familyName, String externalId) {
        String given = fold(givenName);
        String family = fold(familyName);
        if (given.isEmpty() && family.isEmpty()) {
            return "user" + fold(externalId);
        }
        if (given.isEmpty()) {
            return family;
        }
        if (family.isEmpty()) {
            return given;
        }
        return given + "." + family;
    }

    /**
     * Gives names one after another, each the first of {@code base}, {@code base1}, {@code base2}… nobody holds,
     * remembering where each base's numbering got to: a thousand namesakes in one run cost a thousand look-ups, not
     * the half million of counting from 1 each time.
     */
    public static final class Allocator {
        private final Set<String> taken;
        private final Map<String, Integer> next = new HashMap<>();

        /** @param taken the names already held; names given are added to it */
        public Allocator(Set<String> taken) {
            this.taken = taken;
        }

        public String take(String base) {
            String name = base;
            if (taken.contains(base)) {
                // Every number below the remembered one was taken, and taken names stay taken.
                int n = next.getOrDefault(base, 1);
                while (taken.contains(base + n)) {
                    n++;
                }
                next.put(base, n + 1);
                name = base + n;
            }
            taken.add(name);
            return name;
        }
    }

    static String fold(String part) {
        if (part == null) {
            return "";
        }
        // Decompose so that accents become separate marks, then keep only the letters and digits we allow.
        String decomposed = Normalizer.normalize(part, Normalizer.Form.NFKD)
                .replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("æ", "ae").replace("Æ", "ae")
                .replace("œ", "oe").replace("Œ", "oe").replace("ł", "l").replace("Ł", "l").replace("đ", "d")
                .replace("Đ", "d").replace("ı", "i");
        StringBuilder out = new StringBuilder(decomposed.length());
        for (char c : decomposed.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Ascending external id order, numeric where both ids are numbers, so names do not depend on page order. */
    public static final Comparator<String> EXTERNAL_ID_ORDER = (a, b) -> {
        boolean an = isNumber(a);
        boolean bn = isNumber(b);
        if (an && bn) {
            int byLength = Integer.compare(stripZeros(a).length(), stripZeros(b).length());
            return byLength != 0 ? byLength : stripZeros(a).compareTo(stripZeros(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    };

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
