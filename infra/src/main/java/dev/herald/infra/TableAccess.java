package dev.herald.infra;

import static dev.herald.common.topology.HeraldTopology.FN_EMAIL_DELIVERY;
import static dev.herald.common.topology.HeraldTopology.FN_WEBHOOK_DELIVERY;
import static dev.herald.common.topology.HeraldTopology.FN_ENRICHMENT;
import static dev.herald.common.topology.HeraldTopology.FN_INBOX_API;
import static dev.herald.common.topology.HeraldTopology.TABLE_ROUTES;
import static dev.herald.common.topology.HeraldTopology.FN_ROUTER;
import static dev.herald.common.topology.HeraldTopology.TABLE_DELIVERIES;
import static dev.herald.common.topology.HeraldTopology.TABLE_PREFERENCES;
import static dev.herald.common.topology.HeraldTopology.TABLE_PROFILES;
import static dev.herald.common.topology.HeraldTopology.TABLE_SUPPRESSIONS;
import static dev.herald.common.topology.HeraldTopology.TABLE_TEMPLATES;
import static dev.herald.common.topology.HeraldTopology.TABLE_TOPICS;

import java.util.Map;
import java.util.Set;

/**
 * Which function only reads which table. The Topology says which tables a function uses, not
 * how; every (function, table) pair listed here gets read-only data access, every other pair
 * read-write. A pair naming something the Topology lacks is simply never looked up.
 */
final class TableAccess {
    private static final Map<String, Set<String>> READ_ONLY = Map.of(
            FN_ROUTER, Set.of(TABLE_TOPICS, TABLE_PREFERENCES, TABLE_ROUTES),
            FN_ENRICHMENT, Set.of(TABLE_PROFILES, TABLE_TEMPLATES),
            FN_EMAIL_DELIVERY, Set.of(TABLE_SUPPRESSIONS),
            FN_INBOX_API, Set.of(TABLE_DELIVERIES),
            FN_WEBHOOK_DELIVERY, Set.of(TABLE_TOPICS));

    private TableAccess() {
    }

    static boolean readOnly(String function, String table) {
        return READ_ONLY.getOrDefault(function, Set.of()).contains(table);
    }
}
