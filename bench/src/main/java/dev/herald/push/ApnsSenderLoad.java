package dev.herald.push;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.store.DeviceTokenStore.Platform;
import dev.herald.local.emulators.ApnsEmulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * APNs throughput through the push handler's own sender ({@link ApnsSender}, Pushy's {@code ApnsClient}
 * with token authentication, its in-flight semaphore and its answer classification), built from the
 * secret the handler reads, against the local APNs emulator (Pushy's {@code MockApnsServer} over TLS,
 * checking each provider token). Lives in the handler's package because the sender is package-private:
 * the handler module stays free of benchmark code.
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
     * {@link ApnsSender#send} call (a delivery to a user with that many devices), and times the second part.
     */
    public static Result run(ApnsEmulator emulator, int notifications, int warmup, int perCall, int connections, int maxInFlight)
            throws Exception {
        ApnsSettings settings = ApnsSettings.fromSecret(Json.tree(emulator.secretJson()), "bench/apns");
        ApnsSender sender = ApnsSender.create(settings, connections, maxInFlight);
        try {
            send(sender, emulator.topic(), warmup, perCall);
            long start = System.nanoTime();
            int[] outcome = send(sender, emulator.topic(), notifications, perCall);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(notifications, outcome[0], outcome[1], seconds, connections, maxInFlight);
        } finally {
            sender.close();
        }
    }

    /** @return {accepted, anything else} */
    private static int[] send(ApnsSender sender, String topic, int count, int perCall) throws Exception {
        ChannelMessage message = new ChannelMessage("bench#push#user", "bench", "order.shipped", "shop.orders", Channel.PUSH, "user",
                "orders", Priority.HIGH, RenderedContent.notification("Your order has shipped", "It arrives on 24 December"),
                Json.object().put("orderId", "A-17"), "en", null, Instant.now(), null);
        PushPayload payload = PushPayload.from(message);
        List<CompletableFuture<List<TokenResult>>> calls = new ArrayList<>();
        byte[] token = new byte[32];
        for (int sent = 0; sent < count; sent += perCall) {
            List<DeviceToken> devices = new ArrayList<>(perCall);
            for (int i = 0; i < Math.min(perCall, count - sent); i++) {
                ThreadLocalRandom.current().nextBytes(token);
                devices.add(new DeviceToken("user", HexFormat.of().formatHex(token), Platform.IOS, topic, null, null));
            }
            // send() blocks while maxInFlight streams are open, so this loop is paced by APNs' answers
            calls.add(sender.send(payload, devices));
        }
        int accepted = 0;
        int other = 0;
        for (CompletableFuture<List<TokenResult>> c : calls) {
            for (TokenResult r : c.get(60, TimeUnit.SECONDS)) {
                if (r.kind() == TokenResult.Kind.DELIVERED) {
                    accepted++;
                } else {
                    other++;
                }
            }
        }
        return new int[] {accepted, other};
    }
}
