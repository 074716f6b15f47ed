package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The default bus's forwarding of AWS service events to the Herald bus, as the CDK stack declares it
 * (infra's {@code ForwardedRoutes}): AWS services publish only to the account's default bus, so every
 * router route whose pattern names an {@code aws.*} source (e.g. S3 {@code Object Created} for the uploads
 * route) gets a rule on the default bus, with the route's pattern, named {@code herald-route-<name>-forward}.
 * <p>The routes are the ones the router runs: the routes file inside the router's function jar (or, when the
 * jar is not built, the same file in the checkout). This is the one place that reads them for forwarding.
 */
public final class RouteForwarding {
    /** Where the router bundles its routes, inside its jar and under {@code router/src/main/resources}. */
    static final String ROUTES_ENTRY = "dev/herald/router/routes.json";

    /** A route's name and its event pattern (JSON). */
    public record ForwardedRoute(String name, String pattern) {
        public String ruleName() {
            return "herald-route-" + name + "-forward";
        }
    }

    private RouteForwarding() {
    }

    /**
     * Adds a forwarding rule to {@code bus} for each AWS-sourced route the router runs.
     *
     * @param routerJar the router's function jar (may not exist yet)
     * @param repoRoot  the checkout, for the routes file when the jar is not built
     * @return the routes forwarded
     * @throws IllegalArgumentException when the routes file cannot be read or a pattern is refused, naming the file
     */
    public static List<ForwardedRoute> install(LocalEventBus bus, String heraldBus, Path routerJar, Path repoRoot) {
        List<ForwardedRoute> routes = awsRoutes(read(routerJar, repoRoot));
        for (ForwardedRoute r : routes) {
            bus.forwardFromDefault(r.ruleName(), r.pattern(), heraldBus);
        }
        return routes;
    }

    /** The routes in a routes file ({@code {"routes":[{"name","pattern"}...]}}) whose pattern names an {@code aws.*} source. */
    static List<ForwardedRoute> awsRoutes(String routesJson) {
        List<ForwardedRoute> out = new ArrayList<>();
        for (JsonNode route : Json.tree(routesJson).path("routes")) {
            JsonNode pattern = route.path("pattern");
            boolean aws = false;
            for (JsonNode source : pattern.path("source")) {
                aws |= source.isTextual() && source.asText().startsWith("aws.");
            }
            if (aws) {
                out.add(new ForwardedRoute(route.path("name").asText(), Json.write(pattern)));
            }
        }
        return out;
    }

    private static String read(Path routerJar, Path repoRoot) {
        if (Files.isRegularFile(routerJar)) {
            try (ZipFile jar = new ZipFile(routerJar.toFile())) {
                ZipEntry entry = jar.getEntry(ROUTES_ENTRY);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + ROUTES_ENTRY + " from the router jar " + routerJar + ": " + e.getMessage()
                        + "; rebuild it with ./mvnw -pl router package", e);
            }
        }
        Path source = repoRoot.resolve("router/src/main/resources").resolve(ROUTES_ENTRY);
        try {
            return Files.isRegularFile(source) ? Files.readString(source) : "{\"routes\":[]}";
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the routes file " + source + ": " + e.getMessage(), e);
        }
    }
}
