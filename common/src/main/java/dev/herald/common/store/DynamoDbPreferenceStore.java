package dev.herald.common.store;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link PreferenceStore} on the Preferences table. Item shape:
 * <pre>{ "userId": S, "optOuts": SS ["orders:email", "*:push"], "quietHours": M {"start": S "22:00", "end": S "07:00"},
 *   "timeZone": S "Europe/Paris" }</pre>
 * Every attribute but {@code userId} is optional ({@code optOuts} is left out when empty: DynamoDB
 * sets cannot be empty); a missing time zone means UTC.
 */
public final class DynamoDbPreferenceStore implements PreferenceStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbPreferenceStore.class);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbPreferenceStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Preferences> find(String userId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Map.of("userId", AttributeValue.fromS(userId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Map<String, Preferences> findAll(Collection<String> userIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(userIds));
        Map<String, Preferences> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += MAX_BATCH) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + MAX_BATCH)).stream()
                    .map(u -> Map.of("userId", AttributeValue.fromS(u))).toList();
            readBatch(keys).forEach(item -> {
                Preferences p = fromItem(item);
                found.put(p.userId(), p);
            });
        }
        return found;
    }

    private List<Map<String, AttributeValue>> readBatch(List<Map<String, AttributeValue>> keys) {
        return BatchGetItems.read(dynamo, Map.of(table, KeysAndAttributes.builder().keys(keys).build()), BatchGetItems.DEFAULT_BACKOFF,
                "preference keys of table " + table, "retry later or raise the table's read capacity").getOrDefault(table, List.of());
    }

    @Override
    public void put(Preferences p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("userId", AttributeValue.fromS(p.userId()));
        if (!p.optOuts().isEmpty()) {
            item.put("optOuts", AttributeValue.fromSs(List.copyOf(p.optOuts())));
        }
        p.quietHours().ifPresent(q -> item.put("quietHours", AttributeValue.fromM(Map.of(
                "start", AttributeValue.fromS(q.start().toString()), "end", AttributeValue.fromS(q.end().toString())))));
        item.put("timeZone", AttributeValue.fromS(p.timeZone().getId()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static Preferences fromItem(Map<String, AttributeValue> item) {
        String userId = item.get("userId").s();
        Set<String> optOuts = new LinkedHashSet<>();
        AttributeValue ss = item.get("optOuts");
        if (ss != null && ss.hasSs()) {
            for (String entry : ss.ss()) {
                try {
                    new Preferences(userId, Set.of(entry), Optional.empty(), ZoneOffset.UTC);
                    optOuts.add(entry);
                } catch (IllegalArgumentException e) {
                    LOG.warn("preference ignored userId={} problem={}", userId, e.getMessage());
                }
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        AttributeValue tz = item.get("timeZone");
        if (tz != null && tz.s() != null) {
            try {
                zone = Preferences.zone(tz.s());
            } catch (IllegalArgumentException e) {
                LOG.warn("preference ignored userId={} problem={}; quiet hours are read in UTC", userId, e.getMessage());
            }
        }
        Optional<Preferences.QuietHours> quiet = Optional.empty();
        AttributeValue q = item.get("quietHours");
        if (q != null && q.hasM()) {
            try {
                quiet = Optional.of(Preferences.QuietHours.parse(text(q.m().get("start")), text(q.m().get("end"))));
            } catch (IllegalArgumentException e) {
                LOG.warn("preference ignored userId={} problem={}", userId, e.getMessage());
            }
        }
        return new Preferences(userId, optOuts, quiet, zone);
    }

    private static String text(AttributeValue v) {
        return v == null ? null : v.s();
    }

}
