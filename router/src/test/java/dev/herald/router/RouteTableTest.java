package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.config.ConfigException;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Recipient;
import dev.herald.common.json.Json;
import dev.herald.common.orchestration.ChannelStep;
import dev.herald.common.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTableTest {
    private static final String EVENT = """
            {"version":"0","id":"e-1","detail-type":"order.shipped","source":"shop.orders","account":"123456789012",
             "time":"2026-11-23T10:00:00Z","region":"eu-west-1","resources":[],
             "detail":{"recipients":["user-1"],"priority":"%s","category":"orders","data":{"orderId":"A-17"}}}""";

    static RouteTable table(String routesJson) {
        return RouteTable.parse("test", "{\"routes\": [" + routesJson + "]}");
    }

    @Test
    void bundled_coversTheDemoRoutes() {
        RouteTable bundled = RouteTable.bundled();
        assertThat(bundled.match(Json.tree(Fixtures.read("eventbridge-order-shipped.json"))))
                .singleElement().satisfies(r -> {
                    assertThat(r.channels()).containsExactly(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
                    // WebSocket first; push after 30 s and email after 15 min, each unless read
                    assertThat(r.steps()).containsExactly(new ChannelStep(Channel.WEBSOCKET, 0), new ChannelStep(Channel.PUSH, 30),
                            new ChannelStep(Channel.EMAIL, 900));
                    assertThat(r.templateId()).isEqualTo("order-shipped");
                    assertThat(r.enrich()).isTrue();
                });
        Route s3 = bundled.match(Json.tree(Fixtures.read("s3-object-created-eventbridge.json"))).get(0);
        assertThat(s3.recipients()).containsExactly(new Recipient.Topic("uploads"));
        assertThat(s3.channels()).containsExactly(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
        assertThat(s3.templateId()).isEqualTo("object-created");
        assertThat(s3.steps()).isEmpty();
        assertThat(bundled.routes()).extracting(Route::templateId).contains("deal-started");
    }

    @Test
    void match_prefixPattern_matchesOnlyThatPrefix() {
        RouteTable t = table("{\"name\":\"shop\",\"pattern\":{\"source\":[{\"prefix\":\"shop.\"}]},\"channels\":[\"push\"]}");
        assertThat(t.match(Json.tree(EVENT.formatted("normal")))).extracting(Route::name).containsExactly("shop");
        assertThat(t.match(Json.tree(EVENT.formatted("normal").replace("shop.orders", "acme.orders")))).isEmpty();
    }

    @Test
    void match_anythingButPattern_excludesTheListedValues() {
        RouteTable t = table("{\"name\":\"urgent\",\"pattern\":{\"detail\":{\"priority\":[{\"anything-but\":[\"normal\"]}]}},\"channels\":[\"push\"]}");
        assertThat(t.match(Json.tree(EVENT.formatted("high")))).hasSize(1);
        assertThat(t.match(Json.tree(EVENT.formatted("normal")))).isEmpty();
    }

    @Test
    void match_severalRoutes_inFileOrder() {
        RouteTable t = table("""
                {"name":"b-all-orders","pattern":{"detail":{"category":["orders"]}},"channels":["email"]},
                {"name":"a-shipped","pattern":{"detail-type":["order.shipped"]},"channels":["push"]},
                {"name":"other","pattern":{"detail-type":["deal.started"]},"channels":["push"]}""");
        assertThat(t.match(Json.tree(EVENT.formatted("normal")))).extracting(Route::name).containsExactly("b-all-orders", "a-shipped");
    }

    @Test
    void parse_invalidPattern_failsNamingTheRoute() {
        assertThatThrownBy(() -> table("{\"name\":\"broken-one\",\"pattern\":{\"source\":\"shop.orders\"},\"channels\":[\"push\"]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("route 'broken-one' has an invalid event-ruler pattern")
                .hasMessageContaining("https://github.com/aws/event-ruler");
        assertThatThrownBy(() -> table("{\"name\":\"bad-prefix\",\"pattern\":{\"source\":[{\"prefix\":5}]},\"channels\":[\"push\"]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("route 'bad-prefix'");
    }

    @Test
    void parse_mistakesInRoutes_sayWhatToFix() {
        assertThatThrownBy(() -> table("{\"name\":\"x\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"fax\"]}"))
                .hasMessageContaining("route 'x' names channel 'fax'; use websocket, push, email, webhook or sms");
        assertThatThrownBy(() -> table("{\"name\":\"x\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"push\"],\"enrich\":true}"))
                .hasMessageContaining("route 'x' sets \"enrich\" but names no \"template\"");
        assertThatThrownBy(() -> table("""
                {"name":"x","pattern":{"source":["a"]},"channels":["push"]},{"name":"x","pattern":{"source":["b"]},"channels":["push"]}"""))
                .hasMessageContaining("route name 'x' is used twice");
        assertThatThrownBy(() -> table("{\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"push\"]}"))
                .hasMessageContaining("routes[0] has no name");
        assertThatThrownBy(() -> RouteTable.parse("test", "{\"routes\": {}}")).hasMessageContaining("expected {\"routes\": [ ... ]}");
    }

    @Test
    void parse_throttle_isReadAndItsMistakesSayWhatToFix() {
        RouteTable t = table("{\"name\":\"t\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"push\"],"
                + "\"throttle\":{\"limit\":3,\"window\":\"PT1M\"}}");
        assertThat(t.routes().get(0).throttle()).isEqualTo(new Throttle(3, java.time.Duration.ofMinutes(1)));
        assertThat(table("{\"name\":\"u\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"push\"]}").routes().get(0).throttle())
                .isNull();
        String route = "{\"name\":\"t\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"push\"],\"throttle\":%s}";
        assertThatThrownBy(() -> table(route.formatted("{\"limit\":0,\"window\":\"PT1M\"}")))
                .hasMessageContaining("route 't' throttle limit 0 is out of range; use 1 to 1000");
        assertThatThrownBy(() -> table(route.formatted("{\"limit\":\"3\",\"window\":\"PT1M\"}")))
                .hasMessageContaining("route 't' \"throttle\" needs a whole-number \"limit\"");
        assertThatThrownBy(() -> table(route.formatted("{\"limit\":3,\"window\":\"1 minute\"}")))
                .hasMessageContaining("window '1 minute' is not an ISO-8601 duration");
        assertThatThrownBy(() -> table(route.formatted("{\"limit\":3}"))).hasMessageContaining("needs a \"window\"");
        assertThatThrownBy(() -> table(route.formatted("{\"limit\":3,\"window\":\"PT0.5S\"}"))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> table(route.formatted("3"))).hasMessageContaining("\"throttle\" must be an object");
    }

    @Test
    void parse_digest_isReadAndItsMistakesSayWhatToFix() {
        String route = "{\"name\":\"d\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"email\"],\"digest\":%s}";
        assertThat(table(route.formatted("{\"key\":\"user\",\"window\":\"PT10M\"}")).routes().get(0).digest())
                .isEqualTo(new Digest("d", Digest.Key.USER, java.time.Duration.ofMinutes(10), null));
        assertThat(table(route.formatted("{\"key\":\"user\",\"window\":\"PT24H\"}")).routes().get(0).digest().window())
                .isEqualTo(java.time.Duration.ofHours(24));
        assertThat(table(route.formatted("{\"key\":\"category\",\"until\":\"09:00\"}")).routes().get(0).digest())
                .isEqualTo(new Digest("d", Digest.Key.CATEGORY, null, java.time.LocalTime.of(9, 0)));
        assertThatThrownBy(() -> table(route.formatted("{\"key\":\"topic\",\"window\":\"PT10M\"}")))
                .hasMessageContaining("route 'd' digest.key: is 'topic'; use \"category\"");
        assertThatThrownBy(() -> table(route.formatted("{\"key\":\"user\",\"window\":\"PT25H\"}")))
                .hasMessageContaining("route 'd' digest.window: is PT25H, out of range; use whole seconds from PT1S to PT24H");
        assertThatThrownBy(() -> table(route.formatted("{\"key\":\"user\",\"until\":\"9am\"}")))
                .hasMessageContaining("route 'd' digest.until: is \"9am\", not a time of day; write HH:mm such as \"09:00\"");
        assertThatThrownBy(() -> table(route.formatted("{\"key\":\"user\",\"until\":\"09:00\",\"window\":\"PT1H\"}")))
                .hasMessageContaining("route 'd' digest: has both \"window\" and \"until\"; give exactly one of them");
        assertThatThrownBy(() -> table(route.formatted("{\"key\":\"user\"}"))).hasMessageContaining("needs a \"window\"")
                .hasMessageContaining("or an \"until\"");
        assertThatThrownBy(() -> table(route.formatted("true"))).hasMessageContaining("digest: must be an object");
    }

    @Test
    void load_missingFile_namesTheSetting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RouteTable.load(dir.resolve("nope.json"))).hasMessageContaining("HERALD_ROUTES_FILE");
        Path file = dir.resolve("routes.json");
        Files.writeString(file, "{\"routes\":[{\"name\":\"r\",\"pattern\":{\"source\":[\"a\"]},\"channels\":[\"email\"]}]}");
        assertThat(RouteTable.load(file).routes()).extracting(Route::name).containsExactly("r");
    }
}
