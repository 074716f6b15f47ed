package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.event.Channel;
import dev.herald.common.testing.LocalEngines;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterConfigTest {
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(EnvNames.TABLE_DELIVERIES, "herald-deliveries");
        env.put(EnvNames.TABLE_TOPICS, "herald-topics");
        env.put(EnvNames.TABLE_PREFERENCES, "herald-preferences");
        env.put(EnvNames.QUEUE_URL_WEBSOCKET, "http://q/ws");
        env.put(EnvNames.QUEUE_URL_PUSH, "http://q/push");
        env.put(EnvNames.QUEUE_URL_EMAIL, "http://q/email");
        env.put(EnvNames.QUEUE_URL_INGRESS, "http://q/ingress");
        env.put(EnvNames.TABLE_ROUTES, "herald-routes");
        return env;
    }

    @Test
    void fromEnvironment_routes_fromTheTableCheckedEveryFiveSecondsUnlessSet() {
        RouterConfig c = RouterConfig.fromEnvironment(Environment.of(env()));
        assertThat(c.routesTable()).isEqualTo("herald-routes");
        assertThat(c.routesCheck()).isEqualTo(java.time.Duration.ofSeconds(5));
        Map<String, String> env = env();
        env.put(EnvNames.ROUTES_CHECK_MS, "0");
        assertThat(RouterConfig.fromEnvironment(Environment.of(env)).routesCheck()).isZero();
        env.remove(EnvNames.TABLE_ROUTES);
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Environment.of(env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(EnvNames.TABLE_ROUTES).hasMessageContaining(EnvNames.ROUTES_FILE);
    }

    @Test
    void fromEnvironment_readsEverySetting() {
        Map<String, String> env = env();
        env.put(EnvNames.ENRICHMENT_FUNCTION, "herald-enrichment");
        env.put(EnvNames.ROUTES_FILE, "/opt/routes.json");
        RouterConfig c = RouterConfig.fromEnvironment(Environment.of(env));
        assertThat(c.queueUrls()).containsEntry(Channel.PUSH, "http://q/push").hasSize(3);
        assertThat(c.ingressQueueUrl()).isEqualTo("http://q/ingress");
        assertThat(c.enrichmentFunction()).isEqualTo("herald-enrichment");
        assertThat(c.routesFile()).isEqualTo(Path.of("/opt/routes.json"));
        assertThat(RouterConfig.fromEnvironment(Environment.of(env())).routesFile()).isNull();
    }

    @Test
    void fromEnvironment_scheduler_isReadWithTheIngressQueueArn_andAPartOfItAloneIsRefused() {
        assertThat(RouterConfig.fromEnvironment(Environment.of(env())).scheduler()).isNull();
        Map<String, String> env = env();
        env.put(EnvNames.SCHEDULE_GROUP, "herald-deferrals");
        env.put(EnvNames.SCHEDULER_ROLE_ARN, "arn:aws:iam::1:role/s");
        env.put(EnvNames.DEFERRAL_QUEUE_ARN, "arn:aws:sqs:eu-west-1:1:herald-ingress");
        RouterConfig c = RouterConfig.fromEnvironment(Environment.of(env));
        assertThat(c.scheduler()).isEqualTo(new dev.herald.common.schedule.MessageScheduler.Settings("herald-deferrals", "arn:aws:iam::1:role/s"));
        assertThat(c.ingressQueueArn()).isEqualTo("arn:aws:sqs:eu-west-1:1:herald-ingress");
        env.remove(EnvNames.DEFERRAL_QUEUE_ARN);
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Environment.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnvNames.DEFERRAL_QUEUE_ARN).hasMessageContaining("ingress queue's ARN");
    }

    @Test
    void fromEnvironment_enrichmentTimeout_defaultsToTenSecondsAndIsSetInMilliseconds() {
        assertThat(RouterConfig.fromEnvironment(Environment.of(env())).enrichmentTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        Map<String, String> env = env();
        env.put(RouterConfig.ENRICHMENT_TIMEOUT_MS, "2500");
        assertThat(RouterConfig.fromEnvironment(Environment.of(env)).enrichmentTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        env.put(RouterConfig.ENRICHMENT_TIMEOUT_MS, "0");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Environment.of(env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.ENRICHMENT_TIMEOUT_MS);
    }

    @Test
    void fromEnvironment_parallelism_defaultsToABatchAndMustBePositive() {
        assertThat(RouterConfig.fromEnvironment(Environment.of(env())).parallelism()).isEqualTo(10);
        Map<String, String> env = env();
        env.put(RouterConfig.PARALLELISM, "1");
        assertThat(RouterConfig.fromEnvironment(Environment.of(env)).parallelism()).isEqualTo(1);
        env.put(RouterConfig.PARALLELISM, "0");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Environment.of(env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.PARALLELISM);
    }

    @Test
    void fromEnvironment_parallelism_isReadAsTheDeliveryParallelismIs() {
        Map<String, String> env = env();
        env.put(RouterConfig.PARALLELISM, "101");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Environment.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RouterConfig.PARALLELISM + "=101 is out of range").hasMessageContaining("set 1")
                .hasMessageContaining("to 100");
        env.put(RouterConfig.PARALLELISM, "100");
        assertThat(RouterConfig.fromEnvironment(Environment.of(env)).parallelism()).isEqualTo(100);
    }

    @Test
    void wire_startsNoThread_soTheInitIsSnapStartSafe() {
        Map<String, String> env = env();
        env.put(EnvNames.ENRICHMENT_FUNCTION, "herald-enrichment");
        RouterConfig config = RouterConfig.fromEnvironment(Environment.of(env));
        long before = routerThreads();
        // wiring makes no request and starts no thread: the pool's threads start with the first batch
        withClientsToNowhere((dynamo, sqs, lambda) -> {
            assertThat(new RouterHandler(config, RouteTable.bundled(), dynamo, sqs, lambda, Clock.systemUTC())).isNotNull();
            assertThat(routerThreads()).isEqualTo(before);
        });
    }

    private static long routerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("herald-router-")).count();
    }

    @Test
    void fromEnvironment_missingQueue_namesTheVariable() {
        Map<String, String> env = env();
        env.remove(EnvNames.QUEUE_URL_EMAIL);
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Environment.of(env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(EnvNames.QUEUE_URL_EMAIL);
    }

    @Test
    void handler_routesThatEnrichWithoutAFunction_failAtInitNamingTheVariable() {
        RouterConfig config = RouterConfig.fromEnvironment(Environment.of(env()));
        // clients are built but never called: init fails first
        withClientsToNowhere((dynamo, sqs, lambda) ->
                assertThatThrownBy(() -> new RouterHandler(config, RouteTable.bundled(), dynamo, sqs, lambda, Clock.systemUTC()))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining("[order-shipped, deal-started, s3-object-created, account-alert] enrich")
                        .hasMessageContaining(EnvNames.ENRICHMENT_FUNCTION));
    }

    private interface Clients {
        void use(DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda);
    }

    /** SDK clients pointed at a closed port: a test that uses them must make no request. */
    private static void withClientsToNowhere(Clients body) {
        URI nowhere = URI.create("http://127.0.0.1:9");
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(nowhere).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(nowhere).region(LocalEngines.REGION)
                     .credentialsProvider(LocalEngines.CREDENTIALS).build();
             LambdaClient lambda = LambdaClient.builder().endpointOverride(nowhere).region(LocalEngines.REGION)
                     .credentialsProvider(LocalEngines.CREDENTIALS).build()) {
            body.use(dynamo, sqs, lambda);
        }
    }
}
