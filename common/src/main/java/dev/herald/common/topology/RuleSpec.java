package dev.herald.common.topology;

/**
 * An EventBridge rule: an event pattern (event-ruler / EventBridge syntax, as JSON) on a bus,
 * delivering matching events to a queue.
 *
 * @param bus          "herald" for the custom bus; {@link #DEFAULT_BUS} for rules that must live on the
 *                     account's default bus (SES and S3 publish only there)
 * @param eventPattern JSON event pattern, e.g. {@code {"source":["aws.ses"]}}
 * @param targetQueue  the queue that receives matching events
 */
public record RuleSpec(String name, String bus, String eventPattern, String targetQueue, String description) {
    public static final String DEFAULT_BUS = "default";
}
