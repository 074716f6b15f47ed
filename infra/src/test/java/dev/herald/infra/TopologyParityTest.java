package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.TableSpec;
import dev.herald.common.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack is derived from the Topology: its queues, tables, rules and functions are exactly the
 * Topology's, and a changed Topology ({@link ChangedTopology}) changes the template the same way.
 * {@link TopologyParityIT} starts {@code herald up} on the same changed Topology and checks that the
 * local engines and the template agree entry by entry.
 */
@SuppressWarnings("unchecked")
class TopologyParityTest {
    private static final String SMS_QUEUE = ChangedTopology.SMS_QUEUE;
    private static final String SMS_TABLE = ChangedTopology.SMS_TABLE;
    private static final String SMS_RULE = ChangedTopology.SMS_RULE;
    private static final String SMS_FUNCTION = ChangedTopology.SMS_FUNCTION;

    @TempDir
    static Path repoRoot;
    private static TemplateView standard;
    private static TemplateView modified;
    private static Topology modifiedTopology;

    @BeforeAll
    static void synth() throws IOException {
        standard = new TemplateView(Synth.standard().template());
        writeJar(repoRoot.resolve("router/target/herald-router-lambda.jar"));
        modifiedTopology = ChangedTopology.of(HeraldTopology.standard());
        modified = new TemplateView(Synth.of(modifiedTopology, repoRoot).template());
    }

    @Test
    void standardStack_hasExactlyTheTopologysQueuesTablesRulesAndFunctions() {
        assertParity(standard, HeraldTopology.standard());
    }

    @Test
    void modifiedTopology_addsItsQueueTableRuleAndFunctionToTheStack() {
        assertParity(modified, modifiedTopology);
        assertThat(names(modified, "AWS::SQS::Queue", "QueueName")).contains(SMS_QUEUE, SMS_QUEUE + HeraldTopology.DLQ_SUFFIX)
                .containsAll(names(standard, "AWS::SQS::Queue", "QueueName"));
        assertThat(names(modified, "AWS::DynamoDB::Table", "TableName")).contains(SMS_TABLE);
        assertThat(names(modified, "AWS::Events::Rule", "Name")).contains(SMS_RULE);
        assertThat(names(modified, "AWS::Lambda::Function", "FunctionName")).contains(SMS_FUNCTION);
        assertThat(modified.properties("AWS::Lambda::EventSourceMapping")).hasSize(standard.properties("AWS::Lambda::EventSourceMapping").size() + 1);
    }

