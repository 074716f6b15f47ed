package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.event.Recipient;
import dev.herald.common.orchestration.ChannelStep;
import java.time.Instant;
import java.util.List;

/**
 * What {@link RoutePlanner} decided for one ingress body, before any I/O: route it, record that no
 * route matched, or record that it was invalid. Fields documented "or null" are absent values.
 */
public sealed interface RoutingPlan {

    /**
     * Deliver a notification.
     *
     * @param eventId        the EventBridge event id
     * @param notificationId the idempotency key (the producer's notificationId, else the event id)
     * @param routeNames     the matching routes, in file order
     * @param recipients     user ids and topics, de-duplicated, before topic expansion
     * @param channels       the matching routes' channels, narrowed by the producer's {@code channels}; never empty
     * @param templateId     the first matching route's template, or null
     * @param enrich         whether to call the enrichment function for that template
     * @param category       the event's category, else the first matching route's, or null
     * @param data           template variables (the detail itself for foreign events): an object, possibly a
     *                       {@code Json.raw} node holding the producer's text verbatim (read it with {@code Json.asObject})
     * @param locale         the producer's locale override, or null
     * @param steps          the first matching route's channel steps that are among {@code channels}; empty: all at once
     * @param throttle       the first matching route's throttle, or null
     * @param digest         the first matching route's digest, or null
     * @param sendAt         the producer's scheduled time ({@code detail.sendAt}), or null to send now
     */
    record Routed(String eventId, String notificationId, String eventType, String source, List<String> routeNames,
                  List<Recipient> recipients, List<Channel> channels, String templateId, boolean enrich, String category,
                  Priority priority, JsonNode data, String locale, String traceId, List<ChannelStep> steps,
                  Throttle throttle, Digest digest, Instant sendAt) implements RoutingPlan {
        public Routed {
            routeNames = List.copyOf(routeNames);
            recipients = List.copyOf(recipients);
            channels = List.copyOf(channels);
            steps = List.copyOf(steps);
        }

        /** A plan sent now. */
        public Routed(String eventId, String notificationId, String eventType, String source, List<String> routeNames,
                      List<Recipient> recipients, List<Channel> channels, String templateId, boolean enrich, String category,
                      Priority priority, JsonNode data, String locale, String traceId, List<ChannelStep> steps, Throttle throttle,
                      Digest digest) {
            this(eventId, notificationId, eventType, source, routeNames, recipients, channels, templateId, enrich, category, priority,
                    data, locale, traceId, steps, throttle, digest, null);
        }

        /** A plan without a digest. */
        public Routed(String eventId, String notificationId, String eventType, String source, List<String> routeNames,
                      List<Recipient> recipients, List<Channel> channels, String templateId, boolean enrich, String category,
                      Priority priority, JsonNode data, String locale, String traceId, List<ChannelStep> steps, Throttle throttle) {
            this(eventId, notificationId, eventType, source, routeNames, recipients, channels, templateId, enrich, category, priority,
                    data, locale, traceId, steps, throttle, null);
        }

        /** A plan without a throttle. */
        public Routed(String eventId, String notificationId, String eventType, String source, List<String> routeNames,
                      List<Recipient> recipients, List<Channel> channels, String templateId, boolean enrich, String category,
                      Priority priority, JsonNode data, String locale, String traceId, List<ChannelStep> steps) {
            this(eventId, notificationId, eventType, source, routeNames, recipients, channels, templateId, enrich, category, priority,
                    data, locale, traceId, steps, null, null);
        }

        /** A plan that sends on all its channels at once. */
        public Routed(String eventId, String notificationId, String eventType, String source, List<String> routeNames,
                      List<Recipient> recipients, List<Channel> channels, String templateId, boolean enrich, String category,
                      Priority priority, JsonNode data, String locale, String traceId) {
            this(eventId, notificationId, eventType, source, routeNames, recipients, channels, templateId, enrich, category, priority,
                    data, locale, traceId, List.of());
        }
    }

    /** A valid event that no route wants (or whose channels were all narrowed away); recorded as {@code unrouted}. */
    record Unrouted(String ledgerKey, String eventId, String notificationId, String eventType, String reason) implements RoutingPlan {
    }

    /** An invalid body; recorded as {@code rejected}, never retried. {@code eventId}/{@code eventType} may be null. */
    record Rejected(String ledgerKey, String eventId, String eventType, String reason) implements RoutingPlan {
    }
}
