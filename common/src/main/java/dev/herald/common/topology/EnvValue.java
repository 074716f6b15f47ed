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

    static EnvValue literal(String value) {
        return new Literal(value);
    }
}
