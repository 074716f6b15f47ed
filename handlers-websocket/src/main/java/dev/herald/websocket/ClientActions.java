package dev.herald.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out a client's request for the connection's user and answers with the frame to send back,
 * if any: nothing for a successful ack or read, {@code {"type":"history","items":[...]}} for history,
 * {@code {"type":"error","message":"..."}} for anything refused.
 *
 * <p>Only the user's own ledger rows can be acknowledged or read. On a WebSocket row the ack is the frame's
 * own receipt, so it moves the row to DELIVERED from SENDING (the frame can reach the browser before the
 * delivery handler records SENT), SENT or FAILED (the frame arrived although the post timed out: the ack
 * stops a duplicate). A push or email row (a user can read its id in the inbox) only moves on once its
 * handler recorded SENT: an ack or read never changes where its delivery stands, so a FAILED push or email
 * keeps its retry and a SENDING one its claim (the client gets an error frame with the status). Read moves
 * a row to READ from the same statuses and from DELIVERED. Repeating an ack or read is harmless.
 *
 * <p>Error frames never carry a top-level {@code deliveryId}: clients ack every frame that has one.
 */
final class ClientActions {
    private static final Set<DeliveryStatus> ACK_FROM = EnumSet.of(DeliveryStatus.SENDING, DeliveryStatus.SENT, DeliveryStatus.FAILED);
    private static final Set<DeliveryStatus> ACKED = EnumSet.of(DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    private static final Set<DeliveryStatus> READ_FROM =
            EnumSet.of(DeliveryStatus.SENDING, DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.DELIVERED);
    private static final Set<DeliveryStatus> READ = EnumSet.of(DeliveryStatus.READ);
    /** Push and email: only rows their handler recorded as sent; the read state follows the delivery, never leads it. */
    private static final Set<DeliveryStatus> ACK_FROM_SENT = EnumSet.of(DeliveryStatus.SENT);
    private static final Set<DeliveryStatus> READ_FROM_SENT = EnumSet.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);

    private final DeliveryLedger ledger;

    /** The statuses a row of that channel may be marked read from (the inbox's mark-read uses the same rule). */
    static Set<DeliveryStatus> readFrom(Channel channel) {
        return channel == Channel.WEBSOCKET ? READ_FROM : READ_FROM_SENT;
    }

    ClientActions(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /** @return the frame to send back to the client, or empty when there is nothing to say */
    Optional<String> handle(String userId, ClientRequest request) {
        return switch (request) {
            case ClientRequest.Ack ack -> advance(userId, ack.deliveryId(), "ack", ACK_FROM, ACK_FROM_SENT, DeliveryStatus.DELIVERED, ACKED);
            case ClientRequest.Read read -> advance(userId, read.deliveryId(), "read", READ_FROM, READ_FROM_SENT, DeliveryStatus.READ, READ);
            case ClientRequest.History history -> Optional.of(historyFrame(userId, history.limit()));
            case ClientRequest.Invalid invalid -> Optional.of(errorFrame(invalid.message()));
        };
    }

    static String errorFrame(String message) {
        ObjectNode frame = Json.object();
        frame.put("type", "error");
        frame.put("message", message);
        return Json.write(frame);
    }

    private String historyFrame(String userId, int limit) {
        ObjectNode frame = Json.object();
        frame.put("type", "history");
        frame.set("items", LedgerItems.items(ledger.recentForUser(userId, limit)));
        return Json.write(frame);
    }

    private Optional<String> advance(String userId, String deliveryId, String action, Set<DeliveryStatus> fromWebSocket,
                                     Set<DeliveryStatus> fromOtherChannels, DeliveryStatus to, Set<DeliveryStatus> done) {
        Optional<LedgerEntry> row = ledger.find(deliveryId).filter(e -> userId.equals(e.userId()));
        if (row.isEmpty()) {
            // the same answer whether the row is missing or someone else's: ids of other users' deliveries stay secret
            return Optional.of(errorFrame("you have no delivery '" + deliveryId + "'; " + action
                    + " only the deliveryId of a notification frame this connection received"));
        }
        Set<DeliveryStatus> from = row.get().channel() == Channel.WEBSOCKET ? fromWebSocket : fromOtherChannels;
        if (done.contains(row.get().status()) || ledger.transition(deliveryId, from, to, null)) {
            return Optional.empty();
        }
        // the row moved between find and transition (e.g. the delivery handler recorded its outcome): look again
        DeliveryStatus now = ledger.find(deliveryId).map(LedgerEntry::status).orElse(row.get().status());
        if (done.contains(now) || from.contains(now) && ledger.transition(deliveryId, from, to, null)) {
            return Optional.empty();
        }
        return Optional.of(errorFrame("delivery '" + deliveryId + "' is " + now.wireName() + "; only a delivery that was sent "
                + "to you can be " + (to == DeliveryStatus.READ ? "marked read" : "acknowledged")));
    }
}
