package dev.herald.email;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.config.Clocks;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Delivers the email channel: fed by the {@code herald-email} queue, one channel message per
 * record, through {@link DeliveryProcessor} (claim in the ledger, send, record) with an SES v2 sender.
 * A user without a confirmed subscription is skipped; a suppressed address is recorded as
 * {@code suppressed} and nothing is sent; SES throttling, 5xx and client errors become batch item
 * failures (retried by SQS); permanent SES refusals are recorded as {@code rejected}. Answers with
 * exactly the transient failures of the batch. Tables and queue are read once at init (a missing variable
 * fails init with a message naming it); the email secret is read on first use and again every few minutes
 * ({@link CachedSecret}), so the function starts while it holds the stack's placeholder - until it is stored,
 * every delivery fails (and is retried) with a reason naming the secret.
 */
public final class EmailDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryProcessor processor;

    public EmailDeliveryHandler() {
        this(EmailDeliveryConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private EmailDeliveryHandler(EmailDeliveryConfig config, AwsClients aws) {
        this(config, aws.dynamoDb(), aws.sesV2(),
                EmailSettings.fromSecret(new SecretReader(aws.secretsManager()), config.settingsSecretId(), Clock.systemUTC()),
                Clocks.current(), SqsDeferrer.fromEnvironment(Environment.current(), aws.sqs(), config.queueUrl(), aws::scheduler));
    }

    /** The test seam: real clients of the caller's choosing (local engines, a loopback SES). */
    EmailDeliveryHandler(EmailDeliveryConfig config, DynamoDbClient dynamo, SesV2Client ses, SqsClient sqs,
                         EmailSettings settings, Clock clock) {
        this(config, dynamo, ses, CachedSecret.fixed(config.settingsSecretId(), settings), clock, new SqsDeferrer(sqs, config.queueUrl()));
    }

    private EmailDeliveryHandler(EmailDeliveryConfig config, DynamoDbClient dynamo, SesV2Client ses, CachedSecret<EmailSettings> settings,
                                 Clock clock, SqsDeferrer deferrer) {
        SesSender sender = new SesSender(ses, new EmailRecipients(dynamo, config.subscriptionsTable(), config.suppressionsTable()), settings,
                new CircuitBreaker("SES", CircuitBreaker.DEFAULTS, clock));
        this.processor = new DeliveryProcessor(new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable(), clock), sender, clock,
                deferrer, config.parallelism());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.handle(event);
    }
}
