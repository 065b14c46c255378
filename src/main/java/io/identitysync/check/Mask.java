package io.identitysync.check;

/** What a check may show of a person: enough to tell two fields apart, never the whole address. */
final class Mask {

    private Mask() {
    }

    /** "jane.doe@acme.com" → "j***@acme.com"; absent → "(none)". */
    static String email(String address) {
        if (address == null || address.isBlank() || address.equals("null")) {
            return "(none)";
        }
        int at = address.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }
}
