package dev.herald.router;

import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.testing.DynamoCalls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The router's notification claims for a batch, counted at DynamoDB Local: the claims of records never routed before are
 * one BatchExecuteStatement of conditional inserts, and their completions one more - not a PutItem and an UpdateItem per
 * record. A record routed before still gets its own claim, which tells a copy routed already from one to route again.
 */
class RouterClaimCallsIT extends RouterHandlerFixture {
    private final DynamoCalls dynamo = new DynamoCalls();
    private final RouterHandler counted = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterConfig.DEFAULT_ENRICHMENT_TIMEOUT,
            dynamo.client(), RouterRig.ENGINES.sqs(), RouterRig.routes(), RouterRig.queueUrls(), Clock.systemUTC());

    private static List<String> batch(String run) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(event(run + "-" + i, "order.shipped", "{\"recipients\":[\"user-" + i + "-" + run + "\"]}"));
        }
        return bodies;
    }

    @Test
    void batchOfTen_claimsAndCompletesItsNotificationsInTwoStatementCalls_andRoutesEveryRecord() {
        String run = UUID.randomUUID().toString();
        dynamo.reset();

        assertThat(run(counted, batch(run).toArray(String[]::new))).isEmpty();

        assertThat(dynamo.calls()).doesNotContainKeys("PutItem", "UpdateItem");
        // the claims, the completions (one statement each): and nothing else of the router is a statement
        assertThat(dynamo.calls().get("BatchExecuteStatement")).isEqualTo(2);
        assertThat(dynamo.statements()).isEqualTo(20);
        for (int i = 0; i < 10; i++) {
            assertThat(RouterRig.LEDGER.claimNotification(run + "-" + i, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
        }
        assertThat(RouterRig.drain(Channel.WEBSOCKET)).filteredOn(m -> m.userId().endsWith(run)).hasSize(10);
    }

    @Test
    void batchRoutedAgain_everyCopyIsADuplicate_acknowledgedWithoutANewMessage() {
        String run = UUID.randomUUID().toString();
        assertThat(run(counted, batch(run).toArray(String[]::new))).isEmpty();
        RouterRig.purgeChannelQueues();
        dynamo.reset();

        assertThat(run(counted, batch(run).toArray(String[]::new))).isEmpty();

        // the inserts are refused (DuplicateItem); each copy's own claim then finds it routed
        assertThat(dynamo.calls().get("PutItem")).isEqualTo(10);
        assertThat(dynamo.calls()).doesNotContainKey("UpdateItem");
        assertThat(RouterRig.drain(Channel.WEBSOCKET)).filteredOn(m -> m.userId().endsWith(run)).isEmpty();
    }
}
