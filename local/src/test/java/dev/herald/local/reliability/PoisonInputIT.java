package dev.herald.local.reliability;

import static dev.herald.local.reliability.Reliability.awaitStatus;
import static dev.herald.local.reliability.Reliability.id;
import static dev.herald.local.reliability.Reliability.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Poison input through the whole pipeline, mixed with good events in the same PutEvents call and the
 * same router batch: what the bus can refuse (malformed JSON, oversized) gets a per-entry error that
 * says how to fix it; what it accepts but Herald cannot route gets a ledger row with the reason
 * (missing fields, wrong types, unknown event type, a template variable missing); what bypasses the bus
 * (a raw message on a queue) gets a ledger row too. The good neighbours are delivered, the runtime keeps going.
 */
class PoisonInputIT {
    private static String user;
    private static String run;
    private static PutEventsResponse put;
    private static List<PutEventsRequestEntry> entries;

    @BeforeAll
    static void publishTheMixedBatch() {
        Reliability.runtime();
        user = newUser("poison");
        run = UUID.randomUUID().toString().substring(0, 8);
        entries = new ArrayList<>();
        entries.add(entry("order.shipped", good("first")));                                            // 0 good
        entries.add(entry("order.shipped", "{\"recipients\": [\"" + user + "\"], \"data\": {"));         // 1 malformed JSON
        entries.add(entry("order.shipped", Json.write(Map.of("notificationId", "rel-poison-norcpt-" + run,
                "data", Map.of("orderId", "X", "eta", "now")))));                                        // 2 missing recipients
        entries.add(entry("order.shipped", Json.write(Map.of("notificationId", "rel-poison-types-" + run,
                "recipients", user, "priority", 5, "data", "orderId=X"))));                              // 3 wrong types
        entries.add(entry("order.teleported", good("unknown")));                                        // 4 unknown event type
        entries.add(entry("order.shipped", Json.write(Map.of("notificationId", "rel-poison-big-" + run,
                "recipients", List.of(user), "data", Map.of("orderId", "X", "eta", "x".repeat(300 * 1024))))));  // 5 oversized
        Map<String, Object> noEta = new LinkedHashMap<>();
        noEta.put("notificationId", "rel-poison-novar-" + run);
        noEta.put("recipients", List.of(user));
        noEta.put("channels", List.of("email"));
        noEta.put("data", Map.of("orderId", "X"));
        entries.add(entry("order.shipped", Json.write(noEta)));                                          // 6 template variable missing
        entries.add(entry("order.shipped", good("last")));                                              // 7 good
        put = Reliability.events().putEvents(r -> r.entries(entries));
    }

    private static String good(String label) {
        return Json.write(Map.of("notificationId", "rel-poison-" + label + "-" + run, "recipients", List.of(user), "channels", List.of("email"),
                "data", Map.of("orderId", "P-" + label, "eta", "today")));
    }

