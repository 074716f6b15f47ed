package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.event.Channel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferencesTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Preferences quiet(String start, String end, ZoneId zone) {
        return new Preferences("u", Set.of(), Optional.of(Preferences.QuietHours.parse(start, end)), zone);
    }

    @Test
    void nextAt_isTodaysTimeWhileAhead_elseTomorrows_onTheUsersClock() {
        Preferences tokyo = new Preferences("u", Set.of(), Optional.empty(), ZoneId.of("Asia/Tokyo"));
        java.time.LocalTime nine = java.time.LocalTime.of(9, 0);
        // 08:59 Tokyo -> 09:00 the same day; 09:00 sharp and 20:00 -> 09:00 the next day
        assertThat(tokyo.nextAt(nine, Instant.parse("2026-12-07T23:59:00Z"))).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(tokyo.nextAt(nine, Instant.parse("2026-12-08T00:00:00Z"))).isEqualTo(Instant.parse("2026-12-09T00:00:00Z"));
        assertThat(tokyo.nextAt(nine, Instant.parse("2026-12-07T11:00:00Z"))).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void optedOut_matchesExactAndWildcardEntries() {
        Preferences p = new Preferences("u", Set.of("orders:email", "*:push", "deals:*"), Optional.empty(), PARIS);
        assertThat(p.optedOut("orders", Channel.EMAIL)).isTrue();
        assertThat(p.optedOut("orders", Channel.WEBSOCKET)).isFalse();
        assertThat(p.optedOut("security", Channel.PUSH)).isTrue();
        assertThat(p.optedOut("deals", Channel.WEBSOCKET)).isTrue();
        assertThat(p.optedOut(null, Channel.PUSH)).isTrue();
        assertThat(p.optedOut(null, Channel.EMAIL)).isFalse();
        assertThat(new Preferences("u", Set.of("*:*"), Optional.empty(), PARIS).optedOut(null, Channel.WEBSOCKET)).isTrue();
    }

    @Test
    void constructor_malformedOptOut_saysTheExpectedForm() {
        assertThatThrownBy(() -> new Preferences("u", Set.of("orders"), Optional.empty(), PARIS))
                .hasMessageContaining("'orders' is not category:channel");
        assertThatThrownBy(() -> new Preferences("u", Set.of("orders:fax"), Optional.empty(), PARIS))
                .hasMessageContaining("names channel 'fax'");
        assertThatThrownBy(() -> Preferences.QuietHours.parse("25:00", "07:00")).hasMessageContaining("start '25:00'");
        assertThatThrownBy(() -> Preferences.zone("Mars/Olympus")).hasMessageContaining("'Mars/Olympus' is not an IANA zone id");
    }

    @Test
    void quietUntil_windowAcrossMidnight_endsNextMorning() {
        Preferences p = quiet("22:00", "07:00", PARIS);
        // 2026-11-23 is in CET (+01:00)
        assertThat(p.quietUntil(Instant.parse("2026-11-23T21:00:00Z"))).contains(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(p.quietUntil(Instant.parse("2026-11-24T02:30:00Z"))).contains(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(p.quietUntil(Instant.parse("2026-11-24T05:59:59Z"))).contains(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(p.quietUntil(Instant.parse("2026-11-24T06:00:00Z"))).isEmpty();
        assertThat(p.quietUntil(Instant.parse("2026-11-23T20:59:59Z"))).isEmpty();
        assertThat(p.quietUntil(Instant.parse("2026-11-23T12:00:00Z"))).isEmpty();
    }

    @Test
    void quietUntil_sameDayWindow_andEqualTimesMeanNone() {
        Preferences lunch = quiet("12:00", "13:30", NEW_YORK);
        assertThat(lunch.quietUntil(Instant.parse("2026-11-23T17:15:00Z"))).contains(Instant.parse("2026-11-23T18:30:00Z"));
        assertThat(lunch.quietUntil(Instant.parse("2026-11-23T18:30:00Z"))).isEmpty();
        assertThat(quiet("07:00", "07:00", PARIS).quietUntil(Instant.parse("2026-11-23T06:00:00Z"))).isEmpty();
        assertThat(Preferences.none("u").quietUntil(Instant.parse("2026-11-23T06:00:00Z"))).isEmpty();
    }

    @Test
    void quietUntil_parisNightOfSpringForward_isAnHourShorter() {
        // 2026-03-29 02:00 CET -> 03:00 CEST. From 23:00 CET (22:00Z) to 07:00 CEST (05:00Z) is 7 hours, not 8.
        Preferences p = quiet("22:00", "07:00", PARIS);
        assertThat(p.quietUntil(Instant.parse("2026-03-28T22:00:00Z"))).contains(Instant.parse("2026-03-29T05:00:00Z"));
    }

    @Test
    void quietUntil_endInsideTheSpringForwardGap_endsWhenTheClockJumps() {
        // 02:30 does not exist in Paris on 2026-03-29: the clock passes it at 02:00 CET = 01:00Z.
        Preferences p = quiet("23:00", "02:30", PARIS);
        assertThat(p.quietUntil(Instant.parse("2026-03-28T23:30:00Z"))).contains(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(p.quietUntil(Instant.parse("2026-03-29T01:00:00Z"))).isEmpty();
    }

    @Test
    void quietUntil_newYorkSpringForward_andFallBackOverlap() {
        // 2026-03-08 02:00 EST -> 03:00 EDT: 22:00 EST (03:00Z) to 07:00 EDT (11:00Z).
        Preferences night = quiet("22:00", "07:00", NEW_YORK);
        assertThat(night.quietUntil(Instant.parse("2026-03-08T03:00:00Z"))).contains(Instant.parse("2026-03-08T11:00:00Z"));
        // 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice (05:30Z and 06:30Z).
        Preferences shortNight = quiet("23:00", "01:30", NEW_YORK);
        assertThat(shortNight.quietUntil(Instant.parse("2026-11-01T05:15:00Z"))).contains(Instant.parse("2026-11-01T05:30:00Z"));
        // at 01:15 EST (the second 01:15) the wall clock is inside the window again, until the second 01:30
        assertThat(shortNight.quietUntil(Instant.parse("2026-11-01T06:15:00Z"))).contains(Instant.parse("2026-11-01T06:30:00Z"));
        // fall-back night across midnight: 22:00 EDT (02:00Z) to 07:00 EST (12:00Z) is 10 hours
        assertThat(night.quietUntil(Instant.parse("2026-11-01T02:00:00Z"))).contains(Instant.parse("2026-11-01T12:00:00Z"));
    }
}
