package io.identitysync.store.secrets;

import io.identitysync.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The newest refresh token of each OAuth connector, sealed (see V9__oauth_grants.sql). */
public final class OAuthGrants {

    private final Store store;

    public OAuthGrants(Store store) {
        this.store = store;
    }

    /**
     * The refresh token to use next: the stored (rotated) one, unless the configured one is not the one it came from
     * (the operator authorized again); null when nothing is stored for the configured token.
     */
    public String current(String connector, String configured, SecretBox box) {
        String[] row = new String[2];
        store.read("oauth_grants", "SELECT refresh_token, configured_sha256 FROM oauth_grants WHERE connector = ?", List.of(connector), rs -> {
            row[0] = rs.getString(1);
            row[1] = rs.getString(2);
        });
        if (row[0] == null || !row[1].equals(sha256(configured))) {
            return null;
        }
        return box.open(row[0]);
    }

    /** Keeps the rotated refresh token, sealed, before the access token that came with it is used. */
    public void keep(String connector, String configured, String refreshToken, SecretBox box) {
        store.write("oauth_grants", "INSERT INTO oauth_grants (connector, refresh_token, configured_sha256, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (connector) DO UPDATE SET refresh_token = excluded.refresh_token, configured_sha256 = excluded.configured_sha256, "
                + "updated_at = excluded.updated_at", List.of(connector, box.seal(refreshToken), sha256(configured), Store.now()));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
