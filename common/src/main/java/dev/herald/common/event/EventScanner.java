package dev.herald.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an EventBridge event in one streaming pass into a <em>slim</em> tree: the envelope and the
 * detail as they are, except the producer's {@code detail.data}, of which only the paths named in
 * {@code dataPaths} are kept (what routes match on). The text of {@code detail.data} is kept verbatim
 * instead, so the router can pass it on without ever building its tree ({@link Json#raw}).
 *
 * <p>The slim tree is what {@link EventParser#parse(String, JsonNode)} validates and what event-ruler
 * matches: validation reads no field inside {@code data}, and a rule only sees the fields its pattern
 * names, so both give the same answers as on the whole tree. Thread-safe and immutable.
 *
 * <p>Failure: {@link #scan} returns empty for text that is not one JSON object (malformed, truncated,
 * trailing content, or another JSON value); {@link EventParser#parse(String)} then says what is wrong.
 */
public final class EventScanner {
    private static final String DATA = "detail.data";
    /* Herald's own factory: field names are canonicalized in its symbol table, so repeated names cost no allocation. */
    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What to keep below {@code detail.data}: by field name, a whole value ({@code whole}) or some fields of it. */
    private record Keep(Map<String, Keep> children, boolean whole) {
    }

    private final Keep data;

    private EventScanner(Set<String> underData) {
        Map<String, Keep> root = new HashMap<>();
        for (String path : underData) {
            if (path.equals(DATA)) {
                root = null;
                break;
            }
            String[] parts = path.substring(DATA.length() + 1).split("\\.");
            Map<String, Keep> at = root;
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                Keep k = at.get(parts[i]);
                if (k == null || (last && !k.whole)) {
                    k = new Keep(k == null ? new HashMap<>() : k.children, last || (k != null && k.whole));
                    at.put(parts[i], k);
                }
                at = k.children;
            }
        }
        this.data = root == null ? new Keep(Map.of(), true) : new Keep(root, false);
    }

    /**
     * A scanner that keeps, inside {@code detail.data}, every field at or under one of {@code paths}
     * (dotted from the event root, e.g. {@code detail.data.order.total}); other paths are ignored.
     */
    public static EventScanner keeping(Set<String> paths) {
        Set<String> underData = new HashSet<>();
        for (String p : paths) {
            if (p.equals(DATA) || p.startsWith(DATA + ".")) {
                underData.add(p);
            }
        }
        return new EventScanner(underData);
    }

    /** The slim tree and the verbatim {@code detail.data} text (null when there is no data object). */
    public record Scanned(ObjectNode root, String dataText) {
        /** {@code detail.data} as the router passes it on: the verbatim text, or the detail's own value. */
        public JsonNode data(ObjectNode fallback) {
            return dataText != null ? Json.raw(dataText) : fallback;
        }
    }

    /** Scans {@code body}; empty when it is not exactly one JSON object. */
    public Optional<Scanned> scan(String body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Reader reader = new Reader(p, body);
            ObjectNode root = reader.object(false);
            if (p.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(new Scanned(root, reader.dataText));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One pass over one body; not shared between threads. */
    private final class Reader {
        private final JsonParser p;
        private final String body;
        private String dataText;

        Reader(JsonParser p, String body) {
            this.p = p;
            this.body = body;
        }

        /**
         * The object whose START_OBJECT is the current token, whole except under {@code detail.data}:
         * {@code inDetail} is false for the event itself, true for its {@code detail}.
         */
        ObjectNode object(boolean inDetail) throws IOException {
            ObjectNode node = NODES.objectNode();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT && inDetail && name.equals("data")) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    node.set(name, data.whole ? value(t) : pruned(data));
                    dataText = body.substring(start, (int) p.currentLocation().getCharOffset());
                } else if (t == JsonToken.START_OBJECT && !inDetail && name.equals("detail")) {
                    node.set(name, object(true));
                } else {
                    node.set(name, value(t));
                }
            }
            return node;
        }

        /** The object whose START_OBJECT is the current token, with only the fields {@code keep} names. */
        private ObjectNode pruned(Keep keep) throws IOException {
            ObjectNode node = NODES.objectNode();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                Keep child = keep.children.get(name);
                if (child == null) {
                    p.skipChildren();
                } else if (child.whole || t != JsonToken.START_OBJECT) {
                    node.set(name, value(t));
                } else {
                    node.set(name, pruned(child));
                }
            }
            return node;
        }

        /** The whole value whose first token is {@code t}, as Jackson's own tree reader builds it. */
        private JsonNode value(JsonToken t) throws IOException {
            return switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = NODES.objectNode();
                    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                        o.set(name, value(p.nextToken()));
                    }
                    yield o;
                }
                case START_ARRAY -> {
                    ArrayNode a = NODES.arrayNode();
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        a.add(value(e));
                    }
                    yield a;
                }
                case VALUE_STRING -> NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new IllegalStateException("unexpected JSON token " + t);
            };
        }
    }
}
