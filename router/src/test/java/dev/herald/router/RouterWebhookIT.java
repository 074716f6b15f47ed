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
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.Preferences;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The webhook channel in the router: a route naming it fans out to the webhook queue, and preferences apply to it. */
class RouterWebhookIT extends RouterHandlerFixture {
    @Test
    void handle_routeNamingWebhook_queuesOneWebhookMessagePerRecipient() {
        String id = UUID.randomUUID().toString();
        assertThat(run(handler, event(id, "order.delivered", "{\"recipients\":[\"wh-a-" + id + "\",\"wh-b-" + id + "\"],\"data\":{\"orderId\":\"A-17\"}}")))
                .isEmpty();

        assertThat(drain(Channel.WEBHOOK)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder("wh-a-" + id, "wh-b-" + id)
                .hasSize(2);
        assertThat(row(DeliveryIds.of(id, Channel.WEBHOOK, "wh-a-" + id)).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(drain(Channel.PUSH)).isEmpty();
    }

    @Test
    void handle_userOptedOutOfWebhookForOrders_skipsTheWebhook() {
        String id = UUID.randomUUID().toString();
        String user = "wh-optout-" + id;
        new DynamoDbPreferenceStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_PREFERENCES)
                .put(new Preferences(user, Set.of("orders:webhook"), Optional.empty(), ZoneOffset.UTC));

        assertThat(run(handler, event(id, "order.delivered", "{\"recipients\":[\"" + user + "\"],\"category\":\"orders\"}"))).isEmpty();

        var skipped = row(DeliveryIds.of(id, Channel.WEBHOOK, user));
        assertThat(skipped.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("opted out of orders on webhook");
        assertThat(drain(Channel.WEBHOOK)).isEmpty();
    }

    @Test
    void handle_withoutAWebhookQueue_failsTheDeliveryWithTheSettingToAdd() {
        Map<Channel, String> withoutWebhook = new java.util.HashMap<>(RouterRig.queueUrls());
        withoutWebhook.remove(Channel.WEBHOOK);
        RouterHandler old = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterRig.routes(), withoutWebhook, Clock.systemUTC());
        String id = UUID.randomUUID().toString();

        run(old, event(id, "order.delivered", "{\"recipients\":[\"wh-old-" + id + "\"]}"));

        var failed = row(DeliveryIds.of(id, Channel.WEBHOOK, "wh-old-" + id));
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.reason()).contains("HERALD_QUEUE_URL_WEBHOOK");
    }
}
