package dev.herald.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.demo.DemoUpload;
import dev.herald.local.pipeline.PipelineRuntime;
import dev.herald.local.testing.WebSocketTestClient;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 004 as an adopter runs it, with the AWS CLI against {@code herald up} (path-style S3 on the edge port): make a
 * bucket, enable EventBridge on it, copy a file in. S3's {@code Object Created} event goes to the default bus, which
 * forwards it to the Herald bus (the uploads route names {@code aws.s3}); the members of the {@code uploads} topic
 * (demo data: user-1, user-2) get a WebSocket frame, a push and an email, and the ledger says sent; user-3 gets nothing.
 */
class S3SeedIT {
    // cold starts of the router, enrichment and three handler jars on a loaded 2-core machine
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static LocalRuntime runtime;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(cli().isPresent(), "the AWS CLI (aws) is not on the PATH; install it to run the S3 seed scenario");
        runtime = PipelineRuntime.get();
        // path-style, as herald up serves S3 (http://localhost:<port>/<bucket>/<key>); nothing from the user's own profile
        config = Files.createTempFile("herald-aws-config", "");
        Files.writeString(config, "[default]\ns3 =\n    addressing_style = path\n");
    }

    @Test
    void awsS3Cp_intoABucketWithEventBridge_notifiesTheUploadsTopicOnEveryChannel() throws Exception {
        WebSocketTestClient browser = connect("user-1");
        String bucket = "seed-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "campaigns/recipients-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        Path file = Files.createTempFile("recipients", ".csv");
        Files.writeString(file, "userId,email\nuser-1,ada@example.com\n");

        aws("s3", "mb", "s3://" + bucket);
        aws("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", "{\"EventBridgeConfiguration\":{}}");
        assertThat(aws("s3api", "get-bucket-notification-configuration", "--bucket", bucket, "--output", "json")).contains("EventBridgeConfiguration");
        aws("s3", "cp", file.toString(), "s3://" + bucket + "/" + key);
        assertThat(aws("s3", "ls")).contains(bucket);
        assertThat(aws("s3", "ls", "s3://" + bucket + "/campaigns/")).contains(key.substring("campaigns/".length())).contains(" " + Files.size(file) + " ");

        JsonNode frame = browser.awaitFrame(key, PATIENCE);
        assertThat(frame.path("title").asText()).isEqualTo("New file in " + bucket);
        assertThat(frame.path("eventType").asText()).isEqualTo("Object Created");
        String notificationId = frame.path("notificationId").asText();
        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        for (String user : List.of("user-1", "user-2")) {
            // user-1 has a browser connected; user-2 has none, so its WebSocket row is skipped as offline (asserted below)
            for (Channel channel : user.equals("user-1") ? List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL) : List.of(Channel.PUSH, Channel.EMAIL)) {
                String id = DeliveryIds.of(notificationId, channel, user);
                await().atMost(PATIENCE).until(() -> ledger.find(id).map(LedgerEntry::status)
                        .filter(s -> s != DeliveryStatus.QUEUED && s != DeliveryStatus.SENDING).isPresent());
                assertThat(ledger.find(id).map(LedgerEntry::status)).as(channel + " " + user + " " + ledger.find(id))
                        .isIn(Optional.of(DeliveryStatus.SENT), Optional.of(DeliveryStatus.DELIVERED));
            }
            assertThat(runtime.apns().receivedFor(DemoSeed.deviceToken(user))).as("pushes to " + user)
                    .anySatisfy(p -> assertThat(p.payload()).contains(key));
            assertThat(runtime.ses().sentTo(DemoSeed.email(user))).as("emails to " + user)
                    .anySatisfy(m -> assertThat(m.subject()).isEqualTo("New file in " + bucket));
        }
        assertThat(ledger.find(DeliveryIds.of(notificationId, Channel.WEBSOCKET, "user-2")).map(LedgerEntry::status))
                .hasValue(DeliveryStatus.SKIPPED);
        assertThat(ledger.find(DeliveryIds.of(notificationId, Channel.WEBSOCKET, "user-3"))).isEmpty();
        browser.close();

        // the object is there as uploaded
        Path back = Files.createTempFile("back", ".csv");
        aws("s3", "cp", "s3://" + bucket + "/" + key, back.toString());
        assertThat(Files.readString(back)).isEqualTo(Files.readString(file));
    }

    @Test
    void theDemosUpload_reachesTheUploadsTopicsMembers() throws Exception {
        DemoUpload.upload(runtime.s3());
        for (String user : List.of("user-1", "user-2")) {
            await().atMost(PATIENCE).until(() -> runtime.ses().sentTo(DemoSeed.email(user)).stream()
                    .anyMatch(m -> m.subject().equals("New file in " + DemoUpload.BUCKET) && m.text().contains(DemoUpload.KEY)));
        }
        assertThat(aws("s3", "ls", "s3://" + DemoUpload.BUCKET + "/campaigns/")).contains("welcome-recipients.csv");
    }

    @Test
    void awsS3Cp_intoABucketWithoutEventBridge_putsNothingOnTheBus() throws Exception {
        String bucket = "quiet-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("quiet", ".txt");
        Files.writeString(file, "x");
        aws("s3", "mb", "s3://" + bucket);
        aws("s3", "cp", file.toString(), "s3://" + bucket + "/quiet.txt");
        assertThat(aws("s3api", "get-bucket-notification-configuration", "--bucket", bucket, "--output", "json")).doesNotContain("EventBridge");
        // an unknown bucket is S3's NoSuchBucket, with the CLI's non-zero exit
        CliResult missing = run("s3", "cp", file.toString(), "s3://no-such-" + bucket + "/x.txt");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("NoSuchBucket");
    }

    /** The $connect function's first (cold) start can pass its 10 s timeout on a loaded machine: a browser would reconnect too. */
    private static WebSocketTestClient connect(String userId) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor(userId)));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private record CliResult(int exit, String output) {
    }

    private static String aws(String... args) throws Exception {
        CliResult r = run(args);
        assertThat(r.exit()).as("aws " + String.join(" ", args) + ": " + r.output()).isZero();
        return r.output();
    }

    private static CliResult run(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of(cli().orElseThrow())));
        pb.command().addAll(List.of(args));
        pb.redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_PAGER", "", "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_ENDPOINT_URL", runtime.edgeEndpoint().toString(), "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_DEFAULT_REGION", runtime.region()));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws " + String.join(" ", args) + " finished").isTrue();
        return new CliResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Optional<String> cli() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
