package io.identitysync.check;

/**
 * One line of {@code check --live}: what was tried against which system, and what came back.
 *
 * @param target the connector or directory ("factorial", "directory hr-jc")
 * @param item   what was read ("employees", "credentials", "token")
 * @param ok     whether it answered as a run needs
 * @param detail the count or company when ok; the status and the vendor's own words when not
 * @param key    the configuration key to check when not ok (null when ok)
 */
public record Finding(String target, String item, boolean ok, String detail, String key) {

    static Finding ok(String target, String item, String detail) {
        return new Finding(target, item, true, detail, null);
    }

    static Finding failed(String target, String item, String detail, String key) {
        return new Finding(target, item, false, detail, key);
    }
}
