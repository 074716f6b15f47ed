package dev.herald.webhook;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.store.TopicStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook channel message to every enabled endpoint whose scope takes it (the user's, the topics' the user
 * belongs to, the account's), each a signed JSON POST ({@link WebhookPayload}, {@link WebhookSigner}). Per endpoint:
 * 2xx delivered; 410 Gone removes the endpoint; 408, 429, 5xx, timeouts and refused connections fail transiently (the
 * message comes back after {@link DeliveryProcessor#RETRY}'s back-off, for about a day); any other status is a
 * permanent rejection with the status and the first bytes of the answer; an address the {@link AddressPolicy} refuses
 * is a permanent rejection. The message fails transiently if any endpoint did (a retry posts to every endpoint again
 * with the same {@code webhook-id}, which receivers use to drop duplicates); otherwise it is delivered if any endpoint
 * took it.
 *
 * <p>An endpoint that keeps failing has a breaker of its own ({@link CircuitBreaker}: others are not held up), and
 * one that has failed without a single success for {@link #DISABLE_AFTER} is disabled: the delivery is rejected
 * with the reason, later deliveries skip it, and {@code POST /v1/admin/webhooks/{id}/enable} turns it back on.
 */
final class WebhookSender implements DeliveryProcessor.Sender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    /** How long an endpoint may fail without a success before it is disabled. */
    static final Duration DISABLE_AFTER = Duration.ofDays(3);
    /** How long the endpoint list is reused before the table is read again. */
    static final Duration ENDPOINT_CACHE = Duration.ofSeconds(5);

    private final WebhookStore store;
    private final TopicStore topics;
    private final AddressPolicy policy;
    private final PinnedHttp http;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private volatile List<WebhookEndpoint> cached;
    private volatile Instant cachedAt = Instant.MIN;

    WebhookSender(WebhookStore store, TopicStore topics, AddressPolicy policy, PinnedHttp http, Clock clock, Duration cacheFor) {
        this.store = store;
        this.topics = topics;
        this.policy = policy;
        this.http = http;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    /** What one endpoint did with the delivery. */
    sealed interface Result {
        String endpointId();
    }

    record Accepted(String endpointId) implements Result {
    }

    record Refused(String endpointId, String reason) implements Result {
    }

    record Retry(String endpointId, String reason) implements Result {
    }

    @Override
    public DeliveryOutcome send(ChannelMessage m) {
        Supplier<List<String>> userTopics = memo(() -> topics.topicsOf(m.userId()));
        List<WebhookEndpoint> targets = endpoints().stream().filter(e -> e.enabled() && e.receives(m.userId(), userTopics)).toList();
        if (targets.isEmpty()) {
            return new DeliveryOutcome.Rejected("no enabled webhook endpoint for user " + m.userId()
                    + ", the user's topics or the account; register one with PUT /v1/admin/webhooks/{endpointId}", DeliveryStatus.SKIPPED);
        }
        List<Result> results = new ArrayList<>();
        for (WebhookEndpoint e : targets) {
            results.add(deliverTo(e, m));
        }
        return combine(results);
    }

    private Result deliverTo(WebhookEndpoint e, ChannelMessage m) {
        CircuitBreaker breaker = breakers.computeIfAbsent(e.endpointId(), id -> new CircuitBreaker("webhook endpoint " + id, CircuitBreaker.DEFAULTS, clock));
        if (!breaker.tryAcquire()) {
            return failed(e, breaker.openReason());
        }
        Result r = post(e, m);
        switch (r) {
            case Retry x -> breaker.onFailure();
            default -> breaker.onSuccess();
        }
        return switch (r) {
            case Retry x -> failed(e, x.reason());
            case Accepted a -> {
                if (e.failingSince() != null) {
                    store.clearFailing(e.endpointId());
                    invalidate();
                }
                yield a;
            }
            default -> r;
        };
    }

    private Result post(WebhookEndpoint e, ChannelMessage m) {
        AddressPolicy.Decision decision = policy.check(e.url());
        AddressPolicy.Checked checked;
        switch (decision) {
            case AddressPolicy.Refused refused -> {
                return new Refused(e.endpointId(), "endpoint " + e.endpointId() + " refused at send time: " + refused.reason());
            }
            case AddressPolicy.Unresolved u -> {
                return new Retry(e.endpointId(), u.reason());
            }
            case AddressPolicy.Checked c -> checked = c;
        }
        byte[] body = WebhookPayload.body(m);
        String id = WebhookPayload.messageId(m.deliveryId(), e.endpointId());
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "User-Agent", "Herald-Webhooks/1",
                WebhookSigner.HEADER_ID, id,
                WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp),
                WebhookSigner.HEADER_SIGNATURE, WebhookSigner.sign(e.secret(), id, timestamp, body));
        PinnedHttp.Response response;
        try {
            response = http.post(e.url(), checked.address(), headers, body);
        } catch (IOException x) {
            return new Retry(e.endpointId(), "endpoint " + e.endpointId() + " unreachable: " + x);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new Accepted(e.endpointId());
        }
        if (status == 410) {
            store.delete(e.endpointId());
            invalidate();
            LOG.info("webhook endpoint removed after 410 Gone endpointId={}", e.endpointId());
            return new Refused(e.endpointId(), "endpoint " + e.endpointId() + " answered 410 Gone and was removed");
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Retry(e.endpointId(), "endpoint " + e.endpointId() + " answered " + status);
        }
        return new Refused(e.endpointId(), "endpoint " + e.endpointId() + " answered " + status + ": " + response.bodyPrefix().strip());
    }

    /** A transient failure; disables the endpoint when its failures have lasted {@link #DISABLE_AFTER}. */
    private Result failed(WebhookEndpoint e, String reason) {
        Instant now = clock.instant();
        Instant since;
        try {
            since = store.markFailing(e.endpointId(), now);
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException gone) {
            return new Refused(e.endpointId(), "endpoint " + e.endpointId() + " was deleted while failing: " + reason);
        }
        if (Duration.between(since, now).compareTo(DISABLE_AFTER) >= 0) {
            String why = "endpoint " + e.endpointId() + " disabled: failing since " + since + " (last: " + reason
                    + "); re-enable it with POST /v1/admin/webhooks/" + e.endpointId() + "/enable";
            store.disable(e.endpointId(), why);
            invalidate();
            LOG.warn("webhook endpoint disabled endpointId={} failingSince={}", e.endpointId(), since);
            return new Refused(e.endpointId(), why);
        }
        return new Retry(e.endpointId(), reason);
    }

    private static DeliveryOutcome combine(List<Result> results) {
        List<String> retry = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        boolean accepted = false;
        for (Result r : results) {
            switch (r) {
                case Accepted a -> accepted = true;
                case Refused x -> refused.add(x.reason());
                case Retry x -> retry.add(x.reason());
            }
        }
        if (!retry.isEmpty()) {
            return new DeliveryOutcome.Failed(String.join("; ", retry));
        }
        if (accepted) {
            return new DeliveryOutcome.Delivered();
        }
        return new DeliveryOutcome.Rejected(String.join("; ", refused));
    }

    private List<WebhookEndpoint> endpoints() {
        Instant now = clock.instant();
        List<WebhookEndpoint> list = cached;
        if (list == null || !now.isBefore(cachedAt.plus(cacheFor))) {
            list = store.all();
            cached = list;
            cachedAt = now;
        }
        return list;
    }

    private void invalidate() {
        cached = null;
    }

    private static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }
}
