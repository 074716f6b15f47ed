package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import java.time.Duration;

/**
 * A route's per-user throttle: at most {@code limit} notifications per user, per channel, per category, per window
 * (fixed windows aligned on the epoch). The excess is skipped with the ledger reason {@value #REASON}; a critical
 * notification is never throttled.
 *
 * @param limit  how many notifications a window lets through, at least 1
 * @param window the window's length, whole seconds, at least 1 s and at most {@link #MAX_WINDOW}
 */
public record Throttle(int limit, Duration window) {
    /** The ledger reason of a throttled delivery (its status is {@code skipped}). */
    public static final String REASON = "throttled";
    /** A counter item holds the window's delivery ids; more than this many per window is not a throttle. */
    public static final int MAX_LIMIT = 1000;
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    public Throttle {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("throttle limit " + limit + " is out of range; use 1 to " + MAX_LIMIT);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("throttle window " + window + " is out of range; use whole seconds from PT1S to P31D");
        }
    }

    /** Reads {@code "throttle": {"limit": 3, "window": "PT1M"}}; absent or null: no throttle. */
    static Throttle read(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        String example = "; write e.g. \"throttle\": {\"limit\": 3, \"window\": \"PT1M\"}";
        if (!node.isObject()) {
            throw new ConfigException(at + " \"throttle\" must be an object" + example);
        }
        JsonNode limit = node.get("limit");
        if (limit == null || !limit.canConvertToInt() || !limit.isIntegralNumber()) {
            throw new ConfigException(at + " \"throttle\" needs a whole-number \"limit\" (notifications per user per channel per window)" + example);
        }
        JsonNode window = node.get("window");
        if (window == null || !window.isTextual()) {
            throw new ConfigException(at + " \"throttle\" needs a \"window\", an ISO-8601 duration" + example);
        }
        Duration d;
        try {
            d = Duration.parse(window.asText());
        } catch (RuntimeException e) {
            throw new ConfigException(at + " \"throttle\" window '" + window.asText() + "' is not an ISO-8601 duration" + example);
        }
        try {
            return new Throttle(limit.asInt(), d);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + " " + e.getMessage());
        }
    }
}