    @Test
    void newRuleAndTrigger_carryTheirTopologySettings() {
        String smsQueue = logicalId(modified, "AWS::SQS::Queue", "QueueName", SMS_QUEUE);
        Map<String, Object> rule = byName(modified, "AWS::Events::Rule", "Name").get(SMS_RULE);
        assertThat(rule).containsEntry("EventPattern", Map.of("detail-type", List.of("fax.requested")));
        assertThat(String.valueOf(rule.get("Targets"))).contains(smsQueue);
        Map<String, Object> mapping = modified.properties("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> String.valueOf(m.get("EventSourceArn")).contains(smsQueue)).findFirst().orElseThrow();
        assertThat(mapping).containsEntry("BatchSize", 5).containsEntry("MaximumBatchingWindowInSeconds", 2)
                .containsEntry("ScalingConfig", Map.of("MaximumConcurrency", 2))
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        Map<String, Object> table = byName(modified, "AWS::DynamoDB::Table", "TableName").get(SMS_TABLE);
        assertThat(table).containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true));
    }

    @Test
    void modifiedTopology_changedMaxReceiveCount_reachesTheRedrivePolicy() {
        Map<String, Object> push = byName(modified, "AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_PUSH);
        assertThat((Map<String, Object>) push.get("RedrivePolicy")).containsEntry("maxReceiveCount", ChangedTopology.PUSH_MAX_RECEIVES);
        Map<String, Object> standardPush = byName(standard, "AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_PUSH);
        assertThat((Map<String, Object>) standardPush.get("RedrivePolicy")).containsEntry("maxReceiveCount", HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
    }

    @Test
    void newFunction_getsOnlyTheGrantsItsEnvironmentReferences() {
        List<TemplateView.Statement> statements = modified.iamStatements().stream()
                .filter(s -> s.policyId().startsWith(Ids.of("Fn", SMS_FUNCTION) + "ServiceRole")).toList();
        String tableId = logicalId(modified, "AWS::DynamoDB::Table", "TableName", SMS_TABLE);
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).contains("dynamodb:PutItem");
            assertThat(s.resources()).contains(Map.of("Fn::GetAtt", List.of(tableId, "Arn")));
        });
        assertThat(statements).noneSatisfy(s -> assertThat(s.actions()).contains("secretsmanager:GetSecretValue"));
        assertThat(statements).noneSatisfy(s -> assertThat(s.actions()).contains("lambda:InvokeFunction"));
    }

    @Test
    void functionCode_usesThePackagedJarWhereItExists_andAPlaceholderElsewhere() {
        Map<String, Map<String, Object>> functions = byName(modified, "AWS::Lambda::Function", "FunctionName");
        assertThat(s3Key(functions.get(HeraldTopology.FN_ROUTER))).endsWith(".jar");
        assertThat(s3Key(functions.get(HeraldTopology.FN_ENRICHMENT))).endsWith(".zip");
    }

    private static void assertParity(TemplateView template, Topology topology) {
        // plus the rule targets' dead-letter queue, which only EventBridge uses (herald up's bus delivers in-process)
        Set<String> expectedQueues = new java.util.HashSet<>(topology.queues().stream().map(QueueSpec::name).toList());
        expectedQueues.add(EventResources.EVENTS_DLQ);
        assertThat(names(template, "AWS::SQS::Queue", "QueueName")).isEqualTo(expectedQueues);
        assertThat(names(template, "AWS::DynamoDB::Table", "TableName"))
                .isEqualTo(topology.tables().stream().map(TableSpec::name).collect(Collectors.toSet()));
        Set<String> expectedRules = new java.util.HashSet<>(topology.rules().stream().map(RuleSpec::name).toList());
        topology.rules().stream()
                .filter(r -> !r.bus().equals(RuleSpec.DEFAULT_BUS) && EventResources.namesAwsSource(EventResources.parse(r)))
                .forEach(r -> expectedRules.add(r.name() + EventResources.FORWARD_SUFFIX));
        // and one forwarding rule per router route on an AWS source (S3 "Object Created")
        ForwardedRoutes.read(Path.of("..").resolve(StackSettings.BUNDLED_ROUTES))
                .forEach(r -> expectedRules.add("herald-route-" + r.name() + EventResources.FORWARD_SUFFIX));
        assertThat(names(template, "AWS::Events::Rule", "Name")).isEqualTo(expectedRules);
        assertThat(names(template, "AWS::Lambda::Function", "FunctionName"))
                .isEqualTo(topology.functions().stream().map(FunctionSpec::name).collect(Collectors.toSet()));
        assertThat(template.properties("AWS::Lambda::EventSourceMapping")).hasSize(topology.queueConsumers().size());
    }

    private static Set<String> names(TemplateView template, String type, String property) {
        return template.properties(type).values().stream().map(p -> String.valueOf(p.get(property))).collect(Collectors.toSet());
    }

    private static Map<String, Map<String, Object>> byName(TemplateView template, String type, String property) {
        return template.properties(type).values().stream().collect(Collectors.toMap(p -> String.valueOf(p.get(property)), p -> p));
    }

    private static String logicalId(TemplateView template, String type, String property, String name) {
        return template.properties(type).entrySet().stream().filter(e -> name.equals(e.getValue().get(property)))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static String s3Key(Map<String, Object> function) {
        return String.valueOf(((Map<String, Object>) function.get("Code")).get("S3Key"));
    }

    private static void writeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("dev/herald/router/Marker.txt"));
            zip.write("test jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
