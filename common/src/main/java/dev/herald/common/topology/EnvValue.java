package dev.herald.common.topology;

/**
 * A function environment value: a literal, or a reference each backend resolves to its own
 * concrete value (a CDK token on AWS, a local URL under {@code herald up}).
 */
public sealed interface EnvValue {
    record Literal(String value) implements EnvValue {
    }

    /** The physical name of a table of the Topology. */
    record TableName(String table) implements EnvValue {
    }

    /** The URL of a queue of the Topology. */
    record QueueUrl(String queue) implements EnvValue {
    }

    /**
     * The ARN of a queue of the Topology, as the target of the one-time schedules a function creates: the
     * scheduler's role may send to it (the function itself gets nothing from this).
     */
    record QueueArn(String queue) implements EnvValue {
    }

    /** EventBridge Scheduler's schedule group for deferred deliveries: the function may create schedules in it. */
    record ScheduleGroup() implements EnvValue {
    }

    /** The ARN of the role EventBridge Scheduler assumes to run those schedules: the function may pass it. */
    record SchedulerRoleArn() implements EnvValue {
    }

    /** The name of a function of the Topology (for the Invoke API). */
    record FunctionName(String function) implements EnvValue {
    }

    /** The name of the Topology's event bus. */
    record BusName() implements EnvValue {
    }

    /** The WebSocket API's {@code @connections} management endpoint. */
    record WebSocketManagementEndpoint() implements EnvValue {
    }

    /** The id (name or ARN) of a Secrets Manager secret; the function reads the value on first use (and again after a few minutes). */
    record SecretId(String secret) implements EnvValue {
    }

    /** The JWT audiences the gateway's authorizer accepts, comma separated: functions accept exactly the same list. */
    record JwtAudiences() implements EnvValue {
    }

    /**
     * The AWS End User Messaging SMS configuration set texts are sent with: on AWS the CDK context value
     * {@code herald:smsConfigurationSet}; under {@code herald up} the emulator's.
     */
    record SmsConfigurationSet() implements EnvValue {
    }

    /**
     * The origination identity (phone number, sender id or pool) texts are sent from: on AWS the CDK context value
     * {@code herald:smsOriginationIdentity}; under {@code herald up} the emulator's.
     */
    record SmsOriginationIdentity() implements EnvValue {
    }

    static EnvValue literal(String value) {
        return new Literal(value);
    }
}
