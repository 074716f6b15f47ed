package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.testing.AllAtOnceOrderRoute;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A whole {@code herald up} run - start with the demo seed, register an iOS and an Android device,
 * subscribe and confirm an email address, connect a WebSocket, publish through the HTTP API to
 * WebSocket, push (APNs and FCM) and email, read the inbox, delete a device, try a forged token, stop - with every
 * line the process writes captured ({@link ConsoleCapture}) and scanned ({@link LogScan}): no JWT,
 * device token, APNs signing key (.p8 PEM), other secret or email address may appear at INFO or above.
 * <p>So that it can fail, it first asserts that the run logged (lines from each function jar among
 * them) and that every secret it looks for was really used: the JWTs were accepted, the devices got
 * their pushes (which the APNs emulator accepts only when signed with the key), the addresses got
 * their emails.
 */
class SecretsInLogsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String USER = "user-2";
    private static final Pattern CONFIRM_LINK = Pattern.compile("https?://\\S+/v1/subscriptions/email/confirm\\?token=(\\S+)");

    @Test
    void fullRun_logsNoJwtDeviceTokenApnsKeyOrAddress_atInfoOrAbove() throws Exception {
        String iosToken = HexFormat.of().formatHex(randomBytes(32));
        String androidToken = "fcm-" + HexFormat.of().formatHex(randomBytes(40)) + ":APA91b";
        String address = "secrets-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String orderId = "SEC-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        String output;
        try (ConsoleCapture capture = ConsoleCapture.start()) {
            Path repoRoot = Path.of("").toAbsolutePath().getParent();
            try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.ephemeral(Files.createTempDirectory("herald-secrets"), repoRoot).withDemo(true));
                 EdgeCalls edge = new EdgeCalls(runtime)) {
                assertThat(runtime.unbuiltFunctions()).as("function jars (run ./mvnw verify from the root)").isEmpty();
                // the event below goes to every channel at once (the demo's order route is WebSocket-first)
                AllAtOnceOrderRoute.install(runtime.edgeEndpoint(), runtime.region());
                String jwt = runtime.tokenFor(USER);
                String forged = edge.attackTokens().all(USER).getFirst().token();

                // devices, subscription, confirmation: each call carries the JWT, a token or an address
                assertThat(edge.api("PUT", "/v1/devices", jwt, Json.write(Map.of("platform", "ios", "token", iosToken, "app", ApnsEmulator.DEFAULT_TOPIC)))
                        .statusCode()).isBetween(200, 201);
                assertThat(edge.api("PUT", "/v1/devices", jwt, Json.write(Map.of("platform", "android", "token", androidToken))).statusCode())
                        .isBetween(200, 201);
                assertThat(edge.api("POST", "/v1/subscriptions/email", jwt, Json.write(Map.of("address", address))).statusCode()).isEqualTo(202);
                await().atMost(PATIENCE).until(() -> emailTo(edge, address, "Confirm") != null);
                JsonNode confirmation = emailTo(edge, address, "Confirm");
                Matcher link = CONFIRM_LINK.matcher(confirmation.path("text").asText());
                assertThat(link.find()).as("confirmation link in " + confirmation).isTrue();
                HttpResponse<String> confirmed = edge.api("GET", URI.create(link.group()).getRawPath() + "?" + URI.create(link.group()).getRawQuery(), null, null);
                assertThat(confirmed.statusCode()).isEqualTo(200);
                assertThat(edge.connect(forged).refusedStatus()).as("forged token on $connect").isEqualTo(401);
                assertThat(edge.api("GET", "/v1/inbox", forged, null).statusCode()).isEqualTo(401);

                // one event to every channel, through the HTTP API
                EdgeCalls.Socket socket = edge.connect(jwt);
                assertThat(socket.open()).isTrue();
                String notificationId = "secrets-" + UUID.randomUUID();
                HttpResponse<String> published = edge.api("POST", "/v1/events", runtime.producerToken("shop", false), Json.write(Map.of("source", "shop.orders",
                        "detailType", "order.shipped", "detail", Map.of("notificationId", notificationId, "recipients", List.of(USER),
                                "channels", List.of("websocket", "push", "email"), "data", Map.of("orderId", orderId, "eta", "tomorrow")))));
                assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

                assertThat(socket.awaitFrame(orderId, PATIENCE).path("title").asText()).contains(orderId);
                await().atMost(PATIENCE).until(() -> accepted(edge.dashboard("/dashboard/api/pushes").path("apns"), iosToken, orderId));
                await().atMost(PATIENCE).until(() -> accepted(edge.dashboard("/dashboard/api/pushes").path("fcm"), androidToken, orderId));
                await().atMost(PATIENCE).until(() -> emailTo(edge, address, orderId) != null);
                assertThat(edge.api("GET", "/v1/inbox", jwt, null).body()).contains(notificationId);
                // a device token in a URL path: the gateway must not log the request line
                assertThat(edge.api("DELETE", "/v1/devices/" + androidToken, jwt, null).statusCode()).isEqualTo(204);
                socket.close();

                String apnsKey = edge.secret(HeraldTopology.SECRET_APNS).path("signingKey").asText();
                assertThat(apnsKey).as("the APNs .p8 key the push handler signed with").startsWith("-----BEGIN PRIVATE KEY-----");
                secrets.put("JWT", List.of(jwt, signature(jwt), forged, signature(forged)));
                secrets.put("device token", Stream.concat(Stream.of(iosToken, androidToken), DemoSeed.USERS.stream().map(DemoSeed::deviceToken)).toList());
                secrets.put("APNs key", pemBody(apnsKey));
                // the demo's tokens and addresses are scanned too: the demo seed's sample events go to them
                secrets.put("email address", Stream.concat(Stream.of(address), DemoSeed.USERS.stream().map(DemoSeed::email)).toList());
                secrets.put("email link token", List.of(link.group(1)));
                secrets.put("JWT signing key", List.of(edge.secret(HeraldTopology.SECRET_JWT).path("hs256Secret").asText()));
                secrets.put("FCM access token", List.of(edge.secret(HeraldTopology.SECRET_FCM).path("accessToken").asText()));
                secrets.put("email token key", List.of(edge.secret(HeraldTopology.SECRET_EMAIL_TOKENS).path("hmacKey").asText()));
            }
            output = capture.text();
        }

        List<LogScan.Line> lines = LogScan.parse(output);
        Set<String> loggers = new TreeSet<>();
        lines.stream().filter(LogScan.Line::infoOrAbove).forEach(l -> loggers.add(l.logger()));
        assertThat(lines).as("captured lines").hasSizeGreaterThan(50);
        assertThat(loggers).as("loggers at INFO+: the host's and each function jar's")
                .contains("dev.herald.router.NotificationRouter", "dev.herald.enrichment.Enricher", "dev.herald.websocket.ConnectHandler",
                        "dev.herald.websocket.WebSocketSender", "dev.herald.push.DeviceApi", "dev.herald.email.SubscribeAction",
                        "dev.herald.email.SesSender", "dev.herald.common.delivery.DeliveryProcessor", "dev.herald.local.lambda.SqsMapping");
        secrets.forEach((kind, values) -> assertThat(values).as(kind).isNotEmpty().allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(8)));

        List<LogScan.Finding> findings = LogScan.scan(lines, secrets);
        System.out.printf("SecretsInLogsIT: %d lines captured, %d at INFO or above from %d loggers; %d secret values of %d kinds searched; %d findings%n",
                lines.size(), lines.stream().filter(LogScan.Line::infoOrAbove).count(), loggers.size(),
                secrets.values().stream().mapToInt(List::size).sum(), secrets.size(), findings.size());
        assertThat(findings).as("secrets in %d lines at INFO or above", lines.stream().filter(LogScan.Line::infoOrAbove).count()).isEmpty();
    }

    private static JsonNode emailTo(EdgeCalls edge, String address, String text) {
        for (JsonNode e : edge.dashboard("/dashboard/api/emails")) {
            if (e.path("to").toString().contains(address) && (e.path("subject").asText() + e.path("text").asText()).contains(text)) {
                return e;
            }
        }
        return null;
    }

    private static boolean accepted(JsonNode received, String token, String text) {
        for (JsonNode n : received) {
            if (token.equals(n.path("token").asText()) && n.toString().contains(text)
                    && (n.path("accepted").asBoolean(false) || (!n.has("accepted") && !n.hasNonNull("rejection")))) {
                return true;
            }
        }
        return false;
    }

    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    /** The base64 lines of a PEM (each long enough to be unmistakable). */
    private static List<String> pemBody(String pem) {
        List<String> lines = new ArrayList<>();
        for (String line : pem.split("\\R")) {
            if (!line.startsWith("-----") && line.strip().length() >= 16) {
                lines.add(line.strip());
            }
        }
        lines.add(String.join("", lines));
        return lines;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
