package dev.herald.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbTopicStore;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The router function, fed by the ingress queue (batches of EventBridge events, and the audience chunks the router
 * itself puts there). A batch is routed by {@link BatchRouter}: per record plan ({@link RoutePlanner}: parse, match
 * routes) and carry the plan out ({@link NotificationRouter}: dedupe, expand topics, apply preferences, enrich), with
 * the batch's preferences read, ledger rows and channel messages shared. Answers with a
 * partial batch response: only records that failed transiently are retried; invalid or unrouted
 * events are recorded in the ledger and acknowledged.
 */
public final class RouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** SendMessageBatch attempts per batch and the first backoff between them. */
    static final int FAN_OUT_ATTEMPTS = 3;
    static final Duration FAN_OUT_BACKOFF = Duration.ofMillis(100);

    private final BatchRouter router;
    private final IngressBackOff backOff;

    public RouterHandler() {
        this(RouterConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private RouterHandler(RouterConfig config, AwsClients aws) {
        this(config, routesOf(config), aws.dynamoDb(), aws.sqs(), aws.lambda(), Clock.systemUTC());
    }

    /** The test seam: real SDK clients pointed wherever the caller likes. */
    RouterHandler(RouterConfig config, RouteTable routes, DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda, Clock clock) {
        if (routes.needsEnrichment() && config.enrichmentFunction().isEmpty()) {
            throw new ConfigException("routes " + routes.routes().stream().filter(Route::enrich).map(Route::name).toList()
                    + " enrich, but " + EnvNames.ENRICHMENT_FUNCTION + " is not set; set it to the enrichment function's name");
        }
        var ledger = new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable(), clock);
        var sender = new SqsBatchSender(sqs, FAN_OUT_ATTEMPTS, FAN_OUT_BACKOFF);
        var parallel = new Parallel(config.parallelism());
        this.backOff = new IngressBackOff(sqs);
        var notifications = new NotificationRouter(ledger,
                new RecipientExpander(new DynamoDbTopicStore(dynamo, config.topicsTable(), clock), EnrichmentRequest.MAX_USERS),
                config.enrichmentFunction().map(fn -> new LambdaEnricher(lambda, fn, config.enrichmentTimeout())).orElse(null),
                sender, config.ingressQueueUrl(), clock);
        this.router = new BatchRouter(new RoutePlanner(routes), notifications, new DynamoDbPreferenceStore(dynamo, config.preferencesTable()),
                ledger, new ChannelFanOut(sender, config.queueUrls(), ledger, parallel), parallel);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        SQSBatchResponse response = router.route(event);
        backOff.apply(event, response);
        return response;
    }

    private static RouteTable routesOf(RouterConfig config) {
        return config.routesFile().map(RouteTable::load).orElseGet(RouteTable::bundled);
    }
}
