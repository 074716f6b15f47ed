package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * What a real first deploy needs that {@code cdk synth} alone does not prove (issue 15): a retryable
 * create, two stacks per account, WebSocket logging that API Gateway accepts, alarms that reach a
 * person, no silently dropped events, CORS, an imported SES identity, S3 events forwarded.
 */
@SuppressWarnings("unchecked")
class DeployReadinessTest {
    static final String STAGING = "herald-staging";
    private static Template standard;
    private static TemplateView view;
    private static Synth.Synthesized staging;
    private static TemplateView stagingView;

    @BeforeAll
    static void synth() {
        standard = Synth.standard().template();
        view = new TemplateView(standard);
        staging = Synth.withContext(Map.of(
                StackSettings.PREFIX, STAGING,
                StackSettings.ALLOWED_ORIGINS, "https://app.example.com, http://localhost:3000",
                StackSettings.SES_IDENTITY_MODE, "create",
                StackSettings.SES_SANDBOX, "true",
                StackSettings.ALARM_EMAIL, "oncall@example.com",
                StackSettings.API_GATEWAY_CLOUDWATCH_ROLE, "false"));
        stagingView = new TemplateView(staging.template());
    }

    // --- 2: a failed first deploy is retryable; two stacks live in one account ---

    @Test
    void tablesAndSecrets_areRetainedOnUpdateOrDelete_butNotOnARolledBackCreate_andTablesAreDeletionProtected() {
        Map<String, Map<String, Object>> resources = view.resources();
        List<Map<String, Object>> stateful = resources.values().stream()
                .filter(r -> List.of("AWS::DynamoDB::Table", "AWS::SecretsManager::Secret").contains(r.get("Type"))).toList();
        assertThat(stateful).hasSize(HeraldTopology.standard().tables().size() + 4);
        // RETAIN_ON_UPDATE_OR_DELETE: Retain on delete and replace, but no Retain when the create rolls back
        assertThat(stateful).allSatisfy(r -> assertThat(r)
                .containsEntry("DeletionPolicy", "RetainExceptOnCreate")
                .containsEntry("UpdateReplacePolicy", "Retain"));
        assertThat(view.properties("AWS::DynamoDB::Table").values()).allSatisfy(t -> assertThat(t).containsEntry("DeletionProtectionEnabled", true));
    }

