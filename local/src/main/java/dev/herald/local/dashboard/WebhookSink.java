package dev.herald.local.dashboard;

import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on the edge port ({@code POST /webhook-sink}) for {@code herald up}'s demo: the demo registers it
 * as an endpoint (loopback, which herald up allows), it checks each request's Standard Webhooks signature with the
 * secret it was given, keeps the newest {@value #CAPACITY} requests and shows them on the dashboard
 * ({@code GET /dashboard/api/webhooks}). It answers 204 to a signed request and 401 to one whose signature does not
 * verify (so the ledger shows the rejection).
 */
public final class WebhookSink implements EdgeComponent {
    public static final String PATH = "/webhook-sink";
    static final int CAPACITY = 100;
    private static final int MAX_BODY = 64 * 1024;

    /** One request as received; {@code body} cut at 64 KiB. */
    public record Received(Instant receivedAt, String webhookId, String timestamp, boolean signatureValid, String body) {
    }

    private final byte[] key;
    private final DashboardGuard guard;
    private final Deque<Received> received = new ArrayDeque<>();

    /** @param secret the secret the demo endpoint was registered with ({@code whsec_} + base64) */
    public WebhookSink(String secret, DashboardGuard guard) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.guard = guard;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.post(PATH, this::receive);
        config.routes.get("/dashboard/api/webhooks", guard.read(ctx -> ctx.contentType("application/json").result(dev.herald.common.json.Json.write(newestFirst()))));
    }

    private void receive(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        String id = ctx.header("webhook-id");
        String timestamp = ctx.header("webhook-timestamp");
        String signature = ctx.header("webhook-signature");
        boolean valid = id != null && timestamp != null && signature != null && verifies(id, timestamp, body, signature);
        String text = new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.UTF_8);
        synchronized (received) {
            if (received.size() == CAPACITY) {
                received.removeFirst();
            }
            received.addLast(new Received(Instant.now(), id, timestamp, valid, text));
        }
        if (valid) {
            ctx.status(204);
        } else {
            ctx.status(401).contentType("application/json").result(dev.herald.common.json.Json.write(Map.of("message", "webhook-signature does not verify with the demo endpoint secret")));
        }
    }

    private boolean verifies(String id, String timestamp, byte[] body, String header) {
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return false;
        }
        // the header may carry several space-separated signatures (secret rotation)
        for (String candidate : header.split(" ")) {
            if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected)) {
                return true;
            }
        }
        return false;
    }

    /** What it received, newest first. */
    public List<Received> newestFirst() {
        synchronized (received) {
            List<Received> list = new ArrayList<>(received);
            java.util.Collections.reverse(list);
            return list;
        }
    }
}
