package dev.herald.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParallelismTest {
    private static final String NAME = "HERALD_X_PARALLELISM";

    private static int read(Map<String, String> env) {
        return Parallelism.fromEnvironment(Environment.of(env), NAME, "records stepped side by side");
    }

    @Test
    void unset_isAWholeBatch() {
        assertThat(read(Map.of())).isEqualTo(Parallelism.DEFAULT).isEqualTo(10);
    }

    @Test
    void set_isRead_fromOneToTheMost() {
        assertThat(read(Map.of(NAME, "1"))).isEqualTo(1);
        assertThat(read(Map.of(NAME, "100"))).isEqualTo(100);
    }

    @Test
    void outOfRange_namesTheVariableTheValueAndTheRange() {
        for (String bad : new String[] {"0", "-3", "101"}) {
            assertThatThrownBy(() -> read(Map.of(NAME, bad))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(NAME + "=" + bad).hasMessageContaining("records stepped side by side")
                    .hasMessageContaining("set 1").hasMessageContaining("to 100");
        }
    }

    @Test
    void require_inCode_saysTheSame() {
        assertThatThrownBy(() -> Parallelism.require(NAME, 0, "records stepped side by side"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NAME + "=0 is out of range");
    }
}
