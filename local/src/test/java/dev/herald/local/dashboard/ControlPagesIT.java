package dev.herald.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.store.DynamoDbTemplateStore;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.common.store.TemplateStore;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.pipeline.PipelineRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's control pages in headless Chromium against {@code herald up} with the demo data: the routes page lists
 * the router's routes and its pattern tester names the routes an event matches; the templates page previews an edit as
 * it is typed (rendered by the enrichment function's renderer, with the user's profile), refuses to save a template that
 * does not compile (with the line and reason) and saves one that does; the users page shows a user's profile, devices,
 * topics and inbox; the topics page pages through a topic's members.
 */
class ControlPagesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private LocalRuntime runtime;
    private HeadlessChromium browser;

    @BeforeEach
    void start() {
        HeadlessChromium.assumeAvailable();
        runtime = PipelineRuntime.get();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void routesPage_patternTester_namesTheRoutesAnEventMatches() throws Exception {
        // a route with steps (the demo's order route has them; this runtime's order route sends all at once)
        String stepped = "it-steps-" + UUID.randomUUID().toString().substring(0, 8);
        var routes = new DynamoDbRouteStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_ROUTES, Clock.systemUTC());
        routes.put(stepped, "{\"name\":\"" + stepped + "\",\"pattern\":{\"detail-type\":[\"" + stepped + "\"]},\"steps\":[{\"channel\":\"websocket\"},"
                + "{\"channel\":\"push\",\"after\":\"PT30S\"},{\"channel\":\"email\",\"after\":\"PT15M\"}]}");
        browser = new HeadlessChromium(runtime.edgeEndpoint() + "/dashboard/routes");
        // the demo routes (other tests of this runtime may add routes of their own through the admin API)
        browser.awaitTrue("document.querySelectorAll('#routes-table tr.route').length >= 6", WAIT);
        assertThat(browser.evaluate("document.querySelector('#routes-table').textContent").asText())
                .contains("s3-object-created").contains("topic:uploads").contains("order-shipped")
                .contains(stepped).contains("websocket, then push after PT30S, then email after PT15M");
        routes.delete(stepped);

        setValue("event-input", Fixtures.read("s3-object-created-eventbridge.json"));
        browser.evaluate("document.getElementById('test-button').click()");
        browser.awaitTrue("document.querySelectorAll('#test-result li.matched').length === 1", WAIT);
        assertThat(browser.evaluate("document.querySelector('#test-result li.matched').textContent").asText()).isEqualTo("s3-object-created");

        setValue("event-input", "{\"source\":\"shop.orders\",\"detail-type\":\"order.cancelled\",\"detail\":{}}");
        browser.evaluate("document.getElementById('test-button').click()");
        browser.awaitTrue("document.querySelectorAll('#test-result li.no-match').length === 1", WAIT);

        setValue("event-input", "[1, 2]");
        browser.evaluate("document.getElementById('test-button').click()");
        browser.awaitTrue("!document.getElementById('routes-error').hidden", WAIT);
        assertThat(browser.evaluate("document.getElementById('routes-error').textContent").asText()).contains("must be a JSON object");
    }

    @Test
    void templatesPage_previewsAsTyped_refusesWhatDoesNotCompile_savesWhatDoes() throws Exception {
        browser = new HeadlessChromium(runtime.edgeEndpoint() + "/dashboard/templates");
        browser.awaitTrue("document.querySelector('button.edit-template[data-template=\"object-created/en\"]') !== null", WAIT);
        String id = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        setValue("tpl-id", id);
        setValue("tpl-user", "user-1");
        setValue("tpl-data", "{\"orderId\":\"Z-9\"}");
        setValue("tpl-title", "Hello {{displayName}}");
        setValue("tpl-body", "Order {{orderId}} is on its way");
        setValue("tpl-subject", "Order {{orderId}}");
        setValue("tpl-html", "<p>{{{orderId}}}</p>");
        browser.awaitTrue("document.getElementById('preview-title').textContent === 'Hello Ada Lovelace'", WAIT);
        assertThat(browser.evaluate("document.getElementById('preview-body').textContent").asText()).isEqualTo("Order Z-9 is on its way");
        browser.awaitTrue("document.getElementById('preview-failures').textContent.includes('line 1')", WAIT);

        browser.evaluate("document.getElementById('tpl-save').click()");
        browser.awaitTrue("document.getElementById('tpl-status').className === 'error'", WAIT);
        assertThat(browser.evaluate("document.getElementById('tpl-status').textContent").asText()).contains("was not saved").contains("line 1");
        TemplateStore templates = new DynamoDbTemplateStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_TEMPLATES);
        assertThat(templates.find(id, "en")).isEmpty();

        setValue("tpl-html", "<p>Order <b>{{orderId}}</b></p>");
        browser.awaitTrue("document.getElementById('preview-html').textContent === '<p>Order <b>Z-9</b></p>'", WAIT);
        browser.evaluate("document.getElementById('tpl-save').click()");
        browser.awaitTrue("document.getElementById('tpl-status').textContent === 'saved'", WAIT);
        assertThat(templates.find(id, "en")).hasValueSatisfying(t -> assertThat(t.title()).isEqualTo("Hello {{displayName}}"));
        browser.awaitTrue("document.querySelector('button.edit-template[data-template=\"" + id + "/en\"]') !== null", WAIT);
    }

    @Test
    void usersPage_showsProfileDevicesTopicsAndInbox() throws Exception {
        browser = new HeadlessChromium(runtime.edgeEndpoint() + "/dashboard/users");
        browser.awaitTrue("document.getElementById('users') !== null && !document.getElementById('users').hidden", WAIT);
        setValue("user-id", "user-2");
        browser.evaluate("document.getElementById('user-load').click()");
        browser.awaitTrue("!document.getElementById('user-view').hidden", WAIT);
        assertThat(browser.evaluate("document.getElementById('user-profile').textContent").asText()).contains("Grace Hopper")
                .contains(DemoSeed.email("user-2"));
        assertThat(browser.evaluate("document.getElementById('user-devices').textContent").asText()).contains("ios")
                .doesNotContain(DemoSeed.deviceToken("user-2"));
        assertThat(browser.evaluate("document.getElementById('user-topics').textContent").asText()).contains(DemoSeed.UPLOADS_TOPIC);
        assertThat(browser.evaluate("document.getElementById('users-error').hidden").asBoolean()).isTrue();
    }

    @Test
    void topicsPage_pagesThroughTheMembers() throws Exception {
        String topic = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        DynamoDbTopicStore topics = new DynamoDbTopicStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_TOPICS);
        for (int i = 0; i < 7; i++) {
            topics.subscribe(topic, "member-" + i);
        }
        browser = new HeadlessChromium(runtime.edgeEndpoint() + "/dashboard/topics");
        browser.awaitTrue("document.getElementById('topics') !== null && !document.getElementById('topics').hidden", WAIT);
        setValue("topic-name", topic);
        setValue("topic-limit", "3");
        browser.evaluate("document.getElementById('topic-load').click()");
        browser.awaitTrue("document.querySelectorAll('#topic-members li.member').length === 3", WAIT);
        browser.evaluate("document.getElementById('topic-next').click()");
        browser.awaitTrue("document.querySelectorAll('#topic-members li.member').length === 6", WAIT);
        browser.evaluate("document.getElementById('topic-next').click()");
        browser.awaitTrue("document.querySelectorAll('#topic-members li.member').length === 7", WAIT);
        browser.awaitTrue("document.getElementById('topic-next').hidden", WAIT);

        setValue("member-id", "member-7");
        browser.evaluate("document.getElementById('member-add').click()");
        browser.awaitTrue("document.querySelectorAll('#topic-members li.member').length === 3", WAIT);
        assertThat(topics.topicsOf("member-7")).contains(topic);
    }

    /** Types into a field as a person would: the value, then the input event the page listens to. */
    private void setValue(String id, String value) throws Exception {
        browser.evaluate("(() => { const e = document.getElementById(" + Json.write(id) + "); e.value = " + Json.write(value)
                + "; e.dispatchEvent(new Event('input', { bubbles: true })); return true; })()");
    }
}
