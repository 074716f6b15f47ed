package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import dev.herald.common.store.Preferences;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a digest closes, and its field-by-field checks. */
class DigestTest {
    private static final Preferences TOKYO = new Preferences("u", Set.of(), Optional.empty(), ZoneId.of("Asia/Tokyo"));
    private static final Digest UNTIL_NINE = new Digest("r", Digest.Key.USER, null, LocalTime.of(9, 0));

    @Test
    void closesAt_until0900InTokyo_isTheNext0900OnTheUsersClock() {
        // 20:00 and 08:59 Tokyo (UTC+9) close at the same 09:00; 09:00 sharp and 09:01 at the next day's
        Instant nine = Instant.parse("2026-12-08T00:00:00Z");
        assertThat(UNTIL_NINE.closesAt(Instant.parse("2026-12-07T11:00:00Z"), TOKYO)).isEqualTo(nine);
        assertThat(UNTIL_NINE.closesAt(Instant.parse("2026-12-07T23:59:00Z"), TOKYO)).isEqualTo(nine);
        assertThat(UNTIL_NINE.closesAt(nine, TOKYO)).isEqualTo(nine.plus(Duration.ofDays(1)));
        assertThat(UNTIL_NINE.closesAt(Instant.parse("2026-12-08T00:01:00Z"), TOKYO)).isEqualTo(nine.plus(Duration.ofDays(1)));
        // a user without preferences is read in UTC
        assertThat(UNTIL_NINE.closesAt(Instant.parse("2026-12-07T11:00:00Z"), Preferences.none("v")))
                .isEqualTo(Instant.parse("2026-12-08T09:00:00Z"));
    }

    @Test
    void closesAt_until0230OnASpringForwardNight_isWhenTheClockJumpsPastIt() {
        Preferences paris = new Preferences("p", Set.of(), Optional.empty(), ZoneId.of("Europe/Paris"));
        Digest early = new Digest("r", Digest.Key.USER, null, LocalTime.of(2, 30));
        // 2027-03-28 02:00 CET does not exist: the clocks go to 03:00 CEST at 01:00Z
        assertThat(early.closesAt(Instant.parse("2027-03-27T22:00:00Z"), paris)).isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
    }

    @Test
    void closesAt_aOneHourWindow_isTheEndOfTheUtcHour() {
        Digest hourly = new Digest("r", Digest.Key.USER, Duration.ofHours(1), null);
        assertThat(hourly.closesAt(Instant.parse("2026-12-07T06:00:00Z"), TOKYO)).isEqualTo(Instant.parse("2026-12-07T07:00:00Z"));
        assertThat(hourly.closesAt(Instant.parse("2026-12-07T06:59:59Z"), TOKYO)).isEqualTo(Instant.parse("2026-12-07T07:00:00Z"));
    }

    @Test
    void problems_nameEachFieldThatIsWrong() {
        assertThat(Digest.problems(Json.tree("{\"key\":\"topic\",\"window\":\"PT48H\"}"))).extracting(Problem::field)
                .containsExactly("digest.key", "digest.window");
        assertThat(Digest.problems(Json.tree("{\"key\":\"user\",\"until\":\"25:00\"}"))).extracting(Problem::field)
                .containsExactly("digest.until");
        assertThat(Digest.problems(Json.tree("{\"key\":\"user\",\"window\":\"soon\"}"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not an ISO-8601 duration"));
        assertThat(Digest.problems(Json.tree("{\"key\":\"user\",\"until\":\"09:00\"}"))).isEmpty();
        assertThat(Digest.problems(null)).isEmpty();
    }
}
