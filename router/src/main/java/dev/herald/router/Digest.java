package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import java.time.Duration;

/**
 * A route's digest: its non-critical notifications to one user on one channel within a window (fixed, aligned on the epoch)
 * become one message whose template data is {@code {"count": n, "items": [each event's data, in the order they were added]}}.
 *
 * @param route  the route's name (part of the digest's key)
 * @param key    {@link Key#CATEGORY}: one digest per user, channel and category; {@link Key#USER}: one per user and channel
 * @param window the window's length, whole seconds from 1 s to {@link #MAX_WINDOW} (the SQS delay that flushes it)
 */
public record Digest(String route, Key key, Duration window) {
    /** The longest window: SQS's longest message delay (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html). */
    public static final Duration MAX_WINDOW = Duration.ofMinutes(15);
    /** The ledger reason of a notification held for a digest (its status is {@code skipped}; the digest is its own notification). */
    public static final String REASON = "digested";

    public enum Key { CATEGORY, USER }

    /** Reads {@code "digest": {"key": "category" | "user", "window": "PT10M"}}; absent or null: no digest. */
    static Digest read(JsonNode node, String route, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        String example = "; write e.g. \"digest\": {\"key\": \"category\", \"window\": \"PT10M\"}";
        if (!node.isObject()) {
            throw new ConfigException(at + " \"digest\" must be an object" + example);
        }
        String keyText = node.path("key").asText("");
        Key key = switch (keyText) {
            case "category" -> Key.CATEGORY;
            case "user" -> Key.USER;
            default -> throw new ConfigException(at + " \"digest\" key is '" + keyText + "'; use \"category\" or \"user\"" + example);
        };
        JsonNode window = node.get("window");
        Duration d;
        try {
            d = Duration.parse(window == null ? "" : window.asText());
        } catch (RuntimeException e) {
            throw new ConfigException(at + " \"digest\" needs a \"window\", an ISO-8601 duration" + example);
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_WINDOW) > 0 || d.toMillis() % 1000 != 0) {
            throw new ConfigException(at + " \"digest\" window " + d + " is out of range; use whole seconds from PT1S to PT15M");
        }
        return new Digest(route, key, d);
    }
}
