package dev.herald.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.local.LocalRuntime;
import dev.herald.local.clock.ClockApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code herald up} without the adjustable clock (the default) refuses to move time, over HTTP and in Java. */
class SystemClockIT {
    private final LocalRuntime runtime = PipelineRuntime.get();

    @Test
    void advance_onTheSystemClock_is409SayingHowToStartWithTheAdjustableClock() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + ClockApi.PATH))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"advance\":\"PT1M\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("system clock").contains("withAdjustableClock");
        assertThatThrownBy(() -> runtime.advanceClock(Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("system clock");
        assertThat(runtime.options().adjustableClock()).isFalse();
    }
}
