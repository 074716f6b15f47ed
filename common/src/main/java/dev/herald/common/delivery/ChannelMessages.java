package dev.herald.common.delivery;

import dev.herald.common.json.Json;

/** Reads and writes {@link ChannelMessage} SQS bodies, so producer and consumers agree on the shape. */
public final class ChannelMessages {
    private ChannelMessages() {
    }

    public static String toJson(ChannelMessage message) {
        return Json.write(message);
    }

    /** @throws Json.JsonException when the body is not a channel message; the message says why */
    public static ChannelMessage fromJson(String body) {
        ChannelMessage m = Json.read(body, ChannelMessage.class);
        if (m.deliveryId() == null || m.channel() == null || m.userId() == null) {
            throw new Json.JsonException("channel message lacks deliveryId, channel or userId; it was not written by the Herald router", null);
        }
        return m;
    }
}
