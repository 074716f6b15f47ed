package dev.herald.common.event;

import java.time.Instant;
import java.util.List;

/**
 * A producer event as an EventBridge target receives it: the envelope and the parsed Herald detail.
 * Shape: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 *
 * @param json the event exactly as received (the router matches routes against it)
 */
public record HeraldEvent(
        String id,
        String source,
        String detailType,
        Instant time,
        String account,
        String region,
        List<String> resources,
        NotificationDetail detail,
        String json) {
    public HeraldEvent {
        resources = List.copyOf(resources);
    }

    /** The idempotency key: the producer's notificationId, else the EventBridge event id. */
    public String notificationId() {
        return detail.notificationId().orElse(id);
    }
}
