package dev.herald.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A scheduled send: the detail's optional {@code sendAt}, an ISO-8601 instant (e.g. {@code 2026-12-24T08:00:00Z}) no more than
 * {@link #MAX_AHEAD} ahead. A time in the past (or now) means send now. The router routes a scheduled event at once and gives
 * its channel messages that time as {@code notBefore}; the handlers' deferral (SQS's delay up to 15 minutes, a one-time
 * EventBridge Scheduler schedule beyond) holds them until then.
 */
public final class SendAt {
    /** The detail field. */
    public static final String FIELD = "sendAt";
    /** How far ahead a send may be scheduled. */
    public static final Duration MAX_AHEAD = Duration.ofDays(365);

    private SendAt() {
    }

    /** The detail's send time, or empty when it has none (or one that is not an instant: the parser reports that). */
    public static Optional<Instant> of(JsonNode detail) {
        JsonNode v = detail == null ? null : detail.get(FIELD);
        if (v == null || v.isNull() || !v.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The problem with the detail's {@code sendAt} format, if any (the field named {@code prefix + "sendAt"}). */
    static Optional<Problem> formatProblem(JsonNode detail, String prefix) {
        JsonNode v = detail.get(FIELD);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            try {
                Instant.parse(v.asText());
                return Optional.empty();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        return Optional.of(new Problem(prefix + FIELD, "'" + v.asText(v.toString()) + "' is not an ISO-8601 instant such as 2026-12-24T08:00:00Z"
                + " (UTC, or with an offset); leave it out to send now"));
    }

    /**
     * The problem with the detail's {@code sendAt} at {@code now}: its format, or a time more than {@link #MAX_AHEAD} ahead.
     *
     * @param prefix how the caller names the detail's fields, e.g. {@code "detail."}
     */
    public static Optional<Problem> problem(JsonNode detail, String prefix, Instant now) {
        if (detail == null || !detail.isObject()) {
            return Optional.empty();
        }
        Optional<Problem> format = formatProblem(detail, prefix);
        if (format.isPresent()) {
            return format;
        }
        return of(detail).filter(at -> at.isAfter(now.plus(MAX_AHEAD)))
                .map(at -> new Problem(prefix + FIELD, "'" + at + "' is more than a year ahead (the latest is " + now.plus(MAX_AHEAD)
                        + "); schedule it closer, or send it later"));
    }
}
