package dev.herald.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.local.console.HumanConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald up --demo} as a person runs it (a child JVM, its standard output read as a terminal would show it):
 * the demo's sample events give one short line per notification and per delivery outcome, no JSON log line; the
 * functions' JSON logs are in {@code <data>/logs/functions.log}.
 */
class ConsoleIT {
    @TempDir
    Path dir;

    @Test
    void upWithDemo_printsAHumanLinePerNotificationAndDelivery_andWritesTheJsonLogsToAFile() throws Exception {
        Path log = Path.of("target", "console-" + UUID.randomUUID().toString().substring(0, 8) + "-herald-up.log").toAbsolutePath();
        try (HeraldProcess herald = new HeraldProcess(dir.resolve("data"), log)) {
            herald.start();
            // the demo's sample order for user-1 (websocket, push, email) and its deal for the three users of topic deals
            await().atMost(Duration.ofSeconds(300)).until(() -> Files.readAllLines(log).stream()
                    .filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d (email|push) +user-1 +sent")).map(l -> l.substring(9, 14)).distinct().count() == 2);
            List<String> console = Files.readAllLines(log);
            Path functionsLog = herald.dataDir().resolve("logs").resolve(HumanConsole.FUNCTIONS_LOG);
            List<String> json = Files.readAllLines(functionsLog);

            assertThat(console).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d notification demo-order-A-17 order\\.shipped: 1 user\\(s\\), 3 queued.*"));
            assertThat(console).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d push +user-1 +sent"));
            assertThat(console).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d email +user-1 +sent"));
            assertThat(console).as("JSON log lines on the console").noneMatch(l -> l.startsWith("{"));
            assertThat(json).isNotEmpty().allMatch(l -> l.startsWith("{\"") && l.endsWith("}"));
            assertThat(json).anyMatch(l -> l.contains("delivery outcome") && l.contains("channel=email") && l.contains("userId=user-1"));
            assertThat(json).anyMatch(l -> l.contains("event routed notificationId=demo-order-A-17"));
        }
    }
}
