package dev.herald.enrichment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.enrichment.EnrichmentBatchRequest;
import dev.herald.common.enrichment.EnrichmentBatchResponse;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbProfileStore;
import dev.herald.common.store.DynamoDbTemplateStore;
import dev.herald.common.store.ProfileStore;
import dev.herald.common.store.TemplateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The enrichment function. The router invokes it (Lambda Invoke, RequestResponse) with an
 * {@link EnrichmentRequest} as JSON and reads an {@link dev.herald.common.enrichment.EnrichmentResponse}
 * as JSON: per recipient, the locale used and the content per channel, or why it could not be rendered. The router
 * sends a whole ingress batch at once as an {@link EnrichmentBatchRequest} and reads an {@link EnrichmentBatchResponse}
 * (one response per request, in order; the profiles of all the batch's users read together).
 *
 * <p>A stream handler, so that {@code common}'s {@link Json} (which reads records) does the JSON, not the
 * Lambda runtime's POJO serializer. Failure: a request that is not valid JSON, or an infrastructure
 * fault, is thrown - Invoke reports a FunctionError and the router retries.
 */
public final class EnrichmentHandler implements RequestStreamHandler {
    private final Enricher enricher;

    /** Lambda's constructor: wires DynamoDB-backed stores once per container. */
    public EnrichmentHandler() {
        this(EnrichmentConfig.fromEnvironment(Environment.current()), AwsClients.create().dynamoDb());
    }

    private EnrichmentHandler(EnrichmentConfig config, DynamoDbClient dynamo) {
        this(new DynamoDbProfileStore(dynamo, config.profilesTable()), new DynamoDbTemplateStore(dynamo, config.templatesTable()),
                Clocks.current(), config.templateCacheTtl());
    }

    /** The test seam: real stores, a clock for the template cache. */
    EnrichmentHandler(ProfileStore profiles, TemplateStore templates, Clock clock, Duration templateCacheTtl) {
        TemplateRenderer renderer = new TemplateRenderer();
        this.enricher = new Enricher(profiles, new TemplateResolver(templates, renderer, clock, templateCacheTtl), renderer);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Object answer = body.contains("\"requests\"") && isBatch(body)
                ? new EnrichmentBatchResponse(enricher.enrichAll(readBatch(body)))
                : enricher.enrich(read(body));
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    /** A batch is an object with a {@code requests} array ({@link EnrichmentBatchRequest}); anything else is read as one request. */
    private static boolean isBatch(String body) {
        try {
            return Json.tree(body).path("requests").isArray();
        } catch (Json.JsonException e) {
            return false;
        }
    }

    private static List<EnrichmentRequest> readBatch(String body) {
        try {
            List<EnrichmentRequest> requests = Json.read(body, EnrichmentBatchRequest.class).requests();
            if (requests.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("enrichment batch holds a null request; send one EnrichmentRequest per routed record");
            }
            return requests;
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("enrichment batch is not an EnrichmentBatchRequest: " + e.getMessage()
                    + "; the router sends Json.write(EnrichmentBatchRequest) with one EnrichmentRequest per record", e);
        }
    }

    private static EnrichmentRequest read(String body) {
        try {
            EnrichmentRequest request = Json.read(body, EnrichmentRequest.class);
            if (request == null) {
                throw new IllegalArgumentException("enrichment request is empty; send an EnrichmentRequest as JSON");
            }
            return request;
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("enrichment request is not an EnrichmentRequest: " + e.getMessage()
                    + "; the router sends Json.write(EnrichmentRequest) with userIds, channels and templateId", e);
        }
    }
}
