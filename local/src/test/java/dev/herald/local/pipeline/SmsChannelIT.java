package dev.herald.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.SentSms;
import dev.herald.local.emulators.SmsEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

/**
 * The SMS channel end to end under {@code herald up}: the phone API over the HTTP API with a user's token, the
 * {@code account.alert} route (channel sms) through the router, the SMS function's real jar and the real SDK against
 * the End User Messaging emulator on the edge port; the ledger says what became of each text.
 */
class SmsChannelIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static DynamoDbDeliveryLedger ledger;
    private static PinpointSmsVoiceV2Client sms;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.get();
        ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        sms = PinpointSmsVoiceV2Client.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        // the phone API's first call is a cold start (JWT secret, libphonenumber's metadata) on a busy machine
        await().atMost(PATIENCE).until(() -> get(user()).statusCode() == 404);
    }

    @AfterAll
    static void stop() {
        sms.close();
    }

    @Test
    void putPhone_badNumbers_answer400WithTheReason_aGoodOneIsStoredInE164() throws Exception {
        String user = user();
        assertThat(put(user, "{\"phoneNumber\": \"07700 900123\"}")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("country calling code");
        });
        assertThat(put(user, "{\"phoneNumber\": \"+44 12\"}")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("not a valid number");
        });
        assertThat(put(user, "{\"phoneNumber\": \"+44 20 7946 0000\"}")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("fixed line").contains("register a mobile number");
        });
        assertThat(put(user, "{\"phone\": \"+447400123456\"}").statusCode()).isEqualTo(400);
        assertThat(get(user).statusCode()).isEqualTo(404);

        HttpResponse<String> created = put(user, "{\"phoneNumber\": \"+44 7400 123456\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(Json.tree(get(user).body()).path("phoneNumber").asText()).isEqualTo("+447400123456");
        assertThat(put(user, "{\"phoneNumber\": \"+447400123457\"}").statusCode()).isEqualTo(200);
        assertThat(Json.tree(get(user).body()).path("regionCode").asText()).isEqualTo("GB");
        assertThat(send(HttpRequest.newBuilder(phoneUri()).DELETE().header("Authorization", "Bearer " + runtime.tokenFor(user))).statusCode())
                .isEqualTo(204);
        assertThat(get(user).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(phoneUri()).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void accountAlert_sendsOneText_withTheConfigurationSetAndOrigination_ledgerSent() throws Exception {
        String user = user();
        String phone = register(user, "+447400123201");
        String n = publish(user, "Your sign-in code is 123456");

        await().atMost(PATIENCE).until(() -> status(n, user).equals(Optional.of(DeliveryStatus.SENT)));
        List<SentSms> texts = runtime.sms().sentTo(phone);
        assertThat(texts).hasSize(1);
        assertThat(texts.getFirst().messageBody()).isEqualTo("Your sign-in code is 123456");
        assertThat(texts.getFirst().configurationSetName()).isEqualTo(SmsEmulator.CONFIGURATION_SET);
        assertThat(texts.getFirst().originationIdentity()).isEqualTo(SmsEmulator.ORIGINATION_IDENTITY);
        assertThat(texts.getFirst().messageType()).isEqualTo("TRANSACTIONAL");
        assertThat(texts.getFirst().context()).containsEntry("deliveryId", DeliveryIds.of(n, Channel.SMS, user)).containsEntry("segments", "1");
    }

    @Test
    void optedOutNumber_isSkipped_withTheReasonInTheLedger() throws Exception {
        String user = user();
        String phone = register(user, "+447400123202");
        sms.putOptedOutNumber(r -> r.optOutListName(SmsEmulator.DEFAULT_OPT_OUT_LIST).optedOutNumber(phone));
        assertThat(sms.describeOptedOutNumbers(r -> r.optOutListName(SmsEmulator.DEFAULT_OPT_OUT_LIST).optedOutNumbers(phone))
                .optedOutNumbers()).hasSize(1);
        String n = publish(user, "Hello");

        await().atMost(PATIENCE).until(() -> status(n, user).equals(Optional.of(DeliveryStatus.SKIPPED)));
        assertThat(entry(n, user).reason()).contains("opt-out list").contains("DESTINATION_PHONE_NUMBER_OPTED_OUT");
        assertThat(runtime.sms().sentTo(phone)).isEmpty();
    }

    @Test
    void textsLongerThanOneSegment_areSentAndCounted_gsm7AndUcs2() throws Exception {
        String user = user();
        String phone = register(user, "+447400123203");
        String gsm = "A".repeat(200);                       // 200 septets: 2 segments of 153
        String ucs2 = "Grüße 👋 ".repeat(10).strip();        // emoji: UCS-2, 89 units: 2 segments of 67
        String first = publish(user, gsm);
        await().atMost(PATIENCE).until(() -> status(first, user).equals(Optional.of(DeliveryStatus.SENT)));
        String second = publish(user, ucs2);
        await().atMost(PATIENCE).until(() -> status(second, user).equals(Optional.of(DeliveryStatus.SENT)));

        List<SentSms> texts = runtime.sms().sentTo(phone);
        assertThat(texts).hasSize(2);
        assertThat(texts).extracting(t -> t.context().get("segments")).containsExactlyInAnyOrder("2", "2");
        assertThat(texts).extracting(SentSms::segments).containsExactlyInAnyOrder(2, 2);
    }

    @Test
    void textOverTheSegmentLimit_isRejected_withItsCount() throws Exception {
        String user = user();
        String phone = register(user, "+447400123204");
        String n = publish(user, "B".repeat(500));          // 4 segments of 153; the limit is 3

        await().atMost(PATIENCE).until(() -> status(n, user).equals(Optional.of(DeliveryStatus.REJECTED)));
        assertThat(entry(n, user).reason()).contains("4 SMS segments").contains("limit of 3");
        assertThat(runtime.sms().sentTo(phone)).isEmpty();
    }

    @Test
    void providerThrottling_isRetried_thenTheTextIsSentOnce() throws Exception {
        String user = user();
        String phone = register(user, "+447400123205");
        long before = runtime.sms().throttled();
        // more than the SDK's own attempts (3): the first receive fails, SQS redelivers on the channel back-off
        runtime.sms().faults().inject(phone, "ThrottlingException", 4);
        String n = publish(user, "Retry me");

        await().atMost(PATIENCE).until(() -> status(n, user).equals(Optional.of(DeliveryStatus.SENT)));
        assertThat(runtime.sms().throttled() - before).isEqualTo(4);
        assertThat(runtime.sms().sentTo(phone)).hasSize(1);
        assertThat(entry(n, user).attempts()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void preferenceOptOutOfSmsForTheCategory_skipsTheText() throws Exception {
        String user = user();
        String phone = register(user, "+447400123206");
        PipelineRuntime.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PREFERENCES).item(Map.of(
                "userId", AttributeValue.fromS(user), "optOuts", AttributeValue.fromSs(List.of("security:sms")))));
        String n = publish(user, "Not for me");

        await().atMost(PATIENCE).until(() -> status(n, user).equals(Optional.of(DeliveryStatus.SKIPPED)));
        assertThat(entry(n, user).reason()).isNotBlank();
        assertThat(runtime.sms().sentTo(phone)).isEmpty();
    }

    private static String user() {
        return "sms-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String register(String user, String phone) throws Exception {
        HttpResponse<String> r = put(user, "{\"phoneNumber\": \"" + phone + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return phone;
    }

    private static String publish(String user, String message) {
        String n = "sms-it-" + UUID.randomUUID();
        List<EventPublisher.Result> results = runtime.bus().putEvents(List.of(new EventPublisher.Entry("it.sms", "account.alert",
                Json.write(Map.of("notificationId", n, "recipients", List.of(user), "category", "security", "data", Map.of("message", message))),
                List.of(), HeraldTopology.BUS)));
        assertThat(results).noneMatch(EventPublisher.Result::failed);
        return n;
    }

    private static Optional<DeliveryStatus> status(String n, String user) {
        return ledger.find(DeliveryIds.of(n, Channel.SMS, user)).map(LedgerEntry::status);
    }

    private static LedgerEntry entry(String n, String user) {
        return ledger.find(DeliveryIds.of(n, Channel.SMS, user)).orElseThrow();
    }

    private static URI phoneUri() {
        return URI.create(runtime.edgeEndpoint() + "/v1/me/phone");
    }

    private static HttpResponse<String> put(String user, String body) throws Exception {
        return send(HttpRequest.newBuilder(phoneUri()).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + runtime.tokenFor(user)));
    }

    private static HttpResponse<String> get(String user) throws Exception {
        return send(HttpRequest.newBuilder(phoneUri()).GET().header("Authorization", "Bearer " + runtime.tokenFor(user)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
