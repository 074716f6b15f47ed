package dev.herald.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchedulerTest {
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:000000000000:herald-push";

    @Test
    void schedules_areKeptInTheDataDirectory_acrossARestart(@TempDir Path dir) {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T22:00:00Z"));
        Path file = dir.resolve("schedules.json");
        LocalScheduler first = new LocalScheduler(file, clock, null, arn -> Optional.of("url"));
        first.create(schedule("s-1", clock.instant().plus(Duration.ofHours(8))));

        LocalScheduler restarted = new LocalScheduler(file, clock, null, arn -> Optional.of("url"));
        assertThat(restarted.list()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("s-1");
            assertThat(s.at()).isEqualTo(Instant.parse("2026-12-08T06:00:00Z"));
            assertThat(s.input()).isEqualTo("{\"deliveryId\":\"d-1\"}");
        });
        assertThat(restarted.fireDue()).as("nothing is due yet").isZero();
    }

    @Test
    void create_sameNameInTheGroupTwice_isAConflict() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T22:00:00Z"));
        LocalScheduler scheduler = new LocalScheduler(null, clock, null, arn -> Optional.of("url"));
        scheduler.create(schedule("s-1", clock.instant().plus(Duration.ofHours(1))));
        assertThatThrownBy(() -> scheduler.create(schedule("s-1", clock.instant().plus(Duration.ofHours(2)))))
                .isInstanceOf(LocalScheduler.ConflictException.class).hasMessageContaining("s-1 already exists in group herald-deferrals");
    }

    private static LocalScheduler.Schedule schedule(String name, Instant at) {
        return new LocalScheduler.Schedule("herald-deferrals", name, "at(...)", at, QUEUE_ARN, "arn:aws:iam::000000000000:role/r",
                "{\"deliveryId\":\"d-1\"}", true, false, Instant.parse("2026-12-07T22:00:00Z"));
    }
}
