package dev.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's three admin commands (add a template, add a route, publish an event that uses them), run in bash as
 * pasted after the banner's {@code export} lines, against the real pipeline with the demo data: user-1's browser gets
 * the frame the new template renders and the ledger says sent. The README never documents a command that does not work.
 */
class ReadmeAdminExampleIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void theReadmesAdminCommands_addATemplateAndARouteThatTheNextEventUses() throws Exception {
        LocalRuntime runtime = PipelineRuntime.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HeraldUp.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8), runtime, 1);
        List<String> exports = out.toString(StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> l.startsWith("export ")).toList();
        assertThat(exports).hasSize(2).anySatisfy(l -> assertThat(l).contains("HERALD_ADMIN_TOKEN="));
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        String block = readme.substring(readme.indexOf("<!-- admin-example -->"), readme.indexOf("<!-- /admin-example -->"));
        List<String> commands = block.lines().filter(l -> l.startsWith("curl ")).toList();
        assertThat(commands).hasSize(3);
        WebSocketTestClient browser = WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor("user-1")));

        ProcessBuilder shell = new ProcessBuilder("bash", "-c", String.join("\n", exports) + "\nset -e\n"
                + String.join("\n", commands.stream().map(c -> c + " --fail-with-body; echo").toList())).redirectErrorStream(true);
        Process p = shell.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();

        JsonNode frame = browser.awaitFrame("Parcel P-9 for Ada Lovelace", PATIENCE);
        assertThat(frame.path("title").asText()).isEqualTo("Parcel P-9 for Ada Lovelace");
        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        String id = frame.path("deliveryId").asText();
        await().atMost(PATIENCE).until(() -> ledger.find(id).map(LedgerEntry::status)
                .filter(s -> s == DeliveryStatus.SENT || s == DeliveryStatus.DELIVERED).isPresent());
        browser.close();
    }
}
