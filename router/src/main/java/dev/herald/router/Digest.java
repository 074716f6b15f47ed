package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import dev.herald.common.event.Problem;
import dev.herald.common.store.Preferences;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A route's digest: its non-critical notifications to one user on one channel until the digest closes become one message
 * whose template data is {@code {"count": n, "items": [each event's data, in the order they were added]}}. A digest closes
 * at the end of a fixed {@code window} (aligned on the epoch, so a PT1H window runs from one full UTC hour to the next), or
 * at the next {@code until} time of day on the user's clock (their preferences' time zone, the one quiet hours use).
 *
 * @param route  the route's name (part of the digest's key)
 * @param key    {@link Key#CATEGORY}: one digest per user, channel and category; {@link Key#USER}: one per user and channel
 * @param window the window's length, whole seconds from 1 s to {@link #MAX_WINDOW}; null with {@code until}
 * @param until  the time of day the digest closes at, in the user's time zone; null with {@code window}
 */
public record Digest(String route, Key key, Duration window, LocalTime until) {
    /** The longest window: a day (a longer wait is a different feature than a digest). */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    /** The ledger reason of a notification held for a digest (its status is {@code skipped}; the digest is its own notification). */
    public static final String REASON = "digested";

    private static final String EXAMPLE = "write e.g. \"digest\": {\"key\": \"category\", \"window\": \"PT10M\"} or {\"key\": \"user\", \"until\": \"09:00\"}";

    public enum Key { CATEGORY, USER }

    public Digest {
        if ((window == null) == (until == null)) {
            throw new IllegalArgumentException("a digest has a window or an until time, exactly one");
        }
    }

    /**
     * When the digest that takes an event at {@code now} closes and is flushed: the end of the window {@code now} falls in,
     * or the first {@code until} after {@code now} on the user's clock (an event at 09:00 sharp goes into the next day's).
     */
    Instant closesAt(Instant now, Preferences user) {
        if (window != null) {
            long seconds = window.toSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds + seconds);
        }
        return user.nextAt(until, now);
    }

    /**
     * What is wrong with a route's {@code "digest"} value, field by field ({@code digest}, {@code digest.key},
     * {@code digest.window}, {@code digest.until}); empty when it is valid or absent. The one check of a digest: the router's
     * {@link RouteTable} and the admin API's route PUT both use it.
     */
    public static List<Problem> problems(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        if (node == null || node.isNull()) {
            return problems;
        }
        if (!node.isObject()) {
            problems.add(new Problem("digest", "must be an object; " + EXAMPLE));
            return problems;
        }
        String keyText = node.path("key").asText("");
        if (!keyText.equals("category") && !keyText.equals("user")) {
            problems.add(new Problem("digest.key", "is '" + keyText + "'; use \"category\" (one digest per user and category) or \"user\""));
        }
        JsonNode window = node.get("window");
        JsonNode until = node.get("until");
        if (window != null && until != null) {
            problems.add(new Problem("digest", "has both \"window\" and \"until\"; give exactly one of them"));
        } else if (window == null && until == null) {
            problems.add(new Problem("digest", "needs a \"window\" (an ISO-8601 duration up to PT24H, such as PT10M) or an \"until\""
                    + " (a time of day in the user's time zone, such as 09:00)"));
        } else if (window != null) {
            windowProblem(window).ifPresent(problems::add);
        } else {
            untilProblem(until).ifPresent(problems::add);
        }
        return problems;
    }

    private static java.util.Optional<Problem> windowProblem(JsonNode window) {
        Duration d;
        try {
            d = Duration.parse(window.asText());
        } catch (DateTimeParseException e) {
            return Optional.of(new Problem("digest.window", "is " + window + ", not an ISO-8601 duration; write e.g. \"PT10M\" or \"PT2H\""));
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_WINDOW) > 0 || d.toMillis() % 1000 != 0) {
            return Optional.of(new Problem("digest.window", "is " + d + ", out of range; use whole seconds from PT1S to PT24H"
                    + " (for a digest once a day at a set time, use \"until\")"));
        }
        return Optional.empty();
    }

    private static java.util.Optional<Problem> untilProblem(JsonNode until) {
        try {
            if (until.isTextual() && until.asText().matches("\\d\\d:\\d\\d")) {
                LocalTime.parse(until.asText());
                return Optional.empty();
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        return Optional.of(new Problem("digest.until", "is " + until + ", not a time of day; write HH:mm such as \"09:00\""
                + " (read in each user's time zone from their preferences, UTC without one)"));
    }

    /** Reads {@code "digest": {"key": "category" | "user", "window": "PT10M" | "until": "09:00"}}; absent or null: no digest. */
    static Digest read(JsonNode node, String route, String at) {
        List<Problem> problems = problems(node);
        if (!problems.isEmpty()) {
            throw new ConfigException(at + " " + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")) + "; " + EXAMPLE);
        }
        if (node == null || node.isNull()) {
            return null;
        }
        Key key = node.get("key").asText().equals("user") ? Key.USER : Key.CATEGORY;
        JsonNode window = node.get("window");
        return window != null ? new Digest(route, key, Duration.parse(window.asText()), null)
                : new Digest(route, key, null, LocalTime.parse(node.get("until").asText()));
    }
}
