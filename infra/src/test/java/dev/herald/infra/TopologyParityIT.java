package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.TableSpec;
import dev.herald.common.topology.Topology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code infra} and {@code local} derive their queues, tables and rules from one Topology. The
 * same changed Topology ({@link ChangedTopology}: one existing queue entry changed, an SMS channel
 * added) is synthesized into the CDK template and started as {@code herald up}
 * ({@link LocalRuntime}); every queue, table and rule then has the same settings in the template and
 * in the running local engines (read back through the AWS SDK on the edge port), and the changed
 * entries show in both while the unchanged ones keep their standard values.
 */
@SuppressWarnings("unchecked")
class TopologyParityIT {
    private static final Topology STANDARD = HeraldTopology.standard();
    private static final Topology CHANGED = ChangedTopology.of(STANDARD);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    @TempDir
    static Path data;
    @TempDir
    static Path noJars;
    private static TemplateView template;
    private static LocalRuntime local;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static EventBridgeClient events;

    /**
     * What both backends must agree on for a queue. (Retention is not compared: ElasticMQ does not report
     * {@code MessageRetentionPeriod}; HeraldStackTest checks the template's against the Topology.)
     */
    record QueueFacts(long visibilitySeconds, Optional<String> deadLetterQueue, Optional<Integer> maxReceiveCount) {
    }

    /** Key schema and GSIs (name to key schema) of a table. */
    record TableFacts(String keys, Map<String, String> indexes, String ttlAttribute) {
    }

    /** A rule's bus, pattern and target queue. */
    record RuleFacts(String bus, Map<String, Object> pattern, String targetQueue) {
    }

