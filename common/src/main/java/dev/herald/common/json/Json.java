package dev.herald.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration Herald uses: ISO-8601 times, unknown fields ignored on read
 * (producers may send more than we know), nulls left out on write.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Writes {@code value} as compact JSON; a value Jackson cannot write is a programming error. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code text} into {@code type}; throws {@link JsonException} naming the problem. */
    public static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new JsonException("not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Parses {@code text} as a JSON tree; throws {@link JsonException} naming line and column. */
    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new JsonException("malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A node that writes {@code objectText} verbatim when serialized, without reading it into a tree:
     * how the router passes the producer's {@code data} on untouched (it validated the text is one JSON
     * object while scanning). Read it with {@link #asObject(JsonNode)}, never with {@code get}: a raw
     * node has no children until it crosses a JSON boundary (SQS, Lambda Invoke) or is materialized.
     */
    public static JsonNode raw(String objectText) {
        return new POJONode(new RawValue(objectText));
    }

    /**
     * {@code node} as an object: itself when it is one, the parsed text of a {@link #raw} node, an empty
     * object for null; anything else is a programming error.
     */
    public static ObjectNode asObject(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return object();
        }
        if (node instanceof ObjectNode o) {
            return o;
        }
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw && tree(raw.rawValue().toString()) instanceof ObjectNode o) {
            return o;
        }
        throw new IllegalArgumentException("expected a JSON object, got " + node.getNodeType());
    }

    /** Converts a tree or map into {@code type}. */
    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** Thrown when text is not the JSON we expected; the message says where and why. */
    public static final class JsonException extends RuntimeException {
        public JsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
