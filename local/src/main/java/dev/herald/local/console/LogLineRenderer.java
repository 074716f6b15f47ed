package dev.herald.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one JSON log line of a function (logback's {@code JsonEncoder}, as the functions log on Lambda)
 * into the short line {@code herald up} prints, or into nothing:
 * <ul>
 *   <li>{@code event routed ...} (router): {@code 12:00:01 notification demo-order-A-17 order.shipped: 1 user(s), 3 queued}</li>
 *   <li>{@code delivery outcome ...} (every channel handler): {@code 12:00:02 email     user-1   sent} and, when not
 *       sent, the reason</li>
 *   <li>WARN and ERROR of any logger: {@code 12:00:02 WARN  SesSender: <message>}</li>
 *   <li>anything else (INFO, DEBUG): nothing; it stays in the log file</li>
 * </ul>
 * A line that is not such a JSON object is not a function log: {@link #render} returns empty.
 */
public final class LogLineRenderer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\\S*)");

    private LogLineRenderer() {
    }

    /** What {@link #render} made of a line. */
    public sealed interface Rendered {
        /** A function's JSON log line; {@code console} is the line to print, or null for none. */
        record FunctionLog(String console) implements Rendered {
        }

        /** Not a function's JSON log line: print it as it is. */
        record Other() implements Rendered {
        }
    }

    /** Reads one output line. */
    public static Rendered render(String line) {
        JsonNode event = functionEvent(line);
        return event == null ? new Rendered.Other() : new Rendered.FunctionLog(human(event).orElse(null));
    }

    /** The log event when {@code line} is a function's JSON log line (logback's JsonEncoder), else null. */
    public static JsonNode functionEvent(String line) {
        if (!line.startsWith("{\"") || !line.endsWith("}")) {
            return null;
        }
        JsonNode event;
        try {
            event = Json.tree(line);
        } catch (RuntimeException e) {
            return null;
        }
        return event.has("level") && event.has("loggerName") ? event : null;
    }

    /** The event's message with its arguments filled in. */
    public static String message(JsonNode event) {
        return event.path("formattedMessage").asText(event.path("message").asText(""));
    }

    /**
     * The {@code key=value} pairs of a message; a {@code reason=} pair is always the last one and takes the rest
     * of the message (it may hold spaces).
     */
    public static Map<String, String> pairs(String message) {
        Map<String, String> out = new HashMap<>();
        int reason = message.indexOf(" reason=");
        Matcher m = PAIR.matcher(reason < 0 ? message : message.substring(0, reason));
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2));
        }
        if (reason >= 0) {
            out.put("reason", message.substring(reason + " reason=".length()).strip());
        }
        return out;
    }

    private static Optional<String> human(JsonNode event) {
        String message = message(event);
        String time = event.has("timestamp") ? TIME.format(Instant.ofEpochMilli(event.path("timestamp").asLong())) : "--:--:--";
        String level = event.path("level").asText();
        if (message.startsWith("delivery outcome ")) {
            return Optional.of(time + " " + delivery(message));
        }
        if (message.startsWith("event routed ")) {
            Map<String, String> v = pairs(message);
            return Optional.of(time + " notification " + v.getOrDefault("notificationId", "?") + " " + v.getOrDefault("eventType", "?")
                    + ": " + v.getOrDefault("users", "?") + " user(s), " + v.getOrDefault("queued", "?") + " queued"
                    + nonZero(v, "skipped") + nonZero(v, "rejected") + nonZero(v, "failed"));
        }
        if (level.equals("WARN") || level.equals("ERROR")) {
            String logger = event.path("loggerName").asText();
            return Optional.of(time + " " + String.format("%-5s", level) + " " + logger.substring(logger.lastIndexOf('.') + 1) + ": " + message);
        }
        return Optional.empty();
    }

    /** {@code email     user-1   sent}, then the reason when there is one. */
    private static String delivery(String message) {
        Map<String, String> v = pairs(message);
        String reason = v.getOrDefault("reason", "-");
        String status = v.getOrDefault("status", v.getOrDefault("outcome", "?"));
        String line = String.format("%-9s %-8s %s", v.getOrDefault("channel", "?"), v.getOrDefault("userId", "?"), status);
        return reason.equals("-") || reason.isEmpty() ? line : line + "  " + reason;
    }

    private static String nonZero(Map<String, String> v, String key) {
        String value = v.get(key);
        return value == null || value.equals("0") ? "" : ", " + value + " " + key;
    }
}
