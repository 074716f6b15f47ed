package dev.herald.router;

import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.Preferences;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router's part of a scheduled send: the event is routed when it arrives, its rows are {@code scheduled} with the time
 * (the messages' {@code notBefore}) in the reason and created for that time; quiet hours are judged at the send time.
 */
class RouterScheduledSendIT extends RouterHandlerFixture {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private final RouterHandler atNoon = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterRig.routes(), RouterRig.queueUrls(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void dropDelayedMessages() {
        RouterRig.purgeChannelQueues();
    }

    @Test
    void sendAtAhead_rowsAreScheduledForThatTime() {
        String id = "sched-" + UUID.randomUUID();
        String user = "u-" + id;
        assertThat(run(atNoon, event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"channels\":[\"push\",\"email\"],"
                + "\"sendAt\":\"2026-12-07T15:30:00Z\"}"))).isEmpty();

        for (Channel c : new Channel[] {Channel.PUSH, Channel.EMAIL}) {
            LedgerEntry r = row(DeliveryIds.of(id, c, user));
            assertThat(r.status()).isEqualTo(DeliveryStatus.SCHEDULED);
            assertThat(r.reason()).isEqualTo("send at 2026-12-07T15:30:00Z");
            assertThat(r.createdAt()).isEqualTo(Instant.parse("2026-12-07T15:30:00Z"));
        }
    }

    @Test
    void sendAtInThePast_isQueuedNow() {
        String id = "past-" + UUID.randomUUID();
        String user = "u-" + id;
        assertThat(run(atNoon, event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"channels\":[\"push\"],"
                + "\"sendAt\":\"2026-12-01T00:00:00Z\"}"))).isEmpty();

        assertThat(RouterRig.drain(Channel.PUSH)).singleElement().satisfies(m -> assertThat(m.notBefore()).isNull());
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, user)).status()).isEqualTo(DeliveryStatus.QUEUED);
    }

    @Test
    void sendAtInsideTheUsersQuietHours_waitsUntilTheyEnd() {
        String id = "quiet-" + UUID.randomUUID();
        String user = "u-" + id;
        new DynamoDbPreferenceStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_PREFERENCES).put(new Preferences(user, Set.of(),
                Optional.of(Preferences.QuietHours.parse("22:00", "07:00")), ZoneId.of("Europe/Paris")));
        // noon in Paris is outside quiet hours; 02:00 the next night is inside them (they end at 07:00 Paris, 06:00Z)
        assertThat(run(atNoon, event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"category\":\"orders\",\"channels\":[\"push\"],"
                + "\"sendAt\":\"2026-12-08T01:00:00Z\"}"))).isEmpty();

        LedgerEntry r = row(DeliveryIds.of(id, Channel.PUSH, user));
        assertThat(r.status()).isEqualTo(DeliveryStatus.SCHEDULED);
        assertThat(r.reason()).isEqualTo("send at 2026-12-08T06:00:00Z");
    }
}
