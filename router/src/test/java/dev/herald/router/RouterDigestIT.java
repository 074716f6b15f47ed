package dev.herald.router;

import static dev.herald.router.RouterRig.drain;
import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.testing.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Digests on DynamoDB Local and ElasticMQ: events held in a window become one message; critical ones are never held. */
class RouterDigestIT extends RouterHandlerFixture {
    private static final RouteTable ROUTES = RouteTable.parse("test", """
            {"routes": [{"name": "comments", "pattern": {"detail-type": ["comment.added"]}, "channels": ["email"],
                         "category": "comments", "digest": {"key": "category", "window": "PT10M"}}]}""");

    // one second before the window (aligned on the epoch: 06:00 to 06:10) ends, so the flush is due in one second
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T06:09:59Z"));
    private final RouterHandler digesting = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, ROUTES, RouterRig.queueUrls(), clock);

    private static String comment(String id, String user, int n, String priority) {
        return event(id, "comment.added", "{\"recipients\":[\"" + user + "\"],\"priority\":\"" + priority + "\",\"data\":{\"n\":" + n + "}}");
    }

    /** The ingress queue's flush messages of this user's digests, waiting up to 10 s for the delayed ones. */
    private static List<Message> flushes(String user) throws InterruptedException {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 20 && all.isEmpty(); i++) {
            Thread.sleep(500);
            RouterRig.drainIngress().stream().filter(m -> m.body().contains("#" + user + "#")).forEach(all::add);
        }
        return all;
    }

    @Test
    void handle_25EventsInOneWindow_becomeOneEmailListing25Items() throws Exception {
        String user = "commenter-" + UUID.randomUUID();
        String[] bodies = IntStream.range(0, 25).mapToObj(i -> comment(user + "-c" + i, user, i, "normal")).toArray(String[]::new);
        for (int from = 0; from < 25; from += 10) {
            assertThat(run(digesting, java.util.Arrays.copyOfRange(bodies, from, Math.min(25, from + 10)))).isEmpty();
        }
        // a redelivered event is listed once
        assertThat(run(digesting, bodies[0])).isEmpty();

        assertThat(drain(Channel.EMAIL)).isEmpty();
        var held = row(DeliveryIds.of(user + "-c7", Channel.EMAIL, user));
        assertThat(held.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(held.reason()).isEqualTo(Digest.REASON);

        List<Message> flush = flushes(user);
        assertThat(flush).isNotEmpty();
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(RouterRig.run(digesting, flush)).isEmpty();
        // a second copy of the flush sends nothing more
        assertThat(RouterRig.run(digesting, flush)).isEmpty();

        List<ChannelMessage> emails = drain(Channel.EMAIL);
        assertThat(emails).hasSize(1);
        ChannelMessage digest = emails.get(0);
        assertThat(digest.userId()).isEqualTo(user);
        assertThat(digest.notificationId()).startsWith(DigestStore.PREFIX);
        JsonNode data = Json.asObject(digest.data());
        assertThat(data.get("count").asInt()).isEqualTo(25);
        List<Integer> items = new ArrayList<>();
        data.get("items").forEach(i -> items.add(i.get("n").asInt()));
        assertThat(items).hasSize(25).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 25).boxed().toList());
    }

    @Test
    void handle_criticalEventOnADigestingRoute_isSentAtOnce() {
        String user = "urgent-" + UUID.randomUUID();
        assertThat(run(digesting, comment(user + "-alarm", user, 1, "critical"))).isEmpty();

        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::notificationId).containsExactly(user + "-alarm");
        assertThat(row(DeliveryIds.of(user + "-alarm", Channel.EMAIL, user)).status()).isEqualTo(DeliveryStatus.QUEUED);
    }

    @Test
    void handle_digestClosingBeyond15MinutesOnARouterWithoutAScheduler_failsTheRecordForARetry() {
        RouteTable hourly = RouteTable.parse("test", """
                {"routes": [{"name": "hourly", "pattern": {"detail-type": ["comment.added"]}, "channels": ["email"],
                             "digest": {"key": "user", "window": "PT1H"}}]}""");
        RouterHandler noScheduler = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, hourly, RouterRig.queueUrls(),
                new ManualClock(Instant.parse("2026-12-07T06:05:00Z")));
        String user = "hourly-" + UUID.randomUUID();
        // retried by SQS (the digest's item already holds it; the retry schedules again) rather than held with no flush
        assertThat(run(noScheduler, comment(user + "-c", user, 1, "normal"))).containsExactly("m-0");
        assertThat(drain(Channel.EMAIL)).isEmpty();
    }

    @Test
    void handle_eventsLargerThanADigestItemHolds_areSentOnTheirOwn() {
        String user = "verbose-" + UUID.randomUUID();
        String big = "x".repeat(150_000);
        for (int i = 0; i < 3; i++) {
            String body = event(user + "-big" + i, "comment.added", "{\"recipients\":[\"" + user + "\"],\"data\":{\"text\":\"" + big + "\"}}");
            assertThat(run(digesting, body)).isEmpty();
        }

        // two fit in one 400 KB item; the third is sent at once rather than lost or retried forever
        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::notificationId).containsExactly(user + "-big2");
        assertThat(row(DeliveryIds.of(user + "-big0", Channel.EMAIL, user)).reason()).isEqualTo(Digest.REASON);
    }
}
