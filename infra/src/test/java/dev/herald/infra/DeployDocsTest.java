package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.SqsTrigger;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/DEPLOY.md states figures of the stack; they must be the stack's. */
class DeployDocsTest {
    private static final Path DEPLOY = Path.of("..", "docs", "DEPLOY.md");

    @Test
    void concurrencySection_statesTheSumOfTheTriggersMaxConcurrency_andTheCheckCommand() throws Exception {
        int sum = HeraldTopology.standard().queueConsumers().stream().mapToInt(f -> f.trigger().map(SqsTrigger::maxConcurrency).orElse(0)).sum();
        String doc = Files.readString(DEPLOY);
        assertThat(doc).contains("`maxConcurrency` add up to " + sum)
                .contains("aws lambda get-account-settings --query 'AccountLimit.ConcurrentExecutions'");
    }

    @Test
    void costTable_countsTheAlarmsTheStackHas() throws Exception {
        int alarms = new TemplateView(Synth.standard().template()).properties("AWS::CloudWatch::Alarm").size();
        assertThat(Files.readString(DEPLOY)).contains("| " + alarms + " standard-resolution alarms");
    }

    @Test
    void everyContextKey_isDocumented() throws Exception {
        String doc = Files.readString(DEPLOY);
        for (Field f : StackSettings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && String.valueOf(f.get(null)).startsWith("herald:")) {
                assertThat(doc).as(f.getName()).contains(String.valueOf(f.get(null)));
            }
        }
    }
}
