package dev.herald.common.topology;

import java.util.List;
import java.util.Optional;

/**
 * The one declarative description of a Herald deployment: bus, rules, queues, functions, tables
 * and APIs. {@code infra} turns it into CDK constructs; {@code local} into embedded resources and
 * pollers. A change of wiring is made here once and holds in both places.
 * {@link HeraldTopology#standard()} is the description Herald ships with.
 */
public record Topology(
        String busName,
        List<RuleSpec> rules,
        List<QueueSpec> queues,
        List<FunctionSpec> functions,
        List<TableSpec> tables,
        WebSocketApiSpec webSocketApi,
        HttpApiSpec httpApi) {

    public Topology {
        rules = List.copyOf(rules);
        queues = List.copyOf(queues);
        functions = List.copyOf(functions);
        tables = List.copyOf(tables);
        TopologyValidator.validate(busName, rules, queues, functions, tables, webSocketApi, httpApi);
    }

    public Optional<QueueSpec> queue(String name) {
        return queues.stream().filter(q -> q.name().equals(name)).findFirst();
    }

    public Optional<FunctionSpec> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<TableSpec> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Functions fed by an SQS queue (an event source mapping each). */
    public List<FunctionSpec> queueConsumers() {
        return functions.stream().filter(f -> f.trigger().isPresent()).toList();
    }
}
