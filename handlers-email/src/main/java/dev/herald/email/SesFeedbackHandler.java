package dev.herald.email;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbSuppressionStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Feeds the suppression list from SES: fed by the {@code herald-ses-feedback} queue, whose bodies are
 * SES bounce and complaint events forwarded through EventBridge. Permanent bounces and complaints
 * suppress the addresses and update the delivery's ledger row; transient bounces are only logged;
 * malformed records are logged at ERROR and not retried; DynamoDB faults become batch item failures.
 * See {@link FeedbackProcessor}.
 */
public final class SesFeedbackHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final FeedbackProcessor processor;

    public SesFeedbackHandler() {
        this(SesFeedbackConfig.fromEnvironment(Environment.current()), AwsClients.create().dynamoDb(), Clocks.current());
    }

    /** The test seam: a DynamoDB client of the caller's choosing. */
    SesFeedbackHandler(SesFeedbackConfig config, DynamoDbClient dynamo, Clock clock) {
        this.processor = new FeedbackProcessor(new DynamoDbSuppressionStore(dynamo, config.suppressionsTable()),
                new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable(), clock), clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.handle(event);
    }
}
