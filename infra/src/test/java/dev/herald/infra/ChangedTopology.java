package dev.herald.infra;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.common.topology.TableSpec;
import dev.herald.common.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The standard Topology with entries changed, for the parity tests: the push queue's redrive after 3
 * receives instead of 5 (one existing entry changed), and a fax channel added (a channel Herald does not have) (queue + DLQ, a table
 * with a GSI and TTL, a rule, a queue-fed function). Nothing else differs from
 * {@link HeraldTopology#standard()}.
 */
final class ChangedTopology {
    static final int PUSH_MAX_RECEIVES = 3;
    static final String SMS_QUEUE = "herald-fax";
    static final String SMS_DLQ = SMS_QUEUE + HeraldTopology.DLQ_SUFFIX;
    static final int SMS_MAX_RECEIVES = 4;
    static final Duration SMS_VISIBILITY = Duration.ofMinutes(4);
    static final String SMS_TABLE = "herald-fax-numbers";
    static final String SMS_INDEX = "byNumber";
    static final String SMS_RULE = "herald-fax-events";
    static final String SMS_DETAIL_TYPE = "fax.requested";
    static final String SMS_FUNCTION = "herald-fax-delivery";

    private ChangedTopology() {
    }

    static Topology of(Topology t) {
        List<QueueSpec> queues = new ArrayList<>(t.queues().stream()
                .map(q -> q.name().equals(HeraldTopology.QUEUE_PUSH)
                        ? new QueueSpec(q.name(), q.visibilityTimeout(), q.retention(),
                                Optional.of(new QueueSpec.DeadLetter(q.deadLetter().orElseThrow().queue(), PUSH_MAX_RECEIVES)))
                        : q)
                .toList());
        queues.add(new QueueSpec(SMS_QUEUE, SMS_VISIBILITY, Duration.ofDays(4), Optional.of(new QueueSpec.DeadLetter(SMS_DLQ, SMS_MAX_RECEIVES))));
        queues.add(QueueSpec.deadLetterQueue(SMS_DLQ));
        List<TableSpec> tables = Stream.concat(t.tables().stream(), Stream.of(new TableSpec(SMS_TABLE,
                TableSpec.Attribute.string("userId"), Optional.empty(),
                List.of(new TableSpec.IndexSpec(SMS_INDEX, TableSpec.Attribute.string("number"), Optional.empty())),
                Optional.of("expiresAt")))).toList();
        List<RuleSpec> rules = Stream.concat(t.rules().stream(), Stream.of(new RuleSpec(SMS_RULE, t.busName(),
                "{\"detail-type\":[\"" + SMS_DETAIL_TYPE + "\"]}", SMS_QUEUE, "fax requests"))).toList();
        List<FunctionSpec> functions = Stream.concat(t.functions().stream(), Stream.of(new FunctionSpec(SMS_FUNCTION,
                "dev.herald.fax.FaxDeliveryHandler", "herald-handlers-fax", 512, Duration.ofSeconds(30),
                Map.of("HERALD_TABLE_FAX_NUMBERS", new EnvValue.TableName(SMS_TABLE)),
                Optional.of(new SqsTrigger(SMS_QUEUE, 5, Duration.ofSeconds(2), true, 2))))).toList();
        return new Topology(t.busName(), rules, queues, functions, tables, t.webSocketApi(), t.httpApi());
    }
}
