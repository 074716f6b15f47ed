package dev.herald.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.aws.SecretReader;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer-token check of Herald's API functions: a {@link JwtVerifier} built from the JWT secret on
 * first use and rebuilt when the secret changes ({@link CachedSecret}: nothing is read at init, so a
 * function starts - and a SnapStart version publishes - while the secret still holds the stack's
 * placeholder). Until the secret is usable every request answers 503 with the reason; a JWKS outage
 * answers 503 too, never 401. Thread-safe.
 */
public final class JwtAuth {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuth.class);

    /** The caller of an HTTP request, or the response that refuses it. */
    public sealed interface Authentication {
    }

    public record Caller(String userId, Map<String, Object> claims) implements Authentication {
    }

    /** 401 (token missing or refused) or 503 (the token cannot be checked now: {@link JwtVerifier.Unavailable}). */
    public record Denied(APIGatewayV2HTTPResponse response) implements Authentication {
    }

    private final CachedSecret<JwtVerifier> verifier;

    public JwtAuth(CachedSecret<JwtVerifier> verifier) {
        this.verifier = verifier;
    }

    /**
     * @param secretId  the JWT secret ({@code HERALD_JWT_SECRET_ID})
     * @param audiences the audiences the gateway accepts ({@code HERALD_JWT_AUDIENCES})
     */
    public static JwtAuth fromSecret(SecretReader secrets, String secretId, List<String> audiences) {
        List<String> accepted = List.copyOf(audiences);
        return new JwtAuth(CachedSecret.of(secretId, secrets, json -> JwtVerifier.fromConfig(json, accepted)));
    }

    /** A fixed verifier (tests). */
    public static JwtAuth of(JwtVerifier verifier) {
        return new JwtAuth(CachedSecret.fixed("jwt", verifier));
    }

    /** Verifies {@code token} (with or without {@code Bearer }); {@link JwtVerifier.Unavailable} while the secret is unusable. */
    public JwtVerifier.Result check(String token) {
        return switch (verifier.get()) {
            case CachedSecret.Ready<JwtVerifier> ready -> ready.value().check(token);
            case CachedSecret.Unavailable<JwtVerifier> u -> new JwtVerifier.Unavailable(
                    "sign-in cannot be checked: " + u.reason());
        };
    }

    /**
     * Answers a signed-in user's request: {@code handler} with the caller's user id ({@code sub}), or the refusal
     * {@link #authenticate} gives (401 without a valid token, 503 while tokens cannot be checked).
     */
    public APIGatewayV2HTTPResponse asUser(APIGatewayV2HTTPEvent event, java.util.function.Function<String, APIGatewayV2HTTPResponse> handler) {
        return switch (authenticate(event)) {
            case Caller caller -> handler.apply(caller.userId());
            case Denied denied -> denied.response();
        };
    }

    /** The caller of an HTTP API request from its {@code Authorization: Bearer} header, or the 401/503 to answer. */
    public Authentication authenticate(APIGatewayV2HTTPEvent event) {
        return switch (check(HttpRequests.bearer(event.getHeaders()).orElse(null))) {
            case JwtVerifier.VerifiedToken t -> new Caller(t.subject(), t.claims());
            case JwtVerifier.Refused r -> new Denied(HttpResponses.unauthorized());
            case JwtVerifier.Unavailable u -> {
                LOG.error("request refused with 503: tokens cannot be checked reason={}", u.reason());
                yield new Denied(HttpResponses.unavailable(u.reason()));
            }
        };
    }
}
