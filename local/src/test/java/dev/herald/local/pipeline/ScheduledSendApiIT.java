package dev.herald.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.orchestration.NotificationCancel;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Scheduled sends on {@code herald up} through its HTTP API: {@code detail.sendAt} checked at {@code POST /v1/events} (400 with
 * the field), a scheduled notification routed at once with {@code scheduled} rows, cancelled by an operator with
 * {@code DELETE /v1/admin/notifications/{id}} (rows {@code cancelled}, reason {@code cancelled by operator}), 404 for an unknown id,
 * 409 for one already sent, 403 for end-user and producer tokens. Firing at the time is {@code ScheduledSendIT} (common), on a
 * clock the test controls.
 */
class ScheduledSendApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<Channel> CHANNELS = List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
    private final LocalRuntime runtime = PipelineRuntime.get();
    private final DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final String admin = runtime.adminToken("ops");
    private final String producer = runtime.producerToken("shop", false);

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + path)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> publish(String notificationId, String user, String sendAt) throws Exception {
        String extra = sendAt == null ? "" : ",\"sendAt\":" + sendAt;
        return call("POST", "/v1/events", producer, "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"notificationId\":\""
                + notificationId + "\",\"recipients\":[\"" + user + "\"],\"data\":{\"orderId\":\"A-17\",\"eta\":\"soon\",\"displayName\":\"Ada\"}" + extra + "}}");
    }

    private Optional<LedgerEntry> row(String notificationId, Channel c, String user) {
        return ledger.find(DeliveryIds.of(notificationId, c, user));
    }

    /** Waits until every channel's row of the notification satisfies {@code done}. */
    private void awaitRows(String notificationId, String user, Predicate<DeliveryStatus> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (CHANNELS.stream().allMatch(c -> row(notificationId, c, user).map(r -> done.test(r.status())).orElse(false))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rows of " + notificationId + " did not settle: "
                + CHANNELS.stream().map(c -> row(notificationId, c, user).map(LedgerEntry::status).map(String::valueOf).orElse("none")).toList());
    }

    @Test
    void sendAt_malformedOrMoreThanAYearAhead_is400WithTheReason() throws Exception {
        HttpResponse<String> malformed = publish("bad-" + UUID.randomUUID(), "user-1", "\"next tuesday\"");
        HttpResponse<String> tooFar = publish("far-" + UUID.randomUUID(), "user-1", "\"" + Instant.now().plus(Duration.ofDays(400)) + "\"");

        for (HttpResponse<String> r : List.of(malformed, tooFar)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Json.tree(r.body()).path("problems").findValuesAsText("field")).containsExactly("detail.sendAt");
        }
        assertThat(malformed.body()).contains("is not an ISO-8601 instant");
        assertThat(tooFar.body()).contains("more than a year ahead");
    }

    @Test
    void scheduledNotification_isRoutedAsScheduled_andAnOperatorsCancelMakesEveryRowCancelled() throws Exception {
        String id = "sched-" + UUID.randomUUID();
        String user = "sched-user-" + UUID.randomUUID();
        Instant at = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> published = publish(id, user, "\"" + at + "\"");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        awaitRows(id, user, s -> s == DeliveryStatus.SCHEDULED);
        assertThat(row(id, Channel.EMAIL, user).orElseThrow().reason()).isEqualTo("send at " + at);
        // the dashboard's "Scheduled sends and pending steps" lists them
        HttpResponse<String> waiting = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + "/dashboard/api/waiting")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(200);
        List<JsonNode> listed = new java.util.ArrayList<>();
        Json.tree(waiting.body()).path("rows").forEach(r -> {
            if (id.equals(r.path("notificationId").asText())) {
                listed.add(r);
            }
        });
        assertThat(listed).hasSize(3).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("scheduled"));

        HttpResponse<String> cancelled = call("DELETE", "/v1/admin/notifications/" + id, admin, null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode answer = Json.tree(cancelled.body());
        assertThat(answer.path("cancelled").asInt()).isEqualTo(3);
        for (Channel c : CHANNELS) {
            LedgerEntry r = row(id, c, user).orElseThrow();
            assertThat(r.status()).as(c.wireName()).isEqualTo(DeliveryStatus.CANCELLED);
            assertThat(r.reason()).isEqualTo(NotificationCancel.REASON);
        }
        HttpResponse<String> again = call("DELETE", "/v1/admin/notifications/" + id, admin, null);
        assertThat(again.statusCode()).as("a second cancel is harmless").isEqualTo(200);
        assertThat(Json.tree(again.body()).path("cancelled").asInt()).isZero();
    }

    @Test
    void cancel_ofAnUnknownId_is404_andOfASentNotification_is409() throws Exception {
        HttpResponse<String> unknown = call("DELETE", "/v1/admin/notifications/no-such-" + UUID.randomUUID(), admin, null);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);

        String id = "now-" + UUID.randomUUID();
        String user = "now-user-" + UUID.randomUUID();
        assertThat(publish(id, user, null).statusCode()).isEqualTo(200);
        // no connection, device or address: each channel finishes at once (skipped or rejected), nothing is left to cancel
        Set<DeliveryStatus> unsent = EnumSet.copyOf(NotificationCancel.UNSENT);
        unsent.add(DeliveryStatus.SENDING);
        awaitRows(id, user, s -> !unsent.contains(s));

        HttpResponse<String> late = call("DELETE", "/v1/admin/notifications/" + id, admin, null);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(late.body()).contains("nothing left to cancel");
    }

    @Test
    void cancelPath_refusesEndUserAndProducerTokens() throws Exception {
        for (String token : List.of(runtime.tokenFor("user-1"), runtime.producerToken("shop", true))) {
            assertThat(call("DELETE", "/v1/admin/notifications/anything", token, null).statusCode()).isEqualTo(403);
        }
    }
}
