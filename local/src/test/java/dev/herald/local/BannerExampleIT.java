package dev.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.pipeline.PipelineRuntime;
import dev.herald.local.testing.WebSocketTestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The {@code aws events put-events} line the banner prints, run as a newcomer runs it (the AWS CLI in a
 * shell, after the banner's {@code export} line; without a CLI the same entries through the SDK), against the
 * real pipeline with the demo data: user-1, with a browser connected, gets a {@code sent} ledger row on
 * every channel, none rejected - the line's data renders the order template on each. The test runtime's order route
 * sends on every channel at once ({@code AllAtOnceOrderRoute}); the demo's sends the push and the email only while the
 * frame is unread ({@code DemoOrderRouteIT}).
 */
class BannerExampleIT {
    // generous: cold starts of the three handler jars take 20-30 s on a loaded 2-core machine
    private static final Duration PATIENCE = Duration.ofSeconds(240);

    @Test
    void theBannersPutEventsLine_deliversOnEveryChannel() throws Exception {
        LocalRuntime runtime = PipelineRuntime.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HeraldUp.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8), runtime, 1);
        List<String> banner = out.toString(StandardCharsets.UTF_8).lines().map(String::strip).toList();
        String export = banner.stream().filter(l -> l.startsWith("export AWS_ENDPOINT_URL=")).findFirst().orElseThrow();
        String putEvents = banner.stream().filter(l -> l.startsWith("aws events put-events")).findFirst().orElseThrow();
        WebSocketTestClient browser = WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor("user-1")));

        String eventId = cli().isPresent() ? withCli(export, putEvents) : withSdk(runtime, putEvents);

        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        for (Channel channel : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            String id = DeliveryIds.of(eventId, channel, "user-1");
            await().atMost(PATIENCE).until(() -> ledger.find(id).map(LedgerEntry::status)
                    .filter(s -> s != DeliveryStatus.QUEUED && s != DeliveryStatus.SENDING).isPresent());
            assertThat(ledger.find(id).map(LedgerEntry::status)).as(channel + " " + ledger.find(id))
                    .isIn(Optional.of(DeliveryStatus.SENT), Optional.of(DeliveryStatus.DELIVERED));
        }
        browser.close();
    }

    /** Runs the two banner lines in a shell, as pasted; returns the event id the CLI printed. */
    private static String withCli(String export, String putEvents) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("bash", "-c", export + "\n" + putEvents + " --output json").redirectErrorStream(true);
        // a user's own CLI profile must not change what this test runs
        shell.environment().putAll(Map.of("AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        Process p = shell.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the AWS CLI finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        JsonNode answer = Json.tree(output);
        assertThat(answer.path("FailedEntryCount").asInt()).as(output).isZero();
        return answer.path("Entries").get(0).path("EventId").asText();
    }

    /** The entries between the banner line's single quotes, sent with the SDK to the same endpoint. */
    private static String withSdk(LocalRuntime runtime, String putEvents) {
        String entriesJson = putEvents.substring(putEvents.indexOf('\'') + 1, putEvents.lastIndexOf('\''));
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (JsonNode e : Json.tree(entriesJson)) {
            entries.add(PutEventsRequestEntry.builder().eventBusName(e.path("EventBusName").asText()).source(e.path("Source").asText())
                    .detailType(e.path("DetailType").asText()).detail(e.path("Detail").asText()).build());
        }
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            var put = events.putEvents(r -> r.entries(entries));
            assertThat(put.failedEntryCount()).isZero();
            return put.entries().getFirst().eventId();
        }
    }

    private static Optional<String> cli() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
