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
import dev.herald.local.testing.WebSocketTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Duplicates through the whole pipeline: one notification published five times (five PutEvents calls,
 * the copies routed side by side by concurrent router batches) reaches each target exactly once on
 * every channel - one WebSocket frame, one APNs push, one email - and the ledger holds one row per delivery.
 */
class DuplicatesIT {
    @Test
    void sameNotificationFiveTimes_eachTargetGetsExactlyOneDeliveryPerChannel() throws Exception {
        LocalRuntime runtime = Reliability.runtime();
        List<String> users = List.of(newUser("dup-a", true, false), newUser("dup-b", true, false));
        List<WebSocketTestClient> sockets = new ArrayList<>();
        for (String user : users) {
            sockets.add(Reliability.connect(user));
            await().atMost(Reliability.PATIENCE).until(() -> !Reliability.connectionsOf(user).isEmpty());
        }
        String n = "rel-dup-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(Reliability.publishOrder(n, users, List.of("websocket", "push", "email")).failedEntryCount()).isZero();
        }

        for (String user : users) {
            awaitStatus(id(n, Channel.WEBSOCKET, user), DeliveryStatus.SENT);
            awaitStatus(id(n, Channel.PUSH, user), DeliveryStatus.SENT);
            awaitStatus(id(n, Channel.EMAIL, user), DeliveryStatus.SENT);
        }
        // every copy has been routed and every channel message handled before counting
        for (String queue : List.of(HeraldTopology.QUEUE_INGRESS, HeraldTopology.QUEUE_WEBSOCKET, HeraldTopology.QUEUE_PUSH, HeraldTopology.QUEUE_EMAIL)) {
            Reliability.awaitDrained(queue);
        }
        StringBuilder observed = new StringBuilder();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            long frameCount = sockets.get(i).queuedFramesContaining(n);
            long pushes = runtime.apns().receivedFor(Reliability.iosToken(user)).size();
            long emails = runtime.ses().sentTo(Reliability.email(user)).size();
            assertThat(frameCount).as("frames for %s", user).isEqualTo(1);
            assertThat(pushes).as("pushes for %s", user).isEqualTo(1);
            assertThat(emails).as("emails for %s", user).isEqualTo(1);
            for (Channel c : List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
                assertThat(Reliability.ledger().find(id(n, c, user)).orElseThrow().attempts()).isEqualTo(1);
            }
            observed.append(i == 0 ? "" : "; ").append(user.substring(0, 9)).append(": ").append(frameCount).append(" frame, ")
                    .append(pushes).append(" push, ").append(emails).append(" email");
        }
        sockets.forEach(WebSocketTestClient::close);
        Report.row("Duplicates", "1 notification (2 users x 3 channels) published 5 times", "exactly 1 delivery per target and channel",
                observed + "; 6 ledger rows, attempts 1 each", "DuplicatesIT.sameNotificationFiveTimes_eachTargetGetsExactlyOneDeliveryPerChannel");
    }
}
