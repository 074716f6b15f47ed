package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.store.Preferences;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferenceFilterTest {
    private final PreferenceFilter filter = new PreferenceFilter();
    private final Instant night = Instant.parse("2026-11-23T23:30:00Z");
    private final Preferences prefs = new Preferences("user-1", Set.of("orders:email"),
            Optional.of(Preferences.QuietHours.parse("22:00", "07:00")), ZoneId.of("Europe/Paris"));

    @Test
    void decide_optedOutCategoryOnChannel_skipsWithReason() {
        assertThat(filter.decide(prefs, "orders", Channel.EMAIL, Priority.HIGH, night))
                .isEqualTo(new PreferenceFilter.Decision.Skip("opted out of orders on email"));
    }

    @Test
    void decide_inQuietHours_deliversAtTheirEnd() {
        assertThat(filter.decide(prefs, "orders", Channel.PUSH, Priority.NORMAL, night))
                .isEqualTo(new PreferenceFilter.Decision.Deliver(Instant.parse("2026-11-24T06:00:00Z")));
    }

    @Test
    void decide_critical_bypassesOptOutsAndQuietHours() {
        assertThat(filter.decide(prefs, "orders", Channel.EMAIL, Priority.CRITICAL, night))
                .isEqualTo(new PreferenceFilter.Decision.Deliver(null));
    }

    @Test
    void decide_noPreferences_deliversNow() {
        assertThat(filter.decide(null, "orders", Channel.EMAIL, Priority.NORMAL, night))
                .isEqualTo(new PreferenceFilter.Decision.Deliver(null));
        assertThat(filter.decide(prefs, "orders", Channel.PUSH, Priority.NORMAL, Instant.parse("2026-11-23T12:00:00Z")))
                .isEqualTo(new PreferenceFilter.Decision.Deliver(null));
    }

    @Test
    void delaySeconds_isCappedAtTheSqsMaximum() {
        Instant now = Instant.parse("2026-11-23T23:30:00Z");
        assertThat(NotificationRouter.delaySeconds(now, null)).isZero();
        assertThat(NotificationRouter.delaySeconds(now, now.plusSeconds(42))).isEqualTo(42);
        assertThat(NotificationRouter.delaySeconds(now, now.plusMillis(41_200))).isEqualTo(42);
        assertThat(NotificationRouter.delaySeconds(now, now.plusSeconds(6 * 3600))).isEqualTo(900);
        assertThat(NotificationRouter.delaySeconds(now, now.minusSeconds(5))).isZero();
    }
}
