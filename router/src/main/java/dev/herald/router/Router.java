package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.schedule.MessageScheduler;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.store.DynamoDbTopicStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The router function's parts, wired once: the composition root of {@link RouterHandler}. {@link #fromEnvironment()}
 * reads the configuration and builds the SDK clients; {@link #wire} takes them (the test seam). Nothing here takes an
 * id or a timestamp or starts a thread, so a SnapStart snapshot taken after init is safe to restore many times (the
 * pool's threads start on first use).
 */
final class Router {
    /** SendMessageBatch attempts per batch and the first backoff between them. */
    static final int FAN_OUT_ATTEMPTS = 3;
    static final Duration FAN_OUT_BACKOFF = Duration.ofMillis(100);

    private final BatchRouter router;
    private final IngressBackOff backOff;
    private final DigestFlushes flushes;

    private Router(BatchRouter router, IngressBackOff backOff, DigestFlushes flushes) {
        this.router = router;
        this.backOff = backOff;
        this.flushes = flushes;
    }

    /** From the function's environment ({@link RouterConfig#fromEnvironment}) and the default SDK clients. */
    static Router fromEnvironment() {
        RouterConfig config = RouterConfig.fromEnvironment(Environment.current());
        AwsClients aws = AwsClients.create();
        if (config.routesFile() == null) {
            // routes as data: the Routes table, cached (TableRoutes); the first read happens on the first batch, not at init
            var routes = new TableRoutes(new DynamoDbRouteStore(aws.dynamoDb(), config.routesTable(), Clocks.current()),
                    Clocks.current(), config.routesCheck());
            return wire(config, routes, aws.dynamoDb(), aws.sqs(), aws.lambda(), Clocks.current(), scheduler(config, aws));
        }
        return wire(config, RouteTable.load(config.routesFile()), aws.dynamoDb(), aws.sqs(), aws.lambda(), Clocks.current(),
                scheduler(config, aws));
    }

    /** The scheduler of long digests, when the router's environment names one (the SDK client is built only then). */
    private static MessageScheduler scheduler(RouterConfig config, AwsClients aws) {
        return config.scheduler() == null ? null : new MessageScheduler(aws.scheduler(), config.scheduler());
    }

    /**
     * Wires the router on these clients.
     *
     * @throws ConfigException if a route enriches and no enrichment function is configured
     */
    static Router wire(RouterConfig config, RouteTable routes, DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda, Clock clock) {
        return wire(config, routes, dynamo, sqs, lambda, clock, null);
    }

    /** As {@link #wire(RouterConfig, RouteTable, DynamoDbClient, SqsClient, LambdaClient, Clock)}, with the scheduler of long digests. */
    static Router wire(RouterConfig config, RouteTable routes, DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda, Clock clock,
                       MessageScheduler scheduler) {
        RoutePlanner planner = new RoutePlanner(checked(config, routes));
        return wire(config, () -> planner, dynamo, sqs, lambda, clock, scheduler);
    }

    private static RouteTable checked(RouterConfig config, RouteTable routes) {
        if (routes.needsEnrichment() && config.enrichmentFunction() == null) {
            throw new ConfigException("routes " + routes.routes().stream().filter(Route::enrich).map(Route::name).toList()
                    + " enrich, but " + EnvNames.ENRICHMENT_FUNCTION + " is not set; set it to the enrichment function's name");
        }
        return routes;
    }

    /**
     * Wires the router on these clients, with routes that may change between batches ({@link TableRoutes}).
     *
     * @param scheduler for digests that close more than 15 minutes ahead ({@link DigestStore}), or null
     */
    static Router wire(RouterConfig config, Supplier<RoutePlanner> routes, DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda,
                       Clock clock, MessageScheduler scheduler) {
        var ledger = new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable(), clock);
        var sender = new SqsBatchSender(sqs, FAN_OUT_ATTEMPTS, FAN_OUT_BACKOFF);
        var parallel = new BoundedPool("herald-router", config.parallelism());
        LambdaEnricher enricher = config.enrichmentFunction() == null ? null
                : new LambdaEnricher(lambda, config.enrichmentFunction(), config.enrichmentTimeout());
        var failures = new RecordFailures(ledger);
        var claims = new ClaimPhase(ledger,
                new RecipientExpander(new DynamoDbTopicStore(dynamo, config.topicsTable(), clock), AudienceChunks.USERS_PER_CHUNK,
                        EnrichmentRequest.MAX_USERS),
                sender, config.ingressQueueUrl(), failures);
        var digests = new DigestStore(dynamo, sqs, config.digestsTable(), config.ingressQueueUrl(), scheduler,
                config.ingressQueueArn());
        var batches = new BatchRouter(routes, claims, new NotificationRouter(ledger, enricher, failures, clock,
                        new ThrottleCounter(dynamo, config.throttlesTable()), digests), failures,
                new DynamoDbPreferenceStore(dynamo, config.preferencesTable()), ledger,
                new ChannelFanOut(sender, config.queueUrls(), ledger, parallel), parallel);
        return new Router(batches, new IngressBackOff(sqs), new DigestFlushes(digests, clock));
    }

    /** Routes one ingress batch, then sets the retry delay of the records that failed ({@link IngressBackOff}). */
    SQSBatchResponse handle(SQSEvent event) {
        SQSBatchResponse response = flushes.route(event, router::route);
        backOff.apply(event, response);
        return response;
    }
}
