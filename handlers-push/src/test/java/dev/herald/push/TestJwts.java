package dev.herald.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** HS256 tokens for the device API tests, and the verifier configured as the JWT secret would configure it. */
final class TestJwts {
    static final String ISSUER = "https://auth.example.com/";
    static final String AUDIENCE = "herald-api";
    static final byte[] KEY = "herald-device-api-test-key-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER_KEY = "an-attacker-s-own-key-also-32-bytes-long!".getBytes(StandardCharsets.UTF_8);

    private TestJwts() {
    }

    static JwtVerifier verifier() {
        return JwtVerifier.fromConfig(Json.tree("{\"issuer\":\"" + ISSUER + "\",\"audience\":\"" + AUDIENCE + "\",\"hs256Secret\":\""
                + Base64.getEncoder().encodeToString(KEY) + "\"}"));
    }

    static String valid(String subject) {
        return sign(KEY, subject, AUDIENCE, Instant.now().plus(Duration.ofHours(1)));
    }

    static String sign(byte[] key, String subject, String audience, Instant expiresAt) {
        return sign(key, subject, ISSUER, audience, expiresAt);
    }

    static String sign(byte[] key, String subject, String issuer, String audience, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(audience)
                .issueTime(Date.from(expiresAt.minus(Duration.ofHours(1)))).expirationTime(Date.from(expiresAt)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** {@code alg: none}: claims that would pass, without a signature. */
    static String unsigned(String subject) {
        return new PlainJWT(new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build()).serialize();
    }
}
