package io.identitysync.destinations.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id.timestamp.body)), key = base64 after
 * {@code whsec_}. With several secrets (a rotation), one signature per secret, space-separated: a receiver that
 * knows either the old or the new secret accepts the message.
 */
public final class WebhookSigner {

    private final List<byte[]> keys = new ArrayList<>();

    public WebhookSigner(String secret) {
        this(List.of(secret));
    }

    public WebhookSigner(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("webhooks.secret: required (whsec_ followed by base64)");
        }
        for (String secret : secrets) {
            if (secret == null || !secret.startsWith("whsec_")) {
                throw new IllegalArgumentException("webhooks.secret: must start with whsec_");
            }
            keys.add(Base64.getDecoder().decode(secret.substring("whsec_".length())));
        }
    }

    public String sign(String id, long timestamp, String body) {
        byte[] message = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (byte[] key : keys) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append("v1,").append(Base64.getEncoder().encodeToString(hmac(key, message)));
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when any of the space-separated signatures in the header matches any of our keys. */
    public boolean verify(String id, long timestamp, String body, String signatureHeader) {
        if (signatureHeader == null) {
            return false;
        }
        byte[] message = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        for (byte[] key : keys) {
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(hmac(key, message))).getBytes(StandardCharsets.UTF_8);
            for (String candidate : signatureHeader.trim().split(" +")) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }
}
