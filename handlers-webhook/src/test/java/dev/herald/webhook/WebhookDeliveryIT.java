package dev.herald.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhook delivery function against a real HTTP receiver that verifies every signature with the Standard Webhooks
 * reference library, with the ledger, endpoints and topics in DynamoDB Local.
 */
class WebhookDeliveryIT {
    private final WebhookHarness harness = WebhookHarness.local();

    private static int failures(SQSBatchResponse r) {
        return r.getBatchItemFailures().size();
    }

    @Test
    void deliver_postsSignedJson_thatTheReferenceLibraryVerifies() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate())) {
            String user = WebhookHarness.newId("user");
            harness.register(WebhookHarness.newId("ep"), receiver.url(), "user:" + user, receiver.secret());
            ChannelMessage m = harness.queued(user);

            assertThat(failures(harness.deliver(m, 1))).isZero();

            assertThat(receiver.received).hasSize(1);
            WebhookReceiver.Received got = receiver.received.getFirst();
            assertThat(got.verified()).as(got.verifyError()).isTrue();
            JsonNode body = Json.tree(got.body());
            assertThat(body.path("type").asText()).isEqualTo("order.shipped");
            assertThat(body.path("data").path("userId").asText()).isEqualTo(user);
            assertThat(body.path("data").path("data").path("orderId").asText()).isEqualTo("SO-10042");
            assertThat(body.path("data").path("content").path("title").asText()).isEqualTo("Your order has shipped");
            assertThat(harness.row(m).status()).isEqualTo(DeliveryStatus.SENT);
        }
    }

    @Test
    void deliver_whenEndpointAnswers503_failsTransientlyThenDeliversWithTheSameId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate()).answer(503, "down").answer(429, "slow").answer(408, "")) {
            String user = WebhookHarness.newId("user");
            harness.register(WebhookHarness.newId("ep"), receiver.url(), "user:" + user, receiver.secret());
            ChannelMessage m = harness.queued(user);

            assertThat(failures(harness.deliver(m, 1))).isEqualTo(1);
            assertThat(harness.row(m).status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(harness.row(m).reason()).contains("answered 503");
            assertThat(failures(harness.deliver(m, 2))).isEqualTo(1);
            assertThat(harness.row(m).reason()).contains("answered 429");
            assertThat(failures(harness.deliver(m, 3))).isEqualTo(1);
            assertThat(harness.row(m).reason()).contains("answered 408");
            assertThat(failures(harness.deliver(m, 4))).isZero();

            assertThat(harness.row(m).status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(receiver.received).hasSize(4).allMatch(WebhookReceiver.Received::verified);
            assertThat(receiver.received.stream().map(WebhookReceiver.Received::id).distinct()).hasSize(1);
        }
    }

    @Test
    void deliver_whenEndpointUnreachable_failsTransiently() {
        String user = WebhookHarness.newId("user");
        // a port nobody listens on
        harness.register(WebhookHarness.newId("ep"), URI.create("http://127.0.0.1:1/hook"), "user:" + user, WebhookSecret.generate());
        ChannelMessage m = harness.queued(user);

        assertThat(failures(harness.deliver(m, 1))).isEqualTo(1);
        assertThat(harness.row(m).reason()).contains("unreachable");
    }

    @Test
    void deliver_whenEndpointAnswers410_rejectsAndRemovesTheEndpoint() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate()).answer(410, "gone")) {
            String user = WebhookHarness.newId("user");
            String id = WebhookHarness.newId("ep");
            harness.register(id, receiver.url(), "user:" + user, receiver.secret());
            ChannelMessage m = harness.queued(user);

            assertThat(failures(harness.deliver(m, 1))).isZero();

            assertThat(harness.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(harness.row(m).reason()).contains("410 Gone and was removed");
            assertThat(harness.store.get(id)).isEmpty();
        }
    }

    @Test
    void deliver_whenEndpointAnswers400_rejectsWithStatusAndBodyPrefix() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate()).answer(400, "unknown event type order.shipped")) {
            String user = WebhookHarness.newId("user");
            String id = WebhookHarness.newId("ep");
            harness.register(id, receiver.url(), "user:" + user, receiver.secret());
            ChannelMessage m = harness.queued(user);

            assertThat(failures(harness.deliver(m, 1))).isZero();

            assertThat(harness.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(harness.row(m).reason()).contains("answered 400: unknown event type order.shipped");
            assertThat(harness.store.get(id)).isPresent();
            // permanent: a redelivered copy is not sent again
            assertThat(failures(harness.deliver(m, 2))).isZero();
            assertThat(receiver.received).hasSize(1);
        }
    }

    @Test
    void deliver_whenEndpointFailedForDays_disablesIt_andEnableTurnsItBackOn() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        WebhookHarness h = new WebhookHarness(new AddressPolicy(true, AddressPolicy.SYSTEM), clock);
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate()).answer(500, "").answer(500, "")) {
            String user = WebhookHarness.newId("user");
            String id = WebhookHarness.newId("ep");
            h.register(id, receiver.url(), "user:" + user, receiver.secret());
            ChannelMessage first = h.queued(user);
            assertThat(failures(h.deliver(first, 1))).isEqualTo(1);
            assertThat(h.store.get(id).orElseThrow().failingSince()).isEqualTo(clock.instant());

            clock.advance(WebhookSender.DISABLE_AFTER.plus(Duration.ofMinutes(1)));
            ChannelMessage later = h.queued(user);
            assertThat(failures(h.deliver(later, 1))).isZero();

            assertThat(h.row(later).status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(h.row(later).reason()).contains("disabled: failing since").contains("/enable");
            WebhookEndpoint disabled = h.store.get(id).orElseThrow();
            assertThat(disabled.enabled()).isFalse();
            assertThat(disabled.disabledReason()).contains("failing since");
            ChannelMessage whileDisabled = h.queued(user);
            assertThat(failures(h.deliver(whileDisabled, 1))).isZero();
            assertThat(h.row(whileDisabled).status()).isEqualTo(DeliveryStatus.SKIPPED);

            var api = new WebhookApi(h.store, new AddressPolicy(true, AddressPolicy.SYSTEM), clock);
            assertThat(api.handle(AdminEvents.of("POST", "/v1/admin/webhooks/" + id + "/enable", id, null)).getStatusCode()).isEqualTo(200);
            ChannelMessage afterEnable = h.queued(user);
            assertThat(failures(h.deliver(afterEnable, 1))).isZero();
            assertThat(h.row(afterEnable).status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(h.store.get(id).orElseThrow().failingSince()).isNull();
        }
    }

    @Test
    void deliver_whenHostResolvesToLoopbackAtSendTime_rejectsWithoutConnecting() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate())) {
            // registered while the name pointed elsewhere; now it resolves to loopback (DNS rebinding)
            WebhookHarness h = new WebhookHarness(new AddressPolicy(false,
                    WebhookHarness.resolving(Map.of("hooks.example.test", "127.0.0.1"))), java.time.Clock.systemUTC());
            String user = WebhookHarness.newId("user");
            String id = WebhookHarness.newId("ep");
            h.register(id, URI.create("https://hooks.example.test:" + receiver.port() + "/hook"), "user:" + user, receiver.secret());
            ChannelMessage m = h.queued(user);

            assertThat(failures(h.deliver(m, 1))).isZero();

            assertThat(h.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(h.row(m).reason()).contains("refused at send time").contains("127.0.0.1").contains("loopback");
            assertThat(receiver.received).isEmpty();
        }
    }

    @Test
    void deliver_connectsToTheAddressItChecked_notToASecondLookup() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate())) {
            // only the policy's resolver knows this name: the JVM's would fail, so a delivery proves the checked address was used
            WebhookHarness h = new WebhookHarness(new AddressPolicy(true,
                    WebhookHarness.resolving(Map.of("receiver.pinned.test", "127.0.0.1"))), java.time.Clock.systemUTC());
            String user = WebhookHarness.newId("user");
            h.register(WebhookHarness.newId("ep"), URI.create("http://receiver.pinned.test:" + receiver.port() + "/hook"), "user:" + user, receiver.secret());
            ChannelMessage m = h.queued(user);

            assertThat(failures(h.deliver(m, 1))).isZero();

            assertThat(receiver.received).hasSize(1);
            assertThat(receiver.received.getFirst().host()).isEqualTo("receiver.pinned.test:" + receiver.port());
            assertThat(receiver.received.getFirst().verified()).isTrue();
        }
    }

    @Test
    void deliver_toTopicEndpoint_reachesItForTheTopicsMembers_andSkipsUsersWithoutEndpoints() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookSecret.generate())) {
            String topic = WebhookHarness.newId("topic");
            String member = WebhookHarness.newId("user");
            harness.topics.subscribe(topic, member);
            harness.register(WebhookHarness.newId("ep"), receiver.url(), "topic:" + topic, receiver.secret());
            ChannelMessage toMember = harness.queued(member);
            ChannelMessage toOther = harness.queued(WebhookHarness.newId("user"));

            assertThat(failures(harness.deliver(toMember, 1))).isZero();
            assertThat(failures(harness.deliver(toOther, 1))).isZero();

            assertThat(harness.row(toMember).status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(harness.row(toOther).status()).isEqualTo(DeliveryStatus.SKIPPED);
            assertThat(receiver.received).hasSize(1);
        }
    }
}
