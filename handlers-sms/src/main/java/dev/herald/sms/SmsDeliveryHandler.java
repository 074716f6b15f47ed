package dev.herald.sms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

/**
 * Delivers the SMS channel: fed by the {@code herald-sms} queue, one channel message per record, through
 * {@link DeliveryProcessor} (claim in the ledger, send, record) with an End User Messaging SMS sender
 * ({@link SmsSender}). A user without a registered number is skipped; an opted-out number is skipped with the reason;
 * a text longer than the segment limit is rejected; throttling, 5xx and client errors become batch item failures
 * (retried by SQS on {@code CHANNEL_RETRY}'s back-off). Configuration is read once at init (a missing variable fails
 * init naming it).
 */
public final class SmsDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryProcessor processor;

    public SmsDeliveryHandler() {
        this(SmsDeliveryConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private SmsDeliveryHandler(SmsDeliveryConfig config, AwsClients aws) {
        this(config, aws.dynamoDb(), aws.pinpointSmsVoiceV2(), Clocks.current(),
                SqsDeferrer.fromEnvironment(Environment.current(), aws.sqs(), config.queueUrl(), aws::scheduler));
    }

    /** The test seam: real clients of the caller's choosing (local engines, herald up's emulator). */
    SmsDeliveryHandler(SmsDeliveryConfig config, DynamoDbClient dynamo, PinpointSmsVoiceV2Client sms, Clock clock, SqsDeferrer deferrer) {
        SmsSender sender = new SmsSender(sms, new PhoneNumberStore(dynamo, config.phoneNumbersTable()), config,
                new CircuitBreaker("End User Messaging SMS", CircuitBreaker.DEFAULTS, clock));
        this.processor = new DeliveryProcessor(new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable(), clock), sender, clock,
                deferrer, config.parallelism());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.handle(event);
    }
}
