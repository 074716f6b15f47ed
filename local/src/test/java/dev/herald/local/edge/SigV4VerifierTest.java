package dev.herald.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The verifier against requests signed by the AWS SDK's own SigV4 signer: paths, queries and bodies AWS APIs use. */
class SigV4VerifierTest {
    private static final String KEY = "AKHERALDTESTKEY00000";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private final SigV4Verifier verifier = new SigV4Verifier(KEY, SECRET);

    @Test
    void sdkSignedRequests_withEncodedPathsQueriesAndBodies_verify() {
        for (String uri : List.of("http://localhost:4566/", "http://localhost:4566/2015-03-31/functions/herald-router/invocations?Qualifier=live",
                "http://localhost:4566/live/%40connections/abc%3D%3D", "http://127.0.0.1:4566/000000000000/herald-ingress?a=x%20y&a=b&Action=List+Q")) {
            SignedRequest signed = sign(uri, "{\"SecretId\":\"herald/jwt\"}", SECRET, "secretsmanager");
            assertThat(verifier.verify(wire(signed, "{\"SecretId\":\"herald/jwt\"}"), Instant.now())).as(uri).isEmpty();
        }
    }

    @Test
    void aBodyChangedAfterSigning_doesNotMatch() {
        SignedRequest signed = sign("http://localhost:4566/", "{\"SecretId\":\"herald/jwt\"}", SECRET, "secretsmanager");

        assertThat(verifier.verify(wire(signed, "{\"SecretId\":\"herald/apns\"}"), Instant.now()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void anotherSecret_doesNotMatch_anotherKey_isUnrecognized_noSignature_isUnrecognized() {
        assertThat(verifier.verify(wire(sign("http://localhost:4566/", "{}", "another-secret", "dynamodb"), "{}"), Instant.now()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("SignatureDoesNotMatch"));
        assertThat(new SigV4Verifier("AKOTHERKEY", SECRET).verify(wire(sign("http://localhost:4566/", "{}", SECRET, "dynamodb"), "{}"), Instant.now()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("UnrecognizedClientException"));
        assertThat(verifier.verify(new SigV4Verifier.Request("POST", "/", null, Map.of(), new byte[0]), Instant.now()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("UnrecognizedClientException"));
    }

    @Test
    void aSignatureOlderThan15Minutes_isExpired() {
        SignedRequest signed = sign("http://localhost:4566/", "{}", SECRET, "sqs");

        Optional<SigV4Verifier.Refusal> refusal = verifier.verify(wire(signed, "{}"), Instant.now().plus(Duration.ofMinutes(16)));

        assertThat(refusal).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("InvalidSignatureException"));
    }

    private static SignedRequest sign(String uri, String body, String secret, String service) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(uri))
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", "secretsmanager.GetSecretValue").build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(KEY, secret)).request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1"));
    }

    /** The request as the edge server sees it: raw path and query, headers by lower-case name. */
    private static SigV4Verifier.Request wire(SignedRequest signed, String body) {
        SdkHttpRequest r = signed.request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.headers().forEach((name, values) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        if (!headers.containsKey("host")) {
            headers.put("host", List.of(r.host() + ":" + r.port()));
        }
        return new SigV4Verifier.Request(r.method().name(), r.encodedPath(), r.encodedQueryParameters().orElse(null), headers,
                body.getBytes(StandardCharsets.UTF_8));
    }
}
