package dev.herald.local.clock;

import static dev.herald.local.clock.ClockRuntime.advance;
import static dev.herald.local.clock.ClockRuntime.publish;
import static dev.herald.local.clock.ClockRuntime.pushes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.orchestration.NotificationCancel;
import dev.herald.common.orchestration.StepGate;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.ApnsNotification;
import dev.herald.local.emulators.SentEmail;
import dev.herald.local.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's orchestration through {@code herald up} on its adjustable clock, with the real function jars, a real
 * WebSocket client, the APNs emulator and the SES emulator: channel steps with fallback, scheduled sends, digests and
 * throttles. Time moves only by {@code POST /_herald/clock}; the tests count sends and ledger rows.
 *
 * <p>The short real-time waits ({@link #SETTLE}) only let a wrongly sent message arrive before a "nothing yet" count.
 */
class OrchestrationClockIT {
    /** Longer than any hop of the pipeline, shorter than the 30 s first fallback step (a push that waited for it would be late). */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static DynamoDbDeliveryLedger ledger;

    @BeforeAll
    static void start() {
        runtime = ClockRuntime.get();
        ledger = new DynamoDbDeliveryLedger(ClockRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        ClockRuntime.template("clock-note", "Note {{note}}", "Hello {{displayName}}, note {{note}}.");
        ClockRuntime.template("clock-digest", "{{count}} new comments", "{{count}} new comments: {{#items}}[{{title}}]{{/items}}");
        ClockRuntime.route("""
                {"name": "clock-steps", "pattern": {"detail-type": ["clock.steps"]}, "template": "clock-note", "enrich": true,
                 "category": "notes", "steps": [{"channel": "websocket"}, {"channel": "push", "after": "PT30S"},
                                                {"channel": "email", "after": "PT15M"}]}""");
        ClockRuntime.route("""
                {"name": "clock-scheduled", "pattern": {"detail-type": ["clock.scheduled"]}, "template": "clock-note", "enrich": true,
                 "category": "notes", "channels": ["push", "email"]}""");
        ClockRuntime.route("""
                {"name": "clock-digest", "pattern": {"detail-type": ["clock.comment"]}, "template": "clock-digest", "enrich": true,
                 "category": "comments", "channels": ["email"], "digest": {"key": "category", "window": "PT10M"}}""");
        ClockRuntime.route("""
                {"name": "clock-throttle", "pattern": {"detail-type": ["clock.news"]}, "template": "clock-note", "enrich": true,
                 "category": "news", "channels": ["email"], "throttle": {"limit": 3, "window": "PT1M"}}""");
    }

    // --- channel steps: [{websocket}, {push after PT30S}, {email after PT15M}] ---

    @Test
    void steps_onlineUserAcksTheFrame_neverGetsThePushOrTheEmail_andBothStepsAreCancelledAsRead() throws Exception {
        String user = "acker-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        WebSocketTestClient socket = connect(user);
        String id = "steps-ack-" + UUID.randomUUID();

        publishStep(id, user);
        JsonNode frame = socket.awaitFrame(id, PATIENCE);
        socket.send(Json.write(Map.of("action", "ack", "deliveryId", frame.path("deliveryId").asText())));
        awaitStatus(id, Channel.WEBSOCKET, user, DeliveryStatus.DELIVERED);

        advance(Duration.ofSeconds(31));
        awaitStatus(id, Channel.PUSH, user, DeliveryStatus.CANCELLED);
        advance(Duration.ofMinutes(15));
        awaitStatus(id, Channel.EMAIL, user, DeliveryStatus.CANCELLED);
        Thread.sleep(SETTLE.toMillis());

        assertThat(pushes(user)).isZero();
        assertThat(runtime.ses().sentTo(address)).isEmpty();
        for (Channel c : List.of(Channel.PUSH, Channel.EMAIL)) {
            assertThat(row(id, c, user).orElseThrow().reason()).as(c.wireName()).isEqualTo(StepGate.READ);
        }
        socket.close();
    }

    @Test
    void steps_offlineUser_getsThePushAtOnce_withoutTheClockMoving() throws Exception {
        String user = "offline-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        String id = "steps-offline-" + UUID.randomUUID();
        Instant published = Instant.now();

        publishStep(id, user);

        await().atMost(PATIENCE).until(() -> pushes(user) == 1);
        List<ApnsNotification> received = runtime.apns().receivedFor(dev.herald.local.demo.DemoSeed.deviceToken(user));
        assertThat(received.getFirst().receivedAt()).as("sent before the step's 30 s delay").isBefore(published.plusSeconds(30));
        assertThat(row(id, Channel.WEBSOCKET, user).orElseThrow().status()).isEqualTo(DeliveryStatus.SKIPPED);
        // the email step waits for its own 15 minutes (the push reached the user)
        Thread.sleep(SETTLE.toMillis());
        assertThat(pushes(user)).isEqualTo(1);
        assertThat(runtime.ses().sentTo(address)).isEmpty();
    }

    @Test
    void steps_deliveredButUnread_pushAfter30Seconds_emailAfter15Minutes_eachExactlyOnce() throws Exception {
        String user = "unread-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        WebSocketTestClient socket = connect(user);
        String id = "steps-unread-" + UUID.randomUUID();

        publishStep(id, user);
        socket.awaitFrame(id, PATIENCE);
        awaitStatus(id, Channel.WEBSOCKET, user, DeliveryStatus.SENT);
        Thread.sleep(SETTLE.toMillis());
        assertThat(pushes(user)).as("no push before 30 s").isZero();

        advance(Duration.ofSeconds(30));
        await().atMost(PATIENCE).until(() -> pushes(user) == 1);
        awaitStatus(id, Channel.PUSH, user, DeliveryStatus.SENT);
        Thread.sleep(SETTLE.toMillis());
        assertThat(runtime.ses().sentTo(address)).as("no email before 15 min").isEmpty();

        advance(Duration.ofMinutes(15));
        await().atMost(PATIENCE).until(() -> runtime.ses().sentTo(address).size() == 1);
        awaitStatus(id, Channel.EMAIL, user, DeliveryStatus.SENT);
        Thread.sleep(SETTLE.toMillis());
        assertThat(pushes(user)).isEqualTo(1);
        assertThat(runtime.ses().sentTo(address)).hasSize(1);
        assertThat(runtime.ses().sentTo(address).getFirst().subject()).contains(id);
        socket.close();
    }

    @Test
    void steps_pushOpenedAfterThePush_cancelsThePendingEmail() throws Exception {
        String user = "opener-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        WebSocketTestClient socket = connect(user);
        String id = "steps-opened-" + UUID.randomUUID();

        publishStep(id, user);
        socket.awaitFrame(id, PATIENCE);
        awaitStatus(id, Channel.WEBSOCKET, user, DeliveryStatus.SENT);
        advance(Duration.ofSeconds(30));
        await().atMost(PATIENCE).until(() -> pushes(user) == 1);
        awaitStatus(id, Channel.PUSH, user, DeliveryStatus.SENT);

        HttpResponse<String> opened = ClockRuntime.call("POST", "/v1/notifications/" + id + "/opened", runtime.tokenFor(user), null);
        assertThat(opened.statusCode()).as(opened.body()).isBetween(200, 204);
        advance(Duration.ofMinutes(16));
        awaitStatus(id, Channel.EMAIL, user, DeliveryStatus.CANCELLED);
        Thread.sleep(SETTLE.toMillis());

        assertThat(row(id, Channel.EMAIL, user).orElseThrow().reason()).isEqualTo(StepGate.READ);
        assertThat(runtime.ses().sentTo(address)).isEmpty();
        assertThat(pushes(user)).isEqualTo(1);
        socket.close();
    }

    // --- scheduled sends ---

    @Test
    void scheduledSend_firesOnceAtItsTime_notBefore_andACancelledOneNever() throws Exception {
        String user = "scheduled-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        String id = "sched-" + UUID.randomUUID();
        String cancelled = "sched-cancelled-" + UUID.randomUUID();
        Instant at = runtime.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

        for (String n : List.of(id, cancelled)) {
            HttpResponse<String> r = publish("clock.scheduled", detail(n, user, ",\"sendAt\":\"" + at + "\""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        for (String n : List.of(id, cancelled)) {
            awaitStatus(n, Channel.PUSH, user, DeliveryStatus.SCHEDULED);
            awaitStatus(n, Channel.EMAIL, user, DeliveryStatus.SCHEDULED);
        }
        HttpResponse<String> cancel = ClockRuntime.call("DELETE", "/v1/admin/notifications/" + cancelled, runtime.adminToken("ops"), null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);

        advance(Duration.ofHours(1).plusMinutes(59));
        Thread.sleep(SETTLE.toMillis());
        assertThat(pushes(user)).as("nothing before its time").isZero();
        assertThat(runtime.ses().sentTo(address)).isEmpty();
        assertThat(row(id, Channel.EMAIL, user).orElseThrow().status()).isEqualTo(DeliveryStatus.SCHEDULED);

        advance(Duration.ofMinutes(2));
        await().atMost(PATIENCE).until(() -> pushes(user) == 1 && runtime.ses().sentTo(address).size() == 1);
        awaitStatus(id, Channel.EMAIL, user, DeliveryStatus.SENT);
        advance(Duration.ofMinutes(5));
        Thread.sleep(SETTLE.toMillis());

        assertThat(pushes(user)).as("once, and never the cancelled one").isEqualTo(1);
        List<SentEmail> emails = runtime.ses().sentTo(address);
        assertThat(emails).hasSize(1);
        assertThat(emails.getFirst().subject()).contains(id).doesNotContain(cancelled);
        for (Channel c : List.of(Channel.PUSH, Channel.EMAIL)) {
            LedgerEntry r = row(cancelled, c, user).orElseThrow();
            assertThat(r.status()).as(c.wireName()).isEqualTo(DeliveryStatus.CANCELLED);
            assertThat(r.reason()).isEqualTo(NotificationCancel.REASON);
        }
    }

    // --- digests and throttles ---

    @Test
    void digest_25EventsWithinTheWindow_areOneEmailListing25Items() throws Exception {
        String user = "digest-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        ClockRuntime.toNextWindow(Duration.ofMinutes(10));
        List<String> ids = IntStream.range(0, 25).mapToObj(i -> "comment-" + i + "-" + UUID.randomUUID()).toList();

        for (int i = 0; i < ids.size(); i++) {
            HttpResponse<String> r = publish("clock.comment", "{\"notificationId\":\"" + ids.get(i) + "\",\"recipients\":[\"" + user
                    + "\"],\"data\":{\"title\":\"c" + i + "\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        for (String id : ids) {
            awaitStatus(id, Channel.EMAIL, user, DeliveryStatus.SKIPPED);
            assertThat(row(id, Channel.EMAIL, user).orElseThrow().reason()).isEqualTo("digested");
        }
        Thread.sleep(SETTLE.toMillis());
        assertThat(runtime.ses().sentTo(address)).as("held until the window ends").isEmpty();

        advance(Duration.ofMinutes(10));
        await().atMost(PATIENCE).until(() -> runtime.ses().sentTo(address).size() == 1);
        Thread.sleep(SETTLE.toMillis());

        List<SentEmail> emails = runtime.ses().sentTo(address);
        assertThat(emails).hasSize(1);
        assertThat(emails.getFirst().subject()).isEqualTo("25 new comments");
        for (int i = 0; i < 25; i++) {
            assertThat(emails.getFirst().text()).contains("[c" + i + "]");
        }
    }

    @Test
    void throttle_ofThreePerMinute_letsThreeThrough_andRecordsTheRestAsThrottled() throws Exception {
        String user = "throttled-" + UUID.randomUUID();
        String address = ClockRuntime.user(user);
        ClockRuntime.toNextWindow(Duration.ofMinutes(1));
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "news-" + i + "-" + UUID.randomUUID()).toList();

        for (String id : ids) {
            HttpResponse<String> r = publish("clock.news", detail(id, user, ""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> row(id, Channel.EMAIL, user)
                .map(r -> r.status() == DeliveryStatus.SENT || r.status() == DeliveryStatus.SKIPPED).orElse(false)));
        Thread.sleep(SETTLE.toMillis());

        List<LedgerEntry> rows = ids.stream().map(id -> row(id, Channel.EMAIL, user).orElseThrow()).toList();
        assertThat(rows).filteredOn(r -> r.status() == DeliveryStatus.SENT).hasSize(3);
        assertThat(rows).filteredOn(r -> r.status() == DeliveryStatus.SKIPPED).hasSize(2)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("throttled"));
        assertThat(runtime.ses().sentTo(address)).hasSize(3);
    }

    // --- the clock endpoint ---

    @Test
    void clockEndpoint_refusesAMalformedOrNegativeDuration_andAnswersTheNewTime() throws Exception {
        HttpResponse<String> malformed = ClockRuntime.call("POST", ClockApi.PATH, null, "{\"advance\":\"half an hour\"}");
        HttpResponse<String> negative = ClockRuntime.call("POST", ClockApi.PATH, null, "{\"advance\":\"-PT1M\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not an ISO-8601 duration");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("only moves forward");
        HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + ClockApi.PATH))
                .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"advance\":\"PT1H\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).as("a browser's simple cross-site request").isEqualTo(415);

        Instant before = runtime.now();
        Instant after = advance(Duration.ofHours(1));
        assertThat(after).isAfterOrEqualTo(before.plus(Duration.ofHours(1)));
    }

    private static void publishStep(String id, String user) {
        HttpResponse<String> r = publish("clock.steps", detail(id, user, ""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String detail(String id, String user, String extra) {
        return "{\"notificationId\":\"" + id + "\",\"recipients\":[\"" + user + "\"],\"data\":{\"note\":\"" + id + "\"}" + extra + "}";
    }

    private static Optional<LedgerEntry> row(String id, Channel c, String user) {
        return ledger.find(DeliveryIds.of(id, c, user));
    }

    private static void awaitStatus(String id, Channel c, String user, DeliveryStatus status) {
        await().atMost(PATIENCE).alias(c.wireName() + " row of " + id + " becomes " + status + " (it is "
                + row(id, c, user).map(LedgerEntry::status).map(String::valueOf).orElse("absent") + ")")
                .until(() -> row(id, c, user).map(LedgerEntry::status).equals(Optional.of(status)));
    }

    private static WebSocketTestClient connect(String user) {
        return WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor(user)));
    }
}
