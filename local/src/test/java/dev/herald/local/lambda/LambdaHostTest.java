package dev.herald.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import dev.herald.local.FunctionInvoker.FunctionError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

class LambdaHostTest {
    @TempDir
    Path emptyRepo;

    @Test
    void constructor_whenFunctionsOfOneArtifactDisagreeOnAVariable_failsNamingBoth() {
        Topology topology = TestTopologies.of(List.of(), List.of(
                TestTopologies.function("fn-1", Object.class, "herald-shared", Duration.ofSeconds(3), Map.of("TABLE", EnvValue.literal("one"))),
                TestTopologies.function("fn-2", Object.class, "herald-shared", Duration.ofSeconds(3), Map.of("TABLE", EnvValue.literal("two")))));

        assertThatThrownBy(() -> new LambdaHost(topology, emptyRepo, Map.of(), v -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TABLE")
                .hasMessageContaining("fn-1")
                .hasMessageContaining("fn-2");
    }

    @Test
    void constructor_standardTopology_hasNoConflictingVariables() {
        try (LambdaHost host = new LambdaHost(HeraldTopology.standard(), emptyRepo, Map.of(), v -> "x")) {
            assertThat(host).isNotNull();
        }
    }

    @Test
    void invoke_whenTheFunctionJarIsMissing_failsNamingTheJarAndTheBuildCommand() {
        try (LambdaHost host = new LambdaHost(HeraldTopology.standard(), emptyRepo, Map.of(), v -> "x")) {
            assertThatThrownBy(() -> host.invoke(HeraldTopology.FN_ROUTER, "{}"))
                    .isInstanceOf(FunctionError.class)
                    .hasMessageContaining(emptyRepo.resolve("router/target/herald-router-lambda.jar").toString())
                    .hasMessageContaining("./mvnw -DskipTests package");
        }
    }

    /** A repository where the router's jar exists (empty: these tests never load it), so the host runs functions. */
    private Path builtRepo() throws java.io.IOException {
        Path jar = emptyRepo.resolve("router/target/herald-router-lambda.jar");
        java.nio.file.Files.createDirectories(jar.getParent());
        if (!java.nio.file.Files.exists(jar)) {
            java.nio.file.Files.createFile(jar);
        }
        return emptyRepo;
    }

    @Test
    void constructor_withoutAnyFunctionJar_leavesTheJvmsSdkSettingsAlone_soAnotherRuntimesFunctionsKeepTheirEdge() {
        String before = System.getProperty("aws.endpointUrl");
        try (LambdaHost host = new LambdaHost(HeraldTopology.standard(), emptyRepo, Map.of("AWS_ENDPOINT_URL", "http://localhost:45663"), v -> "x")) {
            assertThat(System.getProperty("aws.endpointUrl")).isEqualTo(before);
        }
    }

    @Test
    void constructor_setsTheBaseEnvironmentsAwsSettingsWhereTheSdkReadsThem() throws Exception {
        Map<String, String> saved = new java.util.HashMap<>();
        SdkSettings.PROPERTIES.values().forEach(p -> saved.put(p, System.getProperty(p)));
        Map<String, String> baseEnv = Map.of("AWS_REGION", "ap-southeast-2", "AWS_ENDPOINT_URL", "http://localhost:45660",
                "AWS_ACCESS_KEY_ID", "local-key", "AWS_SECRET_ACCESS_KEY", "local-secret");
        try (LambdaHost host = new LambdaHost(HeraldTopology.standard(), builtRepo(), baseEnv, v -> "x");
             SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(sqs.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
            assertThat(sqs.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://localhost:45660"));
            assertThat(sqs.serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId()).isEqualTo("local-key");
        } finally {
            saved.forEach((p, v) -> {
                if (v == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, v);
                }
            });
        }
    }

    @Test
    void functionName_acceptsNamesQualifiersAndArns() {
        assertThat(LambdaInvokeApi.functionName("herald-router")).isEqualTo("herald-router");
        assertThat(LambdaInvokeApi.functionName("herald-router:live")).isEqualTo("herald-router");
        assertThat(LambdaInvokeApi.functionName("000000000000:function:herald-router")).isEqualTo("herald-router");
        assertThat(LambdaInvokeApi.functionName("arn:aws:lambda:eu-west-1:000000000000:function:herald-router:$LATEST")).isEqualTo("herald-router");
    }

    @Test
    void close_putsBackTheSdkSettingsOfTheRuntimeThatWasThereBefore() throws Exception {
        String before = System.getProperty("aws.endpointUrl");
        Path repo = builtRepo();
        try (LambdaHost first = new LambdaHost(HeraldTopology.standard(), repo, Map.of("AWS_ENDPOINT_URL", "http://localhost:45661"), v -> "x")) {
            try (LambdaHost second = new LambdaHost(HeraldTopology.standard(), repo, Map.of("AWS_ENDPOINT_URL", "http://localhost:45662"), v -> "x")) {
                assertThat(System.getProperty("aws.endpointUrl")).isEqualTo("http://localhost:45662");
            }
            // the second runtime stopped: functions of the first that start now must still find the first's edge
            assertThat(System.getProperty("aws.endpointUrl")).isEqualTo("http://localhost:45661");
        }
        assertThat(System.getProperty("aws.endpointUrl")).isEqualTo(before);
    }
}
