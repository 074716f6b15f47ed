package dev.herald.common.topology;

import static dev.herald.common.config.EnvNames.ENRICHMENT_FUNCTION;
import static dev.herald.common.config.EnvNames.QUEUE_URL_EMAIL;
import static dev.herald.common.config.EnvNames.QUEUE_URL_PUSH;
import static dev.herald.common.config.EnvNames.QUEUE_URL_WEBSOCKET;
import static dev.herald.common.config.EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT;

import dev.herald.common.config.EnvNames;

import dev.herald.common.topology.HttpApiSpec.HttpRoute;
import dev.herald.common.topology.HttpApiSpec.Integration;
import dev.herald.common.topology.TableSpec.Attribute;
import dev.herald.common.topology.TableSpec.IndexSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Topology Herald ships with. Every name below is the physical name on AWS and under
 * {@code herald up}.
 */
public final class HeraldTopology {
    public static final String BUS = "herald";

    public static final String QUEUE_INGRESS = "herald-ingress";
    public static final String QUEUE_WEBSOCKET = "herald-websocket";
    public static final String QUEUE_PUSH = "herald-push";
    public static final String QUEUE_EMAIL = "herald-email";
    public static final String QUEUE_FEEDBACK = "herald-ses-feedback";
    public static final String QUEUE_WEBHOOK = "herald-webhook";
    public static final String QUEUE_SMS = "herald-sms";
    public static final String DLQ_SUFFIX = "-dlq";

    public static final String TABLE_CONNECTIONS = "herald-connections";
    public static final String TABLE_TOPICS = "herald-topics";
    public static final String TABLE_DEVICE_TOKENS = "herald-device-tokens";
    public static final String TABLE_EMAIL_SUBSCRIPTIONS = "herald-email-subscriptions";
    public static final String TABLE_PREFERENCES = "herald-preferences";
    public static final String TABLE_PROFILES = "herald-profiles";
    public static final String TABLE_TEMPLATES = "herald-templates";
    public static final String TABLE_SUPPRESSIONS = "herald-suppressions";
    public static final String TABLE_DELIVERIES = "herald-deliveries";
    /** Per-topic settings (PK {@code topic}): whether users may join and leave the topic themselves. */
    public static final String TABLE_TOPIC_SETTINGS = "herald-topic-settings";
    /** Webhook endpoints: URL, scope (a user, a topic or the account), secret, state. */
    public static final String TABLE_WEBHOOKS = "herald-webhooks";
    /** Routes as data: one item per route (its JSON document) and a version item the router checks (admin API). */
    public static final String TABLE_ROUTES = "herald-routes";
    /** A user's phone number for SMS, in E.164 (key userId). */
    public static final String TABLE_PHONE_NUMBERS = "herald-phone-numbers";
    /** Per-user throttle counters: one item per user, channel, category and window, holding the delivery ids it let through. */
    public static final String TABLE_THROTTLES = "herald-throttles";
    /** Digests being gathered: one item per digest and window, holding its events' data until the flush sends it. */
    public static final String TABLE_DIGESTS = "herald-digests";
    /** Global secondary index "by user" on connections, topics, and the ledger. */
    public static final String INDEX_BY_USER = "byUser";
    /** DeviceTokens by token: who holds a token, for tokens registered before the store kept one owner row per token. */
    public static final String INDEX_BY_TOKEN = "byToken";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /**
     * Ledger GSI on {@code notificationShard} ({@code LedgerShards}) + {@code deliveryId}: an operator reads every row of
     * a notification. Sharded so that a large fan-out's rows spread over many index partitions.
     */
    public static final String INDEX_BY_NOTIFICATION = "byNotification";

