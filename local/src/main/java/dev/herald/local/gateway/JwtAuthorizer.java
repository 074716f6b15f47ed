package dev.herald.local.gateway;

import java.util.Map;
import java.util.Optional;

/**
 * What API Gateway's JWT authorizer does for {@link HttpApiGateway}: checks a bearer token's
 * signature, issuer, audience and expiry. Backed by Herald's {@code JwtVerifier} in the local runtime.
 */
@FunctionalInterface
public interface JwtAuthorizer {
    /**
     * @param token the JWT (without the {@code Bearer } prefix)
     * @return its claims when valid; empty when forged, expired, unsigned ({@code alg: none}), for another
     * issuer or audience, or unreadable. Must not throw for a bad token.
     */
    Optional<Map<String, Object>> verify(String token);
}
