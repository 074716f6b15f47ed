package dev.herald.local.gateway;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Connection and request ids shaped like API Gateway's: 11 random bytes, URL-safe base64 with
 * padding, 16 characters such as {@code L0SM9cOFvHcCIhw=}.
 */
final class ConnectionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder();

    private ConnectionIds() {
    }

    static String next() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