    public static final String FN_ROUTER = "herald-router";
    public static final String FN_ENRICHMENT = "herald-enrichment";
    public static final String FN_WS_CONNECT = "herald-ws-connect";
    public static final String FN_WS_DISCONNECT = "herald-ws-disconnect";
    public static final String FN_WS_MESSAGE = "herald-ws-message";
    public static final String FN_WS_DELIVERY = "herald-websocket-delivery";
    public static final String FN_PUSH_DELIVERY = "herald-push-delivery";
    public static final String FN_DEVICE_REGISTRATION = "herald-device-registration";
    /** {@code POST /v1/notifications/{notificationId}/opened}: a push the user opened marks the notification read. */
    public static final String FN_PUSH_OPENED = "herald-push-opened";
    public static final String FN_EMAIL_DELIVERY = "herald-email-delivery";
    public static final String FN_SUBSCRIPTIONS_API = "herald-subscriptions-api";
    public static final String FN_SES_FEEDBACK = "herald-ses-feedback";
    public static final String FN_INBOX_API = "herald-inbox-api";
    public static final String FN_INGEST = "herald-ingest";
    /** The end user's own API: {@code /v1/me/preferences}, {@code /v1/me/topics}. */
    public static final String FN_USER_API = "herald-user-api";
    /** The operator's topic membership and ledger API: {@code /v1/admin/topics/...}, {@code /v1/admin/ledger}. */
    public static final String FN_AUDIENCE_ADMIN_API = "herald-audience-admin-api";
    public static final String FN_WEBHOOK_DELIVERY = "herald-webhook-delivery";
    public static final String FN_WEBHOOKS_API = "herald-webhooks-api";
    /** The admin API: routes, templates and profiles under {@code /v1/admin/} ({@link #SCOPE_ADMIN}). */
    public static final String FN_ADMIN_API = "herald-admin-api";
    public static final String FN_SMS_DELIVERY = "herald-sms-delivery";
    public static final String FN_PHONE_API = "herald-phone-api";
    /** {@code DELETE /v1/admin/notifications/{notificationId}}: an operator cancels a scheduled notification ({@link #SCOPE_ADMIN}). */
    public static final String FN_NOTIFICATIONS_ADMIN = "herald-notifications-admin";

    public static final String SECRET_JWT = "herald/jwt";
    public static final String SECRET_APNS = "herald/apns";
    public static final String SECRET_FCM = "herald/fcm";
    public static final String SECRET_EMAIL_TOKENS = "herald/email-tokens";

    /**
     * The scope a producer's token needs on {@code POST /v1/events}; end-user tokens never carry it (the HTTP API's JWT
     * authorizer answers 403 without it). Producers get it from the identity provider, e.g. a Cognito app client with
     * the client-credentials grant and a resource server scope (docs/DEPLOY.md). Named as Cognito names resource-server
     * scopes ({@code <resource server>/<scope>}), so a Cognito user pool can issue it as it is.
     */
    public static final String SCOPE_PUBLISH = "herald/publish";
    /**
     * The scope a producer's token needs, besides {@link #SCOPE_PUBLISH}, to publish {@code priority: critical}
     * (which skips opt-outs and quiet hours). The authorizer cannot read the body, so the ingestion checks it.
     */
    public static final String SCOPE_PUBLISH_CRITICAL = "herald/publish-critical";
    /**
     * The scope an operator's token needs on every {@code /v1/admin/...} route (routes, templates, profiles, topics,
     * the ledger, scheduled notifications, webhook endpoints). End-user and producer tokens never carry it (403).
     */
    public static final String SCOPE_ADMIN = "herald/admin";


    private HeraldTopology() {
    }

    /**
     * The batching window of the push and email queues' triggers: Lambda waits up to this long for a batch of
     * 10 before it invokes (it invokes at once when 10 are there). Without a window every non-empty receive is an
     * invocation and a delete: under light load that is ~1.3 messages per receive (docs/BENCHMARKS.md, {@code cost}),
     * so ~2 SQS requests and a Lambda invocation per delivery; with it, receives and deletes carry up to 10 each.
     * The price is latency under light load: a push or email waits up to 1 s longer (none once 10 arrive within the
     * window, i.e. from ~10 deliveries/s per poller). 1 s is the shortest non-zero window Lambda takes (whole seconds,
     * 0-300) and small next to the seconds a push or an email takes to reach a person, and with the handler delivering
     * a batch's records concurrently a fuller batch costs little more time than one record. The WebSocket trigger keeps
     * no window: its target is p50 <= 10 ms, which even a 1 s window would miss under light load.
     * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#sqs-batching-window
     */
    public static final Duration CHANNEL_BATCHING_WINDOW = Duration.ofSeconds(1);

