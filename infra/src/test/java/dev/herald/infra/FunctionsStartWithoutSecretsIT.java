package dev.herald.infra;

import dev.herald.common.config.EnvNames;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.event.Channel;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.lambda.LambdaHost;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Every function of the synthesized template starts the way Lambda starts it when a SnapStart version is
 * published during the first deploy: its handler class built by its no-arg constructor (from its own shaded
 * jar, in a class loader of its own) with exactly the template's environment variables - references resolved to
 * {@code herald up}'s tables, queues, secrets and endpoints - while every secret holds the value the stack
 * generates ({@code GenerateSecretString}: {@code {"placeholder": "<32 letters and digits>"}}), served by
 * {@code herald up}'s Secrets Manager. Each is then invoked once with a representative event: no function may
 * throw; the APIs that need a secret answer 503 naming it and the doc section; the deliveries that need one
 * fail (email, retried) or are rejected (push, per platform) with that reason.
 *
 * <p>Lives in {@code infra} because only here both the template (CDK) and {@code herald up} ({@code local}, a
 * test dependency) are reachable; {@code local} cannot depend on {@code infra}. Needs the function jars
 * ({@code ./mvnw -pl infra -am verify} packages them before this runs).
 */
@SuppressWarnings("unchecked")
class FunctionsStartWithoutSecretsIT {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    private static final String DOCS = CachedSecret.DOCS;

    @TempDir
    static Path data;
    @TempDir
    static Path noJars;
    private static TemplateView template;
    private static LocalRuntime local;
    private static LambdaHost functions;
    private static DynamoDbClient dynamo;
    private static SecretsManagerClient secrets;
    private static Map<String, String> placeholders;
    private static Map<String, Map<String, String>> environments;

