package dev.herald.websocket;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.JwtAuth;
import java.util.Map;

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

        /** The token cannot be checked now (JWT secret not usable, JWKS endpoint down): 503, the client may retry. */
        record Unavailable(String reason) implements Result {
        }
    }

    private final JwtAuth auth;

    ConnectAuthenticator(JwtAuth auth) {
        this.auth = auth;
    }

    /** A fixed verifier (tests). */
    ConnectAuthenticator(JwtVerifier verifier) {
        this(JwtAuth.of(verifier));
    }

    Result authenticate(Map<String, String> query, Map<String, String> headers) {
        String token = query == null ? null : query.get("token");
        if (token == null || token.isBlank()) {
            token = HttpRequests.bearer(headers).orElse(null);
        }
        if (token == null || token.isBlank()) {
            return new Result.Refused("no token: connect with ?token=<JWT> or an Authorization: Bearer <JWT> header");
        }
        return switch (auth.check(token)) {
            case JwtVerifier.VerifiedToken t -> new Result.Accepted(t.subject());
            case JwtVerifier.Refused r -> new Result.Refused("token refused (bad signature, unsigned, expired, or for another issuer "
                    + "or audience); get a fresh token from the identity provider and connect again");
            case JwtVerifier.Unavailable u -> new Result.Unavailable(u.reason());
        };
    }
}
