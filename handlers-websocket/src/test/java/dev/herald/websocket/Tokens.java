package dev.herald.websocket;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.herald.common.auth.JwtVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints test JWTs the way an identity provider does (HS256 with a shared secret, RS256 with a key
 * published as a JWKS on a loopback server) and the forgeries a verifier must refuse.
 */
final class Tokens {
    static final String ISSUER = "https://auth.example.com/";
    static final String AUDIENCE = "herald-ws";
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef-herald-test".getBytes(StandardCharsets.UTF_8);

    private Tokens() {
    }

    static JwtVerifier hs256Verifier() {
        return JwtVerifier.hs256(SECRET, ISSUER, AUDIENCE);
    }

    static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    static String hs256(String subject) {
        return hs256(claims(subject).build(), SECRET);
    }

    static String hs256(JWTClaimsSet claims, byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: claims that would pass, without a signature. */
    static String unsigned(String subject) {
        return new PlainJWT(claims(subject).build()).serialize();
    }

    /** An RS256 key pair with its public half published as a JWKS on a loopback server. */
    static final class Rs256Issuer implements AutoCloseable {
        private final RSAKey key;
        private final HttpServer server;

        Rs256Issuer(String keyId) throws Exception {
            key = new RSAKeyGenerator(2048).keyID(keyId).generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                try (exchange) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    exchange.getResponseBody().write(jwks);
                }
            });
            server.start();
        }

        URI jwksUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        }

        String sign(JWTClaimsSet claims) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                        claims);
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.stop(0);
        }
    }
}
