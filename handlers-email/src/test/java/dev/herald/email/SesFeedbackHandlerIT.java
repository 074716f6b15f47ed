package dev.herald.email;

import static dev.herald.email.EmailFixtures.addressOf;
import static dev.herald.email.EmailFixtures.newUser;
import static dev.herald.email.EmailFixtures.sqsBodies;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Channel;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.DynamoDbSuppressionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.SuppressionStore;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class SesFeedbackHandlerIT {
    private static final LocalEngines ENGINES = LocalEngines.get();
    private static final SesFeedbackConfig CONFIG = new SesFeedbackConfig(HeraldTopology.TABLE_SUPPRESSIONS, HeraldTopology.TABLE_DELIVERIES);

    private final SesFeedbackHandler handler = new SesFeedbackHandler(CONFIG, ENGINES.dynamo(), Clock.systemUTC());
    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(ENGINES.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final SuppressionStore suppressions = new DynamoDbSuppressionStore(ENGINES.dynamo(), HeraldTopology.TABLE_SUPPRESSIONS);

    /** A ledger row as the email handler leaves it after SES accepted the email. */
    private void sentRow(String deliveryId, String userId) {
        Instant now = Instant.now();
        ledger.recordIfAbsent(new LedgerEntry(deliveryId, "ntf", userId, Channel.EMAIL, "order.shipped", "orders", DeliveryStatus.QUEUED,
                null, 0, null, null, now, now));
        ledger.transition(deliveryId, EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null);
        ledger.transition(deliveryId, EnumSet.of(DeliveryStatus.SENDING), DeliveryStatus.SENT, null);
    }

    /** The bounce fixture for another recipient and delivery. */
    private static String bounce(String address, String deliveryIdTag, String bounceType) {
        ObjectNode event = (ObjectNode) Json.tree(Fixtures.read("ses-bounce-eventbridge.json"));
        ObjectNode recipient = (ObjectNode) event.at("/detail/bounce/bouncedRecipients/0");
        recipient.put("emailAddress", address);
        recipient.put("diagnosticCode", "smtp; 550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
        ((ObjectNode) event.at("/detail/bounce")).put("bounceType", bounceType);
        ((ArrayNode) event.at("/detail/mail/tags/deliveryId")).removeAll().add(deliveryIdTag);
        return Json.write(event);
    }

    @Test
    void bounceFixture_suppressesTheRecipient_andMarksTheLedgerRowRejected() {
        sentRow("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W", "user-1");

        SQSBatchResponse response = handler.handleRequest(sqsBodies(Fixtures.read("ses-bounce-eventbridge.json")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        SuppressionStore.Suppression s = suppressions.find("Ada@Example.com").orElseThrow();
        assertThat(s.address()).isEqualTo("ada@example.com");
        assertThat(s.reason()).isEqualTo(SuppressionStore.Reason.BOUNCE);
        assertThat(s.feedbackId()).isEqualTo("0102019a96c3eb27-8d1f5c3a-6e29-4b0d-a7c4-9e3f1b2d6a58-000000");
        assertThat(s.at()).isEqualTo(Instant.parse("2025-11-18T09:43:21.904Z"));
        LedgerEntry row = ledger.find("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W").orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row.reason()).isEqualTo("SES bounce: Permanent/General, status 5.1.1, smtp; 550 5.1.1 <<address>>: "
                + "Recipient address rejected: User unknown");
    }

    @Test
    void complaintFixture_suppressesTheRecipient_andMarksTheLedgerRowSuppressed() {
        sentRow("dlv-01JD4RA2C4E6G8J0L2N4Q6S8U0", "user-2");

        SQSBatchResponse response = handler.handleRequest(sqsBodies(Fixtures.read("ses-complaint-eventbridge.json")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        SuppressionStore.Suppression s = suppressions.find("grace@example.com").orElseThrow();
        assertThat(s.reason()).isEqualTo(SuppressionStore.Reason.COMPLAINT);
        assertThat(s.feedbackId()).isEqualTo("0102019a97186f4c-2e7b9d1a-5c38-4f6e-b0a2-7d9c4e1f3b85-000000");
        LedgerEntry row = ledger.find("dlv-01JD4RA2C4E6G8J0L2N4Q6S8U0").orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.SUPPRESSED);
        assertThat(row.reason()).isEqualTo("SES complaint: abuse");
    }

    @Test
    void transientBounce_suppressesNothing_andLeavesTheLedgerRow() {
        String user = newUser();
        String deliveryId = "dlv-" + UUID.randomUUID();
        sentRow(deliveryId, user);

        SQSBatchResponse response = handler.handleRequest(sqsBodies(bounce(addressOf(user), deliveryId, "Transient")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(suppressions.find(addressOf(user))).isEmpty();
        assertThat(ledger.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void malformedRecord_isLoggedAtErrorAndNotRetried_whileItsNeighbourIsApplied() {
        String user = newUser();
        Logger log = (Logger) LoggerFactory.getLogger(FeedbackProcessor.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            var event = sqsBodies("{\"source\": \"aws.ses\", \"detail\": {\"eventType\": \"Bounce\"}}",
                    bounce(addressOf(user), "dlv-" + UUID.randomUUID(), "Permanent"));
            String malformedId = event.getRecords().get(0).getMessageId();

            SQSBatchResponse response = handler.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(suppressions.find(addressOf(user))).isPresent();
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("messageId=" + malformedId)
                            .contains("reason=a Bounce event without detail.bounce"));
            assertThat(logged.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(addressOf(user)));
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void dynamoDbFault_becomesABatchItemFailure() throws Exception {
        DynamoDbClient unreachable = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + LocalEngines.freePort()))
                .region(LocalEngines.REGION).credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10))).build();
        var broken = new SesFeedbackHandler(CONFIG, unreachable, Clock.systemUTC());
        var event = sqsBodies(bounce(addressOf(newUser()), "dlv-" + UUID.randomUUID(), "Permanent"));

        SQSBatchResponse response = broken.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
    }

    @Test
    void bounceOfAHeraldEmail_findsItsDeliveryByTag_andStopsTheNextEmail() throws Exception {
        String user = "user/" + UUID.randomUUID(); // a user id with characters SES tags do not allow
        var subscriptions = new DynamoDbEmailSubscriptionStore(ENGINES.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS);
        var sub = new EmailSubscriptionStore.EmailSubscription(user, "bounce-" + UUID.randomUUID() + "@example.com",
                EmailSubscriptionStore.Status.CONFIRMED, "n", Instant.now(), Instant.now(), Instant.now());
        subscriptions.put(sub);
        try (SesStub ses = new SesStub()) {
            EmailDeliveryHandler delivery = EmailDeliveryHandlerIT.handler(ses);
            ChannelMessage first = EmailFixtures.message(user);
            delivery.handleRequest(EmailFixtures.sqs(first), null);
            JsonNode sent = ses.sentTo(sub.address()).get(0);
            String tag = EmailDeliveryHandlerIT.tags(sent).get("deliveryId");
            assertThat(tag).isNotEqualTo(first.deliveryId()).matches("[A-Za-z0-9_-]+");

            assertThat(handler.handleRequest(sqsBodies(bounce(sub.address(), tag, "Permanent")), null).getBatchItemFailures()).isEmpty();

            assertThat(ledger.find(first.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.REJECTED);
            ChannelMessage next = EmailFixtures.message(user);
            delivery.handleRequest(EmailFixtures.sqs(next), null);
            assertThat(ledger.find(next.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SUPPRESSED);
            assertThat(ses.sentTo(sub.address())).hasSize(1);
        }
    }
}
