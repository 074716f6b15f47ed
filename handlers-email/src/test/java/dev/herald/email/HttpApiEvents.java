package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.testing.Fixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * HTTP API payload 2.0 events made from the {@code apigw-http-v2-put-device.json} fixture, loaded as the
 * Lambda runtime loads them; and HS256 JWTs like an identity provider's.
 */
final class HttpApiEvents {
    static final byte[] JWT_SECRET = "herald-test-jwt-secret-of-32-bytes!!".getBytes(StandardCharsets.US_ASCII);
    static final String ISSUER = "https://auth.example.com/";
    static final String AUDIENCE = "herald-api";

    private HttpApiEvents() {
    }

    static APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> query, String body, String bearer,
                                         String contentType) {
        ObjectNode event = (ObjectNode) Json.tree(Fixtures.read("apigw-http-v2-put-device.json"));
        String routeKey = method + " " + path;
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
        if (query.isEmpty()) {
            event.remove("queryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.remove("content-length");
        if (bearer == null) {
            headers.remove("authorization");
        } else {
            headers.put("authorization", "Bearer " + bearer);
        }
        if (contentType == null) {
            headers.remove("content-type");
        } else {
            headers.put("content-type", contentType);
        }
        ObjectNode rc = (ObjectNode) event.get("requestContext");
        rc.put("routeKey", routeKey);
        ((ObjectNode) rc.get("http")).put("method", method).put("path", path);
        if (bearer == null) {
            rc.remove("authorizer");
        }
        if (body == null) {
            event.remove("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return LambdaJson.read(Json.write(event), APIGatewayV2HTTPEvent.class);
    }

    static APIGatewayV2HTTPEvent subscribe(String body, String bearer) {
        return request("POST", "/v1/subscriptions/email", Map.of(), body, bearer, "application/json");
    }

    static String jwt(String subject) {
        return jwt(subject, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofHours(1)), JWT_SECRET);
    }

    static String jwt(String subject, String issuer, String audience, Instant expires, byte[] secret) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(audience)
                .issueTime(Date.from(Instant.now().minusSeconds(600))).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
