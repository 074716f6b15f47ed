package dev.herald.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The default bus forwards to the Herald bus what a route that names an AWS source matches (the uploads route: S3
 * {@code Object Created}), unchanged and with its id, as the CDK stack's forwarding rules do; other events on the
 * default bus stay there.
 */
class DefaultBusForwardingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final LocalRuntime runtime = SharedRuntime.get();
    private final EdgeClients aws = SharedRuntime.clients();

    @Test
    void objectCreated_onTheDefaultBus_isForwardedToTheHeraldBusWithItsId() {
        String marker = UUID.randomUUID().toString();
        PutEventsResponse response = aws.events().putEvents(r -> r.entries(EdgeEventsIT.entry("aws.s3", "Object Created",
                "{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"" + marker + "\"}}", null)));

        assertThat(response.failedEntryCount()).isZero();
        Message message = Queues.take(aws.sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS), m -> m.body().contains(marker), PATIENCE)
                .orElseThrow();
        JsonNode event = Json.tree(message.body());
        assertThat(event.path("id").asText()).isEqualTo(response.entries().getFirst().eventId());
        assertThat(event.path("source").asText()).isEqualTo("aws.s3");
    }

    @Test
    void otherEvents_onTheDefaultBus_areNotForwarded() {
        String marker = UUID.randomUUID().toString();
        aws.events().putEvents(r -> r.entries(
                EdgeEventsIT.entry("aws.s3", "Object Deleted", "{\"object\":{\"key\":\"" + marker + "\"}}", "default"),
                EdgeEventsIT.entry("shop.orders", "order.shipped", "{\"m\":\"" + marker + "\"}", null)));

        assertThat(Queues.take(aws.sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS), m -> m.body().contains(marker),
                Duration.ofSeconds(3))).isEmpty();
    }
}
