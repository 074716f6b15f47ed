package dev.herald.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /v1/events} runs the ingestion function ({@code herald-ingest}, the router jar's
 * {@code IngestionHandler}) as Lambda runs it: herald up loads the packaged jar, hands it a payload-2.0
 * event through Lambda's serializer and writes its answer. The same function is what API Gateway
 * invokes on AWS, so a malformed detail is refused before the bus on both, with the same 400 and problems.
 */
class IngestionFunctionIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void malformedDetail_answers400WithEveryProblem_fromTheIngestionFunction() throws Exception {
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"\",\"detail\":{\"recipients\":[],\"priority\":\"urgent\",\"channels\":[\"fax\"]}}";

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        List<String> fields = new ArrayList<>();
        Json.tree(response.body()).get("problems").forEach(p -> fields.add(p.get("field").asText()));
        assertThat(fields).contains("detailType", "detail.recipients", "detail.priority", "detail.channels[0]");
    }

    @Test
    void validEvent_isPublishedByTheFunction_andReachesTheRouter() throws Exception {
        String id = "ingest-" + UUID.randomUUID();
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"notificationId\":\"" + id
                + "\",\"recipients\":[\"user-1\"],\"category\":\"orders\",\"data\":{\"orderId\":\"A-17\"}}}";

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = Json.tree(response.body());
        assertThat(answer.get("FailedEntryCount").asInt()).isZero();
        assertThat(answer.at("/Entries/0/EventId").asText()).isNotBlank();
        // bus -> rule -> ingress queue -> router: the router's row for the notification
        Map<String, AttributeValue> key = Map.of("deliveryId", AttributeValue.fromS("notification#" + id));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, AttributeValue> row = Map.of();
        while (row.isEmpty() && Instant.now().isBefore(deadline)) {
            row = PipelineRuntime.dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_DELIVERIES).key(key).consistentRead(true)).item();
            if (row.isEmpty()) {
                Thread.sleep(200);
            }
        }
        assertThat(row).as("ledger row notification#" + id).containsKey("routing");
    }

    @Test
    void criticalEvent_fromAProducerWithoutTheCriticalScope_isRefusedByTheFunction_andNothingIsPublished() throws Exception {
        String id = "critical-" + UUID.randomUUID();
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"notificationId\":\"" + id
                + "\",\"recipients\":[\"user-1\"],\"priority\":\"critical\",\"category\":\"orders\",\"data\":{\"orderId\":\"A-17\"}}}";

        HttpResponse<String> refused = post(body, PipelineRuntime.get().producerToken("shop", false));
        HttpResponse<String> accepted = post(body, PipelineRuntime.get().producerToken("pager", true));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(Json.tree(refused.body()).path("message").asText()).contains(HeraldTopology.SCOPE_PUBLISH_CRITICAL);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(Json.tree(accepted.body()).get("FailedEntryCount").asInt()).isZero();
    }

    @Test
    void endUsersToken_isRefusedBeforeTheFunctionRuns() throws Exception {
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"user-2\"]}}";

        HttpResponse<String> response = post(body, PipelineRuntime.get().tokenFor("user-1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains(HeraldTopology.SCOPE_PUBLISH);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, PipelineRuntime.get().producerToken("shop", false));
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        LocalRuntime runtime = PipelineRuntime.get();
        return http.send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + "/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
