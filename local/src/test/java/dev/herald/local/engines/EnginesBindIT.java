package dev.herald.local.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.local.testing.NetworkAddresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engines behind the edge port answer on loopback only, so that {@code herald up --host 0.0.0.0} exposes
 * nothing but the edge port (which checks SigV4 signatures): DynamoDB Local, which listens on every interface by
 * itself, and ElasticMQ.
 */
class EnginesBindIT {
    @Test
    void dynamoDbLocal_answersOnLoopbackOnly() throws Exception {
        Optional<InetAddress> network = NetworkAddresses.nonLoopback();
        assumeTrue(network.isPresent(), "this machine has no non-loopback IPv4 address to call the engine from; the test needs one");
        int port = freePort();
        try (EmbeddedDynamoDb dynamo = new EmbeddedDynamoDb(Files.createTempDirectory("herald-bind-ddb"), port).start()) {
            HttpResponse<String> local = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Origin", "http://attacker.example").header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(local.statusCode()).as("loopback is served").isLessThan(500);
            assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).as("no CORS grant for a web page").isEmpty();

            assertThatThrownBy(() -> new Socket(network.get(), port).close()).as("from " + network.get().getHostAddress())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void elasticMq_answersOnLoopbackOnly() throws Exception {
        Optional<InetAddress> network = NetworkAddresses.nonLoopback();
        assumeTrue(network.isPresent(), "this machine has no non-loopback IPv4 address to call the engine from; the test needs one");
        int port = freePort();
        try (EmbeddedSqs sqs = new EmbeddedSqs(Files.createTempDirectory("herald-bind-sqs"), port, URI.create("http://localhost:4566"), "eu-west-1").start()) {
            new Socket("127.0.0.1", port).close();
            assertThatThrownBy(() -> new Socket(network.get(), port).close()).as("from " + network.get().getHostAddress())
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
