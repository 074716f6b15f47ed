package dev.herald.common.orchestration;

import dev.herald.common.event.Channel;

/**
 * One step of a route's escalation: deliver on {@code channel} {@code afterSeconds} after the notification was routed,
 * unless it was read by then. The first step of a route fires at once ({@code afterSeconds} 0).
 *
 * @param channel      the step's channel
 * @param afterSeconds the step's delay from routing, in whole seconds; never negative
 */
public record ChannelStep(Channel channel, long afterSeconds) {
    public ChannelStep {
        if (channel == null) {
            throw new IllegalArgumentException("a step needs a channel");
        }
        if (afterSeconds < 0) {
            throw new IllegalArgumentException("step " + channel.wireName() + " waits " + afterSeconds + " s; a delay is never negative");
        }
    }
}
