package dev.herald.local.lambda;

import static dev.herald.local.lambda.TestFunctionJars.ARTIFACT;
import static dev.herald.local.lambda.TestTopologies.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.Topology;
import dev.herald.local.FunctionInvoker;
import dev.herald.local.lambda.testfunctions.EchoStreamHandler;
import dev.herald.local.lambda.testfunctions.ThrowingHandler;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The Invoke API on a real HTTP server, called by the SDK's own LambdaClient, running real function jars. */
class LambdaInvokeApiIT {
    private final List<String> invoked = new CopyOnWriteArrayList<>();
    private LambdaHost host;
    private Javalin edge;
    private LambdaClient lambda;

    @BeforeEach
    void start() {
        Topology topology = TestTopologies.of(List.of(), List.of(
                function("echo", EchoStreamHandler.class, ARTIFACT, Duration.ofSeconds(10), Map.of()),
                function("throws", ThrowingHandler.class, ARTIFACT, Duration.ofSeconds(10), Map.of())));
        host = new LambdaHost(topology, TestFunctionJars.repoRoot(), Map.of(), v -> "unused");
        FunctionInvoker recording = (function, payload) -> {
            invoked.add(function + " " + payload);
            return host.invoke(function, payload);
        };
        LambdaInvokeApi api = new LambdaInvokeApi(recording);
        edge = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            api.install(config);
        }).start(0);
        lambda = LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + edge.port()))
                .region(LocalEngines.REGION).credentialsProvider(LocalEngines.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        edge.stop();
        host.close();
    }

    @Test
    void invoke_returnsTheFunctionsAnswer() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").payload(SdkBytes.fromUtf8String("{\"hello\":\"world\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.payload().asUtf8String()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void invoke_byArn_findsTheFunction() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("arn:aws:lambda:eu-west-1:000000000000:function:echo")
                .payload(SdkBytes.fromUtf8String("\"x\"")));

        assertThat(response.payload().asUtf8String()).isEqualTo("\"x\"");
    }

    @Test
    void invoke_whenHandlerThrows_answersUnhandledWithErrorTypeAndMessage() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("throws").payload(SdkBytes.fromUtf8String("{\"reason\":\"closed\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.tree(response.payload().asUtf8String());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("refused: closed");
    }

    @Test
    void invoke_unknownFunction_throwsResourceNotFound() {
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("nope").payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("Function not found: nope");
                });
    }

    @Test
    void invoke_eventInvocation_answers202AndRunsTheFunctionAfterwards() throws InterruptedException {
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"async\":true}")));

        assertThat(response.statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (invoked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(invoked).containsExactly("echo {\"async\":true}");
    }
}
