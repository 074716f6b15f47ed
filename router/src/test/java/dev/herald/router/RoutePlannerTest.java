package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.event.Recipient;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.testing.Fixtures;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {
    private final RoutePlanner bundled = new RoutePlanner(RouteTable.bundled());

    static String event(String detailType, String source, String detail) {
        return """
                {"version":"0","id":"evt-%s","detail-type":"%s","source":"%s","account":"123456789012",
                 "time":"2026-11-23T10:00:00Z","region":"eu-west-1","resources":[],"detail":%s}"""
                .formatted(detailType, detailType, source, detail);
    }

    @Test
    void plan_orderShippedFixture_routesToAllThreeChannelsWithTemplate() {
        RoutingPlan.Routed p = (RoutingPlan.Routed) bundled.plan(Fixtures.read("eventbridge-order-shipped.json"));
        assertThat(p.notificationId()).isEqualTo("ntf-01JD4R6Z9K3Q7M2N8P5T1V0WXA");
        assertThat(p.recipients()).containsExactly(new Recipient.User("user-1"), new Recipient.User("user-2"));
        assertThat(p.channels()).containsExactly(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
        assertThat(p.templateId()).isEqualTo("order-shipped");
        assertThat(p.enrich()).isTrue();
        assertThat(p.category()).isEqualTo("orders");
        assertThat(Json.asObject(p.data()).get("orderId").asText()).isEqualTo("SO-10042");
        assertThat(p.routeNames()).containsExactly("order-shipped");
    }

    @Test
    void plan_s3ObjectCreated_isRoutedToTheRouteRecipientsWithDetailAsData() {
        RoutingPlan.Routed p = (RoutingPlan.Routed) bundled.plan(Fixtures.read("s3-object-created-eventbridge.json"));
        assertThat(p.notificationId()).isEqualTo("9a3e5c71-4f2b-8d06-e1c9-7b4a0d2f5e86");
        assertThat(p.recipients()).containsExactly(new Recipient.Topic("uploads"));
        assertThat(p.channels()).containsExactly(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
        assertThat(p.templateId()).isEqualTo("object-created");
        assertThat(p.category()).isEqualTo("uploads");
        assertThat(p.priority()).isEqualTo(Priority.NORMAL);
        assertThat(Json.asObject(p.data()).path("object").path("key").asText()).isEqualTo("campaigns/2025-11-18/black-friday-recipients.csv");
        assertThat(p.eventType()).isEqualTo("Object Created");
    }

    @Test
    void plan_foreignEventWithoutARouteNamingRecipients_isRejectedWithTheParserReason() {
        RoutePlanner noForeign = new RoutePlanner(RouteTableTest.table(
                "{\"name\":\"s3\",\"pattern\":{\"source\":[\"aws.s3\"]},\"channels\":[\"email\"]}"));
        RoutingPlan.Rejected r = (RoutingPlan.Rejected) noForeign.plan(Fixtures.read("s3-object-created-eventbridge.json"));
        assertThat(r.reason()).contains("detail.recipients: is missing");
        assertThat(r.ledgerKey()).isEqualTo("event#9a3e5c71-4f2b-8d06-e1c9-7b4a0d2f5e86");
        assertThat(r.eventType()).isEqualTo("Object Created");
    }

    @Test
    void plan_heraldEventWithBadDetail_isRejectedEvenIfAForeignRouteMatches() {
        String body = event("Object Created", "aws.s3", "{\"recipients\":[\"user-1\"],\"priority\":\"urgent\"}");
        RoutingPlan.Rejected r = (RoutingPlan.Rejected) bundled.plan(body);
        assertThat(r.reason()).contains("detail.priority: 'urgent' is not one of normal, high, critical");
    }

    @Test
    void plan_truncatedFixtureRecord_isRejectedUnderAStableBodyHash() {
        SQSEvent batch = LambdaJson.read(Fixtures.read("sqs-ingress-batch.json"), SQSEvent.class);
        String truncated = batch.getRecords().get(2).getBody();
        RoutingPlan.Rejected r = (RoutingPlan.Rejected) bundled.plan(truncated);
        assertThat(r.ledgerKey()).startsWith("event#sha256-").isEqualTo(((RoutingPlan.Rejected) bundled.plan(truncated)).ledgerKey());
        assertThat(r.reason()).startsWith("body: malformed JSON");
        assertThat(r.eventId()).isNull();
    }

    @Test
    void plan_noRouteMatches_isUnroutedWithAReason() {
        SQSEvent batch = LambdaJson.read(Fixtures.read("sqs-ingress-batch.json"), SQSEvent.class);
        RoutingPlan.Unrouted u = (RoutingPlan.Unrouted) bundled.plan(batch.getRecords().get(1).getBody());
        assertThat(u.ledgerKey()).isEqualTo("event#b7d41a08-2c5e-4f93-a1b6-8e0f3c9d2475");
        assertThat(u.reason()).contains("no route matches source=shop.accounts detail-type=account.security-alert");
    }

    @Test
    void plan_producerChannels_narrowTheRouteChannels() {
        RoutingPlan.Routed p = (RoutingPlan.Routed) bundled.plan(event("order.shipped", "shop.orders",
                "{\"recipients\":[\"user-1\"],\"channels\":[\"email\",\"push\"]}"));
        assertThat(p.channels()).containsExactly(Channel.PUSH, Channel.EMAIL);
    }

    @Test
    void plan_producerChannelsOutsideTheRoutes_isUnrouted() {
        RoutePlanner wsOnly = new RoutePlanner(RouteTableTest.table(
                "{\"name\":\"ws\",\"pattern\":{\"detail-type\":[\"order.shipped\"]},\"channels\":[\"websocket\"]}"));
        RoutingPlan.Unrouted u = (RoutingPlan.Unrouted) wsOnly.plan(event("order.shipped", "shop.orders",
                "{\"recipients\":[\"user-1\"],\"channels\":[\"push\"]}"));
        assertThat(u.reason()).contains("asks for channels [push]").contains("deliver on [websocket] only");
    }

    @Test
    void plan_severalRoutes_unionOfChannelsAndFirstTemplate() {
        RoutePlanner two = new RoutePlanner(RouteTableTest.table("""
                {"name":"first","pattern":{"detail-type":["order.shipped"]},"channels":["push"],"template":"t-first","category":"c-first"},
                {"name":"second","pattern":{"source":[{"prefix":"shop."}]},"channels":["email","push"],"template":"t-second","enrich":true}"""));
        RoutingPlan.Routed p = (RoutingPlan.Routed) two.plan(event("order.shipped", "shop.orders",
                "{\"recipients\":[\"user-1\",\"topic:vip\",\"user-1\"]}"));
        assertThat(p.channels()).containsExactly(Channel.PUSH, Channel.EMAIL);
        assertThat(p.templateId()).isEqualTo("t-first");
        assertThat(p.enrich()).isFalse();
        assertThat(p.category()).isEqualTo("c-first");
        assertThat(p.recipients()).containsExactly(new Recipient.User("user-1"), new Recipient.Topic("vip"));
    }
}