    @BeforeAll
    static void synthesizeAndStart() {
        template = new TemplateView(Synth.of(CHANGED, noJars).template());
        local = LocalRuntime.start(RuntimeOptions.ephemeral(data, noJars), CHANGED);
        Region region = Region.of(local.region());
        URI edge = local.edgeEndpoint();
        sqs = SqsClient.builder().endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        dynamo = DynamoDbClient.builder().endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        events = EventBridgeClient.builder().endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {sqs, dynamo, events, local}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    // --- queues ---

    @Test
    void queues_haveTheSameSettingsInTheTemplateAndInHeraldUp() {
        Map<String, QueueFacts> infra = templateQueues();
        Map<String, QueueFacts> herald = localQueues();
        assertThat(infra.keySet()).isEqualTo(CHANGED.queues().stream().map(QueueSpec::name).collect(Collectors.toSet()));
        assertThat(herald).isEqualTo(infra);
    }

    @Test
    void changedQueueEntry_showsInBothBackends_andUnchangedEntriesKeepTheStandardValue() {
        Map<String, QueueFacts> infra = templateQueues();
        Map<String, QueueFacts> herald = localQueues();
        int standardPush = STANDARD.queue(HeraldTopology.QUEUE_PUSH).orElseThrow().deadLetter().orElseThrow().maxReceiveCount();
        assertThat(ChangedTopology.PUSH_MAX_RECEIVES).isNotEqualTo(standardPush);
        for (Map<String, QueueFacts> backend : List.of(infra, herald)) {
            assertThat(backend.get(HeraldTopology.QUEUE_PUSH).maxReceiveCount()).contains(ChangedTopology.PUSH_MAX_RECEIVES);
            assertThat(backend.get(HeraldTopology.QUEUE_WEBSOCKET).maxReceiveCount())
                    .contains(STANDARD.queue(HeraldTopology.QUEUE_WEBSOCKET).orElseThrow().deadLetter().orElseThrow().maxReceiveCount());
            assertThat(backend.get(ChangedTopology.SMS_QUEUE)).isEqualTo(new QueueFacts(ChangedTopology.SMS_VISIBILITY.toSeconds(),
                    Optional.of(ChangedTopology.SMS_DLQ), Optional.of(ChangedTopology.SMS_MAX_RECEIVES)));
        }
    }

    // --- tables ---

    @Test
    void tables_haveTheSameKeysIndexesAndTtlInTheTemplateAndInHeraldUp() {
        Map<String, TableFacts> infra = templateTables();
        Map<String, TableFacts> herald = localTables();
        assertThat(infra.keySet()).isEqualTo(CHANGED.tables().stream().map(TableSpec::name).collect(Collectors.toSet()));
        assertThat(herald).isEqualTo(infra);
        assertThat(infra.get(ChangedTopology.SMS_TABLE)).isEqualTo(new TableFacts("userId HASH", Map.of(ChangedTopology.SMS_INDEX, "number HASH"), "expiresAt"));
    }

    // --- rules ---

    @Test
    void rules_haveTheSameBusPatternAndTargetInTheTemplateAndInHeraldUp() {
        Map<String, RuleFacts> infra = templateRules();
        Map<String, RuleFacts> herald = localRules();
        assertThat(infra.keySet()).isEqualTo(CHANGED.rules().stream().map(RuleSpec::name).collect(Collectors.toSet()));
        assertThat(herald).isEqualTo(infra);
        assertThat(infra.get(ChangedTopology.SMS_RULE))
                .isEqualTo(new RuleFacts(CHANGED.busName(), Map.of("detail-type", List.of(ChangedTopology.SMS_DETAIL_TYPE)), ChangedTopology.SMS_QUEUE));
    }

    @Test
    void addedRule_deliversItsEventsToItsQueue_inHeraldUp() {
        var answer = events.putEvents(r -> r.entries(e -> e.eventBusName(CHANGED.busName()).source("parity.test")
                .detailType(ChangedTopology.SMS_DETAIL_TYPE).detail("{\"recipients\":[\"user-1\"],\"data\":{\"text\":\"hi\"}}")));
        assertThat(answer.failedEntryCount()).isZero();
        String eventId = answer.entries().get(0).eventId();
        assertThat(receive(ChangedTopology.SMS_QUEUE, eventId).body()).contains(ChangedTopology.SMS_DETAIL_TYPE);
    }

    // --- the template's side ---

    private static Map<String, QueueFacts> templateQueues() {
        Map<String, String> names = namesByLogicalId("AWS::SQS::Queue", "QueueName");
        Map<String, QueueFacts> out = new TreeMap<>();
        template.properties("AWS::SQS::Queue").forEach((id, p) -> {
            if (EventResources.EVENTS_DLQ.equals(names.get(id))) {
                return; // the rule targets' DLQ: EventBridge's, not the Topology's (herald up's bus delivers in-process)
            }
            Map<String, Object> redrive = (Map<String, Object>) p.get("RedrivePolicy");
            Optional<String> dlq = Optional.ofNullable(redrive).map(r -> names.get(getAttTarget(r.get("deadLetterTargetArn"))));
            Optional<Integer> max = Optional.ofNullable(redrive).map(r -> ((Number) r.get("maxReceiveCount")).intValue());
            out.put(names.get(id), new QueueFacts(((Number) p.get("VisibilityTimeout")).longValue(), dlq, max));
        });
        return out;
    }

    private static Map<String, TableFacts> templateTables() {
        Map<String, TableFacts> out = new TreeMap<>();
        template.properties("AWS::DynamoDB::Table").values().forEach(p -> {
            Map<String, String> indexes = new TreeMap<>();
            for (Object gsi : TemplateView.list(p.get("GlobalSecondaryIndexes"))) {
                Map<String, Object> g = (Map<String, Object>) gsi;
                indexes.put((String) g.get("IndexName"), templateKeys((List<Object>) g.get("KeySchema")));
            }
            Map<String, Object> ttl = (Map<String, Object>) p.get("TimeToLiveSpecification");
            String ttlAttribute = ttl != null && Boolean.TRUE.equals(ttl.get("Enabled")) ? (String) ttl.get("AttributeName") : null;
            out.put((String) p.get("TableName"), new TableFacts(templateKeys((List<Object>) p.get("KeySchema")), indexes, ttlAttribute));
        });
        return out;
    }

    /** The Topology's rules; the default-bus forwarders are AWS plumbing (SES publishes only there) that herald up does not need. */
    private static Map<String, RuleFacts> templateRules() {
        Map<String, String> queues = namesByLogicalId("AWS::SQS::Queue", "QueueName");
        String busId = template.properties("AWS::Events::EventBus").keySet().iterator().next();
        String busName = (String) template.properties("AWS::Events::EventBus").get(busId).get("Name");
        Map<String, RuleFacts> out = new TreeMap<>();
        template.properties("AWS::Events::Rule").values().forEach(p -> {
            String name = (String) p.get("Name");
            if (name.endsWith(EventResources.FORWARD_SUFFIX)) {
                return;
            }
            Object bus = p.get("EventBusName");
            String resolvedBus = TemplateView.ref(busId).equals(bus) ? busName : String.valueOf(bus);
            Map<String, Object> target = (Map<String, Object>) ((List<Object>) p.get("Targets")).get(0);
            out.put(name, new RuleFacts(resolvedBus, (Map<String, Object>) p.get("EventPattern"), queues.get(getAttTarget(target.get("Arn")))));
        });
        return out;
    }

    // --- herald up's side, read back through the SDK ---

    private static Map<String, QueueFacts> localQueues() {
        Map<String, QueueFacts> out = new TreeMap<>();
        for (String url : sqs.listQueues().queueUrls()) {
            Map<String, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings();
            Optional<JsonNode> redrive = Optional.ofNullable(a.get("RedrivePolicy")).map(TopologyParityIT::tree);
            out.put(url.substring(url.lastIndexOf('/') + 1), new QueueFacts(Long.parseLong(a.get("VisibilityTimeout")),
                    redrive.map(r -> afterLastColon(r.get("deadLetterTargetArn").asText())),
                    redrive.map(r -> Integer.parseInt(r.get("maxReceiveCount").asText()))));
        }
        return out;
    }

    private static Map<String, TableFacts> localTables() {
        Map<String, TableFacts> out = new TreeMap<>();
        for (String name : dynamo.listTablesPaginator().tableNames()) {
            TableDescription t = dynamo.describeTable(r -> r.tableName(name)).table();
            Map<String, String> indexes = new TreeMap<>();
            t.globalSecondaryIndexes().forEach(g -> indexes.put(g.indexName(), localKeys(g.keySchema())));
            var ttl = dynamo.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
            String ttlAttribute = ttl != null && ttl.timeToLiveStatus() == software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus.ENABLED
                    ? ttl.attributeName() : null;
            out.put(name, new TableFacts(localKeys(t.keySchema()), indexes, ttlAttribute));
        }
        return out;
    }

    private static Map<String, RuleFacts> localRules() {
        Map<String, RuleFacts> out = new TreeMap<>();
        for (var bus : events.listEventBuses(r -> { }).eventBuses()) {
            for (var rule : events.listRules(r -> r.eventBusName(bus.name())).rules()) {
                String target = events.listTargetsByRule(r -> r.eventBusName(bus.name()).rule(rule.name())).targets().get(0).arn();
                Map<String, Object> pattern;
                try {
                    pattern = JSON.readValue(rule.eventPattern(), new TypeReference<Map<String, Object>>() { });
                } catch (java.io.IOException e) {
                    throw new AssertionError("rule " + rule.name() + " has no JSON pattern: " + rule.eventPattern(), e);
                }
                out.put(rule.name(), new RuleFacts(bus.name(), pattern, afterLastColon(target)));
            }
        }
        return out;
    }

    /** The message of that event on the queue (other tests' events on the same queue are skipped). */
    private static Message receive(String queue, String eventId) {
        String url = local.queueUrls().get(queue);
        Instant giveUp = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(giveUp)) {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2).maxNumberOfMessages(10)).messages()) {
                if (m.body().contains(eventId)) {
                    return m;
                }
            }
        }
        throw new AssertionError("event " + eventId + " did not reach " + queue + " within 30 s");
    }

    // --- helpers ---

    private static Map<String, String> namesByLogicalId(String type, String property) {
        return template.properties(type).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue().get(property))));
    }

    private static String getAttTarget(Object getAtt) {
        return (String) ((List<Object>) ((Map<String, Object>) getAtt).get("Fn::GetAtt")).get(0);
    }

    private static String templateKeys(List<Object> keySchema) {
        return keySchema.stream().map(k -> (Map<String, Object>) k).map(k -> k.get("AttributeName") + " " + k.get("KeyType"))
                .collect(Collectors.joining(", "));
    }

    private static String localKeys(List<KeySchemaElement> keySchema) {
        return keySchema.stream().sorted((a, b) -> Boolean.compare(a.keyType() != KeyType.HASH, b.keyType() != KeyType.HASH))
                .map(k -> k.attributeName() + " " + k.keyTypeAsString()).collect(Collectors.joining(", "));
    }

    private static String afterLastColon(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