    private static PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(HeraldTopology.BUS).source("shop.orders").detailType(detailType).detail(detail).build();
    }

    @Test
    void malformedAndOversizedEntries_getAPerEntryErrorSayingHowToFixIt_andTheirNeighboursAreAccepted() {
        List<PutEventsResultEntry> results = put.entries();
        assertThat(put.failedEntryCount()).isEqualTo(2);
        assertThat(results.get(1).errorCode()).isEqualTo("MalformedDetail");
        assertThat(results.get(1).errorMessage()).contains("must be a JSON object");
        assertThat(results.get(5).errorCode()).isEqualTo("InvalidArgument");
        assertThat(results.get(5).errorMessage()).contains("over the limit of 262144 bytes");
        for (int i : new int[] {0, 2, 3, 4, 6, 7}) {
            assertThat(results.get(i).eventId()).as("entry %d accepted", i).isNotBlank();
        }
        Report.row("Poison: malformed JSON, oversized", "1 entry with broken JSON, 1 entry of 300 KB, in a PutEvents call of 8",
                "per-entry error saying how to fix it; neighbours accepted",
                "FailedEntryCount 2 (" + results.get(1).errorCode() + ", " + results.get(5).errorCode() + "), 6 accepted",
                "PoisonInputIT.malformedAndOversizedEntries_getAPerEntryErrorSayingHowToFixIt_andTheirNeighboursAreAccepted");
    }

    @Test
    void acceptedButInvalidEvents_eachGetALedgerRowWithTheReason_andTheGoodNeighboursAreDelivered() {
        List<PutEventsResultEntry> results = put.entries();
        LedgerEntry missing = awaitStatus(DeliveryLedger.eventKey(results.get(2).eventId()), DeliveryStatus.REJECTED);
        assertThat(missing.reason()).contains("recipients").contains("is missing");
        LedgerEntry types = awaitStatus(DeliveryLedger.eventKey(results.get(3).eventId()), DeliveryStatus.REJECTED);
        assertThat(types.reason()).contains("recipients").contains("must be an array").contains("priority").contains("data");
        LedgerEntry unknown = awaitStatus(DeliveryLedger.eventKey(results.get(4).eventId()), DeliveryStatus.UNROUTED);
        assertThat(unknown.reason()).contains("no route matches").contains("order.teleported");
        LedgerEntry noVariable = awaitStatus(id("rel-poison-novar-" + run, Channel.EMAIL, user), DeliveryStatus.REJECTED);
        assertThat(noVariable.reason()).contains("eta");

        awaitStatus(id("rel-poison-first-" + run, Channel.EMAIL, user), DeliveryStatus.SENT);
        awaitStatus(id("rel-poison-last-" + run, Channel.EMAIL, user), DeliveryStatus.SENT);
        List<String> good = List.of("rel-poison-first-" + run, "rel-poison-last-" + run);
        assertThat(Reliability.runtime().ses().sentTo(Reliability.email(user)).stream()
                .filter(e -> !e.tags().getOrDefault("notificationId", "").startsWith("rel-poison-after-"))
                .map(e -> e.tags().get("notificationId"))).containsExactlyInAnyOrderElementsOf(good);
        Report.row("Poison: missing fields, wrong types, unknown type, template variable missing",
                "4 accepted events: no recipients; recipients a string + priority 5 + data a string; detail-type order.teleported; no eta for the template",
                "one ledger row each with the reason; the 2 good events in the same batch delivered",
                "rejected (" + missing.reason().length() + "-char reason naming recipients), rejected (recipients, priority, data), unrouted, rejected ("
                        + abbreviate(noVariable.reason()) + "); 2 good emails sent",
                "PoisonInputIT.acceptedButInvalidEvents_eachGetALedgerRowWithTheReason_andTheGoodNeighboursAreDelivered");
    }

    @Test
    void rawMessagesThatBypassTheBus_getALedgerRowEach_andTheHandlersKeepWorking() throws Exception {
        String notJson = "not json " + run;
        String noEnvelope = "{\"detail\": {\"recipients\": [\"" + user + "\"]}, \"run\": \"" + run + "\"}";
        var sqs = Reliability.sqs();
        String ingress = Reliability.runtime().queueUrls().get(HeraldTopology.QUEUE_INGRESS);
        sqs.sendMessage(r -> r.queueUrl(ingress).messageBody(notJson));
        sqs.sendMessage(r -> r.queueUrl(ingress).messageBody(noEnvelope));
        String pushQueue = Reliability.runtime().queueUrls().get(HeraldTopology.QUEUE_PUSH);
        String pushPoison = sqs.sendMessage(r -> r.queueUrl(pushQueue).messageBody("{\"deliveryId\": 42, \"run\": \"" + run + "\"")).messageId();

        LedgerEntry a = awaitStatus(DeliveryLedger.eventKey(sha256(notJson)), DeliveryStatus.REJECTED);
        assertThat(a.reason()).contains("body");
        LedgerEntry b = awaitStatus(DeliveryLedger.eventKey(sha256(noEnvelope)), DeliveryStatus.REJECTED);
        assertThat(b.reason()).contains("id").contains("is missing");
        LedgerEntry c = awaitStatus(DeliveryLedger.messageKey(pushPoison), DeliveryStatus.REJECTED);
        assertThat(c.reason()).contains("malformed channel message");

        // the same handlers still deliver afterwards
        String after = "rel-poison-after-" + run;
        Reliability.publishOrder(after, List.of(user), List.of("push", "email"));
        awaitStatus(id(after, Channel.PUSH, user), DeliveryStatus.SENT);
        awaitStatus(id(after, Channel.EMAIL, user), DeliveryStatus.SENT);
        Report.row("Poison: raw messages bypassing the bus", "2 raw bodies on the ingress queue (not JSON; no envelope), 1 malformed body on the push queue",
                "a ledger row each; handlers keep delivering", "3 rejected rows (" + abbreviate(a.reason()) + "; " + abbreviate(b.reason()) + "; "
                        + abbreviate(c.reason()) + "); next event delivered on push and email",
                "PoisonInputIT.rawMessagesThatBypassTheBus_getALedgerRowEach_andTheHandlersKeepWorking");
    }

    private static String abbreviate(String s) {
        String one = s.replace('|', '/').replace('\n', ' ');
        return one.length() <= 70 ? one : one.substring(0, 67) + "...";
    }

    private static String sha256(String body) throws Exception {
        return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
