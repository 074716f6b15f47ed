package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.pipeline.PipelineRuntime;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The user API ({@code /v1/me/...}, the inbox) and the operator's topic and ledger API ({@code /v1/admin/topics},
 * {@code /v1/admin/ledger}) against {@code herald up} with the real function jars, over HTTP on the edge port.
 */
class UserAndAdminApiIT {
    /** How long the pipeline may take to send the email (a loaded build machine has taken over a minute). */
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static LocalRuntime runtime;
    private static EdgeCalls edge;
    private static AttackTokens tokens;
    private static DynamoDbDeliveryLedger ledger;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.get();
        edge = new EdgeCalls(runtime);
        tokens = edge.attackTokens();
        ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void endUserAndProducerTokens_get403_onEveryTopicAndLedgerAdminPath_atTheGatewayAndInTheFunction_andChangeNothing() {
        String topic = "admin-attack-" + UUID.randomUUID();
        String mallory = "mallory-" + UUID.randomUUID();
        Map<String, String[]> paths = Map.of(
                "GET members", new String[] {"GET", "/v1/admin/topics/" + topic + "/members", null},
                "PUT member", new String[] {"PUT", "/v1/admin/topics/" + topic + "/members/" + mallory, null},
                "DELETE member", new String[] {"DELETE", "/v1/admin/topics/" + topic + "/members/user-1", null},
                "PUT settings", new String[] {"PUT", "/v1/admin/topics/" + topic, "{\"selfService\":true}"},
                "GET ledger", new String[] {"GET", "/v1/admin/ledger?userId=user-1", null});
        for (String token : List.of(tokens.valid(mallory), tokens.producer(mallory))) {
            paths.forEach((what, p) -> {
                HttpResponse<String> r = edge.api(p[0], p[1], token, p[2]);
                assertThat(r.statusCode()).as("%s via the HTTP API", what).isEqualTo(403);
                assertThat(r.body()).as(what).contains(HeraldTopology.SCOPE_ADMIN).doesNotContain("user-1\"");
            });
        }
        Map<String, String> params = Map.of("topic", topic, "userId", mallory);
        for (String[] p : List.of(new String[] {"PUT", "/v1/admin/topics/" + topic + "/members/" + mallory},
                new String[] {"GET", "/v1/admin/ledger"})) {
            JsonNode direct = edge.invokeHttpFunction(HeraldTopology.FN_AUDIENCE_ADMIN_API, p[0], p[1], p[1].contains("ledger") ? Map.of() : params,
                    tokens.valid(mallory), null);
            assertThat(direct.path("statusCode").asInt()).as("%s %s invoked directly with a user's token", p[0], p[1]).isEqualTo(403);
        }
        DynamoDbTopicStore topics = new DynamoDbTopicStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_TOPICS);
        assertThat(topics.subscribers(topic, null, 10).userIds()).as("members after the refused calls").isEmpty();
        assertThat(edge.api("PUT", "/v1/me/topics/" + topic, tokens.valid(mallory), null).statusCode())
                .as("the topic did not become self-service").isEqualTo(403);
        // the control: the operator's token passes
        assertThat(edge.api("GET", "/v1/admin/topics/" + topic + "/members", tokens.admin("ops"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void adminTopicMembers_pageThroughA100000MemberTopic_andAddAndRemoveMembers() throws Exception {
        String topic = "big-" + UUID.randomUUID();
        int members = 100_000;
        seed(PipelineRuntime.dynamo(), topic, members);
        String admin = tokens.admin("ops-" + UUID.randomUUID());

        Set<String> seen = new HashSet<>();
        int pages = 0;
        String cursor = null;
        do {
            HttpResponse<String> r = edge.api("GET", "/v1/admin/topics/" + topic + "/members?limit=1000" + (cursor == null ? "" : "&cursor=" + enc(cursor)),
                    admin, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = Json.tree(r.body());
            pages++;
            page.get("members").forEach(m -> assertThat(seen.add(m.asText())).as("member %s listed once", m.asText()).isTrue());
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).hasSize(members);
        // 100 full pages; DynamoDB reports a LastEvaluatedKey on the 100th, so a 101st, empty page ends the listing
        assertThat(pages).isBetween(100, 101);

        assertThat(edge.api("PUT", "/v1/admin/topics/" + topic + "/members/newcomer", admin, null).statusCode()).isEqualTo(204);
        assertThat(edge.api("DELETE", "/v1/admin/topics/" + topic + "/members/m-000000", admin, null).statusCode()).isEqualTo(204);
        JsonNode first = Json.tree(edge.api("GET", "/v1/admin/topics/" + topic + "/members?limit=2", admin, null).body());
        assertThat(first.get("members").get(0).asText()).isEqualTo("m-000001");
        JsonNode bad = Json.tree(edge.api("GET", "/v1/admin/topics/" + topic + "/members?limit=5000&cursor=%25%25", admin, null).body());
        assertThat(bad.get("problems").toString()).contains("limit");
    }

    /** {@code count} members written with BatchWriteItem (25 a call, unprocessed items sent again), eight callers at once. */
    private static void seed(DynamoDbClient dynamo, String topic, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int from = 0; from < count; from += 25) {
                int start = from;
                calls.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int i = start; i < Math.min(count, start + 25); i++) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("topic", AttributeValue.fromS(topic),
                                "userId", AttributeValue.fromS(String.format("m-%06d", i)), "subscribedAt", AttributeValue.fromS("2026-12-01T00:00:00Z"))).build()).build());
                    }
                    Map<String, List<WriteRequest>> pending = Map.of(HeraldTopology.TABLE_TOPICS, batch);
                    while (!pending.isEmpty()) {
                        Map<String, List<WriteRequest>> sent = pending;
                        pending = dynamo.batchWriteItem(r -> r.requestItems(sent)).unprocessedItems();
                    }
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void selfServiceTopic_aUserJoinsAndLeaves_onlyOnceTheOperatorMarkedIt() {
        String topic = "club-" + UUID.randomUUID();
        String user = "joiner-" + UUID.randomUUID();
        String jwt = tokens.valid(user);
        String admin = tokens.admin("ops");

        HttpResponse<String> refused = edge.api("PUT", "/v1/me/topics/" + topic, jwt, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Json.tree(refused.body()).get("message").asText()).contains("not self-service").contains("PUT /v1/admin/topics/{topic}");

        HttpResponse<String> badSettings = edge.api("PUT", "/v1/admin/topics/" + topic, admin, "{\"selfService\":\"yes\",\"colour\":1}");
        assertThat(badSettings.statusCode()).isEqualTo(400);
        assertThat(badSettings.body()).contains("\"field\":\"selfService\"").contains("\"field\":\"colour\"");
        assertThat(edge.api("PUT", "/v1/admin/topics/" + topic, admin, "{\"selfService\":true}").statusCode()).isEqualTo(200);

        assertThat(edge.api("PUT", "/v1/me/topics/" + topic, jwt, null).statusCode()).isEqualTo(204);
        assertThat(Json.tree(edge.api("GET", "/v1/me/topics", jwt, null).body()).get("topics").toString())
                .contains("\"topic\":\"" + topic + "\"").contains("\"selfService\":true");
        assertThat(edge.api("GET", "/v1/admin/topics/" + topic + "/members", admin, null).body()).contains(user);
        assertThat(edge.api("DELETE", "/v1/me/topics/" + topic, jwt, null).statusCode()).isEqualTo(204);
        assertThat(Json.tree(edge.api("GET", "/v1/admin/topics/" + topic + "/members", admin, null).body()).get("members")).isEmpty();
    }

