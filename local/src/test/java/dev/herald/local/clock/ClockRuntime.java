package dev.herald.local.clock;

import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.demo.DemoSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One {@code herald up} with the adjustable clock and the real function jars for the clock tests of this JVM (the
 * failsafe execution {@code clock} gives them a JVM of their own: moving the clock must not move another test's time).
 * Tests keep apart by unique users and notification ids, and seed their own routes and templates.
 */
final class ClockRuntime {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static DynamoDbClient dynamo;

    private ClockRuntime() {
    }

    static synchronized LocalRuntime get() {
        if (runtime == null) {
            try {
                Path repoRoot = Path.of("").toAbsolutePath().getParent();
                runtime = LocalRuntime.start(RuntimeOptions.ephemeral(Files.createTempDirectory("herald-clock"), repoRoot).withAdjustableClock(true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!runtime.unbuiltFunctions().isEmpty()) {
                throw new IllegalStateException("function jars missing for " + runtime.unbuiltFunctions() + "; run ./mvnw verify from the repository root");
            }
            dynamo = DynamoDbClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dynamo.close();
                runtime.close();
            }, "clock-runtime-stop"));
        }
        return runtime;
    }

    static synchronized DynamoDbClient dynamo() {
        get();
        return dynamo;
    }

    /** Puts a route into the Routes table (the router reads it on its next batch). */
    static void route(String routeJson) {
        var route = Json.tree(routeJson);
        new DynamoDbRouteStore(dynamo(), HeraldTopology.TABLE_ROUTES, Clock.systemUTC()).put(route.get("name").asText(), Json.write(route));
    }

    /** Puts an English template whose every part is {@code text} (Mustache). */
    static void template(String templateId, String title, String text) {
        dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).item(Map.of("templateId", s(templateId), "locale", s("en"),
                "title", s(title), "subject", s(title), "body", s(text), "html", s("<p>" + text + "</p>"), "text", s(text))));
    }

    /** A user with a profile, a confirmed email address and an iOS device of the APNs emulator's app; returns the address. */
    static String user(String userId) {
        String address = userId + "@example.com";
        String now = Instant.now().toString();
        dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).item(Map.of("userId", s(userId), "displayName", s("Clock Tester"),
                "email", s(address), "locale", s("en"), "timeZone", s("UTC"))));
        dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS).item(Map.of("userId", s(userId), "address", s(address),
                "status", s("confirmed"), "unsubscribeToken", s(userId.replace("-", "")), "confirmedAt", s(now), "createdAt", s(now))));
        dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS).item(Map.of("userId", s(userId), "token", s(DemoSeed.deviceToken(userId)),
                "platform", s("ios"), "app", s(runtime.apns().topic()), "lastSeen", s(now),
                HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofDays(270)).getEpochSecond())))));
        return address;
    }

    /** Pushes the APNs emulator received for the user's device. */
    static int pushes(String userId) {
        return get().apns().receivedFor(DemoSeed.deviceToken(userId)).size();
    }

    /** {@code POST /v1/events} with a producer's token; returns the status and body. */
    static HttpResponse<String> publish(String detailType, String detailJson) {
        String body = "{\"source\":\"clock.test\",\"detailType\":\"" + detailType + "\",\"detail\":" + detailJson + "}";
        return call("POST", "/v1/events", get().producerToken("clock-test", false), body);
    }

    static HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(get().edgeEndpoint() + path)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Advances the clock through {@code POST /_herald/clock}; returns the new time. */
    static Instant advance(Duration by) {
        HttpResponse<String> r = call("POST", ClockApi.PATH, null, "{\"advance\":\"" + by + "\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("advancing the clock answered " + r.statusCode() + ": " + r.body());
        }
        return Instant.parse(Json.tree(r.body()).path("now").asText());
    }

    /** Advances the clock to one second past the start of the next window of {@code window} (windows counted from the epoch). */
    static void toNextWindow(Duration window) {
        long w = window.toMillis();
        long now = get().now().toEpochMilli();
        long next = (now / w + 1) * w;
        advance(Duration.ofMillis(next - now + 1000));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
