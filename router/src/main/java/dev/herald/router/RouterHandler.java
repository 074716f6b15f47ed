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
import dev.herald.common.lambda.SqsBatch;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbTopicStore;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The router function, fed by the ingress queue (batches of EventBridge events). Per record: plan
 * ({@link RoutePlanner}: parse, match routes), then carry the plan out ({@link NotificationRouter}:
 * dedupe, expand topics, apply preferences, enrich, fan out to the channel queues). Answers with a
 * partial batch response: only records that failed transiently are retried; invalid or unrouted
 * events are recorded in the ledger and acknowledged.
 */
public final class RouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** SendMessageBatch attempts per batch and the first backoff between them. */
    static final int FAN_OUT_ATTEMPTS = 3;
    static final Duration FAN_OUT_BACKOFF = Duration.ofMillis(100);

    private final RoutePlanner planner;
    private final NotificationRouter router;
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
        this.planner = new RoutePlanner(routes);
        this.backOff = new IngressBackOff(sqs);
        this.router = new NotificationRouter(ledger,
                new RecipientExpander(new DynamoDbTopicStore(dynamo, config.topicsTable(), clock), EnrichmentRequest.MAX_USERS),
                new DynamoDbPreferenceStore(dynamo, config.preferencesTable()),
                config.enrichmentFunction().map(fn -> new LambdaEnricher(lambda, fn, config.enrichmentTimeout())).orElse(null),
                new ChannelFanOut(sqs, config.queueUrls(), ledger, FAN_OUT_ATTEMPTS, FAN_OUT_BACKOFF), clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        SQSBatchResponse response = SqsBatch.process(event, record -> router.execute(planner.plan(record.getBody()), SqsBatch.receiveCount(record)));
        backOff.apply(event, response);
        return response;
    }

    private static RouteTable routesOf(RouterConfig config) {
        return config.routesFile().map(RouteTable::load).orElseGet(RouteTable::bundled);
    }
}
