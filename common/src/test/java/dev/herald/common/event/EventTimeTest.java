package dev.herald.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTimeTest {
    @Test
    void instant_readsEventBridgeTimesAsInstantParseDoes_andRejectsWhatItRejects() {
        for (String t : new String[] {"2026-11-23T10:00:00Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "2026-12-31T00:00:01Z",
                "2026-11-23T10:00:00.123Z", "2026-11-23T10:00:00+01:00", "2026-11-23T24:00:00Z", "2026-11-23T23:59:60Z"}) {
            assertThat(EventParser.instant(t)).as(t).isEqualTo(java.time.Instant.parse(t));
        }
        for (String t : new String[] {"2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-2aT10:00:00Z",
                "2026-11-23 10:00:00Z"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventParser.instant(t)).as(t)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    @Test
    void isLocale_acceptsWhatTheLocalePatternAccepts_andNothingElse() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");
        for (String t : new String[] {"fr", "fr-CA", "en_GB", "zh-Hant-TW", "ast", "es-419", "de-DE-1996", "en-", "e", "engl", "fr--CA",
                "fr-C", "fr-CAAAAAAAA", "fr CA", "", "-fr", "fr_ca_", "12", "fr-Ca9", "é"}) {
            assertThat(EventParser.isLocale(t)).as(t).isEqualTo(pattern.matcher(t).matches());
        }
    }
}
