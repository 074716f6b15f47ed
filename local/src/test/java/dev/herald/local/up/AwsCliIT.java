package dev.herald.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS CLI against the edge port with {@code --endpoint-url}, as the README tells people to use it
 * (the Debian package's CLI 2.9 speaks SQS's query protocol; newer ones its JSON protocol: both are served).
 */
class AwsCliIT {
    private LocalRuntime runtime;
    private String aws;

    @BeforeEach
    void start() {
        Optional<String> cli = cli();
        assumeTrue(cli.isPresent(), "SKIPPED: no AWS CLI (/usr/bin/aws or aws on PATH); install the Debian package `awscli`"
                + " (.ci/install-test-tools does) to run the CLI tests");
        aws = cli.get();
        runtime = SharedRuntime.get();
    }

    @Test
    void eventsPutEvents_succeedsAndTheEventReachesTheIngressQueue() throws Exception {
        String marker = UUID.randomUUID().toString();
        String entries = "[{\"EventBusName\":\"herald\",\"Source\":\"shop.orders\",\"DetailType\":\"order.shipped\","
                + "\"Detail\":\"{\\\"recipients\\\":[\\\"user-1\\\"],\\\"data\\\":{\\\"marker\\\":\\\"" + marker + "\\\"}}\"}]";
        Result put = run("events", "put-events", "--entries", entries);

        assertThat(put.exit()).as(put.output()).isZero();
        assertThat(Json.tree(put.output()).path("FailedEntryCount").asInt()).isZero();
        assertThat(Queues.take(SharedRuntime.clients().sqs(), runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS),
                m -> m.body().contains(marker), Duration.ofSeconds(20))).isPresent();
    }

    @Test
    void sqsListQueues_listsTheTopologyQueuesOnTheEdge() throws Exception {
        Result list = run("sqs", "list-queues");

        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains(runtime.edgeEndpoint() + "/000000000000/herald-ingress");
    }

    @Test
    void dynamodbListTables_listsTheTopologyTables() throws Exception {
        Result list = run("dynamodb", "list-tables");

        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains(HeraldTopology.TABLE_DELIVERIES).contains(HeraldTopology.TABLE_CONNECTIONS);
    }

    private record Result(int exit, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws, "--endpoint-url", runtime.edgeEndpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_REGION", runtime.region(), "AWS_DEFAULT_REGION", runtime.region(), "AWS_PAGER", "",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Optional<String> cli() {
        if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
            return Optional.of("/usr/bin/aws");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
