package dev.herald.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The router's routes that match AWS service events ({@code "source"} lists an {@code aws.*} value,
 * e.g. {@code aws.s3} "Object Created"): AWS services publish only to the account's default bus, so
 * for each of them {@link EventResources} adds a rule on the default bus, with the route's pattern,
 * that forwards the events to the Herald bus. Read from the routes file the router bundles, so a new
 * route on an AWS source is forwarded with no second declaration.
 */
final class ForwardedRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A route's name and its EventBridge pattern. */
    record Route(String name, Map<String, Object> pattern) {
    }

    private ForwardedRoutes() {
    }

    /**
     * @throws IllegalStateException when the file is missing or not a routes file, naming the context key to set
     */
    static List<Route> read(Path routesFile) {
        if (!Files.isRegularFile(routesFile)) {
            throw new IllegalStateException("the router's routes file " + routesFile.toAbsolutePath() + " does not exist;"
                    + " run cdk from infra/ in a Herald checkout, or set -c " + StackSettings.ROUTES_FILE + "=<path to routes.json>");
        }
        Map<String, Object> root;
        try {
            root = JSON.readValue(Files.readString(routesFile), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the routes file " + routesFile + " (" + StackSettings.ROUTES_FILE + "): " + e.getMessage(), e);
        }
        List<Route> out = new ArrayList<>();
        if (!(root.get("routes") instanceof List<?> routes)) {
            throw new IllegalStateException("the routes file " + routesFile + " has no \"routes\" list");
        }
        for (Object r : routes) {
            if (r instanceof Map<?, ?> route && route.get("pattern") instanceof Map<?, ?> pattern) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) pattern;
                if (EventResources.namesAwsSource(p)) {
                    out.add(new Route(String.valueOf(route.get("name")), p));
                }
            }
        }
        return out;
    }
}
