package dev.herald.local.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.topology.HeraldTopology;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local runtime's token issuer: HS256 JWTs signed with a shared secret, as a stand-in for the
 * identity provider a deployment trusts. The dashboard mints a token for a chosen user
 * ({@link #mint(String)}) and a producer's token for its Publish ({@link #mintProducer(String, boolean)});
 * {@link #verify(String)} is the HTTP API's JWT authorizer, with the checks of Herald's functions
 * ({@link JwtVerifier}: signature, issuer, audience, expiry, not-before, issued-at; {@code alg: none} and every
 * other algorithm refused).
 * The $connect handler must be configured with the same secret, issuer and audience
 * ({@link #secretBase64()}, {@link #issuer()}, {@link #audience()}).
 */
public final class LocalJwt implements JwtAuthorizer {
    private final byte[] secret;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final JwtVerifier verifier;

    /**
     * @param secret   at least 32 bytes (HS256 needs a 256-bit key)
     * @param issuer   the {@code iss} written and required
     * @param audience the {@code aud} written and required
     * @param ttl      lifetime of minted tokens
     */
    public LocalJwt(byte[] secret, String issuer, String audience, Duration ttl) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the JWT secret has " + secret.length + " bytes; HS256 needs at least 32");
        }
        this.secret = secret.clone();
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.verifier = JwtVerifier.hs256(this.secret, issuer, audiences());
    }

    /** A new random 32-byte secret; tokens live one hour. */
    public static LocalJwt generate(String issuer, String audience) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new LocalJwt(secret, issuer, audience, Duration.ofHours(1));
    }

    /**
     * An end user's token for {@code userId} ({@code sub}), valid for the configured lifetime: it connects, registers
     * devices and reads the inbox, but carries no publish scope, so {@code POST /v1/events} refuses it (403).
     */
    public String mint(String userId) {
        return sign(userId, "devices:write");
    }

    /**
     * A producer's token for {@code clientId} ({@code sub}, as the client-credentials grant writes it) with the scope
     * {@code herald/publish}, and {@code herald/publish-critical} too when {@code critical}.
     */
    public String mintProducer(String clientId, boolean critical) {
        return sign(clientId, critical ? HeraldTopology.SCOPE_PUBLISH + " " + HeraldTopology.SCOPE_PUBLISH_CRITICAL : HeraldTopology.SCOPE_PUBLISH);
    }

    /** An operator's token for {@code clientId} with the scope {@code herald/admin} (and no publish scope). */
    public String mintAdmin(String clientId) {
        return sign(clientId, HeraldTopology.SCOPE_ADMIN);
    }

    private String sign(String subject, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("scope", scope)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local JWT: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The checks of Herald's functions ({@link JwtVerifier}): the gateway and the functions refuse the same tokens. */
    @Override
    public Optional<Map<String, Object>> verify(String token) {
        return verifier.verify(token).map(JwtVerifier.VerifiedToken::claims);
    }

    public String secretBase64() {
        return Base64.getEncoder().encodeToString(secret);
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** The audiences this authorizer accepts (the functions get the same list as {@code HERALD_JWT_AUDIENCES}). */
    public List<String> audiences() {
        return List.of(audience);
    }
}
