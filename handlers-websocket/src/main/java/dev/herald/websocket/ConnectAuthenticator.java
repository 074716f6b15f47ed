package dev.herald.websocket;

import dev.herald.common.auth.JwtVerifier;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and verifies the token of a WebSocket handshake. Browsers cannot set headers on a WebSocket,
 * so the token usually comes as the {@code token} query parameter; apps may send an
 * {@code Authorization: Bearer} header instead. The query parameter wins when both are present.
 */
final class ConnectAuthenticator {
    /** Why a handshake was refused, without the token itself. */
    sealed interface Result {
        record Accepted(String userId) implements Result {
        }

        record Refused(String reason) implements Result {
        }
    }

    private final JwtVerifier verifier;

    ConnectAuthenticator(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    Result authenticate(Map<String, String> query, Map<String, String> headers) {
        String token = query == null ? null : query.get("token");
        if (token == null || token.isBlank()) {
            token = bearer(headers).orElse(null);
        }
        if (token == null || token.isBlank()) {
            return new Result.Refused("no token: connect with ?token=<JWT> or an Authorization: Bearer <JWT> header");
        }
        return verifier.verify(token)
                .<Result>map(t -> new Result.Accepted(t.subject()))
                .orElseGet(() -> new Result.Refused("token refused (bad signature, unsigned, expired, or for another issuer "
                        + "or audience); get a fresh token from the identity provider and connect again"));
    }

    /** The {@code Authorization} header's bearer token; header names are matched ignoring case. */
    static Optional<String> bearer(Map<String, String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("authorization") && e.getValue() != null)
                .map(Map.Entry::getValue)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim())
                .filter(v -> !v.isEmpty())
                .findFirst();
    }
}
