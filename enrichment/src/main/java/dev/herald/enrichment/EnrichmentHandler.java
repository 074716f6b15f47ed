package dev.herald.enrichment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Environment;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The enrichment function. The router invokes it (Lambda Invoke, RequestResponse) with an
 * {@link EnrichmentRequest} as JSON and reads an {@link dev.herald.common.enrichment.EnrichmentResponse}
 * as JSON: per recipient, the locale used and the content per channel, or why it could not be rendered.
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
                Clock.systemUTC(), config.templateCacheTtl());
    }

    /** The test seam: real stores, a clock for the template cache. */
    EnrichmentHandler(ProfileStore profiles, TemplateStore templates, Clock clock, Duration templateCacheTtl) {
        TemplateRenderer renderer = new TemplateRenderer();
        this.enricher = new Enricher(profiles, new TemplateResolver(templates, renderer, clock, templateCacheTtl), renderer);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EnrichmentRequest request = read(input);
        output.write(Json.write(enricher.enrich(request)).getBytes(StandardCharsets.UTF_8));
    }

    private static EnrichmentRequest read(InputStream input) throws IOException {
        String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
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
