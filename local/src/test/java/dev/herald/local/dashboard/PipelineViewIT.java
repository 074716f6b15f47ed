package dev.herald.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.pipeline.PipelineRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live pipeline view in headless Chromium against {@code herald up} with the real function jars: events published
 * on the bus move the page's counts (notifications, deliveries sent per channel, invocations per stage) without a
 * reload, and the chart of deliveries per second gets a line with points for the email channel.
 */
class PipelineViewIT {
    private static final Duration WAIT = Duration.ofSeconds(240);

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
    void pipelineView_publish_countsMoveAndTheChartHasPoints_withoutAReload() throws Exception {
        browser = new HeadlessChromium(runtime.edgeEndpoint() + "/dashboard/pipeline");
        browser.awaitTrue("document.body !== null && Number(document.body.dataset.updates || 0) >= 1", WAIT);
        // one row per queue that feeds a function
        browser.awaitTrue("document.querySelectorAll('#stages tr.stage').length === " + HeraldTopology.standard().queueConsumers().size(), WAIT);
        long emailSentBefore = browser.evaluate("(() => { const r = document.querySelector('#channels tr[data-channel=email]');"
                + " return r ? Number(r.children[1].textContent) : 0; })()").asLong();
        long notificationsBefore = browser.evaluate("Number(document.getElementById('notifications').textContent)").asLong();
        browser.evaluate("window.__marker = 'same page'");

        String run = "view-" + UUID.randomUUID().toString().substring(0, 8);
        List<EventPublisher.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(new EventPublisher.Entry("shop.orders", "order.shipped", Json.write(Map.of("notificationId", run + "-" + i,
                    "recipients", List.of("user-3"), "channels", List.of("email"), "data", Map.of("orderId", "V-" + i, "eta", "soon"))),
                    List.of(), HeraldTopology.BUS));
        }
        assertThat(runtime.bus().putEvents(entries)).noneMatch(EventPublisher.Result::failed);

        browser.awaitTrue("Number(document.getElementById('notifications').textContent) >= " + (notificationsBefore + 5), WAIT);
        browser.awaitTrue("(() => { const r = document.querySelector('#channels tr[data-channel=email]');"
                + " return r && Number(r.children[1].textContent) >= " + (emailSentBefore + 5) + "; })()", WAIT);
        browser.awaitTrue("Number(document.querySelector('#stages tr.stage[data-queue=herald-email]').children[5].textContent) >= 1", WAIT);

        // the chart redraws once a second: wait for the draw that has the emails in it
        browser.awaitTrue("new Set(document.querySelector('#chart polyline.series[data-channel=email]').getAttribute('points')"
                + ".split(' ').map((p) => p.split(',')[1])).size > 1", WAIT);
        String points = browser.evaluate("document.querySelector('#chart polyline.series[data-channel=email]').getAttribute('points')").asText();
        String[] xy = points.split(" ");
        assertThat(xy).hasSize(300);
        assertThat(java.util.Arrays.stream(xy).map(p -> Double.parseDouble(p.split(",")[1])).distinct().count())
                .as("the email line rises above zero somewhere").isGreaterThan(1);
        assertThat(browser.evaluate("window.__marker").asText()).as("no reload").isEqualTo("same page");
        assertThat(browser.evaluate("document.getElementById('pipeline-error').hidden").asBoolean()).isTrue();
    }
}
