package dev.herald.local.pipeline;

import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.testing.AllAtOnceOrderRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One {@code herald up} runtime with the real function jars (the reactor packages them before this
 * module's integration tests) and the demo data, shared by the end-to-end tests of this JVM. Tests
 * keep apart by unique notification ids. Its {@code order-shipped} route sends on every channel at once
 * ({@link AllAtOnceOrderRoute}); the demo's WebSocket-first one is {@code DemoOrderRouteIT}'s.
 */
public final class PipelineRuntime {
    private static LocalRuntime runtime;
    private static DynamoDbClient dynamo;

    private PipelineRuntime() {
    }

    public static synchronized LocalRuntime get() {
        if (runtime == null) {
            try {
                Path repoRoot = Path.of("").toAbsolutePath().getParent();
                runtime = LocalRuntime.start(RuntimeOptions.ephemeral(Files.createTempDirectory("herald-e2e"), repoRoot));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!runtime.unbuiltFunctions().isEmpty()) {
                throw new IllegalStateException("function jars missing for " + runtime.unbuiltFunctions() + "; run ./mvnw verify from the repository root");
            }
            dynamo = DynamoDbClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            new DemoSeed(dynamo, ApnsEmulator.DEFAULT_TOPIC).seed();
            // these tests publish order.shipped to see a frame, a push and an email together; the demo's route is WebSocket-first
            AllAtOnceOrderRoute.install(dynamo);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dynamo.close();
                runtime.close();
            }, "pipeline-runtime-stop"));
        }
        return runtime;
    }

    /** A DynamoDB client on the runtime's edge port. */
    public static synchronized DynamoDbClient dynamo() {
        get();
        return dynamo;
    }
}
