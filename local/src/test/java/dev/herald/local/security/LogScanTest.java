package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scanner behind {@code SecretsInLogsIT} finds what it must, so that test can fail. */
class LogScanTest {
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    private static final String DEVICE = "a3f1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    private static String json(String level, String message) {
        return "{\"level\":\"" + level + "\",\"loggerName\":\"dev.herald.push.DeviceApi\",\"formattedMessage\":\"" + message + "\"}";
    }

    @Test
    void scan_findsEachKindOfSecretAtInfoOrAbove_andMasksItInTheReport() {
        String output = String.join("\n",
                json("INFO", "connected token=" + JWT),
                json("WARN", "device registered token=" + DEVICE),
                json("ERROR", "apns key -----BEGIN PRIVATE KEY-----\\nMIGTAgEAMBMGByqGSM49"),
                json("INFO", "subscribed address=someone@example.org"),
                json("INFO", "event routed notificationId=n-1 users=1"));

        List<LogScan.Finding> findings = LogScan.scan(LogScan.parse(output), Map.of("device token", List.of(DEVICE), "JWT", List.of(JWT)));

        assertThat(findings).extracting(LogScan.Finding::line).containsOnly(1, 2, 3, 4);
        assertThat(findings).extracting(LogScan.Finding::what).contains("JWT", "device token")
                .anySatisfy(w -> assertThat(w).startsWith("something shaped like a JWT ('eyJ***"))
                .anySatisfy(w -> assertThat(w).startsWith("PEM key material"))
                .anySatisfy(w -> assertThat(w).startsWith("an email address"));
        assertThat(findings).extracting(LogScan.Finding::excerpt).noneMatch(e -> e.contains(JWT) || e.contains(DEVICE) || e.contains("someone@"));
    }

    @Test
    void scan_ignoresDebugAndTrace_butHoldsLinesOfUnknownLevelToTheRule() {
        String output = String.join("\n",
                json("DEBUG", "token=" + JWT),
                json("TRACE", "address=someone@example.org"),
                "java.lang.IllegalStateException: bad token " + JWT,
                "12:00:00.000 INFO  DeviceApi - device " + DEVICE,
                "12:00:00.001 DEBUG DeviceApi - device " + DEVICE);

        List<LogScan.Line> lines = LogScan.parse(output);
        List<LogScan.Finding> findings = LogScan.scan(lines, Map.of("device token", List.of(DEVICE)));

        assertThat(lines).extracting(LogScan.Line::level).containsExactly("DEBUG", "TRACE", "UNKNOWN", "INFO", "DEBUG");
        assertThat(findings).extracting(LogScan.Finding::line).containsOnly(3, 4);
    }

    @Test
    void scan_cleanLines_findNothing() {
        String output = json("INFO", "delivery outcome deliveryId=n-1#push#user-1 channel=push outcome=Delivered traceId=t-1");

        assertThat(LogScan.scan(LogScan.parse(output), Map.of("device token", List.of(DEVICE)))).isEmpty();
    }
}
