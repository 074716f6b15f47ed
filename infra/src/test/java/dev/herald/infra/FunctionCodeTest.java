package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionCodeTest {
    @TempDir
    Path repoRoot;

    @Test
    void forArtifact_whenJarMissingAndPlaceholdersNotAllowed_failsNamingTheBuildCommand() {
        FunctionCode code = new FunctionCode(settings(false));
        assertThatThrownBy(() -> code.forArtifact("herald-router"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(repoRoot.resolve("router/target/herald-router-lambda.jar").toString())
                .hasMessageContaining("./mvnw -B -DskipTests package");
    }

    @Test
    void jarOf_mapsTheArtifactToItsModulesShadedJar() {
        FunctionCode code = new FunctionCode(settings(false));
        assertThat(code.jarOf("herald-handlers-websocket")).isEqualTo(repoRoot.resolve("handlers-websocket/target/herald-handlers-websocket-lambda.jar"));
    }

    @Test
    void settings_withoutAnHttpsIssuer_areRejected() {
        assertThatThrownBy(() -> new StackSettings("http://insecure", List.of("a"), "example.com", Optional.empty(), repoRoot, false, 30, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(StackSettings.JWT_ISSUER);
    }

    private StackSettings settings(boolean allowMissingJars) {
        return new StackSettings(Synth.ISSUER, List.of(Synth.AUDIENCE), Synth.SES_IDENTITY, Optional.empty(), repoRoot, allowMissingJars, 30, 30);
    }
}