    /**
     * How the channel queues (WebSocket, push, email) retry a delivery that fails transiently: 2 s, 4 s, 8 s ...
     * doubling up to SQS's visibility limit (about 12 hours), for at least 24 hours, so a provider outage of hours
     * delays deliveries instead of dead-lettering them. The queues' maxReceiveCount is sized from it (19).
     */
    public static final RetrySchedule CHANNEL_RETRY = new RetrySchedule(Duration.ofSeconds(2), RetrySchedule.SQS_VISIBILITY_CEILING, Duration.ofHours(24));

    /** EventBridge Scheduler's group for the one-time schedules of long deferrals (quiet hours, long digests' flushes). */
    public static final String SCHEDULE_GROUP = "herald-deferrals";

    /** The queue-triggered functions' timeout (router, channel handlers, SES feedback). */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

    /** The standard Herald deployment. */
    public static Topology standard() {
        Duration fnTimeout = FUNCTION_TIMEOUT;
        Duration visibility = fnTimeout.multipliedBy(6);
        List<QueueSpec> queues = List.of(
                withDlq(QUEUE_INGRESS, visibility, 5), QueueSpec.deadLetterQueue(QUEUE_INGRESS + DLQ_SUFFIX),
                withDlq(QUEUE_WEBSOCKET, visibility, CHANNEL_RETRY.maxReceiveCount()), QueueSpec.deadLetterQueue(QUEUE_WEBSOCKET + DLQ_SUFFIX),
                withDlq(QUEUE_PUSH, visibility, CHANNEL_RETRY.maxReceiveCount()), QueueSpec.deadLetterQueue(QUEUE_PUSH + DLQ_SUFFIX),
                withDlq(QUEUE_EMAIL, visibility, CHANNEL_RETRY.maxReceiveCount()), QueueSpec.deadLetterQueue(QUEUE_EMAIL + DLQ_SUFFIX),
                withDlq(QUEUE_FEEDBACK, visibility, 5), QueueSpec.deadLetterQueue(QUEUE_FEEDBACK + DLQ_SUFFIX),
                withDlq(QUEUE_WEBHOOK, visibility, CHANNEL_RETRY.maxReceiveCount()), QueueSpec.deadLetterQueue(QUEUE_WEBHOOK + DLQ_SUFFIX),
                withDlq(QUEUE_SMS, visibility, CHANNEL_RETRY.maxReceiveCount()), QueueSpec.deadLetterQueue(QUEUE_SMS + DLQ_SUFFIX));

        List<RuleSpec> rules = List.of(
                new RuleSpec("herald-producer-events", BUS,
                        "{\"source\":[{\"anything-but\":[\"aws.ses\"]}]}", QUEUE_INGRESS,
                        "every producer event on the Herald bus goes to the router"),
                new RuleSpec("herald-ses-feedback", BUS,
                        "{\"source\":[\"aws.ses\"],\"detail-type\":[\"Email Bounced\",\"Email Complaint Received\"]}", QUEUE_FEEDBACK,
                        "SES bounces and complaints (forwarded from the default bus) feed the suppression list"));

        // every function that writes outcomes needs the ledger
        Map<String, EnvValue> tables = Map.of(EnvNames.TABLE_DELIVERIES, new EnvValue.TableName(TABLE_DELIVERIES));

        List<FunctionSpec> functions = List.of(
                new FunctionSpec(FN_ROUTER, "dev.herald.router.RouterHandler", "herald-router", 1024, fnTimeout,
                        env(Map.of(
                                EnvNames.TABLE_TOPICS, new EnvValue.TableName(TABLE_TOPICS),
                                EnvNames.TABLE_PREFERENCES, new EnvValue.TableName(TABLE_PREFERENCES),
                                QUEUE_URL_WEBSOCKET, new EnvValue.QueueUrl(QUEUE_WEBSOCKET),
                                QUEUE_URL_PUSH, new EnvValue.QueueUrl(QUEUE_PUSH),
                                QUEUE_URL_EMAIL, new EnvValue.QueueUrl(QUEUE_EMAIL),
                                EnvNames.QUEUE_URL_WEBHOOK, new EnvValue.QueueUrl(QUEUE_WEBHOOK),
                                EnvNames.QUEUE_URL_SMS, new EnvValue.QueueUrl(QUEUE_SMS),
                                // the chunks of a large audience go back on the ingress queue (infra grants sqs:SendMessage)
                                EnvNames.QUEUE_URL_INGRESS, new EnvValue.QueueUrl(QUEUE_INGRESS),
                                ENRICHMENT_FUNCTION, new EnvValue.FunctionName(FN_ENRICHMENT)), tables,
                                Map.of(EnvNames.TABLE_ROUTES, new EnvValue.TableName(TABLE_ROUTES),
                                        EnvNames.TABLE_THROTTLES, new EnvValue.TableName(TABLE_THROTTLES),
                                        EnvNames.TABLE_DIGESTS, new EnvValue.TableName(TABLE_DIGESTS)),
                                // digests that close more than 15 minutes ahead flush through a one-time schedule to the ingress queue
                                deferrals(QUEUE_INGRESS)),
                        Optional.of(new SqsTrigger(QUEUE_INGRESS, 10, Duration.ZERO, true, 4))),
                // POST /v1/events: validates the body before the bus (same problems list and 400 on AWS and in herald up)
                new FunctionSpec(FN_INGEST, "dev.herald.router.IngestionHandler", "herald-router", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.EVENT_BUS, new EnvValue.BusName()),
                        Optional.empty()),
                new FunctionSpec(FN_ENRICHMENT, "dev.herald.enrichment.EnrichmentHandler", "herald-enrichment", 1024, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_PROFILES, new EnvValue.TableName(TABLE_PROFILES),
                                EnvNames.TABLE_TEMPLATES, new EnvValue.TableName(TABLE_TEMPLATES)),
                        Optional.empty()),
                new FunctionSpec(FN_WS_CONNECT, "dev.herald.websocket.ConnectHandler", "herald-handlers-websocket", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_CONNECTIONS, new EnvValue.TableName(TABLE_CONNECTIONS),
                                EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()),
                        Optional.empty()),
                new FunctionSpec(FN_WS_DISCONNECT, "dev.herald.websocket.DisconnectHandler", "herald-handlers-websocket", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_CONNECTIONS, new EnvValue.TableName(TABLE_CONNECTIONS)),
                        Optional.empty()),
                new FunctionSpec(FN_WS_MESSAGE, "dev.herald.websocket.MessageHandler", "herald-handlers-websocket", 512, Duration.ofSeconds(10),
                        env(Map.of(EnvNames.TABLE_CONNECTIONS, new EnvValue.TableName(TABLE_CONNECTIONS)), tables),
                        Optional.empty()),
                new FunctionSpec(FN_WS_DELIVERY, "dev.herald.websocket.WebSocketDeliveryHandler", "herald-handlers-websocket", 1024, fnTimeout,
                        env(Map.of(EnvNames.TABLE_CONNECTIONS, new EnvValue.TableName(TABLE_CONNECTIONS),
                                QUEUE_URL_WEBSOCKET, new EnvValue.QueueUrl(QUEUE_WEBSOCKET),
                                WEBSOCKET_MANAGEMENT_ENDPOINT, new EnvValue.WebSocketManagementEndpoint()), tables, deferrals(QUEUE_WEBSOCKET)),
                        Optional.of(new SqsTrigger(QUEUE_WEBSOCKET, 10, Duration.ZERO, true, 4))),
                new FunctionSpec(FN_INBOX_API, "dev.herald.websocket.InboxApiHandler", "herald-handlers-websocket", 512, Duration.ofSeconds(10),
                        env(Map.of(EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()), tables),
                        Optional.empty()),
                new FunctionSpec(FN_PUSH_DELIVERY, "dev.herald.push.PushDeliveryHandler", "herald-handlers-push", 1024, fnTimeout,
                        env(Map.of(EnvNames.TABLE_DEVICE_TOKENS, new EnvValue.TableName(TABLE_DEVICE_TOKENS),
                                QUEUE_URL_PUSH, new EnvValue.QueueUrl(QUEUE_PUSH),
                                EnvNames.APNS_SECRET_ID, new EnvValue.SecretId(SECRET_APNS),
                                EnvNames.FCM_SECRET_ID, new EnvValue.SecretId(SECRET_FCM)), tables, deferrals(QUEUE_PUSH)),
                        Optional.of(new SqsTrigger(QUEUE_PUSH, 10, CHANNEL_BATCHING_WINDOW, true, 4))),
                new FunctionSpec(FN_DEVICE_REGISTRATION, "dev.herald.push.DeviceRegistrationHandler", "herald-handlers-push", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_DEVICE_TOKENS, new EnvValue.TableName(TABLE_DEVICE_TOKENS),
                                EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()),
                        Optional.empty()),
                new FunctionSpec(FN_PUSH_OPENED, "dev.herald.push.PushOpenedHandler", "herald-handlers-push", 512, Duration.ofSeconds(10),
                        env(Map.of(EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()), tables),
                        Optional.empty()),
                new FunctionSpec(FN_EMAIL_DELIVERY, "dev.herald.email.EmailDeliveryHandler", "herald-handlers-email", 512, fnTimeout,
                        env(Map.of(EnvNames.TABLE_EMAIL_SUBSCRIPTIONS, new EnvValue.TableName(TABLE_EMAIL_SUBSCRIPTIONS),
                                EnvNames.TABLE_SUPPRESSIONS, new EnvValue.TableName(TABLE_SUPPRESSIONS),
                                QUEUE_URL_EMAIL, new EnvValue.QueueUrl(QUEUE_EMAIL),
                                EnvNames.EMAIL_TOKEN_SECRET_ID, new EnvValue.SecretId(SECRET_EMAIL_TOKENS)), tables, deferrals(QUEUE_EMAIL)),
                        Optional.of(new SqsTrigger(QUEUE_EMAIL, 10, CHANNEL_BATCHING_WINDOW, true, 4))),
                new FunctionSpec(FN_SUBSCRIPTIONS_API, "dev.herald.email.SubscriptionHandler", "herald-handlers-email", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_EMAIL_SUBSCRIPTIONS, new EnvValue.TableName(TABLE_EMAIL_SUBSCRIPTIONS),
                                EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences(),
                                EnvNames.EMAIL_TOKEN_SECRET_ID, new EnvValue.SecretId(SECRET_EMAIL_TOKENS)),
                        Optional.empty()),
                new FunctionSpec(FN_SES_FEEDBACK, "dev.herald.email.SesFeedbackHandler", "herald-handlers-email", 512, fnTimeout,
                        env(Map.of(EnvNames.TABLE_SUPPRESSIONS, new EnvValue.TableName(TABLE_SUPPRESSIONS)), tables),
                        Optional.of(new SqsTrigger(QUEUE_FEEDBACK, 10, Duration.ZERO, true, 2))),
                new FunctionSpec(FN_USER_API, "dev.herald.websocket.UserApiHandler", "herald-handlers-websocket", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_PREFERENCES, new EnvValue.TableName(TABLE_PREFERENCES),
                                EnvNames.TABLE_TOPICS, new EnvValue.TableName(TABLE_TOPICS),
                                EnvNames.TABLE_TOPIC_SETTINGS, new EnvValue.TableName(TABLE_TOPIC_SETTINGS),
                                EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()),
                        Optional.empty()),
                new FunctionSpec(FN_AUDIENCE_ADMIN_API, "dev.herald.websocket.AudienceAdminHandler", "herald-handlers-websocket", 512,
                        Duration.ofSeconds(10),
                        env(Map.of(EnvNames.TABLE_TOPICS, new EnvValue.TableName(TABLE_TOPICS),
                                EnvNames.TABLE_TOPIC_SETTINGS, new EnvValue.TableName(TABLE_TOPIC_SETTINGS),
                                EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()), tables),
                        Optional.empty()),
                // signed HTTPS POSTs to registered endpoints (Standard Webhooks); 15 s per POST at most, so 30 s covers a batch
                new FunctionSpec(FN_WEBHOOK_DELIVERY, "dev.herald.webhook.WebhookDeliveryHandler", "herald-handlers-webhook", 512, fnTimeout,
                        env(Map.of(EnvNames.TABLE_WEBHOOKS, new EnvValue.TableName(TABLE_WEBHOOKS),
                                EnvNames.TABLE_TOPICS, new EnvValue.TableName(TABLE_TOPICS),
                                EnvNames.QUEUE_URL_WEBHOOK, new EnvValue.QueueUrl(QUEUE_WEBHOOK)), tables, deferrals(QUEUE_WEBHOOK)),
                        Optional.of(new SqsTrigger(QUEUE_WEBHOOK, 10, CHANNEL_BATCHING_WINDOW, true, 4))),
                new FunctionSpec(FN_WEBHOOKS_API, "dev.herald.webhook.WebhookAdminHandler", "herald-handlers-webhook", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_WEBHOOKS, new EnvValue.TableName(TABLE_WEBHOOKS)),
                        Optional.empty()),
                new FunctionSpec(FN_ADMIN_API, "dev.herald.admin.AdminApiHandler", "herald-admin", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_ROUTES, new EnvValue.TableName(TABLE_ROUTES),
                                EnvNames.TABLE_TEMPLATES, new EnvValue.TableName(TABLE_TEMPLATES),
                                EnvNames.TABLE_PROFILES, new EnvValue.TableName(TABLE_PROFILES)),
                        Optional.empty()),
                new FunctionSpec(FN_SMS_DELIVERY, "dev.herald.sms.SmsDeliveryHandler", "herald-handlers-sms", 512, fnTimeout,
                        env(Map.of(EnvNames.TABLE_PHONE_NUMBERS, new EnvValue.TableName(TABLE_PHONE_NUMBERS),
                                EnvNames.QUEUE_URL_SMS, new EnvValue.QueueUrl(QUEUE_SMS),
                                EnvNames.SMS_CONFIGURATION_SET, new EnvValue.SmsConfigurationSet(),
                                EnvNames.SMS_ORIGINATION_IDENTITY, new EnvValue.SmsOriginationIdentity()), tables, deferrals(QUEUE_SMS)),
                        Optional.of(new SqsTrigger(QUEUE_SMS, 10, CHANNEL_BATCHING_WINDOW, true, 4))),
                new FunctionSpec(FN_PHONE_API, "dev.herald.sms.PhoneApiHandler", "herald-handlers-sms", 512, Duration.ofSeconds(10),
                        Map.of(EnvNames.TABLE_PHONE_NUMBERS, new EnvValue.TableName(TABLE_PHONE_NUMBERS),
                                EnvNames.JWT_SECRET_ID, new EnvValue.SecretId(SECRET_JWT),
                                EnvNames.JWT_AUDIENCES, new EnvValue.JwtAudiences()),
                        Optional.empty()),
                // the Deliveries table only: reads a notification's rows through byNotification, moves unsent ones to cancelled
                new FunctionSpec(FN_NOTIFICATIONS_ADMIN, "dev.herald.router.NotificationsAdminHandler", "herald-router", 512, Duration.ofSeconds(10),
                        tables, Optional.empty()));

        Attribute userId = Attribute.string("userId");
        List<TableSpec> tableSpecs = List.of(
                new TableSpec(TABLE_CONNECTIONS, Attribute.string("connectionId"), Optional.empty(),
                        List.of(new IndexSpec(INDEX_BY_USER, userId, Optional.of(Attribute.string("connectedAt")))), Optional.of(TTL_ATTRIBUTE)),
                new TableSpec(TABLE_TOPICS, Attribute.string("topic"), Optional.of(userId),
                        List.of(new IndexSpec(INDEX_BY_USER, userId, Optional.of(Attribute.string("topic")))), Optional.empty()),
                new TableSpec(TABLE_DEVICE_TOKENS, userId, Optional.of(Attribute.string("token")),
                        List.of(new IndexSpec(INDEX_BY_TOKEN, Attribute.string("token"), Optional.empty())), Optional.of(TTL_ATTRIBUTE)),
                new TableSpec(TABLE_EMAIL_SUBSCRIPTIONS, userId, Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_PREFERENCES, userId, Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_PROFILES, userId, Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_TEMPLATES, Attribute.string("templateId"), Optional.of(Attribute.string("locale")), List.of(), Optional.empty()),
                new TableSpec(TABLE_SUPPRESSIONS, Attribute.string("address"), Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_DELIVERIES, Attribute.string("deliveryId"), Optional.empty(),
                        // keys only: a status change (claim, result, ack, read) then writes the table alone, not the indexes too;
                        // the inbox and the operator's queries read the rows themselves with BatchGetItem
                        List.of(new IndexSpec(INDEX_BY_USER, userId, Optional.of(Attribute.string("createdAt")), TableSpec.Projection.KEYS_ONLY),
                                new IndexSpec(INDEX_BY_NOTIFICATION, Attribute.string("notificationShard"), Optional.of(Attribute.string("deliveryId")),
                                        TableSpec.Projection.KEYS_ONLY)),
                        Optional.of(TTL_ATTRIBUTE)),
                new TableSpec(TABLE_TOPIC_SETTINGS, Attribute.string("topic"), Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_WEBHOOKS, Attribute.string("endpointId"), Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_ROUTES, Attribute.string("routeId"), Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_PHONE_NUMBERS, userId, Optional.empty(), List.of(), Optional.empty()),
                new TableSpec(TABLE_THROTTLES, Attribute.string("counterKey"), Optional.empty(), List.of(), Optional.of(TTL_ATTRIBUTE)),
                new TableSpec(TABLE_DIGESTS, Attribute.string("digestKey"), Optional.empty(), List.of(), Optional.of(TTL_ATTRIBUTE)));

        WebSocketApiSpec ws = new WebSocketApiSpec("herald-websocket", "live",
                Map.of("$connect", FN_WS_CONNECT, "$disconnect", FN_WS_DISCONNECT, "$default", FN_WS_MESSAGE),
                List.of(FN_WS_DELIVERY), Duration.ofMinutes(10), Duration.ofHours(2), Set.of("$default"));

        HttpApiSpec http = new HttpApiSpec("herald-http", List.of(
                new HttpRoute("POST", "/v1/events", Integration.LAMBDA, Optional.of(FN_INGEST), true, List.of(SCOPE_PUBLISH)),
                new HttpRoute("PUT", "/v1/devices", Integration.LAMBDA, Optional.of(FN_DEVICE_REGISTRATION), true),
                new HttpRoute("DELETE", "/v1/devices/{token}", Integration.LAMBDA, Optional.of(FN_DEVICE_REGISTRATION), true),
                new HttpRoute("POST", "/v1/subscriptions/email", Integration.LAMBDA, Optional.of(FN_SUBSCRIPTIONS_API), true),
                new HttpRoute("GET", "/v1/subscriptions/email/confirm", Integration.LAMBDA, Optional.of(FN_SUBSCRIPTIONS_API), false),
                new HttpRoute("GET", "/v1/subscriptions/email/unsubscribe", Integration.LAMBDA, Optional.of(FN_SUBSCRIPTIONS_API), false),
                new HttpRoute("POST", "/v1/subscriptions/email/unsubscribe", Integration.LAMBDA, Optional.of(FN_SUBSCRIPTIONS_API), false),
                new HttpRoute("GET", "/v1/inbox", Integration.LAMBDA, Optional.of(FN_INBOX_API), true),
                new HttpRoute("GET", "/v1/deliveries/{deliveryId}", Integration.LAMBDA, Optional.of(FN_INBOX_API), true),
                new HttpRoute("POST", "/v1/notifications/{notificationId}/opened", Integration.LAMBDA, Optional.of(FN_PUSH_OPENED), true),
                new HttpRoute("POST", "/v1/inbox/read-all", Integration.LAMBDA, Optional.of(FN_INBOX_API), true),
                new HttpRoute("POST", "/v1/inbox/{notificationId}/read", Integration.LAMBDA, Optional.of(FN_INBOX_API), true),
                new HttpRoute("GET", "/v1/me/preferences", Integration.LAMBDA, Optional.of(FN_USER_API), true),
                new HttpRoute("PUT", "/v1/me/preferences", Integration.LAMBDA, Optional.of(FN_USER_API), true),
                new HttpRoute("GET", "/v1/me/topics", Integration.LAMBDA, Optional.of(FN_USER_API), true),
                new HttpRoute("PUT", "/v1/me/topics/{topic}", Integration.LAMBDA, Optional.of(FN_USER_API), true),
                new HttpRoute("DELETE", "/v1/me/topics/{topic}", Integration.LAMBDA, Optional.of(FN_USER_API), true),
                new HttpRoute("GET", "/v1/admin/topics/{topic}/members", Integration.LAMBDA, Optional.of(FN_AUDIENCE_ADMIN_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("PUT", "/v1/admin/topics/{topic}/members/{userId}", Integration.LAMBDA, Optional.of(FN_AUDIENCE_ADMIN_API), true,
                        List.of(SCOPE_ADMIN)),
                new HttpRoute("DELETE", "/v1/admin/topics/{topic}/members/{userId}", Integration.LAMBDA, Optional.of(FN_AUDIENCE_ADMIN_API), true,
                        List.of(SCOPE_ADMIN)),
                new HttpRoute("PUT", "/v1/admin/topics/{topic}", Integration.LAMBDA, Optional.of(FN_AUDIENCE_ADMIN_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("GET", "/v1/admin/ledger", Integration.LAMBDA, Optional.of(FN_AUDIENCE_ADMIN_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("DELETE", "/v1/admin/notifications/{notificationId}", Integration.LAMBDA, Optional.of(FN_NOTIFICATIONS_ADMIN), true,
                        List.of(SCOPE_ADMIN)),
                new HttpRoute("GET", "/v1/admin/webhooks", Integration.LAMBDA, Optional.of(FN_WEBHOOKS_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("GET", "/v1/admin/webhooks/{endpointId}", Integration.LAMBDA, Optional.of(FN_WEBHOOKS_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("PUT", "/v1/admin/webhooks/{endpointId}", Integration.LAMBDA, Optional.of(FN_WEBHOOKS_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("DELETE", "/v1/admin/webhooks/{endpointId}", Integration.LAMBDA, Optional.of(FN_WEBHOOKS_API), true, List.of(SCOPE_ADMIN)),
                new HttpRoute("POST", "/v1/admin/webhooks/{endpointId}/enable", Integration.LAMBDA, Optional.of(FN_WEBHOOKS_API), true, List.of(SCOPE_ADMIN)),
                admin("GET", "/v1/admin/routes"),
                admin("POST", "/v1/admin/routes/test"),
                admin("GET", "/v1/admin/routes/{routeId}"),
                admin("PUT", "/v1/admin/routes/{routeId}"),
                admin("DELETE", "/v1/admin/routes/{routeId}"),
                admin("GET", "/v1/admin/templates"),
                admin("GET", "/v1/admin/templates/{templateId}/{locale}"),
                admin("PUT", "/v1/admin/templates/{templateId}/{locale}"),
                admin("POST", "/v1/admin/templates/{templateId}/preview"),
                admin("GET", "/v1/admin/profiles/{userId}"),
                admin("PUT", "/v1/admin/profiles/{userId}"),
                new HttpRoute("PUT", "/v1/me/phone", Integration.LAMBDA, Optional.of(FN_PHONE_API), true),
                new HttpRoute("GET", "/v1/me/phone", Integration.LAMBDA, Optional.of(FN_PHONE_API), true),
                new HttpRoute("DELETE", "/v1/me/phone", Integration.LAMBDA, Optional.of(FN_PHONE_API), true)));

        return new Topology(BUS, rules, queues, functions, tableSpecs, ws, http);
    }

    /** An operator's route on the admin API function: JWT with {@link #SCOPE_ADMIN}. */
    private static HttpRoute admin(String method, String path) {
        return new HttpRoute(method, path, Integration.LAMBDA, Optional.of(FN_ADMIN_API), true, List.of(SCOPE_ADMIN));
    }

    private static QueueSpec withDlq(String name, Duration visibility, int maxReceives) {
        return new QueueSpec(name, visibility, Duration.ofDays(4), Optional.of(new QueueSpec.DeadLetter(name + DLQ_SUFFIX, maxReceives)));
    }

    /** What a delivery function needs to defer to its own {@code queue} beyond 15 minutes (one-time schedules). */
    private static Map<String, EnvValue> deferrals(String queue) {
        return Map.of(EnvNames.SCHEDULE_GROUP, new EnvValue.ScheduleGroup(),
                EnvNames.SCHEDULER_ROLE_ARN, new EnvValue.SchedulerRoleArn(),
                EnvNames.DEFERRAL_QUEUE_ARN, new EnvValue.QueueArn(queue));
    }

    @SafeVarargs
    private static Map<String, EnvValue> env(Map<String, EnvValue>... parts) {
        Map<String, EnvValue> all = new HashMap<>();
        for (Map<String, EnvValue> p : parts) {
            all.putAll(p);
        }
        return all;
    }
}
