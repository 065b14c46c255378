package io.identitysync.destinations.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/** Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id.timestamp.body)), key = base64 after {@code whsec_}. */
public final class WebhookSigner {

    private final byte[] key;

    public WebhookSigner(String secret) {
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("webhooks.secret: must start with whsec_");
        }
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    public String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when any of the space-separated signatures in the header is ours for this message. */
    public boolean verify(String id, long timestamp, String body, String signatureHeader) {
        if (signatureHeader == null) {
            return false;
        }
        byte[] expected = sign(id, timestamp, body).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatureHeader.trim().split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
