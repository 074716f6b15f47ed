package dev.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpCommandTest {
    @Test
    void parse_withoutOptions_usesTheDefaults() throws Exception {
        RuntimeOptions o = UpCommand.parse(List.of("up"));

        assertThat(o).isEqualTo(RuntimeOptions.defaults());
        assertThat(o.port()).isEqualTo(4566);
        assertThat(o.dataDir()).isEqualTo(Path.of(".herald"));
    }

    @Test
    void parse_everyOption_isApplied_andTheLastValueWins() throws Exception {
        RuntimeOptions o = UpCommand.parse(List.of("up", "--data-dir", "/a", "--port", "5000", "--demo", "--host", "0.0.0.0",
                "--websocket-port", "5001", "--apns-port", "5002", "--repo-root", "/repo", "--data-dir", "/b", "--log-format", "json"));

        assertThat(o).isEqualTo(new RuntimeOptions("0.0.0.0", 5000, 5001, 5002, Path.of("/b"), Path.of("/repo"), "eu-west-1", true,
                RuntimeOptions.LogFormat.JSON));
    }

    @Test
    void parse_adjustableClock_isOffUnlessAsked() throws Exception {
        assertThat(UpCommand.parse(List.of("up")).adjustableClock()).isFalse();
        assertThat(UpCommand.parse(List.of("up", "--adjustable-clock"))).isEqualTo(RuntimeOptions.defaults().withAdjustableClock(true));
    }

    @Test
    void parse_help_returnsNull() throws Exception {
        assertThat(UpCommand.parse(List.of("up", "--help"))).isNull();
    }

    @Test
    void parse_badInput_saysWhatIsWrong() {
        assertThatThrownBy(() -> UpCommand.parse(List.of("down"))).hasMessageContaining("unknown command 'down'");
        assertThatThrownBy(() -> UpCommand.parse(List.of("up", "--port", "http"))).hasMessageContaining("--port must be a port number");
        assertThatThrownBy(() -> UpCommand.parse(List.of("up", "--port"))).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> UpCommand.parse(List.of("up", "--verbose"))).hasMessageContaining("unknown option '--verbose'");
        assertThatThrownBy(() -> UpCommand.parse(List.of("up", "--log-format", "xml"))).hasMessageContaining("--log-format is human or json, not 'xml'");
    }
}
