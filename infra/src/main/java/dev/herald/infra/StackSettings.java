package dev.herald.infra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.constructs.Node;

/**
 * What a deployment needs besides the Topology, read from CDK context ({@code -c key=value} or
 * {@code cdk.json}). Everything here is deployment-specific: the Topology says what Herald is,
 * these say where it runs and who may call it.
 *
 * @param jwtIssuer            issuer URL of the JWT authorizer ({@code herald:jwtIssuer})
 * @param jwtAudience          accepted audiences ({@code herald:jwtAudience}, comma separated)
 * @param sesIdentity          the SES sending identity, a domain or an address ({@code herald:sesIdentity})
 * @param alarmEmail           optional address subscribed to the alarm topic ({@code herald:alarmEmail})
 * @param repoRoot             the Maven reactor root holding {@code <module>/target/<artifact>-lambda.jar} ({@code herald:repoRoot}, default {@code ..})
 * @param allowMissingJars     synthesize with placeholder code when a jar is missing ({@code herald:allowMissingJars}); for tests only
 * @param logRetentionDays     retention of every log group ({@code herald:logRetentionDays}, default 30)
 * @param archiveRetentionDays retention of the bus archive ({@code herald:archiveRetentionDays}, default 30)
 * @param prefix               the start of every AWS name and of the stack name ({@code herald:prefix}, default {@code herald}), see {@link PhysicalNames}
 * @param allowedOrigins       browser origins the HTTP API answers CORS preflights for ({@code herald:allowedOrigins}, comma separated; default none)
 * @param sesIdentityMode      whether the stack imports the SES identity (default) or creates it ({@code herald:sesIdentityMode}, {@code import|create})
 * @param sesSandbox           the SES account is in the sandbox: senders may also send to verified recipient identities ({@code herald:sesSandbox}, default false)
 * @param apiGatewayCloudWatchRole set the account's API Gateway CloudWatch Logs role so WebSocket access logs can be written
 *                             ({@code herald:apiGatewayCloudWatchRole}, default true); false when the account already has one
 * @param routesFile           the router's routes, whose AWS sources the default bus forwards ({@code herald:routesFile},
 *                             default {@code <repoRoot>/}{@value #BUNDLED_ROUTES}, the file the router jar bundles)
 */
