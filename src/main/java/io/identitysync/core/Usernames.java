package io.identitysync.core;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The username rule of the contract: {@code given.family}, folded to a-z0-9, numbered on collision, at most
 * {@link #MAX} characters with the number, starting with a letter (JumpCloud's naming convention for users, the
 * strictest of our directories: a longer name is refused there and would dead-letter that person for good).
 */
public final class Usernames {

    /** JumpCloud: "at most 30 characters" for Mac and Linux users. */
    public static final int MAX = 30;

    private Usernames() {
    }

    /**
     * {@code base} numbered {@code n} (0: as it is), shortened so that the whole name, number included, fits in
     * {@link #MAX}: the base loses its end, never the number, and never ends on the dot it was cut at.
     */
    public static String numbered(String base, int n) {
        String suffix = n == 0 ? "" : Integer.toString(n);
        int room = MAX - suffix.length();
        String head = base.length() > room ? base.substring(0, room) : base;
        while (head.length() > 1 && head.endsWith(".")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + suffix;
    }

    /** {@code José Núñez-Díaz} → {@code jose.nunezdiaz}. */
    public static String base(String givenName, String familyName, String externalId) {
        String given = fold(givenName);
        String family = fold(familyName);
        String name;
        if (given.isEmpty() && family.isEmpty()) {
            name = "user" + fold(externalId);
        } else if (given.isEmpty()) {
            name = family;
        } else if (family.isEmpty()) {
            name = given;
        } else {
            name = given + "." + family;
        }
        // A name folded to digits first ("3M Partner") would be refused: usernames start with a letter.
        if (name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            name = "u" + name;
        }
        return numbered(name, 0);
    }

    /**
     * A username from a template's value ({@code <prefix>map.username}): each dot-separated part folded as a name is,
     * empty parts dropped; the default rule's name when nothing is left.
     */
    public static String fromTemplate(String value, String givenName, String familyName, String externalId) {
        StringBuilder name = new StringBuilder();
        for (String part : (value == null ? "" : value).split("\\.")) {
            String folded = fold(part);
            if (!folded.isEmpty()) {
                name.append(name.length() == 0 ? "" : ".").append(folded);
            }
        }
        if (name.length() == 0) {
            return base(givenName, familyName, externalId);
        }
        if (name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            name.insert(0, 'u');
        }
        return numbered(name.toString(), 0);
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
                while (taken.contains(numbered(base, n))) {
                    n++;
                }
                next.put(base, n + 1);
                name = numbered(base, n);
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
