package dev.herald.webhook;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A signing secret as Standard Webhooks writes it: {@code whsec_} followed by the base64 of 24 to 64 random bytes.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme
 */
final class WebhookSecret {
    static final String PREFIX = "whsec_";
    private static final int GENERATED_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecret() {
    }

    /** A new secret (taken when an endpoint is registered, never at init). */
    static String generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** What is wrong with {@code secret}, or empty when it is usable. */
    static Optional<String> problem(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.of("the secret must start with \"" + PREFIX + "\" followed by base64; omit it to have one generated");
        }
        try {
            int n = key(secret).length;
            if (n < 24 || n > 64) {
                return Optional.of("the secret decodes to " + n + " bytes; use 24 to 64 random bytes, or omit it to have one generated");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("the secret after \"" + PREFIX + "\" is not base64 (" + e.getMessage() + "); omit it to have one generated");
        }
        return Optional.empty();
    }

    /** The HMAC key: the base64-decoded part after the prefix. */
    static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
