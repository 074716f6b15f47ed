package dev.herald.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed tokens for the confirmation and unsubscribe links: {@code v1.<payload>.<mac>}, base64url.
 * The payload names the purpose, the user id, the expiry and an address fingerprint (an HMAC of the
 * lower-cased address and the subscription's link nonce, so the address itself never appears in a URL
 * or an access log); the MAC is HMAC-SHA256 over the payload with the key from
 * {@link EmailSettings}. Checking a token needs no state ({@link #verify}); checking that it still
 * belongs to the user's current subscription needs the stored address ({@link #belongsTo}). Every
 * comparison of MACs and fingerprints is constant-time. Thread-safe.
 */
final class EmailTokens {
    static final int MIN_KEY_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What a token allows, and how long it lives. */
    enum Purpose {
        /** Confirms a pending subscription; the link in the confirmation email. */
        CONFIRM("confirm", Duration.ofDays(7)),
        /**
         * Unsubscribes; the List-Unsubscribe link in every notification. Long-lived, because people
         * unsubscribe from old emails too.
         */
        UNSUBSCRIBE("unsubscribe", Duration.ofDays(365));

        final String wire;
        final Duration ttl;

        Purpose(String wire, Duration ttl) {
            this.wire = wire;
            this.ttl = ttl;
        }
    }

    /** The result of {@link #verify}. */
    sealed interface Verification {
    }

    /** A genuine, unexpired token for the expected purpose. */
    record Claims(String userId, byte[] fingerprint, Instant expiresAt) implements Verification {
    }

    /** Not a token we issued for this purpose: malformed, forged, or for another purpose. */
    record Invalid(String reason) implements Verification {
    }

    /** A genuine token past its expiry. */
    record Expired(Instant expiredAt) implements Verification {
    }

    private final SecretKeySpec key;
    private final Clock clock;

    EmailTokens(byte[] key, Clock clock) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the link signing key has " + key.length + " bytes; it needs at least " + MIN_KEY_BYTES);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** A token for {@code purpose}, valid for the purpose's lifetime from now. */
    String issue(Purpose purpose, String userId, String address, String nonce) {
        ObjectNode payload = Json.object();
        payload.put("p", purpose.wire);
        payload.put("u", userId);
        payload.put("f", B64.encodeToString(fingerprint(address, nonce)));
        payload.put("x", clock.instant().plus(purpose.ttl).getEpochSecond());
        String body = B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        return VERSION + "." + body + "." + B64.encodeToString(mac("token", VERSION + "." + body));
    }

    /** Checks signature, purpose and expiry - in that order, so a forged token never learns whether it is expired. */
    Verification verify(String token, Purpose expected) {
        if (token == null || token.isBlank()) {
            return new Invalid("the link has no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return new Invalid("the token is too long to be one of ours");
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return new Invalid("the token is malformed (the link may have been cut short; copy the whole link)");
        }
        byte[] givenMac;
        byte[] payloadBytes;
        try {
            givenMac = B64D.decode(parts[2]);
            payloadBytes = B64D.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return new Invalid("the token is malformed (the link may have been cut short; copy the whole link)");
        }
        if (!MessageDigest.isEqual(givenMac, mac("token", VERSION + "." + parts[1]))) {
            return new Invalid("the token's signature does not match");
        }
        JsonNode payload;
        try {
            payload = Json.tree(new String(payloadBytes, StandardCharsets.UTF_8));
        } catch (Json.JsonException e) {
            return new Invalid("the token's payload is unreadable");
        }
        String purpose = payload.path("p").asText("");
        String userId = payload.path("u").asText("");
        JsonNode expiry = payload.get("x");
        byte[] fingerprint;
        try {
            fingerprint = B64D.decode(payload.path("f").asText(""));
        } catch (IllegalArgumentException e) {
            return new Invalid("the token's payload is unreadable");
        }
        if (!expected.wire.equals(purpose)) {
            return new Invalid("the token is for " + (purpose.isEmpty() ? "something else" : purpose) + ", not " + expected.wire);
        }
        if (userId.isEmpty() || expiry == null || !expiry.canConvertToLong() || fingerprint.length == 0) {
            return new Invalid("the token's payload is incomplete");
        }
        Instant expiresAt = Instant.ofEpochSecond(expiry.asLong());
        if (!clock.instant().isBefore(expiresAt)) {
            return new Expired(expiresAt);
        }
        return new Claims(userId, fingerprint, expiresAt);
    }

    /** Whether a verified token was issued for this address and link nonce (constant-time). */
    boolean belongsTo(Claims claims, String address, String nonce) {
        return MessageDigest.isEqual(claims.fingerprint(), fingerprint(address, nonce));
    }

    /** 16 bytes binding the lower-cased address and the link nonce; not reversible without the key. */
    byte[] fingerprint(String address, String nonce) {
        String input = EmailAddresses.canonical(address) + "\u0000" + (nonce == null ? "" : nonce);
        return Arrays.copyOf(mac("address", input), 16);
    }

    private byte[] mac(String domain, String input) {
        try {
            // A fresh Mac per call: Mac instances are not thread-safe, and this is cheap next to an HTTP call.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // domain separation: a fingerprint can never be replayed as a token MAC, nor the other way round
            mac.update(("herald-email-" + domain + "\u0000").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "EmailTokens[key=<redacted>]";
    }
}
