package dev.herald.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of docs/DEPLOY.md's runbook that can run without AWS, run against {@code herald up}:
 * {@code infra/check-secret.sh} on a filled-in and on a placeholder secret, {@code put-secret-value}
 * and {@code get-secret-value} with the AWS CLI, and {@code infra/smoke-test.sh} (publish, then the
 * router's ledger row) with the CLI pointed at the edge port.
 */
class DeployRunbookIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @Test
    void checkSecret_acceptsAFilledInJwtSecret_andRefusesThePlaceholderNamingTheShape() throws Exception {
        assumeTrue(onPath("jq"), "SKIPPED: no jq on PATH; install the Debian package jq to run the runbook's secret check");
        Path good = Files.writeString(dir.resolve("jwt.json"),
                "{\"issuer\":\"https://auth.example.com/\",\"audience\":\"herald-web\",\"jwksUrl\":\"https://auth.example.com/.well-known/jwks.json\"}");
        Path placeholder = Files.writeString(dir.resolve("placeholder.json"), "{\"placeholder\":\"Qx7v0mS2\"}");

        Result ok = run(Map.of(), "bash", REPO.resolve("infra/check-secret.sh").toString(), "jwt", good.toString());
        Result refused = run(Map.of(), "bash", REPO.resolve("infra/check-secret.sh").toString(), "jwt", placeholder.toString());

        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("not a valid jwt secret", "issuer", "jwksUrl");
    }

    @Test
    void putSecretValue_thenGetSecretValue_withTheAwsCli_asTheRotationStepSays() throws Exception {
        Optional<String> aws = cli();
        assumeTrue(aws.isPresent(), "SKIPPED: no AWS CLI on PATH; install the Debian package awscli");
        LocalRuntime runtime = PipelineRuntime.get();
        String endpoint = runtime.edgeEndpoint().toString();
        // the current value is put back unchanged: other tests of this JVM share the runtime's secrets
        Result current = run(cliEnv(runtime), aws.get(), "--endpoint-url", endpoint, "--output", "text", "secretsmanager", "get-secret-value",
                "--secret-id", HeraldTopology.SECRET_JWT, "--query", "SecretString");
        assertThat(current.exit()).as(current.output()).isZero();
        Path file = Files.writeString(dir.resolve("jwt.json"), current.output().strip());

        Result put = run(cliEnv(runtime), aws.get(), "--endpoint-url", endpoint, "secretsmanager", "put-secret-value",
                "--secret-id", HeraldTopology.SECRET_JWT, "--secret-string", "file://" + file);

        assertThat(put.exit()).as(put.output()).isZero();
        assertThat(put.output()).contains("VersionId");
    }

    @Test
    void smokeTest_publishesAndFindsTheLedgerRow_onHeraldUp() throws Exception {
        Optional<String> aws = cli();
        assumeTrue(aws.isPresent(), "SKIPPED: no AWS CLI on PATH; install the Debian package awscli");
        LocalRuntime runtime = PipelineRuntime.get();
        Map<String, String> env = new java.util.HashMap<>(cliEnv(runtime));
        env.put("HERALD_ENDPOINT_URL", runtime.edgeEndpoint().toString());
        env.put("HERALD_EVENT_BUS", runtime.topology().busName());
        env.put("HERALD_DELIVERIES_TABLE", HeraldTopology.TABLE_DELIVERIES);
        env.put("PATH", new File(aws.get()).getParent() + File.pathSeparator + System.getenv("PATH"));

        Result smoke = run(env, "bash", REPO.resolve("infra/smoke-test.sh").toString());

        assertThat(smoke.exit()).as(smoke.output()).isZero();
        assertThat(smoke.output()).contains("published notification smoke-", "ledger row notification#smoke-", "in " + HeraldTopology.TABLE_DELIVERIES);
    }

    private record Result(int exit, String output) {
    }

    private static Map<String, String> cliEnv(LocalRuntime runtime) {
        return Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", runtime.region(),
                "AWS_DEFAULT_REGION", runtime.region(), "AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    }

    private static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 180 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        return which(tool).isPresent();
    }

    private static Optional<String> cli() {
        if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
            return Optional.of("/usr/bin/aws");
        }
        return which("aws");
    }

    private static Optional<String> which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, tool);
            if (!d.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
