package io.identitysync.store.commit;

/**
 * What a commit does with a person who comes back ({@code <prefix>rehire}, {@code <prefix>match-on}): with
 * {@code reactivate}, a person new to the store whose match-on attribute is that of a terminated or deleted person
 * of the same connector is that person again (their username, their directory accounts, {@code user.enabled}), and a
 * deleted person back under the same id is announced as {@code user.enabled}; with {@code new}, both are new people.
 *
 * @param matchOn a users column ({@code email}, {@code employee_number}) or a mapped attribute's name
 */
public record Rehire(boolean reactivate, String matchOn) {

    public static final Rehire DEFAULT = new Rehire(true, "email");

    public static final String REACTIVATE = "reactivate";
    public static final String NEW = "new";

    public static Rehire of(String rehire, String matchOn) {
        return new Rehire(!NEW.equals(rehire.trim()), matchOn.isBlank() ? DEFAULT.matchOn : matchOn.trim());
    }
}
