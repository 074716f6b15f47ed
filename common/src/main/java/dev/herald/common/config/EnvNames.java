package dev.herald.common.config;

/**
 * Names of the environment variables the Topology sets on functions. One list, so the
 * Topology, the config records, {@code infra} and {@code local} agree.
 */
public final class EnvNames {
    public static final String TABLE_CONNECTIONS = "HERALD_TABLE_CONNECTIONS";
    public static final String TABLE_TOPICS = "HERALD_TABLE_TOPICS";
    public static final String TABLE_DEVICE_TOKENS = "HERALD_TABLE_DEVICE_TOKENS";
    public static final String TABLE_EMAIL_SUBSCRIPTIONS = "HERALD_TABLE_EMAIL_SUBSCRIPTIONS";
    public static final String TABLE_PREFERENCES = "HERALD_TABLE_PREFERENCES";
    public static final String TABLE_PROFILES = "HERALD_TABLE_PROFILES";
    public static final String TABLE_TEMPLATES = "HERALD_TABLE_TEMPLATES";
    public static final String TABLE_SUPPRESSIONS = "HERALD_TABLE_SUPPRESSIONS";
    public static final String TABLE_DELIVERIES = "HERALD_TABLE_DELIVERIES";
    public static final String TABLE_TOPIC_SETTINGS = "HERALD_TABLE_TOPIC_SETTINGS";
    public static final String TABLE_ROUTES = "HERALD_TABLE_ROUTES";
    public static final String TABLE_THROTTLES = "HERALD_TABLE_THROTTLES";
    public static final String TABLE_DIGESTS = "HERALD_TABLE_DIGESTS";
    /** How often (milliseconds) the router checks the routes table's version item; 0 checks once per batch. */
    public static final String ROUTES_CHECK_MS = "HERALD_ROUTES_CHECK_MS";
    public static final String TABLE_PHONE_NUMBERS = "HERALD_TABLE_PHONE_NUMBERS";

    public static final String QUEUE_URL_WEBSOCKET = "HERALD_QUEUE_URL_WEBSOCKET";
    public static final String QUEUE_URL_PUSH = "HERALD_QUEUE_URL_PUSH";
    public static final String QUEUE_URL_EMAIL = "HERALD_QUEUE_URL_EMAIL";
    public static final String QUEUE_URL_WEBHOOK = "HERALD_QUEUE_URL_WEBHOOK";
    public static final String TABLE_WEBHOOKS = "HERALD_TABLE_WEBHOOKS";
    /**
     * "true" lets webhook endpoints resolve to loopback addresses (127.0.0.0/8, ::1) and use plain http: set by
     * {@code herald up} only, so local receivers work. Never set on AWS (server-side request forgery).
     */
    public static final String WEBHOOK_ALLOW_LOOPBACK = "HERALD_WEBHOOK_ALLOW_LOOPBACK";
    public static final String QUEUE_URL_SMS = "HERALD_QUEUE_URL_SMS";
    /** The AWS End User Messaging SMS configuration set every text is sent with (its name or ARN). */
    public static final String SMS_CONFIGURATION_SET = "HERALD_SMS_CONFIGURATION_SET";
    /** The origination identity texts are sent from: a phone number, sender id or pool (its id or ARN). */
    public static final String SMS_ORIGINATION_IDENTITY = "HERALD_SMS_ORIGINATION_IDENTITY";
    /** The most segments one text may take (default 3); a longer text is rejected with its count. */
    public static final String SMS_MAX_SEGMENTS = "HERALD_SMS_MAX_SEGMENTS";
    /** The router's own queue: it puts the chunks of a large audience back on it. */
    public static final String QUEUE_URL_INGRESS = "HERALD_QUEUE_URL_INGRESS";

    public static final String ENRICHMENT_FUNCTION = "HERALD_ENRICHMENT_FUNCTION";
    public static final String ROUTES_FILE = "HERALD_ROUTES_FILE";
    public static final String EVENT_BUS = "HERALD_EVENT_BUS";
    /** The WebSocket API's management endpoint (https://{api-id}.execute-api.{region}.amazonaws.com/{stage}). */
    public static final String WEBSOCKET_MANAGEMENT_ENDPOINT = "HERALD_WEBSOCKET_MANAGEMENT_ENDPOINT";

    /**
     * The JWT audiences the functions accept, comma separated: the same list the gateway's JWT authorizer accepts
     * ({@code herald:jwtAudience} on AWS, {@code herald up}'s issuer locally), so the two cannot disagree.
     */
    public static final String JWT_AUDIENCES = "HERALD_JWT_AUDIENCES";

    /** How many records of one SQS batch a channel handler delivers at once (1 to 100; default 10; 1 = one after another). */
    public static final String DELIVERY_PARALLELISM = "HERALD_DELIVERY_PARALLELISM";

    /** EventBridge Scheduler's schedule group for deliveries deferred longer than SQS can delay (15 minutes). */
    public static final String SCHEDULE_GROUP = "HERALD_SCHEDULE_GROUP";
    /** The role EventBridge Scheduler assumes to send a deferred delivery to its queue (sqs:SendMessage). */
    public static final String SCHEDULER_ROLE_ARN = "HERALD_SCHEDULER_ROLE_ARN";
    /** The ARN of the channel queue a delivery function defers to (its own queue): the schedules' target. */
    public static final String DEFERRAL_QUEUE_ARN = "HERALD_DEFERRAL_QUEUE_ARN";

    /** Secrets Manager ids (names or ARNs) of the secrets a function reads on first use. */
    public static final String JWT_SECRET_ID = "HERALD_JWT_SECRET_ID";
    public static final String APNS_SECRET_ID = "HERALD_APNS_SECRET_ID";
    public static final String FCM_SECRET_ID = "HERALD_FCM_SECRET_ID";
    public static final String EMAIL_TOKEN_SECRET_ID = "HERALD_EMAIL_TOKEN_SECRET_ID";

    /** How many records of one ingress batch the router steps at once (1 to 100; default 10). */
    public static final String ROUTER_PARALLELISM = "HERALD_ROUTER_PARALLELISM";
    /** How long the router waits for the enrichment function per call, in milliseconds. */
    public static final String ENRICHMENT_TIMEOUT_MS = "HERALD_ENRICHMENT_TIMEOUT_MS";

    /** HTTP/2 connections the push function keeps to APNs. */
    public static final String APNS_CONNECTIONS = "HERALD_APNS_CONNECTIONS";
    /** APNs streams the push function keeps open at most. */
    public static final String APNS_MAX_IN_FLIGHT = "HERALD_APNS_MAX_IN_FLIGHT";
    /** How long one push send may take before the delivery fails for retry, in seconds. */
    public static final String PUSH_SEND_TIMEOUT_SECONDS = "HERALD_PUSH_SEND_TIMEOUT_SECONDS";

    /** The log level of every Herald function and of herald up (logback's property; default INFO). */
    public static final String LOG_LEVEL = "HERALD_LOG_LEVEL";
    /** {@code adjustable}: the function tells time by herald up's test clock ({@link Clocks}); unset on AWS. */
    public static final String CLOCK = "HERALD_CLOCK";

    private EnvNames() {
    }
}