    @BeforeAll
    static void deployWithPlaceholders() {
        template = new TemplateView(Synth.standard().template());
        // herald up without function jars: its engines and edge only; the functions under test are hosted below
        local = LocalRuntime.start(RuntimeOptions.ephemeral(data, noJars));
        URI edge = local.edgeEndpoint();
        Region region = Region.of(local.region());
        dynamo = DynamoDbClient.builder().endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        secrets = SecretsManagerClient.builder().endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();

        placeholders = initialSecretValues();
        placeholders.forEach((name, value) -> secrets.putSecretValue(r -> r.secretId(name).secretString(value)));

        environments = templateEnvironments();
        Topology standard = HeraldTopology.standard();
        List<FunctionSpec> asDeployed = new ArrayList<>();
        for (FunctionSpec spec : standard.functions()) {
            Map<String, Object> fn = javaFunctions().get(spec.name());
            String handler = ((String) fn.get("Handler")).replace("::handleRequest", "");
            Map<String, EnvValue> env = new TreeMap<>();
            environments.get(spec.name()).forEach((k, v) -> env.put(k, new EnvValue.Literal(v)));
            asDeployed.add(new FunctionSpec(spec.name(), handler, spec.artifact(), spec.memoryMb(), spec.timeout(), env, spec.trigger()));
        }
        Topology deployed = new Topology(standard.busName(), standard.rules(), standard.queues(), asDeployed, standard.tables(),
                standard.webSocketApi(), standard.httpApi());
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        // what Lambda gives every function besides the template's variables (region, credentials); the endpoint sends the SDK to herald up
        Map<String, String> lambdaEnv = Map.of("AWS_REGION", local.region(), "AWS_ENDPOINT_URL", edge.toString(),
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");
        functions = new LambdaHost(deployed, repoRoot, lambdaEnv, v -> ((EnvValue.Literal) v).value());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {functions, dynamo, secrets, local}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    // --- the template ---

    /** FunctionName to Properties of every Java function (CDK's own helper functions, if any, run Node.js). */
    private static Map<String, Map<String, Object>> javaFunctions() {
        return template.properties("AWS::Lambda::Function").values().stream()
                .filter(p -> String.valueOf(p.get("Runtime")).startsWith("java"))
                .collect(Collectors.toMap(p -> (String) p.get("FunctionName"), p -> p));
    }

    /**
     * The value each secret starts with: CloudFormation's GenerateSecretString puts a random string of
     * PasswordLength characters under GenerateStringKey into SecretStringTemplate.
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-secretsmanager-secret-generatesecretstring.html
     */
    private static Map<String, String> initialSecretValues() {
        Map<String, String> out = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        template.properties("AWS::SecretsManager::Secret").values().forEach(p -> {
            Map<String, Object> gen = (Map<String, Object>) p.get("GenerateSecretString");
            assertThat(gen).as("secret %s has a generated value", p.get("Name")).isNotNull();
            assertThat(gen.get("ExcludePunctuation")).isEqualTo(true);
            ObjectNode value = (ObjectNode) Json.tree((String) gen.get("SecretStringTemplate"));
            StringBuilder generated = new StringBuilder();
            for (int i = 0; i < ((Number) gen.get("PasswordLength")).intValue(); i++) {
                generated.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            value.put((String) gen.get("GenerateStringKey"), generated.toString());
            out.put((String) p.get("Name"), Json.write(value));
        });
        return out;
    }

    /** Each Java function's environment variables with every reference resolved to herald up's value. */
    private static Map<String, Map<String, String>> templateEnvironments() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        javaFunctions().forEach((name, p) -> {
            Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables");
            Map<String, String> env = new TreeMap<>();
            vars.forEach((k, v) -> env.put(k, resolve(v)));
            out.put(name, env);
        });
        return out;
    }

    private static String resolve(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.get("Ref") instanceof String logicalId) {
            Map<String, Object> resource = template.resources().get(logicalId);
            Map<String, Object> p = (Map<String, Object>) resource.get("Properties");
            return switch ((String) resource.get("Type")) {
                case "AWS::DynamoDB::Table" -> (String) p.get("TableName");
                case "AWS::SQS::Queue" -> local.queueUrls().get((String) p.get("QueueName"));
                case "AWS::SecretsManager::Secret" -> (String) p.get("Name");
                case "AWS::Events::EventBus" -> (String) p.get("Name");
                case "AWS::Scheduler::ScheduleGroup" -> (String) p.get("Name");
                default -> throw new AssertionError("no local value for a Ref to " + resource.get("Type") + " (" + logicalId + ")");
            };
        }
        if (intrinsic.get("Fn::GetAtt") instanceof List<?> getAtt && "Arn".equals(getAtt.get(1))) {
            // the deferral settings: a channel queue's ARN (the schedules' target) and the role Scheduler assumes
            Map<String, Object> resource = template.resources().get((String) getAtt.get(0));
            Map<String, Object> p = (Map<String, Object>) resource.get("Properties");
            return switch ((String) resource.get("Type")) {
                case "AWS::SQS::Queue" -> "arn:aws:sqs:" + local.region() + ":000000000000:" + p.get("QueueName");
                case "AWS::IAM::Role" -> "arn:aws:iam::000000000000:role/" + getAtt.get(0);
                default -> throw new AssertionError("no local value for the ARN of " + resource.get("Type") + " (" + getAtt.get(0) + ")");
            };
        }
        if (intrinsic.get("Fn::Join") instanceof List<?> join && Json.write(join).contains("execute-api")) {
            // the WebSocket stage's callback URL (@connections): herald up serves it on the edge port
            return local.edgeEndpoint() + "/" + HeraldTopology.standard().webSocketApi().stage();
        }
        throw new AssertionError("no local value for " + Json.write(value));
    }

    // --- events ---

    private static JsonNode invoke(String function, Object event) {
        return Json.tree(functions.invoke(function, event instanceof String s ? s : Json.write(event)));
    }

    private static Map<String, Object> http(String method, String path, String body) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("headers", Map.of("authorization", "Bearer " + local.tokenFor("user-1"), "content-type", "application/json"));
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path), "requestId", UUID.randomUUID().toString()));
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    private static Map<String, Object> webSocket(String routeKey, String eventType, Map<String, String> query, String body) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestContext", Map.of("routeKey", routeKey, "eventType", eventType, "connectionId", "c-" + UUID.randomUUID() + "=",
                "connectedAt", System.currentTimeMillis(), "stage", "live", "requestId", UUID.randomUUID().toString()));
        if (query != null) {
            event.put("queryStringParameters", query);
        }
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    private static Map<String, Object> sqs(String queue, String body) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("receiptHandle", "not-a-receipt-" + UUID.randomUUID());
        record.put("body", body);
        record.put("attributes", Map.of("ApproximateReceiveCount", "1", "SentTimestamp", Long.toString(System.currentTimeMillis())));
        record.put("messageAttributes", Map.of());
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:" + local.region() + ":000000000000:" + queue);
        record.put("awsRegion", local.region());
        return Map.of("Records", List.of(record));
    }

    private static ChannelMessage message(Channel channel, String userId) {
        String notificationId = "n-" + UUID.randomUUID();
        return new ChannelMessage(DeliveryIds.of(notificationId, channel, userId), notificationId, "order.shipped", "shop", channel, userId,
                null, Priority.NORMAL, new RenderedContent("Your order shipped", "It arrives Tuesday", "Your order shipped",
                "<p>It arrives Tuesday</p>", "It arrives Tuesday"), Json.object().put("orderId", "A-17"), null, "trace-1", Instant.now(), null);
    }

    private static LedgerEntry ledgerRow(ChannelMessage m) {
        return new DynamoDbDeliveryLedger(dynamo, HeraldTopology.TABLE_DELIVERIES).find(m.deliveryId()).orElseThrow();
    }

    // --- the tests ---

    @Test
    void everyJavaFunctionOfTheTemplate_isHostedWithTheTemplatesEnvironment_andEverySecretHoldsThePlaceholder() {
        assertThat(javaFunctions().keySet()).containsExactlyInAnyOrderElementsOf(
                HeraldTopology.standard().functions().stream().map(FunctionSpec::name).toList());
        assertThat(placeholders).containsOnlyKeys(HeraldTopology.SECRET_APNS, HeraldTopology.SECRET_FCM, HeraldTopology.SECRET_JWT,
                HeraldTopology.SECRET_EMAIL_TOKENS);
        placeholders.forEach((name, value) -> {
            assertThat(Json.tree(secrets.getSecretValue(r -> r.secretId(name)).secretString()).path("placeholder").asText()).hasSize(32);
        });
        assertThat(environments.get(HeraldTopology.FN_DEVICE_REGISTRATION)).containsEntry(EnvNames.JWT_SECRET_ID, HeraldTopology.SECRET_JWT);
    }

    @Test
    void connect_answers503NamingTheJwtSecret() {
        JsonNode r = invoke(HeraldTopology.FN_WS_CONNECT, webSocket("$connect", "CONNECT", Map.of("token", local.tokenFor("user-1")), null));
        assertThat(r.path("statusCode").asInt()).isEqualTo(503);
        assertThat(r.path("body").asText()).contains("secret 'herald/jwt' still holds the placeholder").contains(DOCS);
    }

    @Test
    void apis_answer503NamingTheSecretTheyNeed() {
        JsonNode inbox = invoke(HeraldTopology.FN_INBOX_API, http("GET", "/v1/inbox", null));
        JsonNode devices = invoke(HeraldTopology.FN_DEVICE_REGISTRATION, http("PUT", "/v1/devices",
                "{\"platform\":\"ios\",\"token\":\"" + "ab".repeat(32) + "\",\"app\":\"com.example.app\"}"));
        JsonNode subscribe = invoke(HeraldTopology.FN_SUBSCRIPTIONS_API, http("POST", "/v1/subscriptions/email", "{\"address\":\"ada@example.com\"}"));
        JsonNode confirm = invoke(HeraldTopology.FN_SUBSCRIPTIONS_API, http("GET", "/v1/subscriptions/email/confirm", null));

        for (JsonNode r : List.of(inbox, devices, subscribe, confirm)) {
            assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(503);
            assertThat(Json.tree(r.path("body").asText()).path("message").asText()).as(r.toString()).contains("still holds the placeholder").contains(DOCS);
        }
        assertThat(inbox.path("body").asText()).contains("herald/jwt");
        assertThat(devices.path("body").asText()).contains("herald/jwt");
        assertThat(subscribe.path("body").asText()).contains("herald/email-tokens");
        assertThat(confirm.path("body").asText()).contains("herald/email-tokens");
    }

    @Test
    void emailDelivery_failsForRetry_withTheReasonNamingTheSecret() {
        ChannelMessage m = message(Channel.EMAIL, "user-" + UUID.randomUUID());
        Map<String, Object> event = sqs(HeraldTopology.QUEUE_EMAIL, ChannelMessages.toJson(m));

        JsonNode response = invoke(HeraldTopology.FN_EMAIL_DELIVERY, event);

        assertThat(response.path("batchItemFailures")).hasSize(1);
        LedgerEntry row = ledgerRow(m);
        assertThat(row.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row.reason()).contains("email is not configured").contains("secret 'herald/email-tokens' still holds the placeholder").contains(DOCS);
    }

    @Test
    void pushDelivery_rejectsEachPlatform_withTheReasonNamingItsSecret() {
        String iosUser = "user-" + UUID.randomUUID();
        String androidUser = "user-" + UUID.randomUUID();
        DynamoDbDeviceTokenStore devices = new DynamoDbDeviceTokenStore(dynamo, HeraldTopology.TABLE_DEVICE_TOKENS);
        devices.register(iosUser, "ab".repeat(32), DeviceTokenStore.Platform.IOS, "com.example.app");
        devices.register(androidUser, "fcm-" + UUID.randomUUID(), DeviceTokenStore.Platform.ANDROID, "com.example.app");
        ChannelMessage ios = message(Channel.PUSH, iosUser);
        ChannelMessage android = message(Channel.PUSH, androidUser);

        JsonNode first = invoke(HeraldTopology.FN_PUSH_DELIVERY, sqs(HeraldTopology.QUEUE_PUSH, ChannelMessages.toJson(ios)));
        JsonNode second = invoke(HeraldTopology.FN_PUSH_DELIVERY, sqs(HeraldTopology.QUEUE_PUSH, ChannelMessages.toJson(android)));

        assertThat(first.path("batchItemFailures")).isEmpty();
        assertThat(second.path("batchItemFailures")).isEmpty();
        assertThat(ledgerRow(ios).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(ledgerRow(ios).reason()).contains("APNs is not configured; store the key in secret 'herald/apns'").contains(DOCS);
        assertThat(ledgerRow(android).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(ledgerRow(android).reason()).contains("FCM is not configured; store the Firebase service-account key in secret 'herald/fcm'")
                .contains(DOCS);
    }

    @Test
    void functionsWithoutSecrets_runNormally() {
        String user = "user-" + UUID.randomUUID();
        Map<String, Object> envelope = Map.of("version", "0", "id", UUID.randomUUID().toString(), "detail-type", "secrets.test.unrouted",
                "source", "shop", "account", "000000000000", "time", Instant.now().toString(), "region", local.region(),
                "resources", List.of(), "detail", Map.of("recipients", List.of(user), "data", Map.of("orderId", "A-17")));
        assertThat(invoke(HeraldTopology.FN_ROUTER, sqs(HeraldTopology.QUEUE_INGRESS, Json.write(envelope))).path("batchItemFailures")).isEmpty();
        assertThat(invoke(HeraldTopology.FN_WS_DELIVERY, sqs(HeraldTopology.QUEUE_WEBSOCKET, ChannelMessages.toJson(message(Channel.WEBSOCKET, user))))
                .path("batchItemFailures")).isEmpty();
        assertThat(invoke(HeraldTopology.FN_SES_FEEDBACK, sqs(HeraldTopology.QUEUE_FEEDBACK, Json.write(Map.of("version", "0",
                "id", UUID.randomUUID().toString(), "detail-type", "Email Bounced", "source", "aws.ses", "time", Instant.now().toString(),
                "detail", Map.of("eventType", "Bounce", "mail", Map.of("messageId", "m-" + UUID.randomUUID(), "destination", List.of("x@example.com")),
                        "bounce", Map.of("bounceType", "Transient", "bounceSubType", "General",
                                "bouncedRecipients", List.of(Map.of("emailAddress", "x@example.com")))))))).path("batchItemFailures")).isEmpty();
        assertThat(invoke(HeraldTopology.FN_WS_DISCONNECT, webSocket("$disconnect", "DISCONNECT", null, null)).path("statusCode").asInt()).isEqualTo(200);
        assertThat(invoke(HeraldTopology.FN_WS_MESSAGE, webSocket("$default", "MESSAGE", null, "{\"action\":\"ping\"}")).path("statusCode").asInt())
                .isEqualTo(200);
        // as the router sends it: Json.write(EnrichmentRequest)
        JsonNode enrichment = invoke(HeraldTopology.FN_ENRICHMENT, Json.write(new EnrichmentRequest("n-1", "order.shipped", "no-such-template",
                List.of(user), List.of(Channel.EMAIL), Json.object(), null, "trace-1")));
        assertThat(enrichment.isObject()).isTrue();
    }
}
