package dev.herald.common.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void channelRetry_retriesForAtLeastADay_evenWithTheShortestJitter_andNoDelayExceedsSqsVisibilityLimit() {
        RetrySchedule retry = HeraldTopology.CHANNEL_RETRY;
        int receives = retry.maxReceiveCount();
        long shortestTotal = 0;
        for (int n = 1; n < receives; n++) {
            shortestTotal += retry.shortestDelayBefore(n);
            for (int sample = 0; sample < 20; sample++) {
                assertThat(retry.delayBefore(n)).isLessThanOrEqualTo(Duration.ofHours(12).minusMinutes(5));
            }
        }
        assertThat(Duration.ofMillis(shortestTotal)).isGreaterThanOrEqualTo(Duration.ofHours(24));
        // one receive fewer would not cover the day: the count is sized, not padded
        assertThat(Duration.ofMillis(shortestTotal - retry.shortestDelayBefore(receives - 1))).isLessThan(Duration.ofHours(24));
        assertThat(receives).isEqualTo(19);
        assertThat(retry.delayBefore(16)).isGreaterThanOrEqualTo(Duration.ofHours(5));
    }

    @Test
    void standardTopology_channelQueuesRedriveAfterTheScheduleReceives_ingressKeepsFive() {
        var queues = HeraldTopology.standard().queues();
        for (String q : java.util.List.of(HeraldTopology.QUEUE_WEBSOCKET, HeraldTopology.QUEUE_PUSH, HeraldTopology.QUEUE_EMAIL)) {
            QueueSpec spec = queues.stream().filter(s -> s.name().equals(q)).findFirst().orElseThrow();
            assertThat(spec.deadLetter().orElseThrow().maxReceiveCount()).as(q).isEqualTo(HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
            assertThat(spec.retention()).as(q + " keeps a message longer than its retries").isGreaterThan(HeraldTopology.CHANNEL_RETRY.horizon().multipliedBy(2));
        }
        QueueSpec ingress = queues.stream().filter(s -> s.name().equals(HeraldTopology.QUEUE_INGRESS)).findFirst().orElseThrow();
        assertThat(ingress.deadLetter().orElseThrow().maxReceiveCount()).isEqualTo(5);
    }

    @Test
    void schedule_beyondSqsVisibilityLimit_isRefusedWithTheReason() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofHours(13), Duration.ofHours(24)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQS's visibility limit");
    }
}
