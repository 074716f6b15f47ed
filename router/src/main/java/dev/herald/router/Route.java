package dev.herald.router;

import dev.herald.common.event.Channel;
import dev.herald.common.event.Recipient;
import dev.herald.common.orchestration.ChannelStep;
import java.util.List;

/**
 * One entry of the routes file: which events it matches and what to do with them.
 *
 * @param name       unique within the file; logs and errors name it
 * @param pattern    an event-ruler pattern (the engine EventBridge uses), as JSON, matched against the whole event
 * @param channels   where to deliver, at least one
 * @param templateId the template the enrichment function renders, or null
 * @param enrich     whether to call the enrichment function (needs a template)
 * @param category   the preference category when the event names none, or null
 * @param recipients for foreign events that carry no Herald detail (an S3 notification, say): who to tell;
 *                   empty for Herald events, which name their own recipients
 * @param steps      the channels as steps with delays (WebSocket now, push after 30 s unless read, ...), in
 *                   {@code channels}' order; empty when every channel sends at once
 * @param throttle   at most so many notifications per user, channel and category per window ({@link Throttle}), or null
 * @param digest     the route's digest ({@link Digest}), or null
 */
public record Route(String name, String pattern, List<Channel> channels, String templateId, boolean enrich, String category,
                    List<Recipient> recipients, List<ChannelStep> steps, Throttle throttle, Digest digest) {
    public Route {
        channels = List.copyOf(channels);
        recipients = List.copyOf(recipients);
        steps = List.copyOf(steps);
    }

    /** A route without a digest. */
    public Route(String name, String pattern, List<Channel> channels, String templateId, boolean enrich, String category,
                 List<Recipient> recipients, List<ChannelStep> steps, Throttle throttle) {
        this(name, pattern, channels, templateId, enrich, category, recipients, steps, throttle, null);
    }

    /** A route without a throttle. */
    public Route(String name, String pattern, List<Channel> channels, String templateId, boolean enrich, String category,
                 List<Recipient> recipients, List<ChannelStep> steps) {
        this(name, pattern, channels, templateId, enrich, category, recipients, steps, null, null);
    }

    /** A route that sends on all its channels at once. */
    public Route(String name, String pattern, List<Channel> channels, String templateId, boolean enrich, String category,
                 List<Recipient> recipients) {
        this(name, pattern, channels, templateId, enrich, category, recipients, List.of());
    }

    /** Whether this route may route events that have no Herald detail. */
    public boolean routesForeignEvents() {
        return !recipients.isEmpty();
    }
}
