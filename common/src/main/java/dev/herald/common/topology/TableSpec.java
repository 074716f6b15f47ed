package dev.herald.common.topology;

import java.util.List;
import java.util.Optional;

/** A DynamoDB table: keys, global secondary indexes (all projected) and the TTL attribute. */
public record TableSpec(String name, Attribute partitionKey, Optional<Attribute> sortKey, List<IndexSpec> indexes, Optional<String> ttlAttribute) {
    public TableSpec {
        indexes = List.copyOf(indexes);
    }

    public enum AttributeType { S, N }

    public record Attribute(String name, AttributeType type) {
        public static Attribute string(String name) {
            return new Attribute(name, AttributeType.S);
        }
    }

    public record IndexSpec(String name, Attribute partitionKey, Optional<Attribute> sortKey) {
    }
}
