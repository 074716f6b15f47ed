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
 */
public record StackSettings(
        String jwtIssuer,
        List<String> jwtAudience,
        String sesIdentity,
        Optional<String> alarmEmail,
        Path repoRoot,
        boolean allowMissingJars,
        int logRetentionDays,
        int archiveRetentionDays) {

    public static final String JWT_ISSUER = "herald:jwtIssuer";
    public static final String JWT_AUDIENCE = "herald:jwtAudience";
    public static final String SES_IDENTITY = "herald:sesIdentity";
    public static final String ALARM_EMAIL = "herald:alarmEmail";
    public static final String REPO_ROOT = "herald:repoRoot";
    public static final String ALLOW_MISSING_JARS = "herald:allowMissingJars";
    public static final String LOG_RETENTION_DAYS = "herald:logRetentionDays";
    public static final String ARCHIVE_RETENTION_DAYS = "herald:archiveRetentionDays";

    public StackSettings {
        jwtAudience = List.copyOf(jwtAudience);
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
        return new StackSettings(
                required(node, JWT_ISSUER, "https://login.example.com/"),
                Arrays.stream(required(node, JWT_AUDIENCE, "herald-clients").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                required(node, SES_IDENTITY, "example.com"),
                optional(node, ALARM_EMAIL),
                Path.of(optional(node, REPO_ROOT).orElse("..")),
                optional(node, ALLOW_MISSING_JARS).map(Boolean::parseBoolean).orElse(false),
                optional(node, LOG_RETENTION_DAYS).map(Integer::parseInt).orElse(30),
                optional(node, ARCHIVE_RETENTION_DAYS).map(Integer::parseInt).orElse(30));
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
