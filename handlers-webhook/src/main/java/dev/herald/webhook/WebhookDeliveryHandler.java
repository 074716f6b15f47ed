package dev.herald.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbTopicStore;

/**
 * The webhook delivery function, fed by the {@code herald-webhook} queue: for every channel message it claims the
 * delivery in the ledger, POSTs the signed payload to each endpoint that takes it ({@link WebhookSender}) and records
 * the outcome. Answers with a partial batch response naming exactly the messages that failed transiently.
 */
public final class WebhookDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryProcessor processor;

    public WebhookDeliveryHandler() {
        this(wire(WebhookDeliveryConfig.fromEnvironment(Environment.current()), AwsClients.create()));
    }

    WebhookDeliveryHandler(DeliveryProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.handle(event);
    }

    private static DeliveryProcessor wire(WebhookDeliveryConfig config, AwsClients clients) {
        var dynamo = clients.dynamoDb();
        WebhookSender sender = new WebhookSender(new WebhookStore(dynamo, config.webhooksTable()), new DynamoDbTopicStore(dynamo, config.topicsTable()),
                new AddressPolicy(config.allowLoopback(), AddressPolicy.SYSTEM), PinnedHttp.standard(), Clocks.current(), WebhookSender.ENDPOINT_CACHE);
        return new DeliveryProcessor(new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable()), sender, Clocks.current(),
                SqsDeferrer.fromEnvironment(Environment.current(), clients.sqs(), config.webhookQueueUrl(), clients::scheduler), config.parallelism());
    }
}
