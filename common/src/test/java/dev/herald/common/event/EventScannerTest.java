package dev.herald.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventScannerTest {
    private static final String EVENT = """
            {"version":"0","id":"e-1","detail-type":"order.shipped","source":"shop.orders","time":"2026-11-23T10:00:00Z",
             "resources":["arn:x"],"detail":{"recipients":["user-1"],"priority":"high","extra":{"kept":[1,2.5,true,null]},
             "data":{ "orderId" : "A-\\u0031 7", "total": 12.5, "order":{"lines":[{"sku":"S-1"},{"sku":"S-2"}],"note":"n"},
                      "big": 123456789012345678901234567890, "skip":{"deep":{"deeper":[1,{"x":"y"}]}} }}}""";

    private final EventScanner scanner = EventScanner.keeping(Set.of("source", "detail.data.total", "detail.data.order.lines.sku"));

    @Test
    void scan_keepsEnvelopeAndDetailWhole_andOnlyMatchedPathsOfData() {
        EventScanner.Scanned s = scanner.scan(EVENT).orElseThrow();
        JsonNode full = Json.tree(EVENT);

        assertThat((JsonNode) except(s.root(), "detail")).isEqualTo(except(full, "detail"));
        assertThat((JsonNode) except(s.root().get("detail"), "data")).isEqualTo(except(full.get("detail"), "data"));
        assertThat(s.root().at("/detail/data")).isEqualTo(Json.tree("{\"total\":12.5,\"order\":{\"lines\":[{\"sku\":\"S-1\"},{\"sku\":\"S-2\"}]}}"));
    }

    private static ObjectNode except(JsonNode node, String field) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(field);
        return copy;
    }

    @Test
    void scan_keepsDataTextVerbatim_soItReadsBackToTheProducersObject() {
        EventScanner.Scanned s = scanner.scan(EVENT).orElseThrow();

        assertThat(s.dataText()).startsWith("{ \"orderId\"").endsWith("[1,{\"x\":\"y\"}]}} }");
        assertThat(Json.tree(s.dataText())).isEqualTo(Json.tree(EVENT).at("/detail/data"));
        assertThat(Json.asObject(s.data(null))).isEqualTo(Json.tree(EVENT).at("/detail/data"));
        assertThat(Json.write(Json.object().set("data", s.data(null)))).isEqualTo("{\"data\":" + s.dataText() + "}");
    }

    @Test
    void scan_whenDataIsNotAnObject_keepsItAsAValueAndHasNoText() {
        EventScanner.Scanned s = scanner.scan("{\"id\":\"e\",\"detail\":{\"data\":[1,2]}}").orElseThrow();

        assertThat(s.dataText()).isNull();
        assertThat(s.root().at("/detail/data")).isEqualTo(Json.tree("[1,2]"));
    }

    @Test
    void scan_whenBodyIsNotExactlyOneObject_isEmpty() {
        assertThat(scanner.scan("{\"id\":\"e\",\"detail\":{\"data\":{\"a\":1}}")).isEmpty();
        assertThat(scanner.scan("{\"id\":\"e\"} {\"id\":\"f\"}")).isEmpty();
        assertThat(scanner.scan("[{\"id\":\"e\"}]")).isEmpty();
        assertThat(scanner.scan("{\"id\":\"e\",}")).isEmpty();
        assertThat(scanner.scan("not json")).isEmpty();
    }

    @Test
    void scan_ofTheSharedFixture_validatesAsTheWholeTreeDoes() {
        String body = Fixtures.read("eventbridge-order-shipped.json");
        EventScanner.Scanned s = scanner.scan(body).orElseThrow();

        ParsedEvent onSlim = EventParser.parse(body, s.root());
        ParsedEvent onWhole = EventParser.parse(body);
        assertThat(onSlim).isInstanceOf(ParsedEvent.Valid.class);
        HeraldEvent slim = ((ParsedEvent.Valid) onSlim).event();
        HeraldEvent whole = ((ParsedEvent.Valid) onWhole).event();
        assertThat(slim.id()).isEqualTo(whole.id());
        assertThat(slim.detail().recipients()).isEqualTo(whole.detail().recipients());
        assertThat(slim.detail().priority()).isEqualTo(whole.detail().priority());
        assertThat(Json.tree(s.dataText())).isEqualTo(whole.detail().data());
    }

    @Test
    void scan_ofInvalidDetail_reportsTheSameProblemsAsTheWholeTree() {
        String body = "{\"id\":\"e\",\"source\":\"s\",\"detail-type\":\"t\",\"detail\":{\"recipients\":[],\"priority\":\"urgent\","
                + "\"channels\":[\"fax\"],\"locale\":\"!!\",\"data\":{\"x\":1}}}";
        ParsedEvent onSlim = EventParser.parse(body, scanner.scan(body).orElseThrow().root());
        ParsedEvent onWhole = EventParser.parse(body);

        assertThat(((ParsedEvent.Invalid) onSlim).problems()).isEqualTo(((ParsedEvent.Invalid) onWhole).problems()).hasSize(4);
    }
}
