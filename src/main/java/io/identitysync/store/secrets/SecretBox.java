package io.identitysync.store.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest (a rotated OAuth refresh token): AES-256-GCM under a key from store.encryption-secret (32 bytes,
 * base64), a fresh 12-byte nonce per value, stored as {@code v1:<base64 of nonce + ciphertext + tag>}. A value
 * changed on disk, or a wrong key, fails to open rather than yielding garbage.
 */
public final class SecretBox {

    public static final String KEY = "store.encryption-secret";
    private static final String VERSION = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(String base64Key) {
        byte[] raw = decodeKey(base64Key);
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** Null when the value is a usable key; else what is wrong with it (never the value). */
    public static String problem(String base64Key) {
        try {
            decodeKey(base64Key);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static byte[] decodeKey(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be 32 random bytes in base64 (e.g. openssl rand -base64 32); it is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("must be 32 random bytes in base64 (e.g. openssl rand -base64 32); it is " + raw.length + " bytes");
        }
        return raw;
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plain value; an IllegalArgumentException when it cannot be opened with this key. */
    public String open(String sealed) {
        if (!sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("it cannot be opened with this " + KEY + " (was the key changed?)");
        }
    }
}
