package dev.herald.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FcmEmulatorIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private FcmEmulator fcm;
    private String token;

    @BeforeEach
    void start() {
        fcm = new FcmEmulator(0).start();
        token = Json.tree(Fixtures.read("fcm-v1-send-request.json")).at("/message/token").asText();
    }

    @AfterEach
    void stop() {
        fcm.close();
    }

    private HttpResponse<String> send(String body, String bearer) throws Exception {
        JsonNode secret = Json.tree(fcm.secretJson());
        URI url = URI.create(secret.get("rootUrl").asText()).resolve("v1/projects/" + secret.get("projectId").asText() + "/messages:send");
        return http.send(HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void send_fixtureMessage_answersNameAndRecordsIt() throws Exception {
        HttpResponse<String> response = send(Fixtures.read("fcm-v1-send-request.json"), fcm.accessToken());

        assertThat(response.statusCode()).isEqualTo(200);
        String name = Json.tree(response.body()).get("name").asText();
        assertThat(name).startsWith("projects/" + fcm.projectId() + "/messages/");
        assertThat(fcm.receivedFor(token)).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.title()).isEqualTo("Your order has shipped");
            assertThat(m.data()).containsEntry("orderId", "SO-10042");
        });
    }

    @Test
    void send_toRejectedToken_answersUnregisteredLikeFcm() throws Exception {
        fcm.rejectToken(token);

        HttpResponse<String> response = send(Fixtures.read("fcm-v1-send-request.json"), fcm.accessToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.tree(response.body())).isEqualTo(Json.tree(Fixtures.read("fcm-v1-error.json")));
        assertThat(fcm.receivedFor(token)).isEmpty();
    }

    @Test
    void send_withWrongAccessToken_answersUnauthenticated() throws Exception {
        HttpResponse<String> response = send(Fixtures.read("fcm-v1-send-request.json"), "not-the-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.tree(response.body()).at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(fcm.received()).isEmpty();
    }

    @Test
    void send_withoutTarget_answersInvalidArgument() throws Exception {
        HttpResponse<String> response = send("{\"message\":{\"notification\":{\"title\":\"x\"}}}", fcm.accessToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.tree(response.body()).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
    }
}
