package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationFrameTest {
    private static ChannelMessage message(RenderedContent content, ObjectNode data) {
        return new ChannelMessage("n-1#websocket#user-1", "n-1", "order.shipped", "shop", Channel.WEBSOCKET, "user-1", null,
                Priority.CRITICAL, content, data, null, "t-1", Instant.parse("2026-11-23T10:00:00Z"), null);
    }

    @Test
    void frame_usesRenderedContent_whenPresent() {
        JsonNode f = Json.tree(NotificationFrame.of(message(RenderedContent.notification("Shipped", "On its way"),
                Json.object().put("title", "ignored"))));
        assertThat(f.get("type").asText()).isEqualTo("notification");
        assertThat(f.get("title").asText()).isEqualTo("Shipped");
        assertThat(f.get("body").asText()).isEqualTo("On its way");
        assertThat(f.get("priority").asText()).isEqualTo("critical");
        assertThat(f.get("createdAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(f.has("category")).as("no category: left out, not null").isFalse();
    }

    @Test
    void frame_withoutContent_takesTitleAndBodyFromData() {
        JsonNode f = Json.tree(NotificationFrame.of(message(null, Json.object().put("title", "From data").put("body", "Body from data"))));
        assertThat(f.get("title").asText()).isEqualTo("From data");
        assertThat(f.get("body").asText()).isEqualTo("Body from data");
        assertThat(f.get("data").get("title").asText()).isEqualTo("From data");
    }

    @Test
    void frame_withNeitherContentNorDataText_fallsBackToTheEventType() {
        JsonNode f = Json.tree(NotificationFrame.of(message(null, Json.object().put("orderId", "A-17"))));
        assertThat(f.get("title").asText()).isEqualTo("order.shipped");
        assertThat(f.get("body").asText()).isEqualTo("order.shipped");
    }

    @Test
    void frame_withEmailOnlyContent_fallsThroughPerField() {
        JsonNode f = Json.tree(NotificationFrame.of(message(RenderedContent.email("s", "<p>h</p>", "t"), Json.object().put("body", "b"))));
        assertThat(f.get("title").asText()).isEqualTo("order.shipped");
        assertThat(f.get("body").asText()).isEqualTo("b");
    }
}
