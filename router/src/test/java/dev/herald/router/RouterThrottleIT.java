package dev.herald.router;

import static dev.herald.router.RouterRig.drain;
import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Per-user throttles on DynamoDB Local and ElasticMQ, with a clock the test moves. */
class RouterThrottleIT extends RouterHandlerFixture {
    private static final RouteTable ROUTES = RouteTable.parse("test", """
            {"routes": [{"name": "news", "pattern": {"detail-type": ["news.posted"]}, "channels": ["email"],
                         "category": "news", "throttle": {"limit": 3, "window": "PT1M"}}]}""");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T06:00:00Z"));
    private final RouterHandler throttled = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, ROUTES, RouterRig.queueUrls(), clock);

    private static String news(String id, String user, String priority) {
        return event(id, "news.posted", "{\"recipients\":[\"" + user + "\"],\"priority\":\"" + priority + "\",\"data\":{\"n\":\"" + id + "\"}}");
    }

    @Test
    void handle_throttleOfThreePerMinute_letsThreeThroughAndRecordsTheRestAsThrottled() {
        String user = "reader-" + UUID.randomUUID();
        String[] ids = IntStream.range(0, 5).mapToObj(i -> user + "-n" + i).toArray(String[]::new);
        for (String id : ids) {
            assertThat(run(throttled, news(id, user, "normal"))).isEmpty();
        }

        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::notificationId).containsExactly(ids[0], ids[1], ids[2]);
        for (int i = 3; i < 5; i++) {
            var skipped = row(DeliveryIds.of(ids[i], Channel.EMAIL, user));
            assertThat(skipped.status()).isEqualTo(DeliveryStatus.SKIPPED);
            assertThat(skipped.reason()).isEqualTo(Throttle.REASON);
        }

        // the next minute is a new window
        clock.advance(Duration.ofMinutes(1));
        assertThat(run(throttled, news(user + "-later", user, "normal"))).isEmpty();
        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::notificationId).containsExactly(user + "-later");
    }

    @Test
    void handle_criticalOverAFullWindow_bypassesTheThrottle() {
        String user = "oncall-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            run(throttled, news(user + "-n" + i, user, "normal"));
        }
        drain(Channel.EMAIL);

        assertThat(run(throttled, news(user + "-alarm", user, "critical"), news(user + "-extra", user, "normal"))).isEmpty();

        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::notificationId).containsExactly(user + "-alarm");
        assertThat(row(DeliveryIds.of(user + "-alarm", Channel.EMAIL, user)).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(DeliveryIds.of(user + "-extra", Channel.EMAIL, user)).reason()).isEqualTo(Throttle.REASON);
    }

    @Test
    void handle_redeliveredEvent_isCountedOnce() {
        String user = "retry-" + UUID.randomUUID();
        // the first attempt counts, then fails to queue (no email queue), so SQS redelivers the event
        Map<Channel, String> withoutEmail = new HashMap<>(RouterRig.queueUrls());
        withoutEmail.remove(Channel.EMAIL);
        RouterHandler broken = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, ROUTES, withoutEmail, clock);
        assertThat(run(broken, news(user + "-n0", user, "normal"))).isNotEmpty();
        assertThat(row(DeliveryIds.of(user + "-n0", Channel.EMAIL, user)).status()).isEqualTo(DeliveryStatus.FAILED);

        assertThat(run(throttled, news(user + "-n0", user, "normal"))).isEmpty();
        assertThat(run(throttled, news(user + "-n1", user, "normal"))).isEmpty();
        assertThat(run(throttled, news(user + "-n2", user, "normal"))).isEmpty();
        assertThat(run(throttled, news(user + "-n3", user, "normal"))).isEmpty();

        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::notificationId)
                .containsExactly(user + "-n0", user + "-n1", user + "-n2");
        assertThat(row(DeliveryIds.of(user + "-n3", Channel.EMAIL, user)).reason()).isEqualTo(Throttle.REASON);
        long windowStart = clock.instant().getEpochSecond() / 60 * 60;
        var counter = RouterRig.ENGINES.dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_THROTTLES)
                .key(Map.of(ThrottleCounter.KEY, AttributeValue.fromS(user + "#email#news#60#" + windowStart)))).item();
        assertThat(counter.get(ThrottleCounter.IDS).ss()).hasSize(3);
        assertThat(counter.get(HeraldTopology.TTL_ATTRIBUTE).n()).isEqualTo(Long.toString(windowStart + 120));
    }
}
