package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.pipeline.PipelineRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hostile event data and template names against {@code herald up} with the real function jars: script
 * and markup in event data reach the email's HTML part escaped; CR/LF in data cannot add a mail header
 * or a recipient; a template id or a partial that names a file path is refused with an error that
 * says why, and no file is read. (The dashboard's escaping is proven in a browser by
 * {@code DashboardPageIT}.)
 */
class InjectionIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SCRIPT = "<script>window.x=1</script><img src=x onerror=alert(1)>\"'&";
    private static final String HEADERS = "A-1\r\nBcc: eve@evil.example\r\nX-Injected: yes\n\nbody?";
    private static LocalRuntime runtime;
    private static EdgeCalls edge;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.get();
        edge = new EdgeCalls(runtime);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void eventDataWithScriptAndLineBreaks_isEscapedInTheHtmlPart_andAddsNoHeaderOrRecipient() {
        String notificationId = "inj-" + UUID.randomUUID();
        List<EventPublisher.Result> put = runtime.bus().putEvents(List.of(new EventPublisher.Entry("shop.orders", "order.shipped",
                Json.write(Map.of("notificationId", notificationId, "recipients", List.of("user-2"), "channels", List.of("email"),
                        "data", Map.of("orderId", HEADERS + SCRIPT, "eta", SCRIPT))), List.of(), HeraldTopology.BUS)));
        assertThat(put).noneMatch(EventPublisher.Result::failed);

        await().atMost(PATIENCE).until(() -> emailTagged(notificationId) != null);
        JsonNode email = emailTagged(notificationId);

        String html = email.path("html").asText();
        assertThat(html).as("html part").contains("&lt;script&gt;window.x").contains("&lt;img src").contains("&quot;&#39;&amp;")
                .doesNotContain("<script").doesNotContain("<img").doesNotContain("\"'&");
        assertThat(html).as("the template's own markup stays markup").contains("<b>");
        String subject = email.path("subject").asText();
        assertThat(subject).as("subject").doesNotContain("\r").doesNotContain("\n").startsWith("Your order A-1 Bcc: eve@evil.example X-Injected: yes");
        assertThat(names(email.path("headers"))).as("custom headers").containsExactlyInAnyOrder("List-Unsubscribe", "List-Unsubscribe-Post");
        assertThat(email.path("headers").toString()).doesNotContain("evil.example").doesNotContain("X-Injected");
        assertThat(email.path("to")).extracting(JsonNode::asText).containsExactly(DemoSeed.email("user-2"));
        assertThat(email.path("cc")).isEmpty();
        assertThat(email.path("bcc")).isEmpty();
        assertThat(email.path("text").asText()).as("the text part is plain text: shown as typed, never interpreted").contains(SCRIPT);
    }

    @Test
    void templateIdThatTraversesAPath_isRefusedWithTheRule_andReadsNoFile() {
        JsonNode answer = enrich("../../etc/passwd");

        JsonNode recipient = answer.path("recipients").get(0);
        assertThat(recipient.path("error").asText()).isEqualTo("template id '../../etc/passwd' is not valid; use 1-128 characters of"
                + " a-z, 0-9, '.', '_' or '-', starting with a letter or digit, e.g. order-shipped");
        assertThat(recipient.path("content")).isEmpty();
        assertThat(answer.toString()).doesNotContain("root:");
    }

    @Test
    void templateIncludingAFileAsAPartial_isRefusedWithTheRule_andReadsNoFile() {
        String templateId = "inj-partial-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineRuntime.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).item(Map.of(
                "templateId", AttributeValue.fromS(templateId), "locale", AttributeValue.fromS("default"),
                "title", AttributeValue.fromS("{{> ../../../../etc/passwd}}"), "body", AttributeValue.fromS("b"),
                "subject", AttributeValue.fromS("s"), "html", AttributeValue.fromS("<p>{{>/etc/passwd}}</p>"), "text", AttributeValue.fromS("t"))));

        JsonNode answer = enrich(templateId);

        String error = answer.path("recipients").get(0).path("error").asText();
        assertThat(error).contains("template '" + templateId + "' (locale 'default', ").contains("includes '")
                .contains("partials are not supported");
        assertThat(answer.toString()).doesNotContain("root:");
    }

    /** The enrichment function called as the router calls it (Lambda Invoke through the edge port), for user-1 on every channel. */
    private static JsonNode enrich(String templateId) {
        EnrichmentRequest request = new EnrichmentRequest("inj-" + UUID.randomUUID(), "order.shipped", templateId, List.of("user-1"),
                List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL), Json.object().put("orderId", "A-1").put("eta", "soon"), null, "trace-inj");
        return edge.invoke(HeraldTopology.FN_ENRICHMENT, Json.write(request));
    }

    private static JsonNode emailTagged(String notificationId) {
        for (JsonNode e : edge.dashboard("/dashboard/api/emails")) {
            if (notificationId.equals(e.path("tags").path("notificationId").asText())) {
                return e;
            }
        }
        return null;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
