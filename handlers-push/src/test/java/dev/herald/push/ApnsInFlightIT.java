package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.store.DeviceTokenStore.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bound on APNs streams in flight, against Pushy's MockApnsServer: while APNs has not answered, no more
 * than the bound are sent; the sends past it fail transiently (SQS retries them) instead of piling up streams.
 */
class ApnsInFlightIT {

    @Test
    void send_moreDevicesThanTheBoundWhileApnsHoldsItsAnswers_sendsOnlyTheBound_andTheRestFailTransiently() throws Exception {
        try (MockApns apns = new MockApns()) {
            ApnsSender sender = ApnsSender.create(ApnsSettings.fromSecret(Json.tree(apns.secretJson()), "herald/apns"), 1, 2,
                    Duration.ofMillis(200));
            try {
                List<DeviceToken> devices = IntStream.range(0, 4).mapToObj(i -> new DeviceToken("user-bound", PushHarness.iosToken(),
                        Platform.IOS, MockApns.TOPIC, Instant.now(), null)).toList();
                CountDownLatch first = apns.hold(devices.get(0).token());
                CountDownLatch second = apns.hold(devices.get(1).token());
                PushPayload payload = PushPayload.from(message());

                // returns once every device has a stream or has given up waiting for one; APNs has answered nothing yet
                CompletableFuture<List<TokenResult>> pending = sender.send(payload, devices);
                assertThat(pending).isNotDone();
                first.countDown();
                second.countDown();
                List<TokenResult> results = pending.get(30, TimeUnit.SECONDS);

                assertThat(results).extracting(TokenResult::kind).containsExactly(TokenResult.Kind.DELIVERED, TokenResult.Kind.DELIVERED,
                        TokenResult.Kind.TRANSIENT, TokenResult.Kind.TRANSIENT);
                assertThat(results.get(2).reason()).isEqualTo("APNs: too many sends in flight (all 2 streams busy for 200 ms)");
                assertThat(apns.acceptedFor(devices.get(0).token())).hasSize(1);
                assertThat(apns.receivedFor(devices.get(2).token())).isZero();
                assertThat(apns.receivedFor(devices.get(3).token())).isZero();

                // the answers gave the permits back: the retry goes through
                assertThat(sender.send(payload, devices.subList(2, 4)).get(30, TimeUnit.SECONDS)).extracting(TokenResult::kind)
                        .containsExactly(TokenResult.Kind.DELIVERED, TokenResult.Kind.DELIVERED);
            } finally {
                sender.close();
            }
        }
    }

    private static ChannelMessage message() {
        String notificationId = "ntf-bound";
        return new ChannelMessage(DeliveryIds.of(notificationId, Channel.PUSH, "user-bound"), notificationId, "order.shipped", "shop",
                Channel.PUSH, "user-bound", "orders", Priority.HIGH, RenderedContent.notification("Shipped", "On its way"),
                Json.object().put("orderId", "SO-1"), "en", "trace-1", Instant.now(), null);
    }
}
