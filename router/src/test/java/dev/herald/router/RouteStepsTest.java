package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.config.ConfigException;
import dev.herald.common.event.Channel;
import dev.herald.common.orchestration.ChannelStep;
import org.junit.jupiter.api.Test;

class RouteStepsTest {
    private static final String EVENT = """
            {"version":"0","id":"e-1","detail-type":"order.shipped","source":"shop.orders","account":"123456789012",
             "time":"2026-11-23T10:00:00Z","region":"eu-west-1","resources":[],
             "detail":{"recipients":["user-1"],"category":"orders"%s,"data":{"orderId":"A-17"}}}""";
    private static final String STEPPED = """
            {"name":"ws-first","pattern":{"detail-type":["order.shipped"]},"steps":[
              {"channel":"websocket"},{"channel":"push","after":"PT30S"},{"channel":"email","after":"PT15M"}]}""";

    @Test
    void steps_becomeTheRoutesChannelsInOrder_withTheirDelays() {
        Route r = RouteTableTest.table(STEPPED).routes().get(0);
        assertThat(r.channels()).containsExactly(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
        assertThat(r.steps()).containsExactly(new ChannelStep(Channel.WEBSOCKET, 0), new ChannelStep(Channel.PUSH, 30),
                new ChannelStep(Channel.EMAIL, 900));
    }

    @Test
    void plan_carriesTheSteps_narrowedToTheChannelsTheProducerAsksFor() {
        RoutePlanner planner = new RoutePlanner(RouteTableTest.table(STEPPED));
        RoutingPlan.Routed all = (RoutingPlan.Routed) planner.plan(EVENT.formatted(""));
        assertThat(all.steps()).extracting(ChannelStep::channel).containsExactly(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
        RoutingPlan.Routed narrowed = (RoutingPlan.Routed) planner.plan(EVENT.formatted(",\"channels\":[\"websocket\",\"email\"]"));
        assertThat(narrowed.steps()).containsExactly(new ChannelStep(Channel.WEBSOCKET, 0), new ChannelStep(Channel.EMAIL, 900));
    }

    @Test
    void badSteps_areRefusedWithWhatToFix() {
        assertThatThrownBy(() -> RouteTableTest.table(STEPPED.replace("PT30S", "30 seconds")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ISO-8601 duration such as \"PT30S\"");
        assertThatThrownBy(() -> RouteTableTest.table(STEPPED.replace("PT15M", "PT10S")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("order the steps by their \"after\"");
        assertThatThrownBy(() -> RouteTableTest.table(STEPPED.replace("{\"channel\":\"websocket\"}", "{\"channel\":\"websocket\",\"after\":\"PT5S\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the first step fires at once");
        assertThatThrownBy(() -> RouteTableTest.table(STEPPED.replace("\"email\"", "\"push\"")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("repeats channel push");
        assertThatThrownBy(() -> RouteTableTest.table(STEPPED.replace("\"steps\"", "\"channels\":[\"push\"],\"steps\"")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both \"channels\" and \"steps\"");
        assertThatThrownBy(() -> RouteTableTest.table(STEPPED.replace("\"email\"", "\"fax\"")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names channel \"fax\"");
    }
}
