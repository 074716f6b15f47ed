package dev.herald.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryParallelismTest {

    private static int read(String value) {
        return DeliveryProcessor.parallelism(Environment.of(Map.of(EnvNames.DELIVERY_PARALLELISM, value)));
    }

    @Test
    void parallelism_unset_isAWholeBatch() {
        assertThat(DeliveryProcessor.parallelism(Environment.of(Map.of()))).isEqualTo(10);
    }

    @Test
    void parallelism_set_isRead() {
        assertThat(read("1")).isEqualTo(1);
        assertThat(read(" 4 ")).isEqualTo(4);
    }

    @Test
    void parallelism_notANumber_saysWhatToSet() {
        assertThatThrownBy(() -> read("ten")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnvNames.DELIVERY_PARALLELISM).hasMessageContaining("whole number");
    }

    @Test
    void parallelism_outOfRange_saysTheRange() {
        assertThatThrownBy(() -> read("0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnvNames.DELIVERY_PARALLELISM + "=0").hasMessageContaining("set 1");
        assertThatThrownBy(() -> read("101")).isInstanceOf(ConfigException.class).hasMessageContaining("to 100");
    }
}
