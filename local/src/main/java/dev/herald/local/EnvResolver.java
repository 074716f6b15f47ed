package dev.herald.local;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import dev.herald.local.engines.EmbeddedSqs;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the Topology's environment references mean under {@code herald up}: tables, functions and
 * secrets by name (as on AWS), queue URLs and the {@code @connections} endpoint on the edge port, queue ARNs as
 * ElasticMQ writes them, the schedule group and a placeholder role for {@code herald up}'s Scheduler.
 * An unknown queue fails with the names that exist.
 */
final class EnvResolver implements Function<EnvValue, String> {
    private final Topology topology;
    private final Map<String, String> queueUrls;
    private final URI managementEndpoint;
    private final List<String> jwtAudiences;
    private final String region;

    /** @param jwtAudiences the audiences the local HTTP API's JWT authorizer accepts: the functions accept the same */
    EnvResolver(Topology topology, Map<String, String> queueUrls, URI managementEndpoint, List<String> jwtAudiences, String region) {
        this.topology = topology;
        this.region = region;
        this.queueUrls = Map.copyOf(queueUrls);
        this.managementEndpoint = managementEndpoint;
        this.jwtAudiences = List.copyOf(jwtAudiences);
    }

    @Override
    public String apply(EnvValue value) {
        return switch (value) {
            case EnvValue.Literal l -> l.value();
            case EnvValue.TableName t -> t.table();
            case EnvValue.FunctionName f -> f.function();
            case EnvValue.SecretId s -> s.secret();
            case EnvValue.BusName b -> topology.busName();
            case EnvValue.WebSocketManagementEndpoint w -> managementEndpoint.toString();
            case EnvValue.JwtAudiences a -> String.join(",", jwtAudiences);
            case EnvValue.ScheduleGroup g -> HeraldTopology.SCHEDULE_GROUP;
            case EnvValue.SmsConfigurationSet c -> dev.herald.local.emulators.SmsEmulator.CONFIGURATION_SET;
            case EnvValue.SmsOriginationIdentity o -> dev.herald.local.emulators.SmsEmulator.ORIGINATION_IDENTITY;
            // herald up's Scheduler checks that a role is named, as Scheduler does; there is no IAM to assume it in
            case EnvValue.SchedulerRoleArn r -> "arn:aws:iam::" + EmbeddedSqs.ACCOUNT_ID + ":role/herald-scheduler";
            case EnvValue.QueueArn q -> {
                if (!queueUrls.containsKey(q.queue())) {
                    throw new IllegalArgumentException("no queue " + q.queue() + " was created; the Topology's queues are " + queueUrls.keySet());
                }
                yield "arn:aws:sqs:" + region + ":" + EmbeddedSqs.ACCOUNT_ID + ":" + q.queue();
            }
            case EnvValue.QueueUrl q -> {
                String url = queueUrls.get(q.queue());
                if (url == null) {
                    throw new IllegalArgumentException("no queue " + q.queue() + " was created; the Topology's queues are " + queueUrls.keySet());
                }
                yield url;
            }
        };
    }
}
