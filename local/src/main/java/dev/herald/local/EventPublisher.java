package dev.herald.local;

import java.util.List;

/**
 * Puts events on the local Herald bus, as EventBridge {@code PutEvents} does: each entry is matched
 * against the Topology's rules and delivered to their targets. Implemented by the local event bus;
 * used by the edge server's {@code AWSEvents.PutEvents} endpoint, the HTTP ingestion route and the
 * dashboard.
 */
public interface EventPublisher {
    /**
     * One PutEvents entry. {@code detail} is a JSON object as a string; {@code eventBusName} a name or
     * ARN (null: the default bus); {@code time} the event's time (null: now).
     */
    record Entry(String source, String detailType, String detail, List<String> resources, String eventBusName, java.time.Instant time) {
        public Entry(String source, String detailType, String detail, List<String> resources, String eventBusName) {
            this(source, detailType, detail, resources, eventBusName, null);
        }
    }

    /** Per entry, in request order: the event id, or an error code and message (as PutEvents answers). */
    record Result(String eventId, String errorCode, String errorMessage) {
        public boolean failed() {
            return errorCode != null;
        }
    }

    List<Result> putEvents(List<Entry> entries);
}
