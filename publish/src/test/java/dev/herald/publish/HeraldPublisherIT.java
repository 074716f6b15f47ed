package dev.herald.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.aws.Backoff;
import dev.herald.common.json.Json;
import dev.herald.publish.PublishResult.Kind;
import dev.herald.publish.PublishResult.Published;
import dev.herald.publish.PublishResult.Unpublished;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** HeraldPublisher against a loopback server speaking PutEvents (AWS JSON 1.1) as EventBridge does. */
class HeraldPublisherIT {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 3);

    private PutEventsServer server;
    private EventBridgeClient client;

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void publish_twentyFiveEntriesTwoFailingOnce_sendsBatchesOfTenThenOnlyTheFailedOnes() {
        start((entry, sends) -> Set.of("n-3", "n-17").contains(entry.notificationId()) && sends == 1
                ? new String[] {"InternalFailure", "Internal Service Failure"} : null);
        List<Notification> batch = IntStream.range(0, 25).mapToObj(i -> notification("n-" + i, "user-" + i)).toList();

        PublishResult result = publisher("herald").publish(batch);

        assertThat(server.requests()).extracting(r -> r.entries().size()).containsExactly(10, 10, 5, 2);
        assertThat(server.requests().get(3).entries()).extracting(PutEventsServer.Entry::notificationId).containsExactly("n-3", "n-17");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.target()).isEqualTo("AWSEvents.PutEvents"));
        assertThat(result.allPublished()).isTrue();
        assertThat(result.published()).extracting(Published::index).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        assertThat(result.published()).extracting(Published::eventId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(result.published().get(3).attempts()).isEqualTo(2);
        assertThat(result.published().get(4).attempts()).isEqualTo(1);
        assertThat(server.entries()).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("shop.orders");
            assertThat(e.busName()).isEqualTo("herald");
            assertThat(e.detailType()).isEqualTo("order.shipped");
        });
    }

    @Test
    void publish_entriesAboveTheRequestSize_splitsByBytesAsEventBridgeCountsThem() {
        start((entry, sends) -> null);
        String blob = "x".repeat(100 * 1024);
        List<Notification> batch = List.of(large("big-1", blob), large("big-2", blob), large("big-3", blob), notification("small", "user-1"));

        PublishResult result = publisher("herald").publish(batch);

        assertThat(result.allPublished()).isTrue();
        assertThat(server.requests()).extracting(r -> r.entries().size()).containsExactly(2, 2);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.entryBytes()).isLessThanOrEqualTo(PutEventsServer.MAX_REQUEST_BYTES));
        assertThat(server.entries()).extracting(PutEventsServer.Entry::notificationId).containsExactly("big-1", "big-2", "big-3", "small");
    }

    @Test
    void publish_mixedFailures_reportsEveryEntryWithItsReason() {
        start((entry, sends) -> switch (entry.notificationId()) {
            case "always-throttled" -> new String[] {"ThrottlingException", "Rate exceeded"};
            case "malformed" -> new String[] {"MalformedDetail", "Detail is malformed."};
            default -> null;
        });
        Map<String, Object> invalid = new LinkedHashMap<>();
        invalid.put("recipients", List.of());
        invalid.put("priority", "urgent");
        List<Notification> batch = new ArrayList<>(List.of(
                notification("ok", "user-1"),
                notification("always-throttled", "user-2"),
                notification("malformed", "user-3"),
                Notification.of("order.shipped", invalid),
                large("too-big", "x".repeat(300 * 1024)),
                new Notification(" ", Json.tree("{\"recipients\":[\"user-4\"]}"))));

        PublishResult result = publisher("herald").publish(batch);

        assertThat(result.allPublished()).isFalse();
        assertThat(result.published()).extracting(Published::index).containsExactly(0);
        assertThat(result.unpublished()).extracting(Unpublished::index).containsExactly(1, 2, 3, 4, 5);
        Unpublished throttled = result.unpublished().get(0);
        assertThat(throttled.kind()).isEqualTo(Kind.FAILED);
        assertThat(throttled.errorCode()).isEqualTo("ThrottlingException");
        assertThat(throttled.attempts()).isEqualTo(3);
        assertThat(throttled.reason()).contains("Rate exceeded").contains("after 3 attempts");
        Unpublished malformed = result.unpublished().get(1);
        assertThat(malformed.kind()).isEqualTo(Kind.REJECTED);
        assertThat(malformed.errorCode()).isEqualTo("MalformedDetail");
        assertThat(malformed.attempts()).isEqualTo(1);
        Unpublished invalidEntry = result.unpublished().get(2);
        assertThat(invalidEntry.kind()).isEqualTo(Kind.REJECTED);
        assertThat(invalidEntry.attempts()).isZero();
        assertThat(invalidEntry.reason()).contains("detail.recipients: is empty").contains("detail.priority: 'urgent' is not one of normal, high, critical");
        assertThat(result.unpublished().get(3).errorCode()).isEqualTo("EntryTooLarge");
        assertThat(result.unpublished().get(3).reason()).contains("move large data to S3");
        assertThat(result.unpublished().get(4).reason()).contains("detailType: is missing");
        // Sent: ok once, malformed once (permanent), throttled on each of the 3 attempts; the invalid ones never.
        assertThat(server.entries()).extracting(PutEventsServer.Entry::notificationId)
                .containsExactlyInAnyOrder("ok", "always-throttled", "malformed", "always-throttled", "always-throttled");
    }

    @Test
    void publish_withoutNotificationId_addsOneAndKeepsItAcrossResends() {
        start((entry, sends) -> sends == 1 ? new String[] {"InternalFailure", "Internal Service Failure"} : null);
        Notification anonymous = Notification.of("order.shipped", Map.of("recipients", List.of("user-1")));

        PublishResult result = publisher("herald").publish(List.of(anonymous));

        assertThat(result.allPublished()).isTrue();
        assertThat(server.entries()).hasSize(2);
        String id = server.entries().get(0).notificationId();
        assertThat(id).isNotBlank();
        assertThat(server.entries().get(1).notificationId()).isEqualTo(id);
        assertThat(result.published().get(0).notificationId()).isEqualTo(id);
        assertThat(anonymous.detail().has("notificationId")).as("the caller's detail is not modified").isFalse();
    }

    @Test
    void publish_fixtureEntriesSecondFailing_answersAsTheFixtureResponse() {
        start((entry, sends) -> entry.notificationId().equals("ntf-01JD4R7B2C8D4E6F0G1H3J5K7M")
                ? new String[] {"InternalFailure", "Internal Service Failure"} : null);
        JsonNode expected = Json.tree(Fixtures.read("putevents-response-partial.json")).path("Entries").get(1);
        List<Notification> batch = new ArrayList<>();
        for (JsonNode e : Json.tree(Fixtures.read("putevents-request.json")).path("Entries")) {
            batch.add(new Notification(e.path("DetailType").asText(), Json.tree(e.path("Detail").asText())));
        }

        PublishResult result = HeraldPublisher.builder().eventBridge(client).busName("herald").source("shop.orders")
                .backoff(new Backoff(Duration.ZERO, Duration.ZERO, 1)).build().publish(batch);

        assertThat(result.published()).extracting(Published::notificationId).containsExactly("ntf-01JD4R6Z9K3Q7M2N8P5T1V0WXA");
        Unpublished failed = result.unpublished().get(0);
        assertThat(failed.kind()).isEqualTo(Kind.FAILED);
        assertThat(failed.errorCode()).isEqualTo(expected.path("ErrorCode").asText());
        assertThat(failed.reason()).contains(expected.path("ErrorMessage").asText());
        assertThat(server.entries()).extracting(PutEventsServer.Entry::detailJson)
                .containsExactlyElementsOf(batch.stream().map(Notification::detail).toList());
    }

    @Test
    void publish_busDoesNotExist_rejectsEveryEntryWithTheServiceError() {
        start((entry, sends) -> null);
        server.failEveryRequest(400, "ResourceNotFoundException", "Event bus missing-bus does not exist.");

        PublishResult result = publisher("missing-bus").publish(List.of(notification("a", "user-1"), notification("b", "user-2")));

        assertThat(result.unpublished()).hasSize(2).allSatisfy(u -> {
            assertThat(u.kind()).isEqualTo(Kind.REJECTED);
            assertThat(u.errorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(u.reason()).contains("missing-bus does not exist").contains("check that the bus exists");
        });
        assertThat(server.requests()).hasSize(1);
    }

    private void start(PutEventsServer.Policy policy) {
        server = PutEventsServer.start(policy);
        client = EventBridgeClient.builder().endpointOverride(server.endpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private HeraldPublisher publisher(String bus) {
        return HeraldPublisher.builder().eventBridge(client).busName(bus).source("shop.orders").backoff(FAST).build();
    }

    private static Notification notification(String notificationId, String user) {
        return Notification.of("order.shipped", Map.of("notificationId", notificationId, "recipients", List.of(user),
                "data", Map.of("orderId", "A-" + notificationId)));
    }

    private static Notification large(String notificationId, String blob) {
        return Notification.of("order.shipped", Map.of("notificationId", notificationId, "recipients", List.of("user-1"),
                "data", Map.of("blob", blob)));
    }
}
