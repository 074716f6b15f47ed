package dev.herald.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.local.LocalRuntime;
import dev.herald.local.pipeline.PipelineRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard page in headless Chromium against {@code herald up} with the real function jars:
 * the page connects a browser WebSocket through the gateway ($connect runs the real JWT check),
 * publishes through the HTTP API onto the local bus, and the router, enrichment and channel
 * handlers deliver - the frame, the email and the ledger row the page shows are the pipeline's.
 */
class DashboardPageIT {
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
    void dashboard_connectPublishAndLookUp_showsFrameEmailAndLedgerRow_withEventDataEscaped() throws Exception {
        browser = new HeadlessChromium(runtime.dashboardUrl().toString());
        browser.awaitTrue("document.body && document.body.dataset.ready === 'true'", WAIT);

        browser.evaluate("document.getElementById('user-id').value = 'user-2'; document.getElementById('connect-button').click()");
        browser.awaitTrue("document.getElementById('connection-status').textContent === 'connected as user-2'", WAIT);

        // script in event data: the template puts orderId into the frame title and the email; neither may run it
        String xss = "<img src=x onerror=\\\"window.__xss = 1\\\"><script>window.__xss = 2</script>";
        browser.evaluate("document.getElementById('event-type').value = 'order.shipped'; "
                + "document.getElementById('event-detail').value = JSON.stringify({recipients: ['user-2'], "
                + "channels: ['websocket', 'push', 'email'], data: {orderId: \"" + xss + "\", eta: 'tomorrow'}}); "
                + "document.getElementById('publish-button').click()");
        browser.awaitTrue("document.getElementById('publish-result').textContent.startsWith('Published, event id')", WAIT);
        browser.awaitTrue("document.querySelectorAll('#frames li').length >= 1", WAIT);

        String frameText = browser.evaluate("document.querySelector('#frames li pre').textContent").asText();
        assertThat(frameText).contains("Your order <img src=x onerror=").contains("has shipped");
        assertThat(browser.evaluate("document.querySelectorAll('#frames img, #frames script, #emails img, #ledger img').length").asInt()).isZero();

        browser.evaluate("document.getElementById('refresh-emulators').click()");
        browser.awaitTrue("[...document.querySelectorAll('#emails tr.email')].some(r => r.textContent.includes('user-2@example.com'))", WAIT);
        // the push the APNs emulator received shows its payload as text: the markup is visible, not parsed
        browser.awaitTrue("[...document.querySelectorAll('#pushes tr.push')].some(r => r.textContent.includes('<script>window.__xss = 2'))", WAIT);
        assertThat(browser.evaluate("document.querySelectorAll('#pushes img, #pushes script, #emails img, #emails script').length").asInt()).isZero();

        browser.evaluate("document.getElementById('ledger-find').click()");
        browser.awaitTrue("document.querySelectorAll('#ledger tr.ledger-row').length === 1", WAIT);
        assertThat(browser.evaluate("document.querySelector('#ledger tr.ledger-row').textContent").asText()).contains("user-2").containsAnyOf("SENT", "DELIVERED");

        browser.evaluate("document.getElementById('ledger-list').click()");
        browser.awaitTrue("document.querySelectorAll('#ledger tr.ledger-row').length >= 1", WAIT);
        assertThat(browser.evaluate("window.__xss === undefined").asBoolean()).isTrue();
    }

    @Test
    void dashboard_publishInvalidEvent_showsEveryReason() throws Exception {
        browser = new HeadlessChromium(runtime.edgeEndpoint() + "/");
        browser.awaitTrue("document.body && document.body.dataset.ready === 'true'", WAIT);

        browser.evaluate("document.getElementById('event-detail').value = '{\"recipients\": [], \"priority\": \"urgent\"}'; "
                + "document.getElementById('publish-button').click()");

        browser.awaitTrue("document.querySelectorAll('#publish-problems li').length >= 3", WAIT);
        String problems = browser.evaluate("document.getElementById('publish-problems').textContent").asText();
        assertThat(problems).contains("detail.recipients").contains("detail.priority");
    }

    @Test
    void tokenEndpoint_rejectsMalformedUserId() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(runtime.edgeEndpoint() + "/dashboard/api/token"))
                .header("Content-Type", "application/json").header(DashboardGuard.TOKEN_HEADER, runtime.dashboardToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"<script>\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
