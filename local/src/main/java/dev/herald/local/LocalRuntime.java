package dev.herald.local;

import dev.herald.common.config.EnvNames;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import dev.herald.common.topology.TopologyProvisioner;
import dev.herald.local.bus.EventsApi;
import dev.herald.local.bus.LocalEventBus;
import dev.herald.local.dashboard.Dashboard;
import dev.herald.local.console.FunctionLogTap;
import dev.herald.local.dashboard.DashboardGuard;
import dev.herald.local.dashboard.FaultsApi;
import dev.herald.local.dashboard.PipelineStats;
import dev.herald.local.dashboard.PipelineView;
import dev.herald.local.dashboard.ControlPages;
import dev.herald.local.dashboard.TemplatesApi;
import dev.herald.local.dashboard.UsersApi;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbProfileStore;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.demo.DemoUpload;
import dev.herald.local.edge.AwsServiceProxy;
import dev.herald.local.edge.EdgeCredentials;
import dev.herald.local.edge.EdgeServer;
import dev.herald.local.bus.RouteForwarding;
import dev.herald.local.bus.RouterRoutes;
import dev.herald.local.s3.S3Api;
import dev.herald.local.edge.SigV4Verifier;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.emulators.FcmEmulator;
import dev.herald.local.emulators.SesEmulator;
import dev.herald.local.emulators.SmsEmulator;
import dev.herald.local.dashboard.SmsDashboard;
import dev.herald.local.engines.EmbeddedDynamoDb;
import dev.herald.local.engines.EmbeddedSqs;
import dev.herald.common.topology.CorsPolicy;
import dev.herald.local.gateway.HttpApiGateway;
import dev.herald.local.gateway.LocalJwt;
import dev.herald.local.gateway.WebSocketGateway;
import dev.herald.local.lambda.EventSourceMappings;
import dev.herald.local.lambda.LambdaHost;
import dev.herald.local.lambda.LambdaInvokeApi;
import dev.herald.local.scheduler.LocalScheduler;
import dev.herald.local.scheduler.SchedulerApi;
import dev.herald.local.secrets.LocalSecretStore;
import dev.herald.local.secrets.LocalSecrets;
import dev.herald.local.secrets.SecretsManagerApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Herald pipeline in one process - what {@code herald up} runs. {@link #start} brings up,
 * in order: the data directory (locked: one runtime per directory), DynamoDB Local and ElasticMQ
 * with every table and queue of the Topology (idempotent on restart), the local secrets, the APNs
 * emulator, the event bus, the Scheduler (one-time schedules, fired every second), the Lambda host, the WebSocket gateway, the edge server (AWS APIs,
 * emulators, HTTP API, Invoke API, dashboard) and the SQS event-source mappings of every function
 * whose jar is built; with {@code demo} it then seeds the demo data and publishes the sample events.
 * {@link #close()} stops all of it in reverse order. A failing step stops what was started and
 * throws, naming what failed.
 */
public final class LocalRuntime implements AutoCloseable {
    /** The origins herald up's HTTP API answers CORS preflights for (every origin; see {@link CorsPolicy}). */
    public static final java.util.List<String> LOCAL_ALLOWED_ORIGINS = java.util.List.of("*");
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final RuntimeOptions options;
    private final Topology topology;
    private final RequestCounts requestCounts = new RequestCounts();
    /** The client id of the dashboard's producer tokens. */
    static final String DASHBOARD_PRODUCER = "herald-dashboard";
    private final EdgeCredentials credentials;
    private final DashboardGuard dashboardGuard = DashboardGuard.random();
    private final PipelineStats pipelineStats = new PipelineStats(java.time.Clock.systemUTC());
    private URI edge;
    private LambdaHost lambda;
    private WebSocketGateway webSocket;
    private ApnsEmulator apns;
    private FcmEmulator fcm;
    private SesEmulator ses;
    private final dev.herald.local.dashboard.WebhookSink webhookSink =
            new dev.herald.local.dashboard.WebhookSink(dev.herald.local.demo.DemoWebhook.SECRET, dashboardGuard);
    private final SmsEmulator sms = new SmsEmulator();
    private volatile EventSourceMappings mappings;
    private LocalEventBus bus;
    private LocalScheduler scheduler;
    private LocalJwt jwt;
    private Map<String, String> queueUrls;
    private List<String> unbuiltFunctions;
    private DemoSeed.Result demo;
    private S3Api s3;
    /** The adjustable clock ({@link RuntimeOptions#adjustableClock()}), or null on the system clock. */
    private dev.herald.local.clock.AdjustableClock clock;

    private LocalRuntime(RuntimeOptions options, Topology topology) {
        this.options = options;
        this.topology = topology;
        this.credentials = EdgeCredentials.forHost(options.host());
    }

    /** Starts everything; throws {@link IllegalStateException} (after stopping what started) when a part cannot start. */
    public static LocalRuntime start(RuntimeOptions options) {
        return start(options, HeraldTopology.standard());
    }

    public static LocalRuntime start(RuntimeOptions options, Topology topology) {
        LocalRuntime runtime = new LocalRuntime(options, topology);
        try {
            runtime.startAll();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startAll() {
        long begin = System.nanoTime();
        var data = started(DataDirectory.lock(options.dataDir()));
        String host = options.host();
        int edgePort = Ports.orFree(options.port());
        edge = URI.create("http://localhost:" + edgePort);
        int apnsPort = Ports.orFree(options.apnsPort());

        // the slow parts side by side, on threads of their own (the common pool has one thread on two cores):
        // DynamoDB Local then its tables, ElasticMQ, the APNs emulator
        EmbeddedDynamoDb dynamoDb = new EmbeddedDynamoDb(data.path("dynamodb"), Ports.free());
        EmbeddedSqs sqsServer = new EmbeddedSqs(data.path("sqs"), Ports.free(), edge, options.region());
        EngineClients clients = started(new EngineClients(dynamoDb.endpoint(), sqsServer.endpoint(), options.region(), requestCounts));
        ExecutorService startup = Executors.newFixedThreadPool(3, Thread.ofPlatform().daemon().name("herald-start-", 1).factory());
        try {
            var dynamoStart = CompletableFuture.supplyAsync(dynamoDb::start, startup);
            var sqsStart = CompletableFuture.supplyAsync(sqsServer::start, startup);
            var apnsStart = CompletableFuture.supplyAsync(() -> new ApnsEmulator(apnsPort, ApnsEmulator.DEFAULT_TOPIC, 1000,
                    LocalSecrets.apnsKeys(data.path("apns-emulator.json"))).start(), startup);
            // idempotent on restart: only missing tables are created (CreateTable is the slow call)
            var tables = dynamoStart.thenRunAsync(() -> {
                Set<String> existing = new HashSet<>(clients.dynamo().listTablesPaginator().tableNames().stream().toList());
                TopologyProvisioner.createTables(clients.dynamo(), topology.tables().stream().filter(t -> !existing.contains(t.name())).toList());
            }, startup);
            awaitAll(List.of(dynamoStart, sqsStart, apnsStart));
            apns = apnsStart.join();
            LOG.debug("engines started ms={}", (System.nanoTime() - begin) / 1_000_000);
            queueUrls = QueueSettings.provision(clients.sqs(), topology.queues());
            tables.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        } finally {
            startup.shutdown();
        }
        LOG.debug("tables and queues ready ms={}", (System.nanoTime() - begin) / 1_000_000);

        LocalSecretStore secretStore = new LocalSecretStore(data.path("secrets.json"), options.region(), EmbeddedSqs.ACCOUNT_ID);
        LocalSecrets secrets = new LocalSecrets(secretStore);
        jwt = secrets.jwt();
        fcm = new FcmEmulator(host, 0, FcmEmulator.DEFAULT_PROJECT, secrets.fcmAccessToken(), 1000);
        ses = new SesEmulator();
        secrets.reconcile(edge, apns, fcm);

        // the dashboard's delivery counts, read from the functions' log lines as a CloudWatch metric filter would
        started(FunctionLogTap.install(pipelineStats::accept));
        bus = new LocalEventBus(topology, clients.sqs(), queueUrls, EmbeddedSqs.ACCOUNT_ID, options.region());
        // AWS services publish to the default bus: forward what a route names to the Herald bus, as the CDK stack does
        // (the routes in the Routes table, followed as they change; the CDK stack forwards the routes file's at deploy)
        DynamoDbRouteStore routeStore = new DynamoDbRouteStore(clients.dynamo(), HeraldTopology.TABLE_ROUTES, Clock.systemUTC());
        RouteForwarding.follow(bus, topology.busName(), routeStore);
        Map<String, String> urls = queueUrls;
        String arnPrefix = "arn:aws:sqs:" + options.region() + ":" + EmbeddedSqs.ACCOUNT_ID + ":";
        clock = options.adjustableClock() ? started(new dev.herald.local.clock.AdjustableClock()) : null;
        scheduler = started(new LocalScheduler(data.path("schedules.json"), clock != null ? clock.clock() : Clock.systemUTC(), clients.sqs(),
                arn -> arn.startsWith(arnPrefix) ? Optional.ofNullable(urls.get(arn.substring(arnPrefix.length()))) : Optional.empty()).start());
        URI management = URI.create(edge + "/" + topology.webSocketApi().stage());
        lambda = started(new LambdaHost(topology, options.repoRoot(), functionEnvironment(),
                new EnvResolver(topology, queueUrls, management, jwt.audiences(), options.region())));
        webSocket = started(new WebSocketGateway(topology.webSocketApi(), lambda, host, Ports.orFree(options.webSocketPort()),
                clock != null ? clock.clock() : Clock.systemUTC()).start());

        s3 = new S3Api(bus, EmbeddedSqs.ACCOUNT_ID, options.region());
        List<EdgeComponent> components = List.of(requestCounts.edgeCounter(),
                // any origin: a browser app on its own dev server calls herald up; on AWS, herald:allowedOrigins lists them
                new HttpApiGateway(topology.httpApi(), lambda, bus, topology.busName(), jwt, CorsPolicy.of(topology.httpApi(), LOCAL_ALLOWED_ORIGINS)),
                webSocket.managementApi(), ses, fcm, new LambdaInvokeApi(lambda),
                new SchedulerApi(scheduler, options.region(), EmbeddedSqs.ACCOUNT_ID),
                new Dashboard(webSocket::endpoint, jwt::mint, () -> jwt.mintProducer(DASHBOARD_PRODUCER, true), dashboardGuard, apns, fcm, ses,
                        new DynamoDbDeliveryLedger(clients.dynamo(), HeraldTopology.TABLE_DELIVERIES), DemoSeed.USERS),
                new FaultsApi(apns, fcm, ses, webSocket, () -> mappings, dashboardGuard), webhookSink,
                new PipelineView(topology, clients.sqs(), queueUrls, this::invocations, pipelineStats, dashboardGuard),
                new SmsDashboard(sms, dashboardGuard),
                new ControlPages(() -> RouterRoutes.fromStore(routeStore), dashboardGuard),
                new TemplatesApi(clients.dynamo(), new DynamoDbProfileStore(clients.dynamo(), HeraldTopology.TABLE_PROFILES), dashboardGuard),
                new UsersApi(new UsersApi.Stores(new DynamoDbProfileStore(clients.dynamo(), HeraldTopology.TABLE_PROFILES),
                        new DynamoDbPreferenceStore(clients.dynamo(), HeraldTopology.TABLE_PREFERENCES),
                        new DynamoDbDeviceTokenStore(clients.dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS),
                        new DynamoDbConnectionStore(clients.dynamo(), HeraldTopology.TABLE_CONNECTIONS),
                        new DynamoDbTopicStore(clients.dynamo(), HeraldTopology.TABLE_TOPICS),
                        new DynamoDbDeliveryLedger(clients.dynamo(), HeraldTopology.TABLE_DELIVERIES)), dashboardGuard),
                new dev.herald.local.dashboard.WaitingDeliveries(clients.dynamo(), dashboardGuard),
                new dev.herald.local.clock.ClockApi(clock),
                // last: its /{bucket}/<key> routes must not shadow the components' own paths
                s3);
        AwsServiceProxy sqsProxy = new AwsServiceProxy("AmazonSQS", "ElasticMQ", sqsServer.endpoint(), Duration.ofSeconds(30));
        // on the adjustable clock, delayed sends wait for it (ElasticMQ's delays follow the wall clock)
        dev.herald.local.edge.AwsJsonService sqsJson = sqsProxy;
        if (clock != null) {
            var line = started(new dev.herald.local.clock.DelayLine(sqsProxy, sqsServer.endpoint(), clock.clock()).start());
            clock.onAdvance(line::releaseDue);
            clock.onAdvance(scheduler::fireDue);
            sqsJson = line;
        }
        started(new EdgeServer(host, edgePort, components, List.of(
                new EventsApi(bus, "arn:aws:sqs:" + options.region() + ":" + EmbeddedSqs.ACCOUNT_ID + ":"),
                new AwsServiceProxy("DynamoDB_20120810", "DynamoDB Local", dynamoDb.endpoint(), Duration.ofSeconds(30), new CapacityMeter(requestCounts)),
                sqsJson,
                new SecretsManagerApi(secretStore), sms), sqsProxy,
                credentials.enforced() ? new SigV4Verifier(credentials.accessKeyId(), credentials.secretAccessKey()) : null).start());

        LOG.debug("edge server started ms={}", (System.nanoTime() - begin) / 1_000_000);
        unbuiltFunctions = FunctionJars.unbuilt(topology, options.repoRoot());
        mappings = started(new EventSourceMappings(FunctionJars.withoutUnbuiltTriggers(topology, options.repoRoot()), lambda,
                clients.sqs(), queueUrls).start());
        if (options.demo()) {
            DemoSeed seed = new DemoSeed(clients.dynamo(), apns.topic());
            demo = seed.seed();
            int published = seed.publishSamples(bus);
            dev.herald.local.demo.DemoWebhook.seed(clients.dynamo(), URI.create(edge + dev.herald.local.dashboard.WebhookSink.PATH));
            published += (int) bus.putEvents(List.of(dev.herald.local.demo.DemoWebhook.sampleEvent())).stream().filter(r -> !r.failed()).count();
            LOG.info("demo samples published count={}", published);
            DemoUpload.upload(s3);
            LOG.info("demo upload bucket={} key={}", DemoUpload.BUCKET, DemoUpload.KEY);
        }
    }

    /** What every hosted function gets besides its own variables: the SDK pointed at the edge port. */
    private Map<String, String> functionEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_REGION", options.region(), "AWS_ENDPOINT_URL", edge.toString(),
                "AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                EnvNames.EVENT_BUS, topology.busName(),
                // local receivers: webhook endpoints may be loopback here (never on AWS); the banner says so
                EnvNames.WEBHOOK_ALLOW_LOOPBACK, "true",
                // the router checks the Routes table's version every batch: a route put through the admin API routes the next event
                EnvNames.ROUTES_CHECK_MS, "0"));
        if (options.adjustableClock()) {
            env.put(EnvNames.CLOCK, dev.herald.common.config.Clocks.ADJUSTABLE);
        }
        return Map.copyOf(env);
    }

    /** {@code http://localhost:<port>}: every AWS API ({@code AWS_ENDPOINT_URL}), the HTTP API, the dashboard. */
    public URI edgeEndpoint() {
        return edge;
    }

    public URI webSocketEndpoint() {
        return webSocket.endpoint();
    }

    public URI dashboardUrl() {
        return URI.create(edge + "/dashboard");
    }

    public int apnsPort() {
        return apns.port();
    }

    /** The APNs emulator: what it received, and the faults to inject ({@link ApnsEmulator#faults()}). */
    public ApnsEmulator apns() {
        return apns;
    }

    /** The FCM emulator (on the edge port). */
    public FcmEmulator fcm() {
        return fcm;
    }

    /** The dashboard's webhook receiver ({@code /webhook-sink}): what the demo endpoint received. */
    public dev.herald.local.dashboard.WebhookSink webhookSink() {
        return webhookSink;
    }

    /** The SES emulator (on the edge port). */
    public SesEmulator ses() {
        return ses;
    }

    /** The End User Messaging SMS emulator (on the edge port): texts sent, the opt-out list, faults. */
    public SmsEmulator sms() {
        return sms;
    }

    /**
     * Moves the adjustable clock forward by {@code by} and fires what fell due (schedules, delayed SQS messages) before
     * returning the new time; {@code POST /_herald/clock} does the same over HTTP.
     *
     * @throws IllegalStateException when this runtime runs on the system clock ({@link RuntimeOptions#adjustableClock()} off)
     */
    public java.time.Instant advanceClock(Duration by) {
        if (clock == null) {
            throw new IllegalStateException("herald up runs on the system clock; start it with RuntimeOptions#withAdjustableClock(true) to advance time");
        }
        return clock.advance(by);
    }

    /** The time the functions tell: the adjustable clock's, or the system's. */
    public java.time.Instant now() {
        return clock == null ? java.time.Instant.now() : clock.now();
    }

    /** EventBridge Scheduler's one-time schedules (long deferrals such as quiet hours), fired into the queues. */
    public LocalScheduler scheduler() {
        return scheduler;
    }

    /** The WebSocket gateway: open connections and the {@code @connections} faults ({@link WebSocketGateway#managementFaults()}). */
    public WebSocketGateway webSocketGateway() {
        return webSocket;
    }

    /** The SQS event source mappings: faults "function died after returning" ({@link EventSourceMappings#faults()}). */
    public EventSourceMappings eventSourceMappings() {
        return mappings;
    }

    public String region() {
        return options.region();
    }

    public RuntimeOptions options() {
        return options;
    }

    public Topology topology() {
        return topology;
    }

    /** Queue name to URL (on the edge port). */
    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    /** Functions whose jar is not built: they fail when invoked and their queues are not polled. */
    public List<String> unbuiltFunctions() {
        return unbuiltFunctions;
    }

    /** The S3 API on the edge port (buckets in memory). */
    public S3Api s3() {
        return s3;
    }

    /** The demo seed's result, or null without {@code demo}. */
    public DemoSeed.Result demo() {
        return demo;
    }

    /** The publisher behind PutEvents, for in-process callers. */
    public EventPublisher bus() {
        return bus;
    }

    /** An end user's token for {@code userId} that the HTTP API, the WebSocket {@code $connect} and the dashboard accept; it cannot publish. */
    public String tokenFor(String userId) {
        return jwt.mint(userId);
    }

    /**
     * A producer's token (scope {@code herald/publish}, plus {@code herald/publish-critical} when {@code critical}) for
     * {@code POST /v1/events}, as a client-credentials grant would issue it.
     */
    public String producerToken(String clientId, boolean critical) {
        return jwt.mintProducer(clientId, critical);
    }

    /** An operator's token (scope {@code herald/admin}) for the {@code /v1/admin/...} routes. */
    public String adminToken(String clientId) {
        return jwt.mintAdmin(clientId);
    }

    /**
     * Every AWS API request served so far, by {@code service:Operation}: on the edge port and the runtime's own
     * calls to the engines (event bus targets, event-source mapping polls). For load tests.
     */
    public RequestCounts requestCounts() {
        return requestCounts;
    }

    /**
     * The access key the edge port's AWS APIs take: {@code local}/{@code local} on loopback (not checked); a random
     * key and secret, new at every start, when {@code herald up} listens beyond loopback (every call must be signed).
     */
    public EdgeCredentials credentials() {
        return credentials;
    }

    /** This run's dashboard token ({@link DashboardGuard#TOKEN_HEADER}), which the dashboard page carries. */
    public String dashboardToken() {
        return dashboardGuard.token();
    }

    /** Invocations and handler time so far, by function name. For load tests. */
    public Map<String, LambdaHost.InvocationStats> invocations() {
        return lambda == null ? Map.of() : lambda.invocations();
    }

    /**
     * Stops everything started, newest first; never throws. The order is what keeps a stop clean: the browsers'
     * connections, then intake (the event-source mappings stop polling and wait, bounded by the function timeout,
     * for the batches in flight to finish and be deleted), the edge server, the Lambda host, then the engines -
     * ElasticMQ stops before its database is closed - so a restart finds the queues exactly as acknowledged.
     */
    @Override
    public synchronized void close() {
        // browsers first: each closed connection runs $disconnect, which still needs DynamoDB through the edge
        if (webSocket != null) {
            webSocket.close();
        }
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            long begin = System.nanoTime();
            try {
                c.close();
                LOG.debug("stopped component={} ms={}", c.getClass().getSimpleName(), (System.nanoTime() - begin) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("stopping failed component={} error={}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private <T extends AutoCloseable> T started(T component) {
        started.push(component);
        return component;
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }

    /** Waits for every start, keeps the ones that succeeded (so close() stops them), then throws the first failure. */
    private void awaitAll(List<? extends CompletableFuture<? extends AutoCloseable>> starts) {
        RuntimeException failure = null;
        for (CompletableFuture<? extends AutoCloseable> f : starts) {
            try {
                started(f.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = unwrap(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
