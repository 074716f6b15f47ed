package dev.herald.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.schedule.MessageScheduler;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The router function, fed by the ingress queue (batches of EventBridge events, and the audience chunks the router
 * itself puts there). A batch is routed by {@link BatchRouter}: per record plan ({@link RoutePlanner}: parse, match
 * routes) and carry the plan out ({@link NotificationRouter}: dedupe, expand topics, apply preferences, enrich), with
 * the batch's preferences read, ledger rows and channel messages shared. Answers with a
 * partial batch response: only records that failed transiently are retried; invalid or unrouted
 * events are recorded in the ledger and acknowledged. Its parts are wired once, at init, by {@link Router}.
 */
public final class RouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final Router router;

    /** Lambda's constructor: wires the router once from the function's environment ({@link Router#fromEnvironment()}). */
    public RouterHandler() {
        this(Router.fromEnvironment());
    }

    RouterHandler(Router router) {
        this.router = router;
    }

    /** The test seam: real SDK clients pointed wherever the caller likes. */
    RouterHandler(RouterConfig config, RouteTable routes, DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda, Clock clock) {
        this(Router.wire(config, routes, dynamo, sqs, lambda, clock));
    }

    /** The test seam with the scheduler of digests that close more than 15 minutes ahead. */
    RouterHandler(RouterConfig config, RouteTable routes, DynamoDbClient dynamo, SqsClient sqs, LambdaClient lambda, Clock clock,
                  MessageScheduler scheduler) {
        this(Router.wire(config, routes, dynamo, sqs, lambda, clock, scheduler));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return router.handle(event);
    }
}
