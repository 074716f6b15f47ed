package dev.herald.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.herald.common.config.ConfigException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the bearer tokens of browsers and apps: signature (HS256 with a shared secret, or RS256
 * with keys from a JWKS URL), issuer, audience, expiry and not-before (60 s clock skew). Every other
 * algorithm, {@code alg: none} included, is refused. Built once at function init; thread-safe.
 *
 * <p>The configuration is the JSON value of the JWT secret (Secrets Manager, id in
 * {@code HERALD_JWT_SECRET_ID}): {@code {"issuer": "...", "audience": "...", "hs256Secret": "<base64,
 * at least 32 bytes>"}} or {@code {"issuer": "...", "audience": "...", "jwksUrl": "https://..."}}.
 */
public final class JwtVerifier {
    /** A token that passed every check. */
    public record VerifiedToken(String subject, Map<String, Object> claims) {
    }

    private final DefaultJWTProcessor<SecurityContext> processor;

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    /** HS256 with a shared secret of at least 32 bytes. */
    public static JwtVerifier hs256(byte[] secret, String issuer, String audience) {
        if (secret.length < 32) {
            throw new ConfigException("the JWT secret has " + secret.length + " bytes; HS256 needs at least 32 - store a longer hs256Secret");
        }
        return build(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret.clone())), issuer, audience);
    }

    /** RS256 with the keys published at {@code jwksUrl} (fetched on first use, cached, refreshed on unknown key id). */
    public static JwtVerifier rs256(URI jwksUrl, String issuer, String audience) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwksUrl.toURL(), new DefaultResourceRetriever(2000, 2000)).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigException("jwksUrl '" + jwksUrl + "' is not a URL; set it to your identity provider's JWKS endpoint", e);
        }
        return build(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys), issuer, audience);
    }

    /** From the JWT secret's JSON value (see the class comment). */
    public static JwtVerifier fromConfig(JsonNode config) {
        String issuer = text(config, "issuer");
        String audience = text(config, "audience");
        if (issuer == null || audience == null) {
            throw new ConfigException("the JWT configuration needs \"issuer\" and \"audience\"; add both to the JWT secret");
        }
        String secret = text(config, "hs256Secret");
        String jwks = text(config, "jwksUrl");
        if (secret != null) {
            try {
                return hs256(Base64.getDecoder().decode(secret), issuer, audience);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("the JWT secret's hs256Secret is not base64; store the key base64-encoded", e);
            }
        }
        if (jwks != null) {
            return rs256(URI.create(jwks), issuer, audience);
        }
        throw new ConfigException("the JWT configuration has neither \"hs256Secret\" nor \"jwksUrl\"; add one to the JWT secret");
    }

    /**
     * @param token the compact JWT, with or without a {@code Bearer } prefix
     * @return the subject and claims, or empty when the token is missing, malformed, forged, expired,
     * not yet valid, unsigned, for another issuer or audience, or has no subject. Never throws for a bad token.
     */
    public Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String compact = token.regionMatches(true, 0, "Bearer ", 0, 7) ? token.substring(7).trim() : token.trim();
        try {
            JWTClaimsSet claims = processor.process(compact, null);
            return Optional.of(new VerifiedToken(claims.getSubject(), claims.toJSONObject()));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JwtVerifier build(JWSVerificationKeySelector<SecurityContext> keys, String issuer, String audience) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(keys);
        p.setJWSVerifierFactory(new DefaultJWSVerifierFactory());
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
        return new JwtVerifier(p);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }
}
