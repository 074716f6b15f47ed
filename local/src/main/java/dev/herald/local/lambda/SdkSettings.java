package dev.herald.local.lambda;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the AWS settings of the base environment visible to the SDK inside the functions. The SDK
 * reads region, credentials and endpoints from {@code System.getenv} or from JVM system properties -
 * not from Herald's {@code Environment} - and a JVM cannot change its own environment variables. So
 * the host sets the equivalent system properties, once for the JVM: they are the same for every
 * function (one edge endpoint, one region), which is also how Lambda gives them out.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
final class SdkSettings {
    private static final Logger LOG = LoggerFactory.getLogger(SdkSettings.class);

    /** Environment variable to the system property SDK v2 (2.40) reads in its place. */
    static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("AWS_REGION", "aws.region"),
            Map.entry("AWS_ACCESS_KEY_ID", "aws.accessKeyId"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey"),
            Map.entry("AWS_SESSION_TOKEN", "aws.sessionToken"),
            Map.entry("AWS_ENDPOINT_URL", "aws.endpointUrl"),
            Map.entry("AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb"),
            Map.entry("AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs"),
            Map.entry("AWS_ENDPOINT_URL_EVENTBRIDGE", "aws.endpointUrlEventBridge"),
            Map.entry("AWS_ENDPOINT_URL_SESV2", "aws.endpointUrlSesV2"),
            Map.entry("AWS_ENDPOINT_URL_LAMBDA", "aws.endpointUrlLambda"),
            Map.entry("AWS_ENDPOINT_URL_SECRETS_MANAGER", "aws.endpointUrlSecretsManager"),
            Map.entry("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "aws.endpointUrlApiGatewayManagementApi"));

    private SdkSettings() {
    }

    /** What {@link #install} set, and what each property held before (null: unset), for {@link #restore}. */
    record Installed(Map<String, String> set, Map<String, String> before) {
        /** Nothing set (a host without function jars). */
        static final Installed NONE = new Installed(Map.of(), Map.of());
    }

    /** Sets the system property of every SDK variable in {@code baseEnv}; returns what it set and what was there. */
    static Installed install(Map<String, String> baseEnv) {
        Map<String, String> set = new TreeMap<>();
        Map<String, String> before = new TreeMap<>();
        baseEnv.forEach((name, value) -> {
            String property = PROPERTIES.get(name);
            if (property != null && value != null && !value.isBlank()) {
                String previous = System.setProperty(property, value);
                if (previous != null && !previous.equals(value)) {
                    LOG.warn("system property {} changed for the hosted functions' SDK clients", property);
                }
                set.put(property, value);
                before.put(property, previous);
            }
        });
        if (!set.isEmpty()) {
            LOG.info("SDK settings for hosted functions properties={}", set.keySet());
        }
        return new Installed(set, before);
    }

    /**
     * Puts back what {@link #install} replaced, for every property that still holds the value it set.
     * Without this, a second runtime in the JVM (tests start several) that stops would leave its dead
     * endpoint in {@code aws.endpointUrl} for the first one's functions that start later.
     */
    static void restore(Installed installed) {
        installed.set().forEach((property, value) -> {
            if (value.equals(System.getProperty(property))) {
                String previous = installed.before().get(property);
                if (previous == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, previous);
                }
            }
        });
    }
}
