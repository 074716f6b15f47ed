package dev.herald.infra;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole Herald pipeline on AWS, built from any {@link Topology}: bus, archive and rules;
 * queues with their DLQs; tables; secrets; one function per FunctionSpec with its triggers and
 * grants; the WebSocket and HTTP APIs; SES feedback; alarms and a dashboard. Nothing here names a
 * queue, table, rule or function that the Topology does not: change the Topology and the stack
 * follows.
 *
 * <p>Construction fails with an {@link IllegalArgumentException} or {@link IllegalStateException}
 * that names the setting to fix (missing context, missing Lambda jar).
 */
public final class HeraldStack extends Stack {
    private final Topology topology;

    public HeraldStack(Construct scope, String id, StackProps props, Topology topology, StackSettings settings) {
        super(scope, id, props);
        this.topology = topology;

        PhysicalNames names = new PhysicalNames(topology.busName(), settings.prefix());
        QueueResources queues = new QueueResources(this, topology.queues(), names);
        TableResources tables = new TableResources(this, LedgerIndexSetting.fromContext(getNode()).apply(topology.tables()), names);
        if (topology.table(HeraldTopology.TABLE_ROUTES).isPresent()) {
            RouteSeed.add(this, tables.get(HeraldTopology.TABLE_ROUTES), settings.routesFile());
        }
        EventResources events = new EventResources(this, topology, queues, settings, names, ForwardedRoutes.read(settings.routesFile()));
        SecretResources secrets = new SecretResources(this, topology, names);
        ApiResources apis = new ApiResources(this, topology, settings, names);

        SchedulerResources schedules = new SchedulerResources(this, names.of(HeraldTopology.SCHEDULE_GROUP));
        SmsResources sms = new SmsResources(this, names.prefix());
        FunctionWiring wiring = new FunctionWiring(tables, queues, events.bus(), secrets, apis.managementEndpoint(),
                settings.jwtAudience(), names, schedules, sms);
        FunctionResources functions = new FunctionResources(this, topology.functions(), new FunctionCode(settings), wiring, settings, names);
        functions.connectTriggers(queues);
        wiring.grant(functions);
        apis.connect(functions, events.bus());

        EmailResources email = new EmailResources(this, names.prefix(), events.defaultBus(), settings);
        email.grantSend(functions);
        new Monitoring(this, names.prefix(), queues, functions, settings.alarmEmail(), events, apis, tables, names);
        NagSuppressionsForHerald.apply(this, functions, secrets, apis, events, email, settings);

        output("EventBusName", events.bus().getEventBusName(), "PutEvents here (aws events put-events --entries EventBusName=...)");
        output("EventBusArn", events.bus().getEventBusArn(), "grant producers events:PutEvents on this ARN");
        output("HttpApiUrl", apis.httpStage().getUrl(), "POST {url}v1/events with a JWT to publish over HTTPS");
        output("WebSocketUrl", apis.webSocketStage().getUrl(), "browsers connect here with ?token=<JWT>");
        output("WebSocketManagementEndpoint", apis.managementEndpoint(), "the @connections endpoint delivery functions call");
        output("SmsConfigurationSetName", sms.configurationSetName(), "texts are sent with this End User Messaging configuration set");
        output("SesConfigurationSetName", email.configurationSet().getConfigurationSetName(), "bounces and complaints of this set reach the feedback function");
        if (topology.table(HeraldTopology.TABLE_DELIVERIES).isPresent()) {
            output("DeliveriesTableName", tables.get(HeraldTopology.TABLE_DELIVERIES).getTableName(),
                    "the delivery ledger (infra/smoke-test.sh reads the notification's row here)");
        }
        output("EventsDeadLetterQueueUrl", events.deadLetterQueue().getQueueUrl(), "events EventBridge could not deliver to a rule target");
        output("SecretNames", String.join(",", secrets.all().keySet().stream().map(names::of).toList()),
                "put the real values here (docs/DEPLOY.md, Secrets)");
    }

    /** The Topology this stack was built from. */
    public Topology topology() {
        return topology;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
