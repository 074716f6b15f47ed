package dev.herald.local.reliability;

import static dev.herald.local.reliability.Reliability.awaitStatus;
import static dev.herald.local.reliability.Reliability.id;
import static dev.herald.local.reliability.Reliability.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.FaultPlan;
import dev.herald.local.testing.WebSocketTestClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redelivery through the whole pipeline: the router and each channel handler "die" after their work
 * is done and before the SQS delete (an injected fault of the event source mapping: the batch is not
 * deleted and comes back), so every message is received a second time - and nothing is sent twice:
 * the ledger row is already final, the redelivered copy is only acknowledged.
 */
class RedeliveryIT {
    private static final List<String> FUNCTIONS = List.of(HeraldTopology.FN_ROUTER, HeraldTopology.FN_WS_DELIVERY,
            HeraldTopology.FN_PUSH_DELIVERY, HeraldTopology.FN_EMAIL_DELIVERY);

    @Test
    void everyFunctionFailingAfterItsSendBeforeTheDelete_sendsNothingTwice() throws Exception {
        LocalRuntime runtime = Reliability.runtime();
        String user = newUser("redeliver", true, false);
        WebSocketTestClient socket = Reliability.connect(user);
        await().atMost(Reliability.PATIENCE).until(() -> !Reliability.connectionsOf(user).isEmpty());
        FaultPlan<String> faults = runtime.eventSourceMappings().faults();
        FUNCTIONS.forEach(f -> faults.inject(f, "died after returning", 1));
        try {
            String n = "rel-redeliver-" + UUID.randomUUID();
            assertThat(Reliability.publishOrder(n, List.of(user), List.of("websocket", "push", "email")).failedEntryCount()).isZero();

            awaitStatus(id(n, Channel.WEBSOCKET, user), DeliveryStatus.SENT);
            awaitStatus(id(n, Channel.PUSH, user), DeliveryStatus.SENT);
            awaitStatus(id(n, Channel.EMAIL, user), DeliveryStatus.SENT);
            await().atMost(Reliability.PATIENCE).until(() -> FUNCTIONS.stream().allMatch(f -> faults.served(f) == 1));
            for (String queue : List.of(HeraldTopology.QUEUE_INGRESS, HeraldTopology.QUEUE_WEBSOCKET, HeraldTopology.QUEUE_PUSH,
                    HeraldTopology.QUEUE_EMAIL)) {
                Reliability.awaitDrained(queue);
            }

            long frameCount = socket.queuedFramesContaining(n);
            long pushes = runtime.apns().receivedFor(Reliability.iosToken(user)).size();
            long emails = runtime.ses().sentTo(Reliability.email(user)).size();
            assertThat(frameCount).isEqualTo(1);
            assertThat(pushes).isEqualTo(1);
            assertThat(emails).isEqualTo(1);
            for (Channel c : List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
                assertThat(Reliability.ledger().find(id(n, c, user)).orElseThrow().attempts()).isEqualTo(1);
            }
            Report.row("Redelivery", "router + 3 channel functions each lose their SQS delete once after sending (4 redeliveries)",
                    "no second send", frameCount + " frame, " + pushes + " push, " + emails + " email; ledger sent, attempts 1 per channel",
                    "RedeliveryIT.everyFunctionFailingAfterItsSendBeforeTheDelete_sendsNothingTwice");
        } finally {
            FUNCTIONS.forEach(faults::clear);
            socket.close();
        }
    }
}