    @Test
    void everyNamedResource_takesThePrefix_soASecondStackDoesNotCollide() {
        Map<String, Object> json = (Map<String, Object>) staging.template().toJSON();
        List<String> names = stagingNames();
        assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith(STAGING));
        assertThat(names).contains(STAGING + "-deliveries", STAGING + "-push", STAGING + "/jwt", STAGING + "-router", STAGING,
                STAGING + "-alarms", STAGING + "-events-dlq", STAGING + "-producer-events");
        // and nothing of the default deployment's names is left
        String text = json.toString();
        assertThat(text).doesNotContain("herald-deliveries", "herald/jwt", "\"herald-router\"");
        assertThat(staging.stack().getStackName()).isEqualTo("HeraldStaging");
        assertThat(Synth.standard().stack().getStackName()).isEqualTo("Herald");
    }

    @Test
    void functionNameReferences_inTheEnvironment_takeThePrefixToo() {
        Map<String, Object> router = stagingView.properties("AWS::Lambda::Function").values().stream()
                .filter(f -> (STAGING + "-router").equals(f.get("FunctionName"))).findFirst().orElseThrow();
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) router.get("Environment")).get("Variables");
        assertThat(env.values()).contains(STAGING + "-enrichment:" + FunctionResources.ALIAS);
    }

    @Test
    void aPrefixThatIsNotAValidName_isRefusedWithTheRule() {
        assertThatThrownBy(() -> new PhysicalNames("herald", "Herald_Prod"))
                .hasMessageContaining(StackSettings.PREFIX).hasMessageContaining("lower-case letters");
    }

    // --- 3: WebSocket access logs need the account's API Gateway CloudWatch role ---

    @Test
    void webSocketStage_dependsOnTheAccountsCloudWatchRole_thatTheStackSets() {
        Map<String, Map<String, Object>> accounts = view.properties("AWS::ApiGateway::Account");
        assertThat(accounts).hasSize(1);
        String accountId = accounts.keySet().iterator().next();
        Map<String, Object> roleArn = (Map<String, Object>) accounts.get(accountId).get("CloudWatchRoleArn");
        String roleId = (String) ((List<Object>) roleArn.get("Fn::GetAtt")).get(0);
        assertThat(view.resources().get(roleId).get("Properties").toString())
                .contains("apigateway.amazonaws.com", "AmazonAPIGatewayPushToCloudWatchLogs");
        assertThat(view.resources().get(accountId)).containsEntry("DeletionPolicy", "RetainExceptOnCreate");
        Map<String, Object> stage = view.resources().entrySet().stream()
                .filter(e -> "AWS::ApiGatewayV2::Stage".equals(e.getValue().get("Type")) && e.getKey().startsWith("WebSocketStage"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(TemplateView.list(stage.get("DependsOn"))).contains(accountId);
        assertThat((Map<String, Object>) stage.get("Properties")).containsKey("AccessLogSettings");
    }

    @Test
    void withTheAccountRoleSetAlready_theStackLeavesTheAccountSettingsAlone() {
        staging.template().resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    // --- 4: alarms reach a person ---

    @Test
    void alarmTopic_usesACustomerManagedKey_thatCloudWatchMayUse() {
        Map<String, Object> topic = view.properties("AWS::SNS::Topic").values().iterator().next();
        Map<String, Object> keyRef = (Map<String, Object>) topic.get("KmsMasterKeyId");
        assertThat(keyRef).containsKey("Fn::GetAtt");
        String keyId = (String) ((List<Object>) keyRef.get("Fn::GetAtt")).get(0);
        Map<String, Object> key = view.resources().get(keyId);
        assertThat(key).containsEntry("Type", "AWS::KMS::Key");
        Map<String, Object> props = (Map<String, Object>) key.get("Properties");
        assertThat(props).containsEntry("EnableKeyRotation", true);
        List<Object> statements = (List<Object>) ((Map<String, Object>) props.get("KeyPolicy")).get("Statement");
        assertThat(statements).anySatisfy(s -> {
            Map<String, Object> st = (Map<String, Object>) s;
            assertThat(st.get("Principal")).isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
            assertThat(TemplateView.list(st.get("Action"))).contains("kms:Decrypt", "kms:GenerateDataKey*");
        });
    }

    @Test
    void alarmEmail_subscribesThatAddressToTheAlarmTopic() {
        staging.template().hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com"));
        standard.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    // --- 5: no event dropped silently ---

    @Test
    void everyRuleTarget_hasADeadLetterQueueAndARetryPolicy() {
        String dlq = logicalIdOfQueue(view, "herald-events-dlq");
        Map<String, Map<String, Object>> rules = view.properties("AWS::Events::Rule");
        assertThat(rules).isNotEmpty();
        rules.forEach((id, rule) -> assertThat((List<Object>) rule.get("Targets")).as(id).allSatisfy(t -> {
            Map<String, Object> target = (Map<String, Object>) t;
            assertThat(target.get("DeadLetterConfig")).as(id).isEqualTo(Map.of("Arn", Map.of("Fn::GetAtt", List.of(dlq, "Arn"))));
            assertThat(target.get("RetryPolicy")).as(id).isEqualTo(Map.of(
                    "MaximumRetryAttempts", EventResources.MAX_RETRY_ATTEMPTS, "MaximumEventAgeInSeconds", EventResources.MAX_EVENT_AGE_SECONDS));
        }));
        // EventBridge may send to the DLQ for exactly these rules
        String policy = view.properties("AWS::SQS::QueuePolicy").values().stream()
                .filter(p -> TemplateView.list(p.get("Queues")).contains(Map.of("Ref", dlq))).findFirst().orElseThrow().toString();
        rules.keySet().forEach(id -> assertThat(policy).contains(id));
    }

    @Test
    void alarms_onFailedInvocationsOfEveryRule_api5xx_sesReputation_andTableThrottles() {
        Map<String, Map<String, Object>> alarms = view.properties("AWS::CloudWatch::Alarm");
        Map<String, Map<String, Object>> rules = view.properties("AWS::Events::Rule");
        long failed = alarms.values().stream().filter(a -> "FailedInvocations".equals(a.get("MetricName"))).count();
        assertThat(failed).isEqualTo(rules.size());
        assertThat(alarms.values().stream().filter(a -> "InvocationsFailedToBeSentToDlq".equals(a.get("MetricName")))).hasSize(rules.size());
        // rules on the Herald bus: the custom-bus dimensions (EventBusName and RuleName)
        assertThat(alarms.values().stream().filter(a -> "FailedInvocations".equals(a.get("MetricName")))
                .filter(a -> a.get("Dimensions").toString().contains("EventBusName"))).isNotEmpty();
        assertThat(alarms.values()).anySatisfy(a -> assertThat(a).containsEntry("MetricName", "5xx").containsEntry("Namespace", "AWS/ApiGateway"));
        assertThat(alarms.values()).anySatisfy(a -> assertThat(a).containsEntry("MetricName", "Reputation.BounceRate").containsEntry("Threshold", 0.05));
        assertThat(alarms.values()).anySatisfy(a -> assertThat(a).containsEntry("MetricName", "Reputation.ComplaintRate").containsEntry("Threshold", 0.001));
        long throttleAlarms = alarms.values().stream().filter(a -> a.toString().contains("ReadThrottleEvents") && a.toString().contains("WriteThrottleEvents")).count();
        assertThat(throttleAlarms).isEqualTo(HeraldTopology.standard().tables().size());
        String eventsDlq = logicalIdOfQueue(view, "herald-events-dlq");
        assertThat(alarms.values()).anySatisfy(a -> assertThat(a.toString()).contains("ApproximateNumberOfMessagesVisible", eventsDlq));
    }

    // --- 8: CORS ---

    @Test
    void httpApi_answersPreflightsForTheContextOrigins_withEveryRouteMethod() {
        Map<String, Object> api = stagingView.properties("AWS::ApiGatewayV2::Api").values().stream()
                .filter(a -> "HTTP".equals(a.get("ProtocolType"))).findFirst().orElseThrow();
        Map<String, Object> cors = (Map<String, Object>) api.get("CorsConfiguration");
        assertThat(cors.get("AllowOrigins")).isEqualTo(List.of("https://app.example.com", "http://localhost:3000"));
        assertThat((List<Object>) cors.get("AllowMethods")).contains("GET", "POST", "PUT", "DELETE", "OPTIONS");
        assertThat((List<Object>) cors.get("AllowHeaders")).contains("authorization", "content-type");
        // without origins in the context: no CORS (browsers on other origins are refused)
        assertThat(view.properties("AWS::ApiGatewayV2::Api").values()).allSatisfy(a -> assertThat(a).doesNotContainKey("CorsConfiguration"));
    }

    @Test
    void anOriginWithAPath_isRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Synth.withContext(Map.of(StackSettings.ALLOWED_ORIGINS, "https://app.example.com/login")))
                .hasMessageContaining(StackSettings.ALLOWED_ORIGINS).hasMessageContaining("scheme://host[:port]");
    }

    // --- 9: SES identity ---

    @Test
    void sesIdentity_isImportedByDefault_andCreatedOnlyWhenAsked() {
        standard.resourceCountIs("AWS::SES::EmailIdentity", 0);
        staging.template().resourceCountIs("AWS::SES::EmailIdentity", 1);
        // imported: senders may still send from exactly that identity
        assertThat(view.iamStatements()).anySatisfy(s -> {
            assertThat(s.allows("ses:SendEmail")).isTrue();
            assertThat(s.resources().toString()).contains("identity/" + Synth.SES_IDENTITY);
        });
    }

    @Test
    void sesIdentity_createdWhenAsked_hasTheConfigurationSetAsItsDefault() {
        staging.template().hasResourceProperties("AWS::SES::EmailIdentity", Map.of("EmailIdentity", Synth.SES_IDENTITY,
                "ConfigurationSetAttributes", Map.of("ConfigurationSetName", Map.of("Ref", stagingView.properties("AWS::SES::ConfigurationSet").keySet().iterator().next()))));
    }

    @Test
    void sesSandbox_letsTheSendersSendToVerifiedRecipientIdentities_onlyWhenAsked() {
        assertThat(stagingView.iamStatements()).anySatisfy(s -> {
            assertThat(s.allows("ses:SendEmail")).isTrue();
            assertThat(s.resources().toString()).contains(":identity/*");
        });
        assertThat(view.iamStatements()).noneSatisfy(s -> assertThat(s.resources().toString()).contains(":identity/*"));
    }

    // --- 10: AWS sources any route matches are forwarded from the default bus ---

    @Test
    void s3ObjectCreated_matchedByARoute_isForwardedFromTheDefaultBusToTheHeraldBus() {
        Map<String, Map<String, Object>> rules = view.properties("AWS::Events::Rule");
        Map<String, Object> s3 = rules.values().stream().filter(r -> "herald-route-s3-object-created-forward".equals(r.get("Name"))).findFirst().orElseThrow();
        assertThat(s3).containsEntry("EventBusName", "default");
        assertThat(s3.get("EventPattern")).isEqualTo(Map.of("source", List.of("aws.s3"), "detail-type", List.of("Object Created")));
        Map<String, Object> target = (Map<String, Object>) ((List<Object>) s3.get("Targets")).get(0);
        assertThat(target.get("Arn").toString()).contains("Bus");
        assertThat(target).containsKey("RoleArn");
        // forwarded events are producer events on the Herald bus: the producer rule takes them to the router
        Map<String, Object> producer = rules.values().stream().filter(r -> "herald-producer-events".equals(r.get("Name"))).findFirst().orElseThrow();
        assertThat(producer.get("EventPattern").toString()).doesNotContain("aws.s3");
    }

    // --- minors ---

    @Test
    void archive_takesEveryEventOnTheBus_fromAnyAccount() {
        Map<String, Map<String, Object>> archives = view.properties("AWS::Events::Archive");
        assertThat(archives).hasSize(1);
        assertThat(archives.values().iterator().next()).doesNotContainKey("EventPattern");
    }

    private static List<String> stagingNames() {
        return stagingView.resources().values().stream()
                .map(r -> (Map<String, Object>) r.getOrDefault("Properties", Map.of()))
                .flatMap(p -> p.entrySet().stream()
                        .filter(e -> List.of("QueueName", "TableName", "FunctionName", "Name", "TopicName", "DashboardName", "ArchiveName",
                                "ConfigurationSetName").contains(e.getKey()) && e.getValue() instanceof String)
                        .map(e -> (String) e.getValue()))
                .filter(n -> !n.equals("default") && !n.equals(FunctionResources.ALIAS))
                .collect(Collectors.toList());
    }

    private static String logicalIdOfQueue(TemplateView v, String name) {
        return v.properties("AWS::SQS::Queue").entrySet().stream().filter(e -> name.equals(e.getValue().get("QueueName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
