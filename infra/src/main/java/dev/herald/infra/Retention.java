package dev.herald.infra;

import java.util.Map;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Maps a retention in days to the values CloudWatch Logs accepts. */
final class Retention {
    private static final Map<Integer, RetentionDays> DAYS = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS), Map.entry(5, RetentionDays.FIVE_DAYS),
            Map.entry(7, RetentionDays.ONE_WEEK), Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS), Map.entry(180, RetentionDays.SIX_MONTHS),
            Map.entry(365, RetentionDays.ONE_YEAR), Map.entry(731, RetentionDays.TWO_YEARS));

    private Retention() {
    }

    static RetentionDays days(int days) {
        RetentionDays r = DAYS.get(days);
        if (r == null) {
            throw new IllegalArgumentException("log retention of " + days + " days is not supported; use one of " + DAYS.keySet().stream().sorted().toList()
                    + " for " + StackSettings.LOG_RETENTION_DAYS);
        }
        return r;
    }
}
