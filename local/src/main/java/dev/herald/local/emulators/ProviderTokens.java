package dev.herald.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks APNs provider tokens (the {@code authorization: bearer} JWT of token-based auth) the way
 * Apple does, cheaply: ES256 signed by the emulator's key, {@code kid} = key id, {@code iss} = team id.
 * A token is verified once and remembered (Pushy reuses one token for up to an hour), so the check costs
 * nothing per notification. https://developer.apple.com/documentation/usernotifications/establishing-a-token-based-connection-to-apns
 */
final class ProviderTokens {
    private static final int REMEMBERED = 256;

    private final ECPublicKey publicKey;
    private final String teamId;
    private final String keyId;
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    ProviderTokens(ECPublicKey publicKey, String teamId, String keyId) {
        this.publicKey = publicKey;
        this.teamId = teamId;
        this.keyId = keyId;
    }

    /** @return empty when valid, else the APNs reason ({@code MissingProviderToken} or {@code InvalidProviderToken}) */
    Optional<String> check(CharSequence authorization) {
        if (authorization == null) {
            return Optional.of("MissingProviderToken");
        }
        String header = authorization.toString();
        if (!header.regionMatches(true, 0, "bearer ", 0, 7)) {
            return Optional.of("InvalidProviderToken");
        }
        String token = header.substring(7).trim();
        if (verified.containsKey(token)) {
            return Optional.empty();
        }
        if (!valid(token)) {
            return Optional.of("InvalidProviderToken");
        }
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(token, Boolean.TRUE);
        return Optional.empty();
    }

    /**
     * Pushy signs with {@code SHA256withECDSA} (a DER signature), which APNs accepts; JOSE libraries
     * write the raw 64-byte R||S form. Both are accepted here.
     */
    private boolean valid(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = Json.tree(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
            JsonNode claims = Json.tree(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
            if (!"ES256".equals(header.path("alg").asText()) || !keyId.equals(header.path("kid").asText())
                    || !teamId.equals(claims.path("iss").asText())) {
                return false;
            }
            byte[] signature = b64.decode(parts[2]);
            byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return verifies("SHA256withECDSA", signed, signature) || verifies("SHA256withECDSAinP1363Format", signed, signature);
        } catch (GeneralSecurityException | IllegalArgumentException | Json.JsonException e) {
            return false;
        }
    }

    private boolean verifies(String algorithm, byte[] signed, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(signed);
        try {
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
