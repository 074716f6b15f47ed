package dev.herald.common.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks that every name a Topology refers to exists, and the AWS rules that bind queues to functions. */
final class TopologyValidator {
    private TopologyValidator() {
    }

    /** Lambda's largest MaximumBatchingWindowInSeconds for SQS. */
    private static final java.time.Duration MAX_BATCHING_WINDOW = java.time.Duration.ofMinutes(5);

    static void validate(String busName, List<RuleSpec> rules, List<QueueSpec> queues, List<FunctionSpec> functions,
                         List<TableSpec> tables, WebSocketApiSpec ws, HttpApiSpec http) {
        List<String> problems = new ArrayList<>();
        Set<String> queueNames = unique("queue", queues.stream().map(QueueSpec::name).toList(), problems);
        Set<String> functionNames = unique("function", functions.stream().map(FunctionSpec::name).toList(), problems);
        Set<String> tableNames = unique("table", tables.stream().map(TableSpec::name).toList(), problems);
        unique("rule", rules.stream().map(RuleSpec::name).toList(), problems);
        for (RuleSpec r : rules) {
            if (!queueNames.contains(r.targetQueue())) {
                problems.add("rule " + r.name() + " targets unknown queue " + r.targetQueue());
            }
            if (!r.bus().equals(busName) && !r.bus().equals(RuleSpec.DEFAULT_BUS)) {
                problems.add("rule " + r.name() + " is on bus " + r.bus() + "; use " + busName + " or " + RuleSpec.DEFAULT_BUS);
            }
        }
        for (QueueSpec q : queues) {
            q.deadLetter().ifPresent(d -> {
                if (!queueNames.contains(d.queue())) {
                    problems.add("queue " + q.name() + " has unknown dead-letter queue " + d.queue());
                }
            });
        }
        for (FunctionSpec f : functions) {
            f.trigger().ifPresent(t -> {
                var queue = queues.stream().filter(q -> q.name().equals(t.queue())).findFirst();
                if (queue.isEmpty()) {
                    problems.add("function " + f.name() + " is triggered by unknown queue " + t.queue());
                } else if (queue.get().visibilityTimeout().compareTo(f.timeout().multipliedBy(6)) < 0) {
                    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
                    problems.add("queue " + t.queue() + " visibility timeout " + queue.get().visibilityTimeout()
                            + " is below 6x the timeout of " + f.name() + " (" + f.timeout() + "), as AWS advises");
                }
                if (t.batchSize() < 1 || t.batchSize() > 10_000) {
                    problems.add("function " + f.name() + " batch size " + t.batchSize() + " is outside 1..10000");
                }
                // https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
                java.time.Duration window = t.maxBatchingWindow();
                if (window.isNegative() || window.compareTo(MAX_BATCHING_WINDOW) > 0 || window.toMillis() % 1000 != 0) {
                    problems.add("function " + f.name() + " batching window " + window + " is not a whole number of seconds in 0..300;"
                            + " Lambda's MaximumBatchingWindowInSeconds takes whole seconds up to 300");
                } else if (t.batchSize() > 10 && window.isZero()) {
                    problems.add("function " + f.name() + " batch size " + t.batchSize() + " needs a batching window of at least 1 s;"
                            + " Lambda takes more than 10 SQS messages per batch only with one");
                }
            });
            f.environment().forEach((k, v) -> {
                switch (v) {
                    case EnvValue.TableName t when !tableNames.contains(t.table()) ->
                            problems.add("function " + f.name() + " env " + k + " names unknown table " + t.table());
                    case EnvValue.QueueUrl q when !queueNames.contains(q.queue()) ->
                            problems.add("function " + f.name() + " env " + k + " names unknown queue " + q.queue());
                    case EnvValue.QueueArn q when !queueNames.contains(q.queue()) ->
                            problems.add("function " + f.name() + " env " + k + " names unknown queue " + q.queue());
                    case EnvValue.FunctionName n when !functionNames.contains(n.function()) ->
                            problems.add("function " + f.name() + " env " + k + " names unknown function " + n.function());
                    default -> {
                    }
                }
            });
        }
        if (ws != null) {
            ws.routes().forEach((route, fn) -> {
                if (!functionNames.contains(fn)) {
                    problems.add("WebSocket route " + route + " names unknown function " + fn);
                }
            });
        }
        if (http != null) {
            for (HttpApiSpec.HttpRoute r : http.routes()) {
                r.function().ifPresent(fn -> {
                    if (!functionNames.contains(fn)) {
                        problems.add("HTTP route " + r.method() + " " + r.path() + " names unknown function " + fn);
                    }
                });
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Topology: " + String.join("; ", problems));
        }
    }

    private static Set<String> unique(String kind, List<String> names, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                problems.add("two " + kind + "s are named " + n);
            }
        }
        return seen;
    }
}
