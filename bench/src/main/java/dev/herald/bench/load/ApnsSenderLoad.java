package dev.herald.bench.load;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.store.DeviceTokenStore.Platform;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.push.ApnsThroughputProbe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * APNs throughput through the push handler's own sender ({@link ApnsThroughputProbe}: Pushy's {@code ApnsClient} with
 * token authentication, the handler's in-flight semaphore and answer classification), built from the secret the
 * handler reads, against the local APNs emulator (Pushy's {@code MockApnsServer} over TLS, checking each provider token).
 */
public final class ApnsSenderLoad {
    /** What a run measured. */
    public record Result(int sent, int accepted, int otherwise, double seconds, int connections, int maxInFlight) {
        public double perSecond() {
            return accepted / seconds;
        }
    }

    private ApnsSenderLoad() {
    }

    /**
     * Sends {@code warmup} then {@code notifications} pushes to distinct device tokens, {@code perCall} devices per
     * send (a delivery to a user with that many devices), and times the second part.
     */
    public static Result run(ApnsEmulator emulator, int notifications, int warmup, int perCall, int connections, int maxInFlight)
            throws Exception {
        ChannelMessage message = new ChannelMessage("bench#push#user", "bench", "order.shipped", "shop.orders", Channel.PUSH, "user",
                "orders", Priority.HIGH, RenderedContent.notification("Your order has shipped", "It arrives on 24 December"),
                Json.object().put("orderId", "A-17"), "en", null, Instant.now(), null);
        try (ApnsThroughputProbe probe = ApnsThroughputProbe.open(emulator.secretJson(), "bench/apns", connections, maxInFlight)) {
            probe.send(message, devices(emulator.topic(), warmup), perCall);
            List<DeviceToken> devices = devices(emulator.topic(), notifications);
            long start = System.nanoTime();
            ApnsThroughputProbe.Counts counts = probe.send(message, devices, perCall);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(notifications, counts.accepted(), counts.otherwise(), seconds, connections, maxInFlight);
        }
    }

    private static List<DeviceToken> devices(String topic, int count) {
        List<DeviceToken> devices = new ArrayList<>(count);
        byte[] token = new byte[32];
        for (int i = 0; i < count; i++) {
            ThreadLocalRandom.current().nextBytes(token);
            devices.add(new DeviceToken("user", HexFormat.of().formatHex(token), Platform.IOS, topic, null, null));
        }
        return devices;
    }
}
