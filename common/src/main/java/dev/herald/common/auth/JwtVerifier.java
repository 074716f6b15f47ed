package dev.herald.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.herald.common.config.ConfigException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the bearer tokens of browsers and apps: signature (HS256 with a shared secret, or RS256
 * with keys from a JWKS URL), issuer, audience (one of the accepted list), expiry, not-before and
 * issued-at (a token issued in the future is refused), each with 60 s clock skew. Every other
 * algorithm, {@code alg: none} included, is refused. Thread-safe.
 *
 * <p>The configuration is the JSON value of the JWT secret (Secrets Manager, id in
 * {@code HERALD_JWT_SECRET_ID}): {@code {"issuer": "...", "hs256Secret": "<base64, at least 32 bytes>"}}
 * or {@code {"issuer": "...", "jwksUrl": "https://..."}} - exactly one of the two. The accepted audiences
 * are not in the secret: they are the list the gateway's authorizer accepts ({@code herald:jwtAudience}),
 * given to the functions as {@code HERALD_JWT_AUDIENCES}, so the gateway and the functions cannot disagree.
 * Functions build the verifier on first use from the secret ({@code dev.herald.common.http.JwtAuth}).
 */
public final class JwtVerifier {
    /** A token that passed every check. */
    public record VerifiedToken(String subject, Map<String, Object> claims) implements Result {
    }

    /** What became of a token: verified, refused (the caller's fault: 401), or not checkable now (503). */
    public sealed interface Result {
    }

    /** Missing, malformed, forged, expired, not yet valid, issued in the future, unsigned, or for another issuer or audience. */
    public record Refused() implements Result {
    }

    /** The token could not be checked: the JWKS endpoint did not answer, or the JWT configuration is unusable. */
    public record Unavailable(String reason) implements Result {
    }

    /** How far a token's {@code iat} may lie in the future, for clock differences between the issuer and Lambda. */
    public static final int CLOCK_SKEW_SECONDS = 60;

    private final DefaultJWTProcessor<SecurityContext> processor;

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    /** HS256 with a shared secret of at least 32 bytes. */
    public static JwtVerifier hs256(byte[] secret, String issuer, String audience) {
        return hs256(secret, issuer, List.of(audience));
    }

