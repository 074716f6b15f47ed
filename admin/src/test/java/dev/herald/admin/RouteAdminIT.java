package dev.herald.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.store.DynamoDbTemplateStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A route's digest and channel steps through the admin API's route PUT, on DynamoDB Local: each wrong field is its own
 * problem; a route of steps needs no channels.
 */
class RouteAdminIT {
    private final RouteAdmin routes = new RouteAdmin(
            new DynamoDbRouteStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_ROUTES, Clock.systemUTC()),
            new DynamoDbTemplateStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_TEMPLATES));

    private static String route(String digest) {
        return "{\"pattern\": {\"detail-type\": [\"comment.added\"]}, \"channels\": [\"email\"], \"digest\": " + digest + "}";
    }

    private static List<String> fields(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody()).path("problems").findValuesAsText("field");
    }

    @Test
    void put_digestWithAWindowTooLongAndAnUnknownKey_namesBothFields() {
        APIGatewayV2HTTPResponse response = routes.put("digest-" + UUID.randomUUID(), route("{\"key\": \"topic\", \"window\": \"PT25H\"}"));
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("digest.key", "digest.window");
        JsonNode window = Json.tree(response.getBody()).path("problems").get(1);
        assertThat(window.path("message").asText()).contains("PT1S to PT24H");
    }

    @Test
    void put_digestWithABadUntilOrBothOrNeither_saysWhichField() {
        assertThat(fields(routes.put("digest-" + UUID.randomUUID(), route("{\"key\": \"user\", \"until\": \"9am\"}"))))
                .containsExactly("digest.until");
        assertThat(fields(routes.put("digest-" + UUID.randomUUID(), route("{\"key\": \"user\", \"until\": \"09:00\", \"window\": \"PT1H\"}"))))
                .containsExactly("digest");
        assertThat(fields(routes.put("digest-" + UUID.randomUUID(), route("{\"key\": \"user\"}")))).containsExactly("digest");
    }

    @Test
    void put_digestUntilNineOrADayLongWindow_isStored() {
        String id = "digest-" + UUID.randomUUID();
        assertThat(routes.put(id, route("{\"key\": \"user\", \"until\": \"09:00\"}")).getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(routes.get(id).getBody()).path("digest").path("until").asText()).isEqualTo("09:00");
        assertThat(routes.put(id, route("{\"key\": \"category\", \"window\": \"PT24H\"}")).getStatusCode()).isEqualTo(200);
    }

    @Test
    void put_aRouteOfChannelStepsWithoutChannels_isStored_andBadStepsOrStepsWithChannelsAreRefused() {
        String id = "steps-" + UUID.randomUUID();
        String steps = "[{\"channel\": \"websocket\"}, {\"channel\": \"push\", \"after\": \"PT30S\"}, {\"channel\": \"email\", \"after\": \"PT15M\"}]";
        APIGatewayV2HTTPResponse stored = routes.put(id, "{\"pattern\": {\"detail-type\": [\"order.shipped\"]}, \"steps\": " + steps + "}");
        assertThat(stored.getStatusCode()).as(stored.getBody()).isEqualTo(200);
        assertThat(Json.tree(routes.get(id).getBody()).path("steps").size()).isEqualTo(3);

        APIGatewayV2HTTPResponse both = routes.put(id, "{\"pattern\": {\"detail-type\": [\"order.shipped\"]}, \"channels\": [\"email\"], \"steps\": " + steps + "}");
        assertThat(fields(both)).containsExactly("channels");
        APIGatewayV2HTTPResponse backwards = routes.put(id, "{\"pattern\": {\"detail-type\": [\"order.shipped\"]}, \"steps\": "
                + "[{\"channel\": \"websocket\"}, {\"channel\": \"push\", \"after\": \"PT30S\"}, {\"channel\": \"email\", \"after\": \"PT10S\"}]}");
        assertThat(backwards.getStatusCode()).isEqualTo(400);
        assertThat(backwards.getBody()).contains("waits less than the step before it");
        APIGatewayV2HTTPResponse none = routes.put(id, "{\"pattern\": {\"detail-type\": [\"order.shipped\"]}}");
        assertThat(fields(none)).containsExactly("channels");
        assertThat(none.getBody()).contains("or list them as \\\"steps\\\"");
    }
}
