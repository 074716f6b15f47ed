package dev.herald.common.topology;

import java.util.List;
import java.util.Optional;

/** A DynamoDB table: keys, global secondary indexes (each with its projection) and the TTL attribute. */
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

    /**
     * What a global secondary index copies from each item. {@link #ALL} lets a query read whole items from the
     * index, but every write that changes any attribute also writes the index (a second write unit);
     * {@link #KEYS_ONLY} copies the table's and the index's keys only, so an update of other attributes leaves the
     * index alone and readers fetch the items from the table.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections
     */
    public enum Projection { ALL, KEYS_ONLY }

    /** @param projection what the index copies from each item */
    public record IndexSpec(String name, Attribute partitionKey, Optional<Attribute> sortKey, Projection projection) {
        /** An index that projects {@link Projection#ALL}. */
        public IndexSpec(String name, Attribute partitionKey, Optional<Attribute> sortKey) {
            this(name, partitionKey, sortKey, Projection.ALL);
        }
    }
}
