package dev.herald.email;

import static dev.herald.email.EmailFixtures.addressOf;
import static dev.herald.email.EmailFixtures.message;
import static dev.herald.email.EmailFixtures.newUser;
import static dev.herald.email.EmailFixtures.queued;
import static dev.herald.email.EmailFixtures.sqs;
import static dev.herald.email.EmailFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.DynamoDbSuppressionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.Status;
import dev.herald.common.store.SuppressionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmailDeliveryHandlerIT {
    private static final LocalEngines ENGINES = LocalEngines.get();
    private static SesStub ses;
    private static EmailDeliveryHandler handler;

    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(ENGINES.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final EmailSubscriptionStore subscriptions = new DynamoDbEmailSubscriptionStore(ENGINES.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS);
    private final SuppressionStore suppressions = new DynamoDbSuppressionStore(ENGINES.dynamo(), HeraldTopology.TABLE_SUPPRESSIONS);

    @BeforeAll
    static void start() throws Exception {
        ses = new SesStub();
        handler = handler(ses);
    }

    @AfterAll
    static void stop() {
        ses.close();
    }

    static EmailDeliveryHandler handler(SesStub stub) {
        var config = new EmailDeliveryConfig(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS, HeraldTopology.TABLE_SUPPRESSIONS,
                HeraldTopology.TABLE_DELIVERIES, ENGINES.queueUrl(HeraldTopology.QUEUE_EMAIL), "herald/email-tokens",
                DeliveryProcessor.DEFAULT_PARALLELISM);
        return new EmailDeliveryHandler(config, ENGINES.dynamo(), stub.client(), ENGINES.sqs(), TestSettings.settings(), Clock.systemUTC());
    }

    private ChannelMessage confirmedUserMessage() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        ChannelMessage m = message(user);
        queued(ledger, m);
        return m;
    }

    private LedgerEntry row(ChannelMessage m) {
        return ledger.find(m.deliveryId()).orElseThrow();
    }

    @Test
    void deliver_whenSubscriptionConfirmed_sendsHtmlTextAndOneClickUnsubscribe_andRecordsSent() {
        ChannelMessage m = confirmedUserMessage();

        SQSBatchResponse response = handler.handleRequest(sqs(m), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> sent = ses.sentTo(addressOf(m.userId()));
        assertThat(sent).hasSize(1);
        JsonNode email = sent.get(0);
        assertThat(email.path("FromEmailAddress").asText()).isEqualTo("notifications@example.com");
        assertThat(email.path("ConfigurationSetName").asText()).isEqualTo("herald");
        JsonNode simple = email.at("/Content/Simple");
        assertThat(simple.at("/Subject/Data").asText()).isEqualTo("Your order A-17 has shipped");
        assertThat(simple.at("/Body/Html/Data").asText()).isEqualTo("<p>Your order <b>A-17</b> has shipped.</p>");
        assertThat(simple.at("/Body/Text/Data").asText()).isEqualTo("Your order A-17 has shipped.");
        Map<String, String> headers = headers(simple);
        assertThat(headers.get("List-Unsubscribe")).matches("<https://api\\.example\\.com/v1/subscriptions/email/unsubscribe\\?token=[A-Za-z0-9._-]+>");
        assertThat(headers.get("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        Map<String, String> tags = tags(email);
        assertThat(tags.values()).allSatisfy(v -> assertThat(v).matches("[A-Za-z0-9_-]{1,256}"));
        assertThat(SesTags.decode(tags.get("deliveryId"))).isEqualTo(m.deliveryId());
        assertThat(SesTags.decode(tags.get("notificationId"))).isEqualTo(m.notificationId());
        // the unsubscribe link is a genuine token for this user and address
        String token = headers.get("List-Unsubscribe").replaceAll(".*token=([^>]+)>", "$1");
        var claims = (EmailTokens.Claims) TestSettings.settings().tokens().verify(token, EmailTokens.Purpose.UNSUBSCRIBE);
        assertThat(claims.userId()).isEqualTo(m.userId());
        assertThat(TestSettings.settings().tokens().belongsTo(claims, addressOf(m.userId()), "nonce-" + m.userId())).isTrue();
        assertThat(row(m).status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void deliver_whenSubscriptionPendingOrMissing_skipsAndSendsNothing() {
        String pendingUser = newUser();
        subscriptions.put(subscription(pendingUser, Status.PENDING));
        ChannelMessage pending = message(pendingUser);
        ChannelMessage missing = message(newUser());
        queued(ledger, pending);
        queued(ledger, missing);

        SQSBatchResponse response = handler.handleRequest(sqs(pending, missing), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ses.sentTo(addressOf(pendingUser))).isEmpty();
        for (ChannelMessage m : List.of(pending, missing)) {
            assertThat(row(m).status()).isEqualTo(DeliveryStatus.SKIPPED);
            assertThat(row(m).reason()).isEqualTo("no confirmed email subscription");
        }
    }

    @Test
    void deliver_whenAddressSuppressed_recordsSuppressedAndSendsNothing() {
        ChannelMessage m = confirmedUserMessage();
        suppressions.suppress(new SuppressionStore.Suppression(addressOf(m.userId()).toUpperCase(), SuppressionStore.Reason.BOUNCE,
                Instant.parse("2026-11-01T10:00:00Z"), "fb-1"));
        int before = ses.requests();

        SQSBatchResponse response = handler.handleRequest(sqs(m), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ses.requests()).isEqualTo(before);
        assertThat(row(m).status()).isEqualTo(DeliveryStatus.SUPPRESSED);
        assertThat(row(m).reason()).isEqualTo("address is on the suppression list (bounce at 2026-11-01T10:00:00Z)");
    }

    @Test
    void deliver_whenSesThrottles_reportsBatchItemFailureAndRecordsFailed() {
        ChannelMessage m = confirmedUserMessage();
        ses.throttle(addressOf(m.userId()));
        var event = sqs(m);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(row(m).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row(m).reason()).startsWith("SES TooManyRequestsException (429)");
        assertThat(ses.sentTo(addressOf(m.userId()))).isEmpty();
    }

    @Test
    void deliver_whenSesRejectsMessage_recordsRejectedWithoutTheAddress_andDoesNotRetry() {
        ChannelMessage m = confirmedUserMessage();
        ses.reject(addressOf(m.userId()));

        SQSBatchResponse response = handler.handleRequest(sqs(m), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row(m).reason()).startsWith("SES MessageRejected (400)").contains("<address>").doesNotContain(addressOf(m.userId()));
    }

    @Test
    void deliver_whenNoRenderedContent_rejectsAndNamesTheFix() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        ChannelMessage m = message(user, null);
        queued(ledger, m);

        assertThat(handler.handleRequest(sqs(m), null).getBatchItemFailures()).isEmpty();

        assertThat(row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row(m).reason()).isEqualTo("no rendered email content; the route must name a template");
        assertThat(ses.sentTo(addressOf(user))).isEmpty();
    }

    @Test
    void deliver_mixedBatch_reportsExactlyTheTransientFailures() {
        ChannelMessage ok = confirmedUserMessage();
        ChannelMessage throttled = confirmedUserMessage();
        ChannelMessage rejected = confirmedUserMessage();
        ChannelMessage throttledToo = confirmedUserMessage();
        ses.throttle(addressOf(throttled.userId()));
        ses.throttle(addressOf(throttledToo.userId()));
        ses.reject(addressOf(rejected.userId()));
        var event = sqs(ok, throttled, rejected, throttledToo);
        event.getRecords().add(EmailFixtures.sqsBodies("{\"not\": \"a channel message\"}").getRecords().get(0));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrder(event.getRecords().get(1).getMessageId(), event.getRecords().get(3).getMessageId());
        assertThat(row(ok).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(row(throttled).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row(rejected).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row(throttledToo).status()).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void deliver_sameMessageTwice_sendsOneEmail() {
        ChannelMessage m = confirmedUserMessage();

        SQSBatchResponse first = handler.handleRequest(sqs(m, m), null);
        SQSBatchResponse again = handler.handleRequest(sqs(m), null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(ses.sentTo(addressOf(m.userId()))).hasSize(1);
        assertThat(row(m).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(row(m).attempts()).isEqualTo(1);
    }

    @Test
    void deliver_whenSubjectCarriesCrLf_cannotAddAHeader() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        ChannelMessage m = message(user, RenderedContent.email("Shipped\r\nBcc: eve@example.com\r\nX-Injected: yes\n\nbody",
                "<p>hi</p>", "hi"));
        queued(ledger, m);

        assertThat(handler.handleRequest(sqs(m), null).getBatchItemFailures()).isEmpty();

        JsonNode email = ses.sentTo(addressOf(user)).get(0);
        String subject = email.at("/Content/Simple/Subject/Data").asText();
        assertThat(subject).doesNotContain("\r", "\n").isEqualTo("Shipped  Bcc: eve@example.com  X-Injected: yes  body");
        assertThat(email.at("/Destination/ToAddresses")).hasSize(1);
        assertThat(email.at("/Destination").has("BccAddresses")).isFalse();
        // Write the header block as SES will from this request, then read it back as a mail client would.
        StringBuilder head = new StringBuilder();
        head.append("From: ").append(email.path("FromEmailAddress").asText()).append("\r\n");
        head.append("To: ").append(email.at("/Destination/ToAddresses/0").asText()).append("\r\n");
        head.append("Subject: ").append(subject).append("\r\n");
        headers(email.at("/Content/Simple")).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        List<String> names = new ArrayList<>();
        for (String line : head.toString().split("\r\n")) {
            names.add(line.substring(0, line.indexOf(':')));
        }
        assertThat(names).containsExactly("From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post");
    }

    @Test
    void deliver_whenSesUnreachable_recordsFailedForRetry() throws Exception {
        ChannelMessage m = confirmedUserMessage();
        SesStub gone = new SesStub();
        EmailDeliveryHandler unreachable = handler(gone);
        gone.close();

        var response = unreachable.handleRequest(sqs(m), null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(row(m).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row(m).reason()).startsWith("SES call failed");
    }

    static Map<String, String> headers(JsonNode simple) {
        Map<String, String> out = new LinkedHashMap<>();
        simple.path("Headers").forEach(h -> out.put(h.path("Name").asText(), h.path("Value").asText()));
        return out;
    }

    static Map<String, String> tags(JsonNode email) {
        Map<String, String> out = new LinkedHashMap<>();
        email.path("EmailTags").forEach(t -> out.put(t.path("Name").asText(), t.path("Value").asText()));
        return out;
    }
}
