package dev.herald.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.EventParser;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.emulators.ApnsEmulator;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DemoSeedIT {
    private final DynamoDbClient dynamo = LocalEngines.get().dynamo();
    private final DemoSeed seed = new DemoSeed(dynamo, ApnsEmulator.DEFAULT_TOPIC);

    @Test
    void seed_twice_writesEverythingOnceAndKeepsChangesMadeInBetween() {
        DemoSeed.Result first = seed.seed();
        dynamo.updateItem(r -> r.tableName(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS)
                .key(Map.of("userId", AttributeValue.fromS("user-3")))
                .updateExpression("SET #s = :u").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("unsubscribed"))));

        DemoSeed.Result second = seed.seed();

        assertThat(second.written()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(first.written() + first.alreadyPresent());
        assertThat(status("user-3")).isEqualTo("unsubscribed");
        assertThat(status("user-1")).isEqualTo("confirmed");
    }

    @Test
    void seed_createsProfilesTopicSubscribersDeviceTokensAndTemplates() {
        seed.seed();

        for (String user : DemoSeed.USERS) {
            assertThat(dynamo.getItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).key(Map.of("userId", AttributeValue.fromS(user)))).item())
                    .containsKeys("displayName", "locale", "email");
            assertThat(dynamo.getItem(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS).key(Map.of(
                    "userId", AttributeValue.fromS(user), "token", AttributeValue.fromS(DemoSeed.deviceToken(user))))).item())
                    .containsEntry("app", AttributeValue.fromS(ApnsEmulator.DEFAULT_TOPIC));
        }
        assertThat(dynamo.query(r -> r.tableName(HeraldTopology.TABLE_TOPICS).keyConditionExpression("topic = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(DemoSeed.TOPIC)))).count()).isEqualTo(3);
        assertThat(dynamo.getItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).key(Map.of(
                "templateId", AttributeValue.fromS("order-shipped"), "locale", AttributeValue.fromS("en")))).hasItem()).isTrue();
        assertThat(DemoSeed.deviceToken("user-1")).matches("[0-9a-f]{64}").isNotEqualTo(DemoSeed.deviceToken("user-2"));
        // the order route is WebSocket-first: push after 30 s, email after 15 min, unless read
        var order = Json.tree(new DynamoDbRouteStore(dynamo, HeraldTopology.TABLE_ROUTES, Clock.systemUTC()).get("order-shipped").orElseThrow().document());
        assertThat(order.has("channels")).isFalse();
        assertThat(order.path("steps")).isEqualTo(Json.tree(
                "[{\"channel\":\"websocket\"},{\"channel\":\"push\",\"after\":\"PT30S\"},{\"channel\":\"email\",\"after\":\"PT15M\"}]"));
    }

    @Test
    void sampleEvents_areValidHeraldEventsWithFixedNotificationIds() {
        assertThat(seed.sampleEvents()).hasSize(3).allSatisfy(e -> {
            assertThat(EventParser.validateDetail(Json.tree(e.detail()))).isEmpty();
            assertThat(Json.tree(e.detail()).get("notificationId").asText()).startsWith("demo-");
            assertThat(e.eventBusName()).isEqualTo(HeraldTopology.BUS);
        });
    }

    private String status(String user) {
        return dynamo.getItem(r -> r.tableName(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS)
                .key(Map.of("userId", AttributeValue.fromS(user)))).item().get("status").s();
    }
}
