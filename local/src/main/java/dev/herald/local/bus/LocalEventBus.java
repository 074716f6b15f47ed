package dev.herald.local.bus;

import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.Topology;
import dev.herald.local.EventPublisher;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.event.ruler.Machine;

/**
 * The Topology's event buses on this machine, as EventBridge runs them: each entry is validated
 * ({@link EntryValidator}), built into the event EventBridge would build, matched against the
 * rules of its bus with event-ruler (the engine EventBridge uses) and sent, as the message body,
 * to the SQS queue of every matching rule - as an EventBridge rule with an SQS target does.
 * <p>Buses: the Topology's bus and {@code default}, by name or ARN; an entry without a bus goes to
 * {@code default}. Failure behaviour, per entry (the others still go through):
 * <ul>
 *   <li>an invalid entry gets PutEvents' {@code InvalidArgument} or {@code MalformedDetail};</li>
 *   <li>an unknown bus gets {@code ResourceNotFoundException} (AWS has accepted such entries
 *       silently; locally a typo should be loud);</li>
 *   <li>a target queue that cannot be written gets {@code InternalException} naming the queue
 *       (AWS would retry for up to 24 h; locally the caller learns at once).</li>
 * </ul>
 * An event matching no rule is accepted and dropped, as on AWS. Thread-safe.
 */