public record StackSettings(
        String jwtIssuer,
        List<String> jwtAudience,
        String sesIdentity,
        Optional<String> alarmEmail,
        Path repoRoot,
        boolean allowMissingJars,
        int logRetentionDays,
        int archiveRetentionDays,
        String prefix,
        List<String> allowedOrigins,
        SesIdentityMode sesIdentityMode,
        boolean sesSandbox,
        boolean apiGatewayCloudWatchRole,
        Path routesFile) {

    public static final String JWT_ISSUER = "herald:jwtIssuer";
    public static final String JWT_AUDIENCE = "herald:jwtAudience";
    public static final String SES_IDENTITY = "herald:sesIdentity";
    public static final String ALARM_EMAIL = "herald:alarmEmail";
    public static final String REPO_ROOT = "herald:repoRoot";
    public static final String ALLOW_MISSING_JARS = "herald:allowMissingJars";
    public static final String LOG_RETENTION_DAYS = "herald:logRetentionDays";
    public static final String ARCHIVE_RETENTION_DAYS = "herald:archiveRetentionDays";
    public static final String PREFIX = "herald:prefix";
    public static final String ALLOWED_ORIGINS = "herald:allowedOrigins";
    public static final String SES_IDENTITY_MODE = "herald:sesIdentityMode";
    public static final String SES_SANDBOX = "herald:sesSandbox";
    public static final String API_GATEWAY_CLOUDWATCH_ROLE = "herald:apiGatewayCloudWatchRole";
    /** The prefix of the standard deployment: its AWS names are the Topology's. */
    public static final String DEFAULT_PREFIX = "herald";
    public static final String ROUTES_FILE = "herald:routesFile";
    /** The routes file the router jar bundles, relative to the repository root. */
    public static final String BUNDLED_ROUTES = "common/src/main/resources/dev/herald/common/demo/routes.json";

    /** How the stack gets the SES sending identity. */
    public enum SesIdentityMode {
        /** Use an identity that exists in SES already (verified outside the stack); deleting the stack leaves it. */
        IMPORT,
        /** Create the identity (and its DKIM records to publish); deleting the stack deletes it. */
        CREATE
    }

    /** The same settings with the default prefix, allowed origins and SES choices (tests and simple deployments). */
    public StackSettings(String jwtIssuer, List<String> jwtAudience, String sesIdentity, Optional<String> alarmEmail, Path repoRoot,
            boolean allowMissingJars, int logRetentionDays, int archiveRetentionDays) {
        this(jwtIssuer, jwtAudience, sesIdentity, alarmEmail, repoRoot, allowMissingJars, logRetentionDays, archiveRetentionDays,
                DEFAULT_PREFIX, List.of(), SesIdentityMode.IMPORT, false, true, repoRoot.resolve(BUNDLED_ROUTES));
    }

    public StackSettings {
        jwtAudience = List.copyOf(jwtAudience);
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("context " + ALLOWED_ORIGINS + " has '" + origin + "', which is not an origin;"
                        + " list scheme://host[:port] values without a path, e.g. https://app.example.com,http://localhost:3000");
            }
        }
        if (!jwtIssuer.startsWith("https://")) {
            throw new IllegalArgumentException("context " + JWT_ISSUER + " must be an https:// issuer URL, got '" + jwtIssuer + "'");
        }
        if (jwtAudience.isEmpty()) {
            throw new IllegalArgumentException("context " + JWT_AUDIENCE + " must name at least one audience");
        }
    }

    /**
     * Reads the settings from the app's context.
     *
     * @throws IllegalArgumentException naming the missing key and how to pass it
     */
    public static StackSettings fromContext(Node node) {
        Path repoRoot = Path.of(optional(node, REPO_ROOT).orElse(".."));
        return new StackSettings(
                required(node, JWT_ISSUER, "https://login.example.com/"),
                commaList(required(node, JWT_AUDIENCE, "herald-clients")),
                required(node, SES_IDENTITY, "example.com"),
                optional(node, ALARM_EMAIL),
                repoRoot,
                optional(node, ALLOW_MISSING_JARS).map(Boolean::parseBoolean).orElse(false),
                optional(node, LOG_RETENTION_DAYS).map(Integer::parseInt).orElse(30),
                optional(node, ARCHIVE_RETENTION_DAYS).map(Integer::parseInt).orElse(30),
                optional(node, PREFIX).orElse(DEFAULT_PREFIX),
                optional(node, ALLOWED_ORIGINS).map(StackSettings::commaList).orElse(List.of()),
                optional(node, SES_IDENTITY_MODE).map(StackSettings::sesIdentityMode).orElse(SesIdentityMode.IMPORT),
                optional(node, SES_SANDBOX).map(Boolean::parseBoolean).orElse(false),
                optional(node, API_GATEWAY_CLOUDWATCH_ROLE).map(Boolean::parseBoolean).orElse(true),
                optional(node, ROUTES_FILE).map(Path::of).orElse(repoRoot.resolve(BUNDLED_ROUTES)));
    }

    private static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static SesIdentityMode sesIdentityMode(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "import" -> SesIdentityMode.IMPORT;
            case "create" -> SesIdentityMode.CREATE;
            default -> throw new IllegalArgumentException("context " + SES_IDENTITY_MODE + " is '" + value
                    + "'; use import (the identity is verified in SES already) or create (the stack creates it)");
        };
    }

    private static String required(Node node, String key, String example) {
        return optional(node, key).orElseThrow(() -> new IllegalArgumentException(
                "CDK context " + key + " is not set; pass it as `npx aws-cdk deploy -c " + key + "=" + example
                        + "` or add it to infra/cdk.json (see docs/DEPLOY.md)"));
    }

    private static Optional<String> optional(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).strip());
    }
}
