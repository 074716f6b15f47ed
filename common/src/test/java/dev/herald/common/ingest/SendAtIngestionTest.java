package dev.herald.common.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.event.EventParser;
import dev.herald.common.event.SendAt;
import dev.herald.common.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** {@code detail.sendAt} at ingestion: an instant up to a year ahead is published; a malformed or too-far one is a 400 with the reason. */
class SendAtIngestionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private final List<PutEventsRequestEntry> published = new ArrayList<>();
    private final EventIngestion ingestion = new EventIngestion(entries -> {
        published.addAll(entries);
        return entries.stream().map(e -> PutEventsResultEntry.builder().eventId("e-" + published.size()).build()).toList();
    }, "herald-bus", Clock.fixed(NOW, ZoneOffset.UTC));

    private EventIngestion.Answer post(String sendAt) {
        return ingestion.ingest("{\"source\":\"shop\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"u-1\"],\"sendAt\":"
                + sendAt + "}}", Set.of());
    }

    private static JsonNode problem(EventIngestion.Answer answer) {
        JsonNode problems = Json.tree(answer.body()).path("problems");
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void sendAt_withinAYear_orInThePast_isPublished() {
        assertThat(post("\"2027-06-01T08:00:00Z\"").status()).isEqualTo(200);
        assertThat(post("\"2026-12-07T13:00:00+01:00\"").status()).as("an offset").isEqualTo(200);
        assertThat(post("\"2020-01-01T00:00:00Z\"").status()).as("the past: send now").isEqualTo(200);
        assertThat(published).hasSize(3);
    }

    @Test
    void sendAt_malformed_is400WithTheField_andNothingIsPublished() {
        EventIngestion.Answer answer = post("\"tomorrow at nine\"");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(problem(answer).path("field").asText()).isEqualTo("detail.sendAt");
        assertThat(problem(answer).path("message").asText()).contains("'tomorrow at nine' is not an ISO-8601 instant");
        assertThat(post("1796640000").status()).as("a number").isEqualTo(400);
        assertThat(published).isEmpty();
    }

    @Test
    void sendAt_moreThanAYearAhead_is400SayingTheLatest() {
        EventIngestion.Answer answer = post("\"2027-12-08T12:00:00Z\"");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(problem(answer).path("field").asText()).isEqualTo("detail.sendAt");
        assertThat(problem(answer).path("message").asText()).contains("more than a year ahead").contains("2027-12-07T12:00:00Z");
        assertThat(published).isEmpty();
    }

    @Test
    void parser_readsAndChecksSendAt_forEventsThatComeThroughEventBridge() {
        assertThat(EventParser.validateDetail(Json.tree("{\"recipients\":[\"u\"],\"sendAt\":\"not-a-time\"}")))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("detail.sendAt"));
        assertThat(SendAt.of(Json.tree("{\"sendAt\":\"2027-01-01T00:00:00Z\"}"))).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(SendAt.of(Json.tree("{}"))).isEmpty();
    }
}
