package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PushPayloadTest {
    private static ChannelMessage message(RenderedContent content, ObjectNode data, Priority priority) {
        return new ChannelMessage("n1#push#user-1", "n1", "order.shipped", "shop", Channel.PUSH, "user-1", "orders", priority,
                content, data, null, "t", Instant.EPOCH, null);
    }

    @Test
    void from_usesRenderedContentFirst() {
        PushPayload p = PushPayload.from(message(RenderedContent.notification("Shipped", "On its way"),
                Json.object().put("title", "data title"), Priority.NORMAL));

        assertThat(p.title()).isEqualTo("Shipped");
        assertThat(p.body()).isEqualTo("On its way");
    }

    @Test
    void from_withoutContent_fallsBackToDataThenEventType() {
        PushPayload fromData = PushPayload.from(message(null, Json.object().put("title", "Deal").put("body", "20% off"), Priority.NORMAL));
        PushPayload bare = PushPayload.from(message(null, null, Priority.NORMAL));

        assertThat(fromData.title()).isEqualTo("Deal");
        assertThat(fromData.body()).isEqualTo("20% off");
        assertThat(bare.title()).isEqualTo("order.shipped");
        assertThat(bare.body()).isNull();
    }

    @Test
    void from_highAndCriticalAreUrgent_normalIsNot() {
        assertThat(PushPayload.from(message(null, null, Priority.HIGH)).urgent()).isTrue();
        assertThat(PushPayload.from(message(null, null, Priority.CRITICAL)).urgent()).isTrue();
        assertThat(PushPayload.from(message(null, null, Priority.NORMAL)).urgent()).isFalse();
    }

    @Test
    void collapseId_isStablePerDeliveryAndDiffersBetweenDeliveries() {
        assertThat(PushPayload.collapseIdOf("n1#push#user-1")).isEqualTo(PushPayload.collapseIdOf("n1#push#user-1"));
        assertThat(PushPayload.collapseIdOf("n1#push#user-1")).isNotEqualTo(PushPayload.collapseIdOf("n1#push#user-2"));
        assertThat(PushPayload.from(message(null, null, Priority.NORMAL)).collapseId()).isEqualTo(PushPayload.collapseIdOf("n1#push#user-1"));
    }

    @Test
    void stringData_keepsHeraldIdsAndWritesNonTextAsJson() {
        ObjectNode data = Json.object().put("orderId", "A-17").put("count", 3).put("deliveryId", "forged");
        data.putObject("eta").put("day", "2026-11-24");

        var strings = PushPayload.from(message(null, data, Priority.NORMAL)).stringData();

        assertThat(strings).containsEntry("orderId", "A-17").containsEntry("count", "3")
                .containsEntry("eta", "{\"day\":\"2026-11-24\"}").containsEntry("deliveryId", "n1#push#user-1")
                .containsEntry("notificationId", "n1").containsEntry("eventType", "order.shipped");
    }

    @Test
    void apnsJson_putsDataBesideApsButNeverReplacesAps() {
        ObjectNode data = Json.object().put("orderId", "A-17").put("aps", "hijack");

        var json = Json.tree(ApnsPayloads.json(PushPayload.from(message(RenderedContent.notification("T", "B"), data, Priority.NORMAL))));

        assertThat(json.at("/aps/alert/title").asText()).isEqualTo("T");
        assertThat(json.at("/aps/thread-id").asText()).isEqualTo("orders");
        assertThat(json.get("orderId").asText()).isEqualTo("A-17");
    }

    @Test
    void fcmData_dropsKeysFcmReserves() {
        ObjectNode data = Json.object().put("from", "x").put("google.c.a", "x").put("gcm.n", "x").put("orderId", "A-17");

        var fcm = FcmMessages.data(PushPayload.from(message(null, data, Priority.NORMAL)));

        assertThat(fcm).containsKey("orderId").doesNotContainKeys("from", "google.c.a", "gcm.n");
    }
}
