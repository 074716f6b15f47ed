package dev.herald.push;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The push delivery function, fed by the {@code herald-push} queue: for every channel message it
 * claims the delivery in the ledger, pushes to all of the recipient's devices (APNs for iOS, FCM for
 * Android; see {@link PushSender}) and records the outcome. Answers with a partial batch response
 * naming exactly the messages that failed transiently; duplicates and redeliveries of a finished
 * delivery are acknowledged without pushing again.
 * <p>APNs and FCM credentials come from Secrets Manager ({@code HERALD_APNS_SECRET_ID},
 * {@code HERALD_FCM_SECRET_ID}; shapes in {@link ApnsSettings} and {@link FcmSettings}), read on first use and
 * again every few minutes ({@link PushPlatforms}), never at init.
 */
public final class PushDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryProcessor processor;

    public PushDeliveryHandler() {
        this(wire(PushDeliveryConfig.fromEnvironment(Environment.current()), AwsClients.create()));
    }

    PushDeliveryHandler(DeliveryProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.handle(event);
    }

    private static DeliveryProcessor wire(PushDeliveryConfig config, AwsClients clients) {
        DynamoDbClient dynamo = clients.dynamoDb();
        SecretReader secrets = new SecretReader(clients.secretsManager());
        PushSender sender = new PushSender(new DynamoDbDeviceTokenStore(dynamo, config.deviceTokensTable()),
                PushPlatforms.apns(config, secrets::json), PushPlatforms.fcm(config, secrets::json), config.sendTimeout());
        return new DeliveryProcessor(new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable()), sender, Clocks.current(),
                SqsDeferrer.fromEnvironment(Environment.current(), clients.sqs(), config.pushQueueUrl(), clients::scheduler), config.parallelism());
    }
}
