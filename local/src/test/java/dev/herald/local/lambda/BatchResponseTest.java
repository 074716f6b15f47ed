package dev.herald.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchResponseTest {
    private static final Set<String> BATCH = Set.of("m-1", "m-2", "f09b3d6a-8e21-4c5f-a7d4-3b9e0c6f1a72");

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "null", "{}", "{\"batchItemFailures\":null}", "{\"batchItemFailures\":[]}"})
    void read_emptyOrNullAnswers_areCompleteSuccess(String answer) {
        assertThat(BatchResponse.read(answer, BATCH, true)).isInstanceOf(BatchResponse.AllSucceeded.class);
    }

    @Test
    void read_fixtureWithOneFailure_keepsOnlyThatMessage() {
        assertThat(BatchResponse.read(Fixtures.read("sqs-batch-response.json"), BATCH, true))
                .isEqualTo(new BatchResponse.SomeFailed(Set.of("f09b3d6a-8e21-4c5f-a7d4-3b9e0c6f1a72")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "this is not json",
        "\"ok\"",
        "[]",
        "{\"batchItemFailures\":\"m-1\"}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-9\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
        "{\"batchItemFailures\":[{\"id\":\"m-1\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-9\"}]}"})
    void read_malformedAnswers_failTheWholeBatch(String answer) {
        assertThat(BatchResponse.read(answer, BATCH, true)).isInstanceOf(BatchResponse.AllFailed.class);
    }

    @Test
    void read_withoutReportBatchItemFailures_anyAnswerIsSuccess() {
        assertThat(BatchResponse.read("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}", BATCH, false))
                .isInstanceOf(BatchResponse.AllSucceeded.class);
    }
}
