package dev.herald.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/** The EventBridge API on the edge port, through the SDK's own EventBridgeClient, with SQS read through the edge too. */
class EdgeEventsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final LocalRuntime runtime = SharedRuntime.get();
    private final EdgeClients aws = SharedRuntime.clients();

    @Test
    void putEvents_producerEvent_landsOnIngressQueueAsEventBridgeBuildsIt() {
        String marker = UUID.randomUUID().toString();
        PutEventsResponse response = aws.events().putEvents(r -> r.entries(entry("shop.orders", "order.shipped",
                "{\"recipients\":[\"user-1\"],\"data\":{\"marker\":\"" + marker + "\"}}", HeraldTopology.BUS)));

        assertThat(response.failedEntryCount()).isZero();
        String eventId = response.entries().getFirst().eventId();
        Message message = Queues.take(aws.sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS),
                m -> m.body().contains(marker), PATIENCE).orElseThrow();
        JsonNode event = Json.tree(message.body());
        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("id").asText()).isEqualTo(eventId);
        assertThat(event.path("detail-type").asText()).isEqualTo("order.shipped");
        assertThat(event.path("source").asText()).isEqualTo("shop.orders");
        assertThat(event.path("account").asText()).isEqualTo("000000000000");
        assertThat(event.path("region").asText()).isEqualTo(runtime.region());
        assertThat(event.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(event.path("resources").isArray()).isTrue();
        assertThat(event.at("/detail/data/marker").asText()).isEqualTo(marker);
    }

    @Test
    void putEvents_sesBounce_goesToFeedbackQueueOnly() {
        String marker = UUID.randomUUID().toString();
        aws.events().putEvents(r -> r.entries(entry("aws.ses", "Email Bounced", "{\"mail\":{\"messageId\":\"" + marker + "\"}}", HeraldTopology.BUS)));

        assertThat(Queues.take(aws.sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_FEEDBACK), m -> m.body().contains(marker), PATIENCE)).isPresent();
        assertThat(Queues.take(aws.sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS), m -> m.body().contains(marker),
                Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void putEvents_busByArn_isTheSameBus() {
        String marker = UUID.randomUUID().toString();
        PutEventsResponse response = aws.events().putEvents(r -> r.entries(entry("shop.orders", "order.paid", "{\"m\":\"" + marker + "\"}",
                "arn:aws:events:" + runtime.region() + ":000000000000:event-bus/" + HeraldTopology.BUS)));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(Queues.take(aws.sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS), m -> m.body().contains(marker), PATIENCE)).isPresent();
    }

    @Test
    void putEvents_whenOneEntryIsBad_reportsItPerEntryAndPublishesTheOthers() {
        PutEventsResponse response = aws.events().putEvents(r -> r.entries(
                entry("shop.orders", "order.shipped", "not json", HeraldTopology.BUS),
                entry("shop.orders", "order.shipped", "[1,2]", HeraldTopology.BUS),
                entry(null, "order.shipped", "{}", HeraldTopology.BUS),
                entry("shop.orders", null, "{}", HeraldTopology.BUS),
                entry("shop.orders", "order.shipped", "{}", "no-such-bus"),
                entry("shop.orders", "order.shipped", "{\"big\":\"" + "x".repeat(262_144) + "\"}", HeraldTopology.BUS),
                entry("shop.orders", "order.shipped", "{\"ok\":true}", HeraldTopology.BUS)));

        assertThat(response.failedEntryCount()).isEqualTo(6);
        assertThat(response.entries()).extracting(e -> e.errorCode()).containsExactly(
                "MalformedDetail", "MalformedDetail", "InvalidArgument", "InvalidArgument", "ResourceNotFoundException", "InvalidArgument", null);
        assertThat(response.entries().get(2).errorMessage()).contains("Source");
        assertThat(response.entries().get(4).errorMessage()).contains("no-such-bus");
        assertThat(response.entries().get(6).eventId()).isNotBlank();
    }

    @Test
    void putEvents_withElevenEntries_isValidationException() {
        PutEventsRequestEntry e = entry("shop.orders", "order.shipped", "{}", HeraldTopology.BUS);

        assertThatThrownBy(() -> aws.events().putEvents(r -> r.entries(Collections.nCopies(11, e))))
                .isInstanceOfSatisfying(EventBridgeException.class, x -> {
                    assertThat(x.statusCode()).isEqualTo(400);
                    assertThat(x.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                });
    }

    @Test
    void listRules_showsTheTopologyRules() {
        var rules = aws.events().listRules(r -> r.eventBusName(HeraldTopology.BUS)).rules();

        assertThat(rules).extracting(r -> r.name()).containsExactly("herald-producer-events", "herald-ses-feedback");
        assertThat(aws.events().describeEventBus(r -> r.name(HeraldTopology.BUS)).arn())
                .isEqualTo("arn:aws:events:" + runtime.region() + ":000000000000:event-bus/herald");
    }

    static PutEventsRequestEntry entry(String source, String detailType, String detail, String bus) {
        return PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detail).eventBusName(bus).build();
    }
}
