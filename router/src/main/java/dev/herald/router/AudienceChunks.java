package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Splits a large audience into chunk messages on the ingress queue, so no record routes more than
 * {@link #USERS_PER_CHUNK} recipients (no invocation more than 10 x that) and the router's concurrent pollers route the chunks side by side.
 * A chunk message carries the original event body and, in the message attribute {@value #ATTRIBUTE}, the notification
 * id, the chunk's index and its user ids (JSON). Only Herald's router writes that attribute: EventBridge's SQS target
 * never sets message attributes (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html), so an
 * event from the bus is never taken for a chunk. Chunk messages count against the ingress queue's max receives and
 * reach its dead-letter queue like events.
 */
final class AudienceChunks {
    /** The message attribute marking a chunk message. */
    static final String ATTRIBUTE = "HeraldChunk";
    /**
     * Users per chunk: what bounds one router invocation's work. The ingress trigger hands the router up to 10 records, so
     * an invocation routes at most 10 x 25 = 250 users (their preferences, rendering, rows and channel messages): on an
     * engine slowed by load, 10 chunks of 100 (1,000 users) outran the 30 s function timeout and were routed again after
     * the visibility timeout. Smaller chunks also let more pollers share a large audience.
     */
    static final int USERS_PER_CHUNK = 25;
    private static final int MAX_ENTRIES = 10;
    /** As for channel messages: the lower, pre-2025 SendMessageBatch payload limit, body and attributes counted. */
    private static final int MAX_BATCH_BYTES = 256 * 1024;

    /**
     * One chunk of a notification's audience.
     *
     * @param index the chunk's place in the audience (0-based), in the order the expansion gave the users
     * @param users at most {@link #USERS_PER_CHUNK} distinct user ids
     */
    record Chunk(String notificationId, int index, List<String> users) {
        Chunk {
            users = List.copyOf(users);
        }

        /**
         * The chunk's claim id ({@code <notificationId>#chunk-<index>-<digest of its users>}): a redelivered chunk message
         * finds its own claim; a chunk of a later expansion whose users differ (subscribers changed) has a claim of its own.
         */
        String claimId() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                users.forEach(u -> sha.update((u + "\n").getBytes(StandardCharsets.UTF_8)));
                return notificationId + "#chunk-" + index + "-" + HexFormat.of().formatHex(sha.digest(), 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        String toJson() {
            return Json.write(Map.of("notificationId", notificationId, "index", index, "users", users));
        }
    }

    /** What a record's {@value #ATTRIBUTE} says. */
    sealed interface Marking {
        /** No attribute: an event from the bus. */
        record None() implements Marking {
        }

        record Valid(Chunk chunk) implements Marking {
        }

        /** An attribute that does not parse: the record is rejected into the ledger with this reason. */
        record Invalid(String reason) implements Marking {
        }
    }

    private AudienceChunks() {
    }

    static Marking read(SQSEvent.SQSMessage record) {
        SQSEvent.MessageAttribute attribute = record.getMessageAttributes() == null ? null : record.getMessageAttributes().get(ATTRIBUTE);
        if (attribute == null) {
            return new Marking.None();
        }
        String problem = "message attribute " + ATTRIBUTE + " is not a valid Herald audience chunk (only Herald's router writes it;"
                + " remove it from messages sent to the ingress queue): ";
        try {
            var node = Json.tree(attribute.getStringValue());
            var users = node.path("users");
            if (!node.path("notificationId").isTextual() || !node.path("index").canConvertToInt() || !users.isArray() || users.isEmpty()) {
                return new Marking.Invalid(problem + "it needs notificationId (text), index (a number) and users (a non-empty list)");
            }
            List<String> ids = new ArrayList<>();
            for (var u : users) {
                if (!u.isTextual()) {
                    return new Marking.Invalid(problem + "users must be user ids (text)");
                }
                ids.add(u.asText());
            }
            return new Marking.Valid(new Chunk(node.get("notificationId").asText(), node.get("index").asInt(), ids));
        } catch (RuntimeException e) {
            return new Marking.Invalid(problem + e.getMessage());
        }
    }

    /**
     * The chunk messages of an audience, packed into SendMessageBatch calls (10 entries, 256 KiB each); entry ids are
     * the chunk indexes.
     */
    static List<List<SendMessageBatchRequestEntry>> messages(String body, String notificationId, Iterator<List<String>> chunks) {
        List<List<SendMessageBatchRequestEntry>> calls = new ArrayList<>();
        List<SendMessageBatchRequestEntry> current = new ArrayList<>();
        int bytes = 0;
        int bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
        for (int index = 0; chunks.hasNext(); index++) {
            String value = new Chunk(notificationId, index, chunks.next()).toJson();
            int size = bodyBytes + ATTRIBUTE.length() + "String".length() + value.getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                calls.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(index)).messageBody(body)
                    .messageAttributes(Map.of(ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(value).build()))
                    .build());
            bytes += size;
        }
        if (!current.isEmpty()) {
            calls.add(current);
        }
        return calls;
    }
}
