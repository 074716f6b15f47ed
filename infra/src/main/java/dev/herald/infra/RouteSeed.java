package dev.herald.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * Seeds the Routes table at deploy from the routes file named by {@code -c herald:routesFile=...}: one
 * {@link AwsCustomResource} per route, a DynamoDB PutItem on create and update (the route document as the admin API
 * stores it). The demo routes bundled in common are never seeded: a stack deployed without the context value starts
 * with no routes, and routes are then managed through the admin API. Deleting the stack leaves the table (retained) and
 * its routes. https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources.AwsCustomResource.html
 */
final class RouteSeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteSeed() {
    }

    /** Whether {@code routesFile} is a file of the operator's (not the demo routes every checkout bundles). */
    static boolean seeds(Path routesFile) {
        return !routesFile.normalize().endsWith(StackSettings.BUNDLED_ROUTES);
    }

    static void add(Construct scope, Table routes, Path routesFile) {
        if (!seeds(routesFile)) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(routesFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the routes file " + routesFile + " (" + StackSettings.ROUTES_FILE + "): " + e.getMessage(), e);
        }
        for (JsonNode route : root.path("routes")) {
            String name = route.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalStateException("a route in " + routesFile + " has no \"name\"; give every route a unique name");
            }
            AwsSdkCall put = AwsSdkCall.builder().service("DynamoDB").action("putItem")
                    .parameters(Map.of("TableName", routes.getTableName(),
                            "Item", Map.of("routeId", Map.of("S", name), "document", Map.of("S", route.toString()))))
                    .physicalResourceId(PhysicalResourceId.of("herald-route-" + name))
                    .build();
            AwsCustomResource.Builder.create(scope, Ids.of("SeedRoute", name))
                    .onCreate(put).onUpdate(put)
                    .installLatestAwsSdk(false)
                    .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder().resources(List.of(routes.getTableArn())).build()))
                    .build();
        }
    }
}
