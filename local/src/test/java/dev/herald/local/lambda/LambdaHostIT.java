package dev.herald.local.lambda;

import static dev.herald.local.lambda.TestFunctionJars.ARTIFACT;
import static dev.herald.local.lambda.TestFunctionJars.OTHER_ARTIFACT;
import static dev.herald.local.lambda.TestTopologies.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.Environment;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.common.topology.Topology;
import dev.herald.local.FunctionInvoker.FunctionError;
import dev.herald.local.lambda.testfunctions.ContextHandler;
import dev.herald.local.lambda.testfunctions.EchoStreamHandler;
import dev.herald.local.lambda.testfunctions.SleepHandler;
import dev.herald.local.lambda.testfunctions.SqsSummaryHandler;
import dev.herald.local.lambda.testfunctions.ThrowingHandler;
import dev.herald.local.lambda.testfunctions.WebSocketRouteHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LambdaHostIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> BASE_ENV = Map.of("AWS_REGION", "eu-west-1", "HERALD_BASE", "base");

    private LambdaHost host;

    @BeforeEach
    void start() {
        Topology topology = TestTopologies.of(
                TestTopologies.queueWithDlq("lh-throttle-queue", Duration.ofSeconds(6), 5),
                List.of(function("echo", EchoStreamHandler.class, ARTIFACT, TIMEOUT, Map.of()),
                        function("context-a", ContextHandler.class, ARTIFACT, TIMEOUT,
                                Map.of("GREETING", EnvValue.literal("hello-a"), "SECRET_ID", new EnvValue.SecretId("herald/jwt"))),
                        function("context-a2", ContextHandler.class, ARTIFACT, TIMEOUT, Map.of("ONLY_A2", EnvValue.literal("a2"))),
                        function("context-b", ContextHandler.class, OTHER_ARTIFACT, TIMEOUT, Map.of("GREETING", EnvValue.literal("hello-b"))),
                        function("sqs-summary", SqsSummaryHandler.class, ARTIFACT, TIMEOUT, Map.of()),
                        function("sqs-summary-other", SqsSummaryHandler.class, OTHER_ARTIFACT, TIMEOUT, Map.of()),
                        function("ws-route", WebSocketRouteHandler.class, ARTIFACT, TIMEOUT, Map.of()),
                        function("throws", ThrowingHandler.class, ARTIFACT, TIMEOUT, Map.of()),
                        function("sleeps", SleepHandler.class, ARTIFACT, Duration.ofSeconds(1), Map.of()),
                        new FunctionSpec("sleeps-alone", SleepHandler.class.getName(), ARTIFACT, 256, Duration.ofSeconds(1), Map.of(),
                                Optional.of(new SqsTrigger("lh-throttle-queue", 10, Duration.ZERO, true, 1)))));
        host = new LambdaHost(topology, TestFunctionJars.repoRoot(), BASE_ENV, value -> switch (value) {
            case EnvValue.SecretId s -> "resolved:" + s.secret();
            default -> throw new IllegalArgumentException("unexpected " + value);
        });
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void invoke_streamHandler_getsTheRawBytesAndAnswersWithWhatItWrote() {
        assertThat(host.invoke("echo", "not even JSON {")).isEqualTo("not even JSON {");
    }

    @Test
    void invoke_requestHandler_getsLambdaContextInItsOwnClassLoader() {
        JsonNode out = Json.tree(host.invoke("context-a", "{}"));

        assertThat(out.get("functionName").asText()).isEqualTo("context-a");
        assertThat(out.get("memoryLimitInMB").asInt()).isEqualTo(256);
        assertThat(out.get("remainingTimeInMillis").asInt()).isBetween(1, 10_000);
        assertThat(out.get("awsRequestId").asText()).matches("[0-9a-f-]{36}");
        assertThat(out.get("invokedFunctionArn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:context-a");
        assertThat(out.get("threadContextLoaderIsOwn").asBoolean()).isTrue();
        assertThat(out.get("loaderName").asText()).isEqualTo("herald-function-" + ARTIFACT);
    }

    @Test
    void invoke_functionsInDifferentClassLoaders_seeTheirOwnVariables_andAnArtifactSeesTheUnionOfItsFunctions() {
        String ask = "{\"env\":[\"GREETING\",\"ONLY_A2\",\"SECRET_ID\",\"HERALD_BASE\"]}";

        JsonNode a = Json.tree(host.invoke("context-a", ask)).get("env");
        JsonNode a2 = Json.tree(host.invoke("context-a2", ask)).get("env");
        JsonNode b = Json.tree(host.invoke("context-b", ask)).get("env");

        assertThat(a.get("GREETING").asText()).isEqualTo("hello-a");
        assertThat(a.get("SECRET_ID").asText()).isEqualTo("resolved:herald/jwt");
        assertThat(a.get("ONLY_A2").asText()).isEqualTo("a2");
        assertThat(a2).isEqualTo(a);
        assertThat(b.get("GREETING").asText()).isEqualTo("hello-b");
        assertThat(b.hasNonNull("ONLY_A2")).isFalse();
        assertThat(b.hasNonNull("SECRET_ID")).isFalse();
        assertThat(List.of(a.get("HERALD_BASE").asText(), b.get("HERALD_BASE").asText())).containsOnly("base");
        assertThat(Environment.current().optional("GREETING")).as("the host's own Environment is untouched").isEmpty();
    }

    @Test
    void invoke_twice_reusesTheWarmHandlerInstance() {
        int first = Json.tree(host.invoke("context-b", "{}")).get("instance").asInt();
        int second = Json.tree(host.invoke("context-b", "{}")).get("instance").asInt();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void invoke_sqsEventInTwoArtifacts_eachReadsEveryFieldIntoItsOwnEventClasses() {
        // the serialization library caches nested event classes by name; each jar has its own class loader
        for (String function : List.of("sqs-summary", "sqs-summary-other", "sqs-summary")) {
            JsonNode out = Json.tree(host.invoke(function, Fixtures.read("sqs-ingress-batch.json")));
            assertThat(out.get("eventSourceARNs").get(0).asText()).as(function).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:herald-ingress");
        }
    }

    @Test
    void invoke_sqsEventFixture_isReadIntoSqsEventAsTheLambdaRuntimeReadsIt() {
        JsonNode out = Json.tree(host.invoke("sqs-summary", Fixtures.read("sqs-ingress-batch.json")));

        assertThat(out.get("messageIds")).extracting(JsonNode::asText).containsExactly(
                "6d2b1f0e-9c4a-4e37-b8d5-0a1f2e3c4b5d", "a4e7c9b2-1d3f-4a86-9e0b-7c5d2f1a8e36", "f09b3d6a-8e21-4c5f-a7d4-3b9e0c6f1a72");
        assertThat(out.get("receiveCounts")).extracting(JsonNode::asText).containsExactly("1", "1", "2");
        assertThat(out.get("sentBy").get(2).asText()).isEqualTo("String:ops-cli");
        assertThat(out.get("eventSourceARNs").get(0).asText()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:herald-ingress");
    }

    @Test
    void invoke_webSocketEventFixture_isReadIntoTheTypedEventAndTheResponseWritten() {
        JsonNode event = Json.tree(Fixtures.read("apigw-websocket-connect.json"));
        String connectionId = event.at("/requestContext/connectionId").asText();

        JsonNode out = Json.tree(host.invoke("ws-route", Json.write(event)));

        assertThat(out.get("statusCode").asInt()).isEqualTo(200);
        assertThat(out.get("body").asText()).isEqualTo("$connect " + connectionId);
    }

    @Test
    void invoke_whenHandlerThrows_throwsFunctionErrorWithTheExceptionClassAndMessage() {
        assertThatThrownBy(() -> host.invoke("throws", "{\"reason\":\"closed\"}"))
                .isInstanceOfSatisfying(FunctionError.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.getMessage()).isEqualTo("refused: closed");
                });
    }

    @Test
    void invoke_pastTheFunctionTimeout_failsAsTimedOut_andTheNextInvocationRuns() {
        assertThatThrownBy(() -> host.invoke("sleeps", "{\"millis\":60000}"))
                .isInstanceOfSatisfying(FunctionError.class, e -> {
                    assertThat(e.errorType()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.getMessage()).endsWith("Task timed out after 1.00 seconds");
                });

        assertThat(host.invoke("sleeps", "{\"millis\":0}")).isEqualTo("\"slept 0\"");
    }

    @Test
    void invoke_whenEverySlotIsHeldByAHandlerIgnoringItsTimeout_isThrottled() {
        // concurrency 1 (the trigger's maxConcurrency); the first call times out but its handler keeps the slot
        assertThatThrownBy(() -> host.invoke("sleeps-alone", "{\"millis\":5000,\"ignoreInterrupts\":true}"))
                .isInstanceOfSatisfying(FunctionError.class, e -> assertThat(e.errorType()).isEqualTo("Sandbox.Timedout"));

        assertThatThrownBy(() -> host.invoke("sleeps-alone", "{\"millis\":0}"))
                .isInstanceOfSatisfying(FunctionError.class, e -> {
                    assertThat(e.errorType()).isEqualTo("TooManyRequestsException");
                    assertThat(e.getMessage()).startsWith("Rate Exceeded.");
                });
    }

    @Test
    void invoke_unknownFunction_throwsFunctionNotFound() {
        assertThatThrownBy(() -> host.invoke("nope", "{}"))
                .isInstanceOf(FunctionNotFoundException.class)
                .hasMessageContaining("Function not found: nope");
    }
}
