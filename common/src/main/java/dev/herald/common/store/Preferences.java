package dev.herald.common.store;

import dev.herald.common.event.Channel;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.Set;

/**
 * One user's notification preferences: opt-outs per category × channel and quiet hours in the
 * user's time zone. A user without a Preferences item gets {@link #none(String)}: nothing opted out,
 * no quiet hours.
 *
 * @param optOuts     entries {@code category:channel}; either side may be {@code *} ({@code orders:email},
 *                    {@code *:push}, {@code deals:*}). The channel side is a channel wire name.
 * @param quietHours  a daily window in the user's wall-clock time, or empty
 * @param timeZone    the user's IANA time zone (e.g. {@code Europe/Paris}); quiet hours are read in it
 * @throws IllegalArgumentException from the constructor when an opt-out entry is malformed (the message
 *                                  names it and shows the expected form)
 */
public record Preferences(String userId, Set<String> optOuts, Optional<QuietHours> quietHours, ZoneId timeZone) {
    /** Matches any category or any channel in an opt-out entry. */
    public static final String ANY = "*";

    public Preferences {
        optOuts = Set.copyOf(optOuts);
        optOuts.forEach(Preferences::checkOptOut);
    }

    /** The defaults of a user who set nothing. */
    public static Preferences none(String userId) {
        return new Preferences(userId, Set.of(), Optional.empty(), ZoneOffset.UTC);
    }

    /** The opt-out entry for a category (null or {@code *} for every category) and a channel (null for every channel). */
    public static String optOut(String category, Channel channel) {
        return (category == null ? ANY : category) + ":" + (channel == null ? ANY : channel.wireName());
    }

    /**
     * Whether the user opted out of {@code category} on {@code channel}: an entry for exactly that pair,
     * for the category on every channel, for every category on the channel, or {@code *:*}. A null
     * category (an uncategorised notification) is matched by {@code *} entries only.
     */
    public boolean optedOut(String category, Channel channel) {
        if (optOuts.isEmpty()) {
            return false;
        }
        String ch = channel.wireName();
        if (optOuts.contains(ANY + ":" + ch) || optOuts.contains(ANY + ":" + ANY)) {
            return true;
        }
        return category != null && (optOuts.contains(category + ":" + ch) || optOuts.contains(category + ":" + ANY));
    }

    /**
     * If {@code now} falls in the user's quiet hours, the instant they end; else empty.
     * Windows may span midnight (22:00-07:00). Wall-clock times are read in {@link #timeZone()}, so a
     * night across a DST change is as long as the clock says: an end time that does not exist that
     * day (skipped by spring-forward) ends quiet hours when the clock jumps past it; an end time that
     * occurs twice (fall-back) ends them at the first occurrence still ahead of {@code now}.
     */
    public Optional<Instant> quietUntil(Instant now) {
        if (quietHours.isEmpty() || quietHours.get().start().equals(quietHours.get().end())) {
            return Optional.empty();
        }
        LocalTime start = quietHours.get().start();
        LocalTime end = quietHours.get().end();
        ZonedDateTime local = now.atZone(timeZone);
        LocalTime t = local.toLocalTime();
        LocalDate today = local.toLocalDate();
        LocalDate endDate;
        if (start.isBefore(end)) {
            if (t.isBefore(start) || !t.isBefore(end)) {
                return Optional.empty();
            }
            endDate = today;
        } else if (!t.isBefore(start)) {
            endDate = today.plusDays(1);
        } else if (t.isBefore(end)) {
            endDate = today;
        } else {
            return Optional.empty();
        }
        Instant until = firstInstantAfter(LocalDateTime.of(endDate, end), now);
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    /**
     * The first instant after {@code now} at which the user's clock (in {@link #timeZone()}) shows {@code time}: today's
     * if still ahead, else tomorrow's (a digest "until 09:00"). Across DST it follows the wall clock as {@link #quietUntil} does.
     */
    public Instant nextAt(LocalTime time, Instant now) {
        LocalDate today = now.atZone(timeZone).toLocalDate();
        Instant at = firstInstantAfter(LocalDateTime.of(today, time), now);
        return at.isAfter(now) ? at : firstInstantAfter(LocalDateTime.of(today.plusDays(1), time), now);
    }

    private Instant firstInstantAfter(LocalDateTime wallClock, Instant now) {
        ZoneRules rules = timeZone.getRules();
        var offsets = rules.getValidOffsets(wallClock);
        if (offsets.isEmpty()) {
            // In a spring-forward gap: the clock passes this time at the transition itself.
            return rules.getTransition(wallClock).getInstant();
        }
        Instant latest = null;
        // Two offsets in a fall-back overlap: the larger offset is the earlier instant.
        for (ZoneOffset offset : offsets.stream().sorted((a, b) -> Integer.compare(b.getTotalSeconds(), a.getTotalSeconds())).toList()) {
            Instant candidate = wallClock.toInstant(offset);
            if (candidate.isAfter(now)) {
                return candidate;
            }
            latest = candidate;
        }
        return latest;
    }

    private static void checkOptOut(String entry) {
        int colon = entry == null ? -1 : entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("opt-out '" + entry + "' is not category:channel; write e.g. orders:email, *:push or deals:*");
        }
        String channel = entry.substring(colon + 1);
        if (!channel.equals(ANY) && Channel.fromWireName(channel).isEmpty()) {
            throw new IllegalArgumentException("opt-out '" + entry + "' names channel '" + channel + "'; use " + Channel.wireNames() + " or *");
        }
    }

    /**
     * A daily quiet window in wall-clock time; {@code start} after {@code end} spans midnight, equal
     * times mean no quiet hours.
     */
    public record QuietHours(LocalTime start, LocalTime end) {
        /** Parses {@code HH:mm} times; throws {@link IllegalArgumentException} naming the bad one. */
        public static QuietHours parse(String start, String end) {
            return new QuietHours(time("start", start), time("end", end));
        }

        private static LocalTime time(String which, String value) {
            try {
                return LocalTime.parse(value);
            } catch (DateTimeParseException | NullPointerException e) {
                throw new IllegalArgumentException("quiet hours " + which + " '" + value + "' is not a time such as 22:00");
            }
        }
    }

    /** Parses an IANA zone id; throws {@link IllegalArgumentException} naming it. */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("time zone '" + id + "' is not an IANA zone id such as Europe/Paris");
        }
    }
}