    /** HS256 with a shared secret of at least 32 bytes; a token's {@code aud} must contain one of {@code audiences}. */
    public static JwtVerifier hs256(byte[] secret, String issuer, List<String> audiences) {
        if (secret.length < 32) {
            throw new ConfigException("the JWT secret has " + secret.length + " bytes; HS256 needs at least 32 - store a longer hs256Secret");
        }
        return build(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret.clone())), issuer, audiences);
    }

    /** RS256 with the keys published at {@code jwksUrl} (fetched on first use, cached, refreshed on unknown key id). */
    public static JwtVerifier rs256(URI jwksUrl, String issuer, String audience) {
        return rs256(jwksUrl, issuer, List.of(audience));
    }

    /** RS256 with the keys at {@code jwksUrl}; a token's {@code aud} must contain one of {@code audiences}. */
    public static JwtVerifier rs256(URI jwksUrl, String issuer, List<String> audiences) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwksUrl.toURL(), new DefaultResourceRetriever(2000, 2000)).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigException("jwksUrl '" + jwksUrl + "' is not a URL; set it to your identity provider's JWKS endpoint", e);
        }
        return build(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys), issuer, audiences);
    }

    /** From a JSON value that also names its one accepted {@code "audience"} (tools and tests; functions use the list form). */
    public static JwtVerifier fromConfig(JsonNode config) {
        String audience = text(config, "audience");
        if (audience == null) {
            throw new ConfigException("the JWT configuration needs \"audience\"; add it");
        }
        return fromConfig(config, List.of(audience));
    }

    /**
     * From the JWT secret's JSON value (see the class comment) and the accepted audiences.
     *
     * @throws ConfigException naming what to fix: no issuer, no audiences, neither or both of {@code hs256Secret}
     *                         and {@code jwksUrl}, a key that is not base64 or too short, an {@code "audience"} in the
     *                         secret that the gateway does not accept
     */
    public static JwtVerifier fromConfig(JsonNode config, List<String> audiences) {
        String issuer = text(config, "issuer");
        if (issuer == null) {
            throw new ConfigException("the JWT configuration needs \"issuer\"; add the issuer URL your identity provider writes as iss to the JWT secret");
        }
        if (audiences == null || audiences.isEmpty()) {
            throw new ConfigException("no accepted JWT audiences; set herald:jwtAudience (HERALD_JWT_AUDIENCES for the functions)");
        }
        String named = text(config, "audience");
        if (named != null && !audiences.contains(named)) {
            throw new ConfigException("the JWT secret names audience '" + named + "', which the gateway does not accept " + audiences
                    + "; the accepted audiences are herald:jwtAudience alone - remove \"audience\" from the secret");
        }
        String secret = text(config, "hs256Secret");
        String jwks = text(config, "jwksUrl");
        if (secret != null && jwks != null) {
            throw new ConfigException("the JWT configuration has both \"hs256Secret\" and \"jwksUrl\"; keep exactly one"
                    + " (hs256Secret for a shared key, jwksUrl for an identity provider's RS256 keys)");
        }
        if (secret != null) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("the JWT secret's hs256Secret is not base64; store the key base64-encoded", e);
            }
            return hs256(key, issuer, audiences);
        }
        if (jwks != null) {
            return rs256(URI.create(jwks), issuer, audiences);
        }
        throw new ConfigException("the JWT configuration has neither \"hs256Secret\" nor \"jwksUrl\"; add one to the JWT secret");
    }

    /** The accepted audiences of a comma-separated list (the form of {@code herald:jwtAudience} and {@code HERALD_JWT_AUDIENCES}). */
    public static List<String> audiences(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList()));
    }

    /**
     * @param token the compact JWT, with or without a {@code Bearer } prefix
     * @return the subject and claims, or empty when the token is refused or cannot be checked ({@link #check}
     * tells the two apart). Never throws for a bad token.
     */
    public Optional<VerifiedToken> verify(String token) {
        return check(token) instanceof VerifiedToken t ? Optional.of(t) : Optional.empty();
    }

    /**
     * @param token the compact JWT, with or without a {@code Bearer } prefix
     * @return {@link VerifiedToken}; {@link Refused} for a missing, malformed, forged, expired, not-yet-valid,
     * future-issued or unsigned token, one for another issuer or audience, or without subject; {@link Unavailable}
     * when the signing keys cannot be fetched (JWKS endpoint down). Never throws.
     */
    public Result check(String token) {
        if (token == null || token.isBlank()) {
            return new Refused();
        }
        String compact = token.regionMatches(true, 0, "Bearer ", 0, 7) ? token.substring(7).trim() : token.trim();
        try {
            JWTClaimsSet claims = processor.process(compact, null);
            return new VerifiedToken(claims.getSubject(), claims.toJSONObject());
        } catch (RateLimitReachedException e) {
            // the keys were fetched moments ago and the token's key id is not among them: a forged or stale kid
            return new Refused();
        } catch (KeySourceException e) {
            return new Unavailable("the identity provider's signing keys (jwksUrl) cannot be fetched just now: " + e.getMessage()
                    + "; try again shortly");
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return new Refused();
        }
    }

    private static JwtVerifier build(JWSVerificationKeySelector<SecurityContext> keys, String issuer, List<String> audiences) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(keys);
        p.setJWSVerifierFactory(new DefaultJWSVerifierFactory());
        p.setJWTClaimsSetVerifier(new ClaimsVerifier(Set.copyOf(audiences), new JWTClaimsSet.Builder().issuer(issuer).build()));
        return new JwtVerifier(p);
    }

    /** Nimbus's checks (audience, issuer, exp, nbf) plus: {@code iat}, when present, is not in the future. */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        ClaimsVerifier(Set<String> audiences, JWTClaimsSet exact) {
            super(audiences, exact, Set.of("sub", "exp"), null);
            setMaxClockSkew(CLOCK_SKEW_SECONDS);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Date iat = claims.getIssueTime();
            if (iat != null && iat.getTime() > currentTime().getTime() + CLOCK_SKEW_SECONDS * 1000L) {
                throw new BadJWTException("JWT issued in the future");
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }
}
