package dev.herald.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLineRendererTest {
    private static String json(String level, String logger, String message) {
        return "{\"timestamp\":1764547200000,\"level\":\"" + level + "\",\"threadName\":\"lambda-1\",\"loggerName\":\"" + logger
                + "\",\"mdc\": {},\"formattedMessage\":\"" + message + "\",\"throwable\":null}";
    }

    @Test
    void render_deliveryOutcome_isChannelUserStatusAndReason() {
        var sent = LogLineRenderer.render(json("INFO", "dev.herald.common.delivery.DeliveryProcessor",
                "delivery outcome deliveryId=n-1#email#user-1 channel=email userId=user-1 outcome=Delivered status=sent traceId=t-1 reason=-"));
        var rejected = LogLineRenderer.render(json("INFO", "dev.herald.common.delivery.DeliveryProcessor",
                "delivery outcome deliveryId=n-1#push#user-2 channel=push userId=user-2 outcome=Rejected status=rejected traceId=t-1"
                        + " reason=template 'order-shipped' needs eta"));

        assertThat(((LogLineRenderer.Rendered.FunctionLog) sent).console()).endsWith("email     user-1   sent");
        assertThat(((LogLineRenderer.Rendered.FunctionLog) rejected).console())
                .endsWith("push      user-2   rejected  template 'order-shipped' needs eta");
    }

    @Test
    void render_routedEvent_isOneNotificationLine() {
        var routed = LogLineRenderer.render(json("INFO", "dev.herald.router.NotificationRouter",
                "event routed notificationId=demo-order-A-17 eventType=order.shipped routes=[order-shipped] claim=c chunk=- users=1 queued=3"
                        + " alreadyWithHandler=0 skipped=0 rejected=1 failed=0"));

        assertThat(((LogLineRenderer.Rendered.FunctionLog) routed).console())
                .endsWith("notification demo-order-A-17 order.shipped: 1 user(s), 3 queued, 1 rejected");
    }

    @Test
    void render_warning_isShown_otherInfoIsNot_plainTextPassesThrough() {
        var warn = LogLineRenderer.render(json("WARN", "dev.herald.email.SesSender", "SES send failed, will retry deliveryId=d error=Throttling"));
        var info = LogLineRenderer.render(json("INFO", "dev.herald.push.PushPlatforms", "apns configured secretId=x"));

        assertThat(((LogLineRenderer.Rendered.FunctionLog) warn).console()).endsWith("WARN  SesSender: SES send failed, will retry deliveryId=d error=Throttling");
        assertThat(((LogLineRenderer.Rendered.FunctionLog) info).console()).isNull();
        assertThat(LogLineRenderer.render("herald up: ready in 3000 ms (Ctrl-C stops)")).isInstanceOf(LogLineRenderer.Rendered.Other.class);
        assertThat(LogLineRenderer.render("{\"not\":\"a log event\"}")).isInstanceOf(LogLineRenderer.Rendered.Other.class);
    }
}
