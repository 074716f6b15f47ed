package dev.herald.infra;

import dev.herald.common.topology.HeraldTopology;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.events.IEventBus;

/**
 * Resolves a function's {@link EnvValue}s to this stack's resources and grants exactly the
 * access each reference implies: a table gets read or read-write data access (see
 * {@link TableAccess}), a queue URL send, a function name invoke (of its alias), the bus
 * PutEvents, a secret read, the schedule group CreateSchedule, the scheduler role PassRole, a queue ARN send for
 * the scheduler's role. Nothing is granted that the Topology does not reference, and only
 * through CDK grants.
 */
final class FunctionWiring {
    private final TableResources tables;
    private final QueueResources queues;
    private final IEventBus bus;
    private final SecretResources secrets;
    private final String webSocketManagementEndpoint;
    private final List<String> jwtAudiences;
    private final PhysicalNames names;
    private final SchedulerResources schedules;
    private final SmsResources sms;

    /** @param jwtAudiences the HTTP API JWT authorizer's audiences ({@code herald:jwtAudience}): the functions accept the same list */
    FunctionWiring(TableResources tables, QueueResources queues, IEventBus bus, SecretResources secrets, String webSocketManagementEndpoint,
                   List<String> jwtAudiences, PhysicalNames names, SchedulerResources schedules) {
        this(tables, queues, bus, secrets, webSocketManagementEndpoint, jwtAudiences, names, schedules, null);
    }

    /** @param sms the SMS configuration set and origination identity (null: a Topology without the SMS function) */
    FunctionWiring(TableResources tables, QueueResources queues, IEventBus bus, SecretResources secrets, String webSocketManagementEndpoint,
                   List<String> jwtAudiences, PhysicalNames names, SchedulerResources schedules, SmsResources sms) {
        this.sms = sms;
        this.names = names;
        this.schedules = schedules;
        this.tables = tables;
        this.queues = queues;
        this.bus = bus;
        this.secrets = secrets;
        this.webSocketManagementEndpoint = webSocketManagementEndpoint;
        this.jwtAudiences = List.copyOf(jwtAudiences);
    }

    /** The function's environment with every reference replaced by this stack's value (tokens). */
    Map<String, String> environment(FunctionSpec spec) {
        Map<String, String> env = new TreeMap<>();
        spec.environment().forEach((key, value) -> env.put(key, resolve(value)));
        env.put(JAVA_TOOL_OPTIONS, KEEP_ALIVE_OPTIONS);
        return env;
    }

    /** Read by the JVM at start (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html). */
    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    /**
     * The functions' SDK clients use the JDK's URL-connection HTTP client, whose keep-alive cache holds only 5 idle
     * connections per host by default; the router and the delivery handlers work on up to 10 records at once
     * (HERALD_ROUTER_PARALLELISM, HERALD_DELIVERY_PARALLELISM), so with 5 every batch would close connections and open
     * new ones (a TLS handshake each). 32 keeps them all warm.
     */
    static final String KEEP_ALIVE_OPTIONS = "-Dhttp.maxConnections=32";

    String resolve(EnvValue value) {
        return switch (value) {
            case EnvValue.Literal l -> l.value();
            case EnvValue.TableName t -> tables.get(t.table()).getTableName();
            case EnvValue.QueueUrl q -> queues.get(q.queue()).getQueueUrl();
            // the alias-qualified name, so the call lands on the SnapStart-enabled published version
            case EnvValue.FunctionName f -> names.of(f.function()) + ":" + FunctionResources.ALIAS;
            case EnvValue.BusName b -> bus.getEventBusName();
            case EnvValue.WebSocketManagementEndpoint w -> webSocketManagementEndpoint;
            case EnvValue.SecretId s -> secrets.get(s.secret()).getSecretArn();
            case EnvValue.JwtAudiences a -> String.join(",", jwtAudiences);
            case EnvValue.QueueArn q -> queues.get(q.queue()).getQueueArn();
            case EnvValue.ScheduleGroup g -> schedules.groupName();
            case EnvValue.SchedulerRoleArn r -> schedules.roleArn();
            case EnvValue.SmsConfigurationSet c -> sms().configurationSetName();
            case EnvValue.SmsOriginationIdentity o -> sms().originationIdentity();
        };
    }

    private SmsResources sms() {
        if (sms == null) {
            throw new IllegalStateException("a function references the SMS configuration but the stack made no SmsResources; pass them to FunctionWiring");
        }
        return sms;
    }

    /** Grants every function what its environment references. */
    void grant(FunctionResources functions) {
        for (FunctionResources.Deployed d : functions.all().values()) {
            var fn = d.function();
            for (EnvValue value : d.spec().environment().values()) {
                switch (value) {
                    case EnvValue.TableName t -> {
                        if (TableAccess.readOnly(d.spec().name(), t.table())) {
                            tables.get(t.table()).grantReadData(fn);
                        } else {
                            tables.get(t.table()).grantReadWriteData(fn);
                        }
                    }
                    case EnvValue.QueueUrl q -> queues.get(q.queue()).grantSendMessages(fn);
                    case EnvValue.FunctionName f -> functions.get(f.function()).alias().grantInvoke(fn);
                    case EnvValue.BusName b -> bus.grantPutEventsTo(fn);
                    case EnvValue.SecretId s -> secrets.get(s.secret()).grantRead(fn);
                    // the target of the function's schedules: Scheduler's role sends there, not the function
                    case EnvValue.QueueArn q -> {
                        schedules.allowTarget(queues.get(q.queue()));
                        // a schedule's dead-letter queue is its target's (MessageScheduler)
                        schedules.allowTarget(queues.get(q.queue() + HeraldTopology.DLQ_SUFFIX));
                    }
                    case EnvValue.ScheduleGroup g -> schedules.allowScheduling(fn);
                    case EnvValue.SchedulerRoleArn r -> schedules.allowPassing(fn);
                    // SendTextMessage on the configuration set, the origination identity and its opt-out list only
                    case EnvValue.SmsConfigurationSet c -> sms().grantSend(fn);
                    case EnvValue.SmsOriginationIdentity o -> {
                        // granted with the configuration set (one statement)
                    }
                    case EnvValue.WebSocketManagementEndpoint w -> {
                        // granted by WebSocketApiSpec.managementFunctions only (ApiResources)
                    }
                    case EnvValue.Literal l -> {
                    }
                    case EnvValue.JwtAudiences a -> {
                    }
                }
            }
        }
    }
}
