package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.HttpApiSpec;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.TableSpec;
import dev.herald.common.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Template assertions on the stack built from {@link HeraldTopology#standard()} (synthesized once). */
@SuppressWarnings("unchecked")
class HeraldStackTest {
    private static final Topology TOPOLOGY = HeraldTopology.standard();
    private static Template template;
    private static TemplateView view;

    @BeforeAll
    static void synth() {
        template = Synth.standard().template();
        view = new TemplateView(template);
    }

    // --- SQS ---

    @Test
    void queues_withDeadLetter_redriveToTheirDlqAfterTopologyMaxReceives() {
        Map<String, String> logicalIdByName = logicalIds("AWS::SQS::Queue", "QueueName");
        for (QueueSpec spec : TOPOLOGY.queues()) {
            Map<String, Object> props = view.properties("AWS::SQS::Queue").get(logicalIdByName.get(spec.name()));
            if (spec.deadLetter().isPresent()) {
                Map<String, Object> redrive = (Map<String, Object>) props.get("RedrivePolicy");
                assertThat(redrive).as(spec.name()).containsEntry("maxReceiveCount", spec.deadLetter().get().maxReceiveCount());
                assertThat(redrive.get("deadLetterTargetArn")).as(spec.name())
                        .isEqualTo(Map.of("Fn::GetAtt", List.of(logicalIdByName.get(spec.deadLetter().get().queue()), "Arn")));
            } else {
                assertThat(props).as(spec.name()).doesNotContainKey("RedrivePolicy");
            }
        }
    }

    @Test
    void queues_areEncryptedWithTopologyVisibilityAndRetention() {
        Map<String, String> logicalIdByName = logicalIds("AWS::SQS::Queue", "QueueName");
        for (QueueSpec spec : TOPOLOGY.queues()) {
            Map<String, Object> props = view.properties("AWS::SQS::Queue").get(logicalIdByName.get(spec.name()));
            assertThat(props).as(spec.name())
                    .containsEntry("SqsManagedSseEnabled", true)
                    .containsEntry("VisibilityTimeout", (int) spec.visibilityTimeout().toSeconds())
                    .containsEntry("MessageRetentionPeriod", (int) spec.retention().toSeconds());
        }
    }

    @Test
    void queues_visibilityTimeout_isAtLeastSixTimesTheConsumerTimeout() {
        Map<String, String> logicalIdByName = logicalIds("AWS::SQS::Queue", "QueueName");
        for (FunctionSpec fn : TOPOLOGY.queueConsumers()) {
            Map<String, Object> queue = view.properties("AWS::SQS::Queue").get(logicalIdByName.get(fn.trigger().orElseThrow().queue()));
            assertThat(((Number) queue.get("VisibilityTimeout")).longValue()).as(fn.name()).isGreaterThanOrEqualTo(fn.timeout().toSeconds() * 6);
        }
    }

    @Test
    void queuePolicies_denyEveryRequestNotMadeOverTls_onEveryQueue() {
        Map<String, String> logicalIdByName = logicalIds("AWS::SQS::Queue", "QueueName");
        for (QueueSpec spec : TOPOLOGY.queues()) {
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                    "Queues", List.of(TemplateView.ref(logicalIdByName.get(spec.name()))),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Action", "sqs:*",
                            "Principal", Map.of("AWS", "*"),
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        }
    }

    // --- Lambda ---

    @Test
    void functions_areJava21OnArm64WithSnapStartTracingAndTopologySizes() {
        Map<String, Map<String, Object>> byName = byName("AWS::Lambda::Function", "FunctionName");
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(TOPOLOGY.functions().stream().map(FunctionSpec::name).toList());
        for (FunctionSpec spec : TOPOLOGY.functions()) {
            Map<String, Object> props = byName.get(spec.name());
            assertThat(props).as(spec.name())
                    .containsEntry("Runtime", "java21")
                    .containsEntry("Architectures", List.of("arm64"))
                    .containsEntry("Handler", spec.handlerClass() + "::handleRequest")
                    .containsEntry("MemorySize", spec.memoryMb())
                    .containsEntry("Timeout", (int) spec.timeout().toSeconds())
                    .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                    .containsEntry("TracingConfig", Map.of("Mode", "Active"));
        }
    }

    @Test
    void functions_eachHaveTheLiveAliasOnAPublishedVersion() {
        Map<String, Map<String, Object>> aliases = view.properties("AWS::Lambda::Alias");
        assertThat(aliases).hasSize(TOPOLOGY.functions().size());
        Set<String> versionIds = view.properties("AWS::Lambda::Version").keySet();
        for (Map<String, Object> alias : aliases.values()) {
            assertThat(alias).containsEntry("Name", FunctionResources.ALIAS);
            Map<String, Object> version = (Map<String, Object>) alias.get("FunctionVersion");
            assertThat(versionIds).contains((String) ((List<Object>) version.get("Fn::GetAtt")).get(0));
        }
    }

    @Test
    void eventSourceMappings_reportBatchItemFailuresWithTopologyBatching_onTheAlias() {
        Map<String, String> queueIds = logicalIds("AWS::SQS::Queue", "QueueName");
        Map<String, Map<String, Object>> mappings = view.properties("AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(TOPOLOGY.queueConsumers().size());
        for (FunctionSpec fn : TOPOLOGY.queueConsumers()) {
            var trigger = fn.trigger().orElseThrow();
            Map<String, Object> mapping = mappings.values().stream()
                    .filter(m -> m.get("EventSourceArn").equals(Map.of("Fn::GetAtt", List.of(queueIds.get(trigger.queue()), "Arn"))))
                    .findFirst().orElseThrow(() -> new AssertionError("no event source mapping for " + trigger.queue()));
            assertThat(mapping).as(fn.name())
                    .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                    .containsEntry("BatchSize", trigger.batchSize())
                    .containsEntry("ScalingConfig", Map.of("MaximumConcurrency", trigger.maxConcurrency()));
            if (trigger.maxBatchingWindow().isZero()) {
                assertThat(mapping).as(fn.name()).doesNotContainKey("MaximumBatchingWindowInSeconds");
            } else {
                assertThat(mapping).as(fn.name()).containsEntry("MaximumBatchingWindowInSeconds", (int) trigger.maxBatchingWindow().toSeconds());
            }
            assertThat(String.valueOf(mapping.get("FunctionName"))).as(fn.name()).contains(":" + FunctionResources.ALIAS);
        }
        for (Map<String, Object> mapping : mappings.values()) {
            assertThat(mapping).containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        }
    }

    @Test
    void environment_resolvesTopologyReferencesToStackResources() {
        Map<String, Map<String, Object>> byName = byName("AWS::Lambda::Function", "FunctionName");
        Map<String, Object> router = env(byName.get(HeraldTopology.FN_ROUTER));
        assertThat(router.get(EnvNames.ENRICHMENT_FUNCTION)).isEqualTo(HeraldTopology.FN_ENRICHMENT + ":" + FunctionResources.ALIAS);
        assertThat(router.get(EnvNames.TABLE_DELIVERIES)).isEqualTo(TemplateView.ref(logicalIds("AWS::DynamoDB::Table", "TableName").get(HeraldTopology.TABLE_DELIVERIES)));
        assertThat(router.get(EnvNames.QUEUE_URL_PUSH)).isEqualTo(TemplateView.ref(logicalIds("AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_PUSH)));

        String endpoint = String.valueOf(env(byName.get(HeraldTopology.FN_WS_DELIVERY)).get(EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT));
        assertThat(endpoint).startsWith("{Fn::Join=[, [https://, {Ref=WebSocketApi").contains(".execute-api.", "{Ref=AWS::Region}").endsWith("/" + TOPOLOGY.webSocketApi().stage() + "]]}");

        Object apnsSecret = env(byName.get(HeraldTopology.FN_PUSH_DELIVERY)).get(EnvNames.APNS_SECRET_ID);
        assertThat(apnsSecret).isEqualTo(TemplateView.ref(logicalIds("AWS::SecretsManager::Secret", "Name").get(HeraldTopology.SECRET_APNS)));
        for (FunctionSpec spec : TOPOLOGY.functions()) {
            Map<String, Object> env = env(byName.get(spec.name()));
            assertThat(env.keySet()).as(spec.name()).containsAll(spec.environment().keySet())
                    .hasSize(spec.environment().size() + 1);
            // the batch's records run side by side: the JVM keeps more than its default 5 idle connections per host
            assertThat(env).as(spec.name()).containsEntry("JAVA_TOOL_OPTIONS", "-Dhttp.maxConnections=32");
        }
    }

    @Test
    void invoke_isGrantedToTheRouterOnTheEnrichmentAliasOnly() {
        List<TemplateView.Statement> invokes = view.iamStatements().stream().filter(s -> s.allows("lambda:InvokeFunction")).toList();
        assertThat(invokes).hasSize(1);
        assertThat(invokes.get(0).policyId()).startsWith("FnHeraldRouterServiceRole");
        String enrichmentAlias = view.properties("AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> e.getKey().startsWith("FnHeraldEnrichmentAlias")).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(invokes.get(0).resources()).containsExactly(TemplateView.ref(enrichmentAlias));
    }

    @Test
    void sendMessage_onTheIngressQueue_isGrantedToTheRouter_forTheChunksOfALargeAudience() {
        String ingress = logicalIds("AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_INGRESS);
        List<TemplateView.Statement> routerSends = view.iamStatements().stream()
                .filter(s -> s.allows("sqs:SendMessage") && s.policyId().startsWith(Ids.of("Fn", HeraldTopology.FN_ROUTER) + "ServiceRole"))
                .toList();
        assertThat(routerSends).anySatisfy(s -> assertThat(String.valueOf(s.resources())).contains(ingress));
        Map<String, Map<String, Object>> byName = byName("AWS::Lambda::Function", "FunctionName");
        assertThat(env(byName.get(HeraldTopology.FN_ROUTER)).get(EnvNames.QUEUE_URL_INGRESS)).isEqualTo(TemplateView.ref(ingress));
    }

    @Test
    void logGroups_ofEveryFunction_haveRetention() {
        Map<String, Map<String, Object>> groups = byName("AWS::Logs::LogGroup", "LogGroupName");
        for (FunctionSpec spec : TOPOLOGY.functions()) {
            assertThat(groups.get("/aws/lambda/" + spec.name())).as(spec.name()).containsEntry("RetentionInDays", 30);
        }
    }

    // --- DynamoDB ---

    @Test
    void tables_areOnDemandWithPitrTtlAndGsisFromTopology() {
        Map<String, Map<String, Object>> byName = byName("AWS::DynamoDB::Table", "TableName");
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(TOPOLOGY.tables().stream().map(TableSpec::name).toList());
        for (TableSpec spec : TOPOLOGY.tables()) {
            Map<String, Object> props = byName.get(spec.name());
            assertThat(props).as(spec.name())
                    .containsEntry("BillingMode", "PAY_PER_REQUEST")
                    .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true));
            if (spec.ttlAttribute().isPresent()) {
                assertThat(props).as(spec.name()).containsEntry("TimeToLiveSpecification",
                        Map.of("AttributeName", spec.ttlAttribute().get(), "Enabled", true));
            } else {
                assertThat(props).as(spec.name()).doesNotContainKey("TimeToLiveSpecification");
            }
            List<Object> gsis = TemplateView.list(props.get("GlobalSecondaryIndexes"));
            assertThat(gsis.stream().map(g -> ((Map<String, Object>) g).get("IndexName")).toList()).as(spec.name())
                    .containsExactlyElementsOf(spec.indexes().stream().map(TableSpec.IndexSpec::name).toList());
            List<Object> keys = (List<Object>) props.get("KeySchema");
            assertThat(keys.get(0)).isEqualTo(Map.of("AttributeName", spec.partitionKey().name(), "KeyType", "HASH"));
        }
    }

    // --- EventBridge ---

    @Test
    void bus_isTheTopologysAndHasAnArchive() {
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", TOPOLOGY.busName()));
        template.hasResourceProperties("AWS::Events::Archive", Map.of(
                "SourceArn", Map.of("Fn::GetAtt", List.of(view.properties("AWS::Events::EventBus").keySet().iterator().next(), "Arn")),
                "RetentionDays", 30));
    }

    @Test
    void rules_carryTheTopologyPatternAndTargetTheirQueue() {
        Map<String, Map<String, Object>> rules = byName("AWS::Events::Rule", "Name");
        Map<String, String> queueIds = logicalIds("AWS::SQS::Queue", "QueueName");
        for (RuleSpec spec : TOPOLOGY.rules()) {
            Map<String, Object> rule = rules.get(spec.name());
            assertThat(rule).as(spec.name()).containsEntry("EventPattern", EventResources.parse(spec));
            Map<String, Object> target = (Map<String, Object>) ((List<Object>) rule.get("Targets")).get(0);
            assertThat(target.get("Arn")).isEqualTo(Map.of("Fn::GetAtt", List.of(queueIds.get(spec.targetQueue()), "Arn")));
        }
    }

    @Test
    void sesEvents_areForwardedFromTheDefaultBusToTheHeraldBus() {
        Map<String, Map<String, Object>> rules = byName("AWS::Events::Rule", "Name");
        Map<String, Object> forward = rules.get("herald-ses-feedback" + EventResources.FORWARD_SUFFIX);
        assertThat(forward).containsEntry("EventBusName", RuleSpec.DEFAULT_BUS);
        assertThat((List<Object>) ((Map<String, Object>) forward.get("EventPattern")).get("source")).containsExactly("aws.ses");
        Map<String, Object> target = (Map<String, Object>) ((List<Object>) forward.get("Targets")).get(0);
        String busId = view.properties("AWS::Events::EventBus").keySet().iterator().next();
        assertThat(target.get("Arn")).isEqualTo(Map.of("Fn::GetAtt", List.of(busId, "Arn")));
        assertThat(view.iamStatements().stream().filter(s -> s.allows("events:PutEvents") && s.policyId().startsWith("DefaultBusForwarderRole")))
                .singleElement().satisfies(s -> assertThat(s.resources()).containsExactly(Map.of("Fn::GetAtt", List.of(busId, "Arn"))));
    }

    @Test
    void producerRule_doesNotTakeForwardedSesEvents_andGetsNoForwarder() {
        Map<String, Map<String, Object>> rules = byName("AWS::Events::Rule", "Name");
        assertThat(rules).doesNotContainKey("herald-producer-events" + EventResources.FORWARD_SUFFIX);
        // the Topology's rules, the SES forwarder and the forwarder of the S3 route (DeployReadinessTest)
        assertThat(rules).hasSize(TOPOLOGY.rules().size() + 2);
    }

    // --- API Gateway ---

    @Test
    void webSocketApi_routesEachRouteKeyToItsFunctionAlias_onTheTopologyStage() {
        Map<String, Map<String, Object>> routes = view.properties("AWS::ApiGatewayV2::Route");
        Set<Object> keys = routes.values().stream().map(r -> r.get("RouteKey")).collect(Collectors.toSet());
        assertThat(keys).containsAll(TOPOLOGY.webSocketApi().routes().keySet());
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("Name", TOPOLOGY.webSocketApi().name(), "ProtocolType", "WEBSOCKET"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", TOPOLOGY.webSocketApi().stage(), "AutoDeploy", true,
                "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue()))));
    }

    @Test
    void defaultRoute_isTwoWay_withARouteResponse_andTheOthersAreNot() {
        Map<String, Map<String, Object>> routes = view.properties("AWS::ApiGatewayV2::Route");
        Map<String, Object> byKey = new java.util.HashMap<>();
        routes.values().forEach(r -> byKey.put(String.valueOf(r.get("RouteKey")), r.get("RouteResponseSelectionExpression")));
        assertThat(byKey).containsEntry("$default", "$default");
        assertThat(byKey.get("$connect")).isNull();
        assertThat(byKey.get("$disconnect")).isNull();
        assertThat(view.properties("AWS::ApiGatewayV2::RouteResponse").values())
                .singleElement().satisfies(r -> assertThat(r.get("RouteResponseKey")).isEqualTo("$default"));
    }

    @Test
    void manageConnections_isGrantedOnlyToTheManagementFunctions() {
        Set<String> granted = view.iamStatements().stream().filter(s -> s.allows("execute-api:ManageConnections"))
                .map(TemplateView.Statement::policyId).collect(Collectors.toSet());
        Set<String> expected = TOPOLOGY.webSocketApi().managementFunctions().stream().map(n -> Ids.of("Fn", n) + "ServiceRole").collect(Collectors.toSet());
        assertThat(granted).hasSameSizeAs(expected);
        assertThat(granted).allSatisfy(policy -> assertThat(expected.stream().anyMatch(policy::startsWith)).as(policy).isTrue());
        // only the delivery function posts frames; $default answers a client with its route response
        assertThat(TOPOLOGY.webSocketApi().managementFunctions()).containsExactly(HeraldTopology.FN_WS_DELIVERY);
        assertThat(granted).noneMatch(p -> p.startsWith(Ids.of("Fn", HeraldTopology.FN_WS_CONNECT)) || p.startsWith(Ids.of("Fn", HeraldTopology.FN_WS_DISCONNECT))
                || p.startsWith(Ids.of("Fn", HeraldTopology.FN_WS_MESSAGE)) || p.startsWith(Ids.of("Fn", HeraldTopology.FN_ROUTER)));
        String apiId = view.properties("AWS::ApiGatewayV2::Api").entrySet().stream()
                .filter(e -> "WEBSOCKET".equals(e.getValue().get("ProtocolType"))).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(view.iamStatements().stream().filter(s -> s.allows("execute-api:ManageConnections")))
                .allSatisfy(s -> assertThat(String.valueOf(s.resources())).contains("{Ref=" + apiId + "}",
                        "/" + TOPOLOGY.webSocketApi().stage() + "/*/@connections/*"));
    }

    @Test
    void apiIntegrations_andTheirInvokePermissions_targetTheLiveAlias() {
        Set<String> aliasIds = view.properties("AWS::Lambda::Alias").keySet();
        Map<String, Map<String, Object>> lambdaIntegrations = view.properties("AWS::ApiGatewayV2::Integration").entrySet().stream()
                .filter(e -> !e.getValue().containsKey("IntegrationSubtype"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(lambdaIntegrations).isNotEmpty();
        lambdaIntegrations.forEach((id, integration) -> assertThat(aliasIds)
                .as(id + " integrates " + integration.get("IntegrationUri")).anyMatch(alias -> String.valueOf(integration.get("IntegrationUri")).contains(alias)));
        Map<String, Map<String, Object>> permissions = view.properties("AWS::Lambda::Permission");
        assertThat(permissions.values().stream().filter(p -> "apigateway.amazonaws.com".equals(p.get("Principal"))))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(aliasIds).anyMatch(alias -> String.valueOf(p.get("FunctionName")).contains(alias)));
    }

    @Test
    void httpApi_hasAJwtAuthorizerFromContext_onEveryJwtRoute() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Issuer", Synth.ISSUER, "Audience", List.of(Synth.AUDIENCE)),
                "IdentitySource", List.of("$request.header.Authorization")));
        for (HttpApiSpec.HttpRoute route : TOPOLOGY.httpApi().routes()) {
            Map<String, Object> r = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                    .filter(p -> (route.method() + " " + route.path()).equals(p.get("RouteKey"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no route " + route.method() + " " + route.path()));
            assertThat(r).as(route.path()).containsEntry("AuthorizationType", route.jwt() ? "JWT" : "NONE");
        }
    }

    @Test
    void pushOpenedRoute_takesTheUsersJwt_andInvokesThePushOpenedFunction_withTheDeliveriesTable() {
        Map<String, Object> route = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> "POST /v1/notifications/{notificationId}/opened".equals(r.get("RouteKey"))).findFirst().orElseThrow();
        assertThat(route).containsEntry("AuthorizationType", "JWT").doesNotContainKey("AuthorizationScopes");
        String integrationId = String.valueOf(route.get("Target")).replaceAll(".*?(Http[A-Za-z0-9]*Integration[A-Za-z0-9]*).*", "$1");
        Map<String, Object> integration = view.properties("AWS::ApiGatewayV2::Integration").get(integrationId);
        assertThat(String.valueOf(integration.get("IntegrationUri"))).contains(Ids.of("Fn", HeraldTopology.FN_PUSH_OPENED) + "Alias");
        Map<String, Object> env = env(byName("AWS::Lambda::Function", "FunctionName").get(HeraldTopology.FN_PUSH_OPENED));
        assertThat(env.get(EnvNames.TABLE_DELIVERIES)).isEqualTo(TemplateView.ref(logicalIds("AWS::DynamoDB::Table", "TableName").get(HeraldTopology.TABLE_DELIVERIES)));
    }

    @Test
    void ingestionRoute_requiresThePublishScope_otherRoutesNone() {
        Map<String, Object> events = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> "POST /v1/events".equals(r.get("RouteKey"))).findFirst().orElseThrow();
        assertThat(events).containsEntry("AuthorizationScopes", List.of(HeraldTopology.SCOPE_PUBLISH));
        assertThat(view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> !"POST /v1/events".equals(r.get("RouteKey")) && !String.valueOf(r.get("RouteKey")).contains(" /v1/admin/")))
                .isNotEmpty().allSatisfy(r -> assertThat(r).as(String.valueOf(r.get("RouteKey"))).doesNotContainKey("AuthorizationScopes"));
    }

    @Test
    void topicAndLedgerAdminRoutes_requireTheAdminScope_userRoutesAnyUserToken_eachOnItsFunction() {
        Map<String, String> adminRoutes = Map.of(
                "GET /v1/admin/topics/{topic}/members", HeraldTopology.FN_AUDIENCE_ADMIN_API,
                "PUT /v1/admin/topics/{topic}/members/{userId}", HeraldTopology.FN_AUDIENCE_ADMIN_API,
                "DELETE /v1/admin/topics/{topic}/members/{userId}", HeraldTopology.FN_AUDIENCE_ADMIN_API,
                "PUT /v1/admin/topics/{topic}", HeraldTopology.FN_AUDIENCE_ADMIN_API,
                "GET /v1/admin/ledger", HeraldTopology.FN_AUDIENCE_ADMIN_API);
        Map<String, String> userRoutes = Map.of(
                "GET /v1/me/preferences", HeraldTopology.FN_USER_API,
                "PUT /v1/me/preferences", HeraldTopology.FN_USER_API,
                "GET /v1/me/topics", HeraldTopology.FN_USER_API,
                "PUT /v1/me/topics/{topic}", HeraldTopology.FN_USER_API,
                "DELETE /v1/me/topics/{topic}", HeraldTopology.FN_USER_API,
                "GET /v1/inbox", HeraldTopology.FN_INBOX_API,
                "POST /v1/inbox/{notificationId}/read", HeraldTopology.FN_INBOX_API,
                "POST /v1/inbox/read-all", HeraldTopology.FN_INBOX_API);
        Map<String, Map<String, Object>> byKey = new java.util.HashMap<>();
        view.properties("AWS::ApiGatewayV2::Route").values().forEach(r -> byKey.put(String.valueOf(r.get("RouteKey")), r));
        adminRoutes.forEach((key, fn) -> {
            assertThat(byKey).as(key).containsKey(key);
            assertThat(byKey.get(key)).as(key).containsEntry("AuthorizationType", "JWT")
                    .containsEntry("AuthorizationScopes", List.of(HeraldTopology.SCOPE_ADMIN));
            assertThat(integrationUri(byKey.get(key))).as(key).contains(Ids.of("Fn", fn) + "Alias");
        });
        userRoutes.forEach((key, fn) -> {
            assertThat(byKey).as(key).containsKey(key);
            assertThat(byKey.get(key)).as(key).containsEntry("AuthorizationType", "JWT").doesNotContainKey("AuthorizationScopes");
            assertThat(integrationUri(byKey.get(key))).as(key).contains(Ids.of("Fn", fn) + "Alias");
        });
    }

    private String integrationUri(Map<String, Object> route) {
        String integrationId = String.valueOf(route.get("Target")).replaceAll(".*?(Http[A-Za-z0-9]*Integration[A-Za-z0-9]*).*", "$1");
        return String.valueOf(view.properties("AWS::ApiGatewayV2::Integration").get(integrationId).get("IntegrationUri"));
    }

    @Test
    void ingestionRoute_invokesTheIngestionFunction_whichMayOnlyPutEventsOnTheBus() {
        // issue 15 point 11: the body is validated before the bus, by the function herald up runs too
        assertThat(view.properties("AWS::ApiGatewayV2::Integration").values())
                .noneSatisfy(i -> assertThat(i).containsEntry("IntegrationSubtype", "EventBridge-PutEvents"));
        Map<String, Object> route = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> "POST /v1/events".equals(r.get("RouteKey"))).findFirst().orElseThrow();
        assertThat(route).containsEntry("AuthorizationType", "JWT");
        String integrationId = String.valueOf(route.get("Target")).replaceAll(".*?(Http[A-Za-z0-9]*Integration[A-Za-z0-9]*).*", "$1");
        Map<String, Object> integration = view.properties("AWS::ApiGatewayV2::Integration").get(integrationId);
        assertThat(String.valueOf(integration.get("IntegrationUri"))).contains(Ids.of("Fn", HeraldTopology.FN_INGEST) + "Alias");
        String busId = view.properties("AWS::Events::EventBus").keySet().iterator().next();
        String fnRole = Ids.of("Fn", HeraldTopology.FN_INGEST) + "ServiceRole";
        assertThat(view.iamStatements().stream().filter(s -> s.policyId().startsWith(fnRole) && s.allows("events:PutEvents")))
                .singleElement().satisfies(s -> assertThat(s.resources()).containsExactly(Map.of("Fn::GetAtt", List.of(busId, "Arn"))));
    }

    // --- SES, secrets, alarms, IAM ---

    @Test
    void ses_configurationSetSendsBouncesAndComplaintsToTheDefaultBus() {
        template.resourceCountIs("AWS::SES::ConfigurationSet", 1);
        template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", Map.of("EventDestination", Match.objectLike(Map.of(
                "Enabled", true,
                "MatchingEventTypes", Match.arrayEquals(List.of("bounce", "complaint")),
                "EventBridgeDestination", Match.objectLike(Map.of("EventBusArn", Match.anyValue()))))));
        String destination = String.valueOf(view.properties("AWS::SES::ConfigurationSetEventDestination").values().iterator().next());
        assertThat(destination).contains("event-bus/default");
        // imported by default: the identity stays outside the stack (created ones: DeployReadinessTest)
        template.resourceCountIs("AWS::SES::EmailIdentity", 0);
    }

    @Test
    void secrets_existForEveryReferencedSecretId_withoutAnyValueInTheTemplate() {
        Map<String, Map<String, Object>> secrets = byName("AWS::SecretsManager::Secret", "Name");
        assertThat(secrets.keySet()).containsExactlyInAnyOrder(
                HeraldTopology.SECRET_APNS, HeraldTopology.SECRET_FCM, HeraldTopology.SECRET_JWT, HeraldTopology.SECRET_EMAIL_TOKENS);
        assertThat(secrets.values()).allSatisfy(s -> assertThat(s).doesNotContainKey("SecretString").containsKey("GenerateSecretString"));
    }

    @Test
    void alarms_coverEveryDlqDepthWorkQueueAgeAndFunctionErrorsAndThrottles() {
        Map<String, Map<String, Object>> alarms = view.properties("AWS::CloudWatch::Alarm");
        long dlqs = TOPOLOGY.queues().stream().filter(q -> q.deadLetter().isEmpty()).count();
        long work = TOPOLOGY.queues().stream().filter(q -> q.deadLetter().isPresent()).count();
        long rules = view.properties("AWS::Events::Rule").size();
        // DLQs (and the rule targets' DLQ), work queues, functions x2, rules x2, HTTP 5xx + WebSocket errors, SES x2, tables
        assertThat(alarms).hasSize((int) (dlqs + 1 + work + 2L * TOPOLOGY.functions().size() + 2 * rules + 2 + 2 + TOPOLOGY.tables().size()));
        assertThat(alarms.values().stream().filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))))
                .hasSize((int) dlqs + 1).allSatisfy(a -> assertThat(a).containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold"));
        assertThat(alarms.values().stream().filter(a -> "ApproximateAgeOfOldestMessage".equals(a.get("MetricName")))).hasSize((int) work);
        assertThat(alarms.values().stream().filter(a -> "Errors".equals(a.get("MetricName")))).hasSize(TOPOLOGY.functions().size());
        assertThat(alarms.values().stream().filter(a -> "Throttles".equals(a.get("MetricName")))).hasSize(TOPOLOGY.functions().size());
        assertThat(alarms.values().stream().filter(a -> "ApproximateAgeOfOldestMessage".equals(a.get("MetricName"))))
                .allSatisfy(a -> assertThat(a).containsEntry("Threshold", (int) TOPOLOGY.queue(HeraldTopology.QUEUE_PUSH).orElseThrow().visibilityTimeout().toSeconds()));
        assertThat(alarms.values().stream().filter(a -> "Errors".equals(a.get("MetricName")) || "Throttles".equals(a.get("MetricName"))))
                .allSatisfy(a -> assertThat(a).containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold")
                        .containsEntry("Namespace", "AWS/Lambda"));
        assertThat(alarms.values()).allSatisfy(a -> assertThat(a).containsKey("AlarmActions"));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void sesFeedback_reachesTheFeedbackFunction_configurationSetToDefaultBusToHeraldBusToQueueToFunction() {
        Map<String, Map<String, Object>> rules = byName("AWS::Events::Rule", "Name");
        Map<String, String> queueIds = logicalIds("AWS::SQS::Queue", "QueueName");
        String busId = view.properties("AWS::Events::EventBus").keySet().iterator().next();
        // 1. the configuration set publishes bounces and complaints to the default bus (see ses_configurationSet...)
        // 2. a default-bus rule forwards them to the Herald bus
        Map<String, Object> forward = rules.get("herald-ses-feedback" + EventResources.FORWARD_SUFFIX);
        assertThat(forward).containsEntry("EventBusName", RuleSpec.DEFAULT_BUS);
        assertThat(String.valueOf(forward.get("Targets"))).contains(busId);
        // 3. the Herald bus rule sends them to the feedback queue
        Map<String, Object> onBus = rules.get("herald-ses-feedback");
        assertThat(onBus).containsEntry("EventBusName", TemplateView.ref(busId));
        assertThat((List<Object>) ((Map<String, Object>) onBus.get("EventPattern")).get("detail-type"))
                .containsExactlyInAnyOrder("Email Bounced", "Email Complaint Received");
        assertThat(String.valueOf(onBus.get("Targets"))).contains(queueIds.get(HeraldTopology.QUEUE_FEEDBACK));
        // 4. the feedback function consumes that queue
        String feedbackAlias = view.properties("AWS::Lambda::Alias").keySet().stream()
                .filter(id -> id.startsWith(Ids.of("Fn", HeraldTopology.FN_SES_FEEDBACK) + "Alias")).findFirst().orElseThrow();
        assertThat(view.properties("AWS::Lambda::EventSourceMapping").values())
                .anySatisfy(m -> {
                    assertThat(m.get("EventSourceArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(queueIds.get(HeraldTopology.QUEUE_FEEDBACK), "Arn")));
                    assertThat(String.valueOf(m.get("FunctionName"))).contains(feedbackAlias);
                });
    }

    @Test
    void environment_holdsSecretArnsOnly_andTheTemplateHoldsNoSecretValue() throws Exception {
        Map<String, String> secretIds = logicalIds("AWS::SecretsManager::Secret", "Name");
        Map<String, Map<String, Object>> byName = byName("AWS::Lambda::Function", "FunctionName");
        for (FunctionSpec spec : TOPOLOGY.functions()) {
            spec.environment().forEach((key, value) -> {
                Object resolved = env(byName.get(spec.name())).get(key);
                if (value instanceof dev.herald.common.topology.EnvValue.SecretId secret) {
                    assertThat(resolved).as(spec.name() + " " + key).isEqualTo(TemplateView.ref(secretIds.get(secret.secret())));
                } else {
                    assertThat(key).as(spec.name()).doesNotContainIgnoringCase("SECRET").doesNotContainIgnoringCase("PASSWORD")
                            .doesNotContainIgnoringCase("PRIVATE").doesNotContainIgnoringCase("_KEY");
                }
            });
        }
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(template.toJSON());
        assertThat(json).doesNotContain("\"SecretString\"", "PRIVATE KEY", "private_key", "client_secret");
    }

    @Test
    void tables_includeEveryTableOfTheDesign_withTheirIndexesAndTtl() {
        Map<String, Map<String, Object>> tables = byName("AWS::DynamoDB::Table", "TableName");
        assertThat(tables.keySet()).containsExactlyInAnyOrder(HeraldTopology.TABLE_CONNECTIONS, HeraldTopology.TABLE_TOPICS,
                HeraldTopology.TABLE_DEVICE_TOKENS, HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS, HeraldTopology.TABLE_PREFERENCES,
                HeraldTopology.TABLE_PROFILES, HeraldTopology.TABLE_TEMPLATES, HeraldTopology.TABLE_SUPPRESSIONS, HeraldTopology.TABLE_DELIVERIES,
                HeraldTopology.TABLE_TOPIC_SETTINGS, HeraldTopology.TABLE_WEBHOOKS, HeraldTopology.TABLE_ROUTES, HeraldTopology.TABLE_PHONE_NUMBERS,
                HeraldTopology.TABLE_THROTTLES, HeraldTopology.TABLE_DIGESTS);
        // the operator's query by notification: one new index on the ledger (CloudFormation adds one GSI per table update)
        assertThat(TemplateView.list(tables.get(HeraldTopology.TABLE_DELIVERIES).get("GlobalSecondaryIndexes")))
                .anySatisfy(g -> assertThat((Map<String, Object>) g).containsEntry("IndexName", HeraldTopology.INDEX_BY_NOTIFICATION)
                        .containsEntry("KeySchema", List.of(Map.of("AttributeName", "notificationShard", "KeyType", "HASH"),
                                Map.of("AttributeName", "deliveryId", "KeyType", "RANGE"))));
        for (String t : List.of(HeraldTopology.TABLE_CONNECTIONS, HeraldTopology.TABLE_DELIVERIES)) {
            Map<String, Object> gsi = (Map<String, Object>) TemplateView.list(tables.get(t).get("GlobalSecondaryIndexes")).get(0);
            String projection = t.equals(HeraldTopology.TABLE_DELIVERIES) ? "KEYS_ONLY" : "ALL";
            assertThat(gsi).as(t).containsEntry("IndexName", HeraldTopology.INDEX_BY_USER).containsEntry("Projection", Map.of("ProjectionType", projection));
            assertThat(((List<Object>) gsi.get("KeySchema")).get(0)).as(t).isEqualTo(Map.of("AttributeName", "userId", "KeyType", "HASH"));
        }
        for (String t : List.of(HeraldTopology.TABLE_CONNECTIONS, HeraldTopology.TABLE_DEVICE_TOKENS, HeraldTopology.TABLE_DELIVERIES)) {
            assertThat(tables.get(t)).as(t).containsEntry("TimeToLiveSpecification", Map.of("AttributeName", HeraldTopology.TTL_ATTRIBUTE, "Enabled", true));
        }
    }

    @Test
    void dashboard_graphsEveryDlqWorkQueueAndFunction() {
        String body = String.valueOf(view.properties("AWS::CloudWatch::Dashboard").values().iterator().next().get("DashboardBody"));
        assertThat(body).contains("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "\"Errors\"", "Throttles", "Duration");
        Map<String, String> queueIds = logicalIds("AWS::SQS::Queue", "QueueName");
        for (QueueSpec q : TOPOLOGY.queues()) {
            assertThat(body).as(q.name()).contains(queueIds.get(q.name()));
        }
        for (String fnId : view.properties("AWS::Lambda::Function").keySet()) {
            assertThat(body).as(fnId).contains(fnId);
        }
    }

    @Test
    void topology_whoseQueueVisibilityIsBelowSixTimesItsConsumersTimeout_cannotBeBuilt() {
        List<QueueSpec> queues = TOPOLOGY.queues().stream().map(q -> !q.name().equals(HeraldTopology.QUEUE_PUSH) ? q
                : new QueueSpec(q.name(), java.time.Duration.ofSeconds(179), q.retention(), q.deadLetter())).toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Topology(TOPOLOGY.busName(), TOPOLOGY.rules(), queues, TOPOLOGY.functions(),
                        TOPOLOGY.tables(), TOPOLOGY.webSocketApi(), TOPOLOGY.httpApi()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HeraldTopology.QUEUE_PUSH).hasMessageContaining("6x");
    }

    @Test
    void iam_noStatementAllowsEveryAction_andOnlyXrayUsesAWildcardResource() {
        List<TemplateView.Statement> statements = view.iamStatements();
        assertThat(statements).isNotEmpty();
        for (TemplateView.Statement s : statements) {
            assertThat(s.actions()).as(s.policyId()).noneMatch(a -> "*".equals(a) || String.valueOf(a).endsWith(":*"));
            if (s.resources().contains("*")) {
                assertThat(s.actions()).as(s.policyId()).allMatch(a -> String.valueOf(a).startsWith("xray:"));
            }
        }
    }

    // --- helpers ---

    private static Map<String, String> logicalIds(String type, String nameProperty) {
        return view.properties(type).entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getValue().get(nameProperty)), Map.Entry::getKey));
    }

    private static Map<String, Map<String, Object>> byName(String type, String nameProperty) {
        return view.properties(type).values().stream().collect(Collectors.toMap(p -> String.valueOf(p.get(nameProperty)), p -> p));
    }

    private static Map<String, Object> env(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }
}
