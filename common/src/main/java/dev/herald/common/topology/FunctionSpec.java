package dev.herald.common.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A Lambda function.
 *
 * @param name         the function name (also the Invoke API name)
 * @param handlerClass fully qualified class implementing {@code RequestHandler}; both backends load it by name
 * @param artifact     the Maven module whose jar holds it, e.g. {@code herald-router}
 * @param environment  variables, some of them references resolved per backend
 * @param trigger      the SQS event source mapping, if the function is fed by a queue
 */
public record FunctionSpec(
        String name,
        String handlerClass,
        String artifact,
        int memoryMb,
        Duration timeout,
        Map<String, EnvValue> environment,
        Optional<SqsTrigger> trigger) {
    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
