package dev.herald.infra;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.TableSpec;
import java.util.List;
import java.util.Locale;
import software.constructs.Node;

/**
 * {@value #KEY}: how the ledger's {@code byUser} index is deployed, for upgrading a stack whose index projects
 * {@code ALL}. CloudFormation cannot change an index's projection, nor delete and add an index of one name in one update,
 * so the upgrade is two deploys: {@code none} (the index is deleted; the inbox fails until the next deploy), then the
 * default {@code keys-only} (the index is created and backfilled). {@code all} keeps the old projection.
 */
enum LedgerIndexSetting {
    KEYS_ONLY, ALL, NONE;

    static final String KEY = "herald:ledgerIndex";

    /** @throws IllegalArgumentException for a value other than keys-only, all or none */
    static LedgerIndexSetting fromContext(Node node) {
        Object raw = node.tryGetContext(KEY);
        if (raw == null || raw.toString().isBlank()) {
            return KEYS_ONLY;
        }
        String v = raw.toString().trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "keys-only" -> KEYS_ONLY;
            case "all" -> ALL;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(KEY + " is '" + raw + "'; use keys-only (the default), all, or none"
                    + " (none, then keys-only, is the two-deploy upgrade of a stack whose ledger index projects ALL; docs/DEPLOY.md)");
        };
    }

    /** The Topology's tables with the ledger's index as this setting asks. */
    List<TableSpec> apply(List<TableSpec> tables) {
        if (this == KEYS_ONLY) {
            return tables;
        }
        return tables.stream().map(t -> !t.name().equals(HeraldTopology.TABLE_DELIVERIES) ? t
                : new TableSpec(t.name(), t.partitionKey(), t.sortKey(), this == NONE ? List.of()
                        : t.indexes().stream().map(i -> new TableSpec.IndexSpec(i.name(), i.partitionKey(), i.sortKey(), TableSpec.Projection.ALL)).toList(),
                        t.ttlAttribute())).toList();
    }
}
