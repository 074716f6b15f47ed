package dev.herald.common.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import dev.herald.common.topology.TopologyProvisioner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real local engines for integration tests: DynamoDB Local (in memory, in process, over HTTP) and
 * ElasticMQ (a real SQS server), started once per test JVM, with the standard Topology's tables
 * and queues created. Tests keep apart by using unique ids, not by restarting engines.
 */
public final class LocalEngines {
    public static final Region REGION = Region.EU_WEST_1;
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static LocalEngines instance;

    private final DynamoDBProxyServer dynamoServer;
    private final SQSRestServer sqsServer;
    private final URI dynamoEndpoint;
    private final URI sqsEndpoint;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls;
    private final Topology topology;

    private LocalEngines(Topology topology) throws Exception {
        this.topology = topology;
        int dynamoPort = freePort();
        dynamoServer = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
        dynamoServer.start();
        dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();
        sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        dynamo = DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        TopologyProvisioner.createTables(dynamo, topology.tables());
        queueUrls = TopologyProvisioner.createQueues(sqs, topology.queues());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-engines-stop"));
    }

    /** The shared engines of this JVM, started on first use with {@link HeraldTopology#standard()}. */
    public static synchronized LocalEngines get() {
        if (instance == null) {
            try {
                instance = new LocalEngines(HeraldTopology.standard());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start DynamoDB Local and ElasticMQ: " + e, e);
            }
        }
        return instance;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public String queueUrl(String queueName) {
        String url = queueUrls.get(queueName);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + queueName + " in the Topology; known: " + queueUrls.keySet());
        }
        return url;
    }

    public Topology topology() {
        return topology;
    }

    /** Deletes every message of a queue, so a test starts from an empty queue. */
    public void purge(String queueName) {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl(queueName)));
    }

    private void stop() {
        try {
            sqsServer.stopAndWait();
            dynamoServer.stop();
        } catch (Exception ignored) {
            // JVM exit
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
