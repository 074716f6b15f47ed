package dev.herald.local.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The tokens a hostile client tries, made with the runtime's real JWT settings (read from its
 * {@code herald/jwt} secret) so that each one is wrong in exactly one way: every claim but the broken
 * one would pass.
 */
final class AttackTokens {
    /** One broken token and what is wrong with it. */
    record Attack(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final byte[] secret;
    private final String issuer;
    private final String audience;

    AttackTokens(byte[] secret, String issuer, String audience) {
        this.secret = secret.clone();
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A token the runtime accepts (the control case: without it a refusal proves nothing). */
    String valid(String subject) {
        return sign(claims(subject).build(), secret);
    }

    /** A producer's token: valid, with the publishing scope ({@code scope: "herald/publish"}) that POST /v1/events asks for. */
    String producer(String subject) {
        return sign(claims(subject).claim("scope", "herald/publish").build(), secret);
    }

    /** An operator's token: valid, with the admin scope ({@code scope: "herald/admin"}) every {@code /v1/admin/...} route asks for. */
    String admin(String subject) {
        return sign(claims(subject).claim("scope", dev.herald.common.topology.HeraldTopology.SCOPE_ADMIN).build(), secret);
    }

    /** The five refused kinds of the issue: forged signature, expired, wrong issuer, wrong audience, {@code alg: none}. */
    List<Attack> all(String subject) {
        byte[] attackerKey = "an-attacker-s-own-hs256-key-of-32-bytes+".getBytes(StandardCharsets.UTF_8);
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        return List.of(
                new Attack("forged signature", sign(claims(subject).build(), attackerKey)),
                new Attack("expired", sign(claims(subject).issueTime(Date.from(past.minus(Duration.ofHours(1))))
                        .expirationTime(Date.from(past)).build(), secret)),
                new Attack("wrong issuer", sign(claims(subject).issuer("https://evil.example.com/").build(), secret)),
                new Attack("wrong audience", sign(claims(subject).audience("another-api").build(), secret)),
                new Attack("alg none", new PlainJWT(claims(subject).build()).serialize()),
                new Attack("alg none with the valid signature kept", algNoneKeepingSignature(valid(subject))));
    }

    /** {@code {"alg":"none"}} spliced onto a genuinely signed token's payload and signature. */
    private static String algNoneKeepingSignature(String signed) {
        String[] parts = signed.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return none + "." + parts[1] + "." + parts[2];
    }

    private JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(30))));
    }

    private static String sign(JWTClaimsSet claims, byte[] key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