    @Test
    void preferences_validatedFieldByField_andOnlyTheCallersOwn() {
        String victim = "prefs-" + UUID.randomUUID();
        String mallory = "mallory-" + UUID.randomUUID();
        String good = "{\"optOuts\":[\"orders:email\",\"*:push\"],\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"},\"timeZone\":\"Europe/Paris\"}";
        assertThat(edge.api("PUT", "/v1/me/preferences", tokens.valid(victim), good).statusCode()).isEqualTo(200);

        HttpResponse<String> bad = edge.api("PUT", "/v1/me/preferences", tokens.valid(victim),
                "{\"optOuts\":[\"orders\",\"deals:fax\"],\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"},\"timeZone\":\"Mars/Olympus\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problems = Json.tree(bad.body()).get("problems");
        List<String> fields = new ArrayList<>();
        problems.forEach(p -> fields.add(p.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("optOuts[0]", "optOuts[1]", "quietHours.start", "timeZone");

        // Mallory names the victim in the body: refused as an unknown field; her token only ever reaches her own item
        HttpResponse<String> attack = edge.api("PUT", "/v1/me/preferences", tokens.valid(mallory),
                "{\"userId\":\"" + victim + "\",\"optOuts\":[\"*:*\"],\"timeZone\":\"UTC\"}");
        assertThat(attack.statusCode()).isEqualTo(400);
        assertThat(attack.body()).contains("\"field\":\"userId\"");
        assertThat(edge.api("GET", "/v1/me/preferences", tokens.valid(mallory), null).body()).doesNotContain("orders:email");

        JsonNode mine = Json.tree(edge.api("GET", "/v1/me/preferences", tokens.valid(victim), null).body());
        assertThat(mine.get("optOuts").toString()).isEqualTo("[\"*:push\",\"orders:email\"]");
        assertThat(mine.get("quietHours").get("start").asText()).isEqualTo("22:00");
        assertThat(mine.get("timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(new DynamoDbPreferenceStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_PREFERENCES).find(victim).orElseThrow().optOuts())
                .containsExactlyInAnyOrder("orders:email", "*:push");
    }

    @Test
    void inboxAndLedger_aDeliveredNotification_isOneInboxEntry_markedReadOnlyByItsUser_andFoundByTheOperatorsQueries() {
        Instant before = Instant.now().minusSeconds(5);
        String notificationId = "inbox-" + UUID.randomUUID();
        List<EventPublisher.Result> put = runtime.bus().putEvents(List.of(new EventPublisher.Entry("shop.orders", "order.shipped",
                Json.write(Map.of("notificationId", notificationId, "recipients", List.of("user-1"), "channels", List.of("email"),
                        "data", Map.of("orderId", "INBOX-1", "eta", "soon"))), List.of(), HeraldTopology.BUS)));
        assertThat(put).noneMatch(EventPublisher.Result::failed);
        String row = DeliveryIds.of(notificationId, Channel.EMAIL, "user-1");
        await().atMost(PATIENCE).until(() -> ledger.find(row).map(LedgerEntry::status).filter(s -> s == DeliveryStatus.SENT).isPresent());

        String owner = tokens.valid("user-1");
        JsonNode inbox = Json.tree(edge.api("GET", "/v1/inbox?limit=100", owner, null).body());
        List<JsonNode> entries = new ArrayList<>();
        inbox.get("items").forEach(i -> {
            if (notificationId.equals(i.get("notificationId").asText())) {
                entries.add(i);
            }
        });
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("read").asBoolean()).isFalse();
        int unread = inbox.get("unreadCount").asInt();
        assertThat(unread).isPositive();

        HttpResponse<String> stolen = edge.api("POST", "/v1/inbox/" + notificationId + "/read", tokens.valid("mallory-" + UUID.randomUUID()), null);
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(ledger.find(row).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(edge.api("POST", "/v1/inbox/" + notificationId + "/read", owner, null).statusCode()).isEqualTo(200);
        assertThat(ledger.find(row).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);

        String admin = tokens.admin("ops");
        JsonNode byNotification = Json.tree(edge.api("GET", "/v1/admin/ledger?notificationId=" + notificationId, admin, null).body());
        assertThat(byNotification.get("items").toString()).contains(row).contains("\"status\":\"read\"");
        JsonNode byUser = Json.tree(edge.api("GET", "/v1/admin/ledger?userId=user-1&status=read&from=" + before + "&limit=100", admin, null).body());
        assertThat(byUser.get("items").toString()).contains(row);
        List<String> scanned = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> r = edge.api("GET", "/v1/admin/ledger?status=read&from=" + before + "&to=" + Instant.now().plusSeconds(5)
                    + (cursor == null ? "" : "&cursor=" + enc(cursor)), admin, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = Json.tree(r.body());
            page.get("items").forEach(i -> scanned.add(i.get("deliveryId").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null && ++pages < 1000);
        assertThat(scanned).contains(row);
        HttpResponse<String> badQuery = edge.api("GET", "/v1/admin/ledger?status=lost", admin, null);
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(badQuery.body()).contains("\"field\":\"status\"").contains("\"field\":\"from\"");
    }
}