public final class LocalEventBus implements EventPublisher {
    private volatile Runnable beforeServiceEvent = () -> { };
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBus.class);

    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, RuleSpec> rules = new LinkedHashMap<>();
    /** Rules on the default bus that forward to the Topology's bus: rule name to target bus. */
    private final Map<String, String> forwards = new LinkedHashMap<>();
    private final SqsClient sqs;
    private final Map<String, String> queueUrls;
    private final String account;
    private final String region;

    /**
     * @param topology  its rules (by bus) are loaded; a pattern event-ruler refuses fails here
     * @param sqs       the client that writes to the target queues
     * @param queueUrls queue name to URL, for every rule's target queue
     * @param account   the account id written into events and ARNs
     * @param region    the region written into events and ARNs
     */
    public LocalEventBus(Topology topology, SqsClient sqs, Map<String, String> queueUrls, String account, String region) {
        this.sqs = sqs;
        this.queueUrls = Map.copyOf(queueUrls);
        this.account = account;
        this.region = region;
        machines.put(topology.busName(), new Machine());
        machines.put(RuleSpec.DEFAULT_BUS, new Machine());
        for (RuleSpec rule : topology.rules()) {
            Machine machine = machines.computeIfAbsent(rule.bus(), b -> new Machine());
            if (!this.queueUrls.containsKey(rule.targetQueue())) {
                throw new IllegalArgumentException("rule " + rule.name() + " targets queue " + rule.targetQueue()
                        + ", which has no URL; create the Topology's queues before the bus");
            }
            try {
                machine.addRule(rule.name(), rule.eventPattern());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("rule " + rule.name() + " has a pattern event-ruler refuses: " + e.getMessage(), e);
            }
            rules.put(rule.name(), rule);
        }
    }

    @Override
    public List<Result> putEvents(List<Entry> entries) {
        List<Result> results = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            results.add(put(entry));
        }
        return results;
    }

    /**
     * Adds a rule on the default bus that forwards what {@code pattern} matches to {@code targetBus} unchanged (same id),
     * as an EventBridge rule with an event-bus target does: AWS services publish only to the default bus
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html).
     *
     * @throws IllegalArgumentException when event-ruler refuses the pattern or the target bus does not exist
     */
    /** Runs {@code hook} before each AWS service event is put on the default bus (herald up's forwarding follows the Routes table). */
    public void beforeServiceEvents(Runnable hook) {
        this.beforeServiceEvent = hook;
    }

    public synchronized void forwardFromDefault(String ruleName, String pattern, String targetBus) {
        if (!machines.containsKey(targetBus) || targetBus.equals(RuleSpec.DEFAULT_BUS)) {
            throw new IllegalArgumentException("forwarding rule " + ruleName + " targets bus " + targetBus + "; this runtime forwards to " + busNames());
        }
        try {
            machines.get(RuleSpec.DEFAULT_BUS).addRule(ruleName, pattern);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("forwarding rule " + ruleName + " has a pattern event-ruler refuses: " + e.getMessage(), e);
        }
        forwards.put(ruleName, targetBus);
    }

    /** The forwarding rules on the default bus: rule name to target bus. */
    public synchronized Map<String, String> forwards() {
        return Map.copyOf(forwards);
    }

    /**
     * Puts an event an AWS service emits (e.g. S3's {@code Object Created}, source {@code aws.s3}) on the default bus, as
     * the service does; PutEvents refuses {@code aws.*} sources, so this is the emulators' way in.
     *
     * @return the event's id, or the reason it could not be delivered
     */
    public Result putServiceEvent(String source, String detailType, com.fasterxml.jackson.databind.JsonNode detail, List<String> resources) {
        beforeServiceEvent.run();
        EventEnvelope event = EventEnvelope.of(source, detailType, detail, resources, Instant.now(), account, region);
        return deliver(RuleSpec.DEFAULT_BUS, event);
    }

    /** Bus names (the Topology's and {@code default}). */
    public List<String> busNames() {
        return List.copyOf(machines.keySet());
    }

    /** The rules on {@code bus}, in Topology order. */
    public List<RuleSpec> rules(String bus) {
        return rules.values().stream().filter(r -> r.bus().equals(bus)).toList();
    }

    /** The bus a PutEvents {@code EventBusName} (name, ARN or null) refers to, if it exists. */
    public Optional<String> resolveBus(String nameOrArn) {
        String name = nameOrArn == null || nameOrArn.isBlank() ? RuleSpec.DEFAULT_BUS : nameOrArn;
        int slash = name.startsWith("arn:") ? name.lastIndexOf("event-bus/") : -1;
        if (slash >= 0) {
            name = name.substring(slash + "event-bus/".length());
        }
        return machines.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    public String busArn(String bus) {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + bus;
    }

    public String ruleArn(RuleSpec rule) {
        String path = rule.bus().equals(RuleSpec.DEFAULT_BUS) ? rule.name() : rule.bus() + "/" + rule.name();
        return "arn:aws:events:" + region + ":" + account + ":rule/" + path;
    }

    private Result put(Entry entry) {
        EntryValidator.Checked checked = EntryValidator.check(entry);
        if (checked.rejection() != null) {
            return new Result(null, checked.rejection().errorCode(), checked.rejection().errorMessage());
        }
        Optional<String> bus = resolveBus(entry.eventBusName());
        if (bus.isEmpty()) {
            return new Result(null, "ResourceNotFoundException", "Event bus " + entry.eventBusName()
                    + " does not exist; this runtime has " + busNames() + " (from the Topology)");
        }
        EventEnvelope event = EventEnvelope.of(entry.source(), entry.detailType(), checked.detail(),
                entry.resources() == null ? List.of() : entry.resources(), entry.time() == null ? Instant.now() : entry.time(), account, region);
        return deliver(bus.get(), event);
    }

    private Result deliver(String bus, EventEnvelope event) {
        List<String> matched;
        synchronized (this) {
            matched = machines.get(bus).rulesForJSONEvent(event.json());
        }
        String body = event.body();
        for (String ruleName : matched) {
            String targetBus = bus.equals(RuleSpec.DEFAULT_BUS) ? forwards().get(ruleName) : null;
            if (targetBus != null) {
                Result forwarded = deliver(targetBus, event);
                if (forwarded.failed()) {
                    return forwarded;
                }
                continue;
            }
            String queue = rules.get(ruleName).targetQueue();
            try {
                sqs.sendMessage(r -> r.queueUrl(queueUrls.get(queue)).messageBody(body));
            } catch (SdkException e) {
                LOG.warn("event bus target failed rule={} queue={} eventId={} error={}", ruleName, queue, event.id(), e.getMessage());
                return new Result(null, "InternalException", "the event matched rule " + ruleName + " but queue " + queue
                        + " could not be written: " + e.getMessage());
            }
        }
        LOG.debug("event accepted bus={} eventId={} rules={}", bus, event.id(), matched);
        return new Result(event.id(), null, null);
    }
}
