package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.local.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The per-entry checks PutEvents makes; a failed check becomes that entry's {@code ErrorCode} and
 * {@code ErrorMessage} (the call itself still answers 200), as EventBridge reports them.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
final class EntryValidator {
    /** EventBridge's limit for one entry, computed as its size calculation says. */
    static final int MAX_ENTRY_BYTES = 256 * 1024;

    private EntryValidator() {
    }

    /** A rejected entry: the PutEvents error code and a message that says how to fix it. */
    record Rejection(String errorCode, String errorMessage) {
    }

    /** The parsed detail, or the rejection. Exactly one is present. */
    record Checked(JsonNode detail, Rejection rejection) {
    }

    static Checked check(EventPublisher.Entry entry) {
        if (blank(entry.source())) {
            return rejected("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument; set it to the producing application, e.g. shop.orders");
        }
        if (blank(entry.detailType())) {
            return rejected("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument; set it to the event type, e.g. order.shipped");
        }
        if (blank(entry.detail())) {
            return rejected("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument; send a JSON object as a string");
        }
        Optional<JsonNode> detail = parseObject(entry.detail());
        if (detail.isEmpty()) {
            return rejected("MalformedDetail", "Detail is malformed: it must be a JSON object as a string, e.g. \"{\\\"recipients\\\":[\\\"user-1\\\"]}\"");
        }
        int size = size(entry);
        if (size > MAX_ENTRY_BYTES) {
            return rejected("InvalidArgument", "Total size of the entry is " + size + " bytes, over the limit of " + MAX_ENTRY_BYTES
                    + " bytes; send a smaller Detail (e.g. ids the consumer can look up)");
        }
        return new Checked(detail.get(), null);
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html */
    static int size(EventPublisher.Entry entry) {
        int size = entry.time() == null ? 0 : 14;
        size += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
        if (entry.resources() != null) {
            for (String r : entry.resources()) {
                size += utf8(r);
            }
        }
        return size;
    }

    private static Optional<JsonNode> parseObject(String text) {
        try {
            JsonNode node = Json.tree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Json.JsonException e) {
            return Optional.empty();
        }
    }

    private static Checked rejected(String code, String message) {
        return new Checked(null, new Rejection(code, message));
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
