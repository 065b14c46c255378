package io.identitysync.api;

import io.identitysync.config.Settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who is calling, from the bearer token: the admin token acts, the read-only token reads, anything else is nobody.
 * Tokens are compared by their SHA-256 digests with {@link MessageDigest#isEqual}: the time taken says nothing about
 * how much of a guess was right, not even its length.
 */
final class ApiTokens {

    static final String READ_KEY = "management.api-token";
    static final String ADMIN_KEY = "management.api-admin-token";

    /** Who a request is, as api_audit records it. */
    enum Who {
        none, read, admin
    }

    private final byte[] read;
    private final byte[] admin;

    ApiTokens(Settings settings) {
        this.read = digest(settings.get(READ_KEY).trim());
        this.admin = digest(settings.get(ADMIN_KEY).trim());
    }

    /** @param authorization the Authorization header, or null */
    Who who(String authorization) {
        String token = bearer(authorization);
        if (token == null) {
            return Who.none;
        }
        byte[] given = digest(token);
        // Both compared, always: which one matched must not show in the time either.
        boolean isAdmin = admin != null && MessageDigest.isEqual(given, admin);
        boolean isRead = read != null && MessageDigest.isEqual(given, read);
        return isAdmin ? Who.admin : isRead ? Who.read : Who.none;
    }

    /** RFC 6750 §2.1: {@code Bearer <token>}, the scheme case-insensitive. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** null for an unset token: it matches nothing. */
    private static byte[] digest(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
