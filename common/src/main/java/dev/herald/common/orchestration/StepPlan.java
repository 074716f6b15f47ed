package dev.herald.common.orchestration;

import dev.herald.common.event.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where one channel message stands in its route's steps, as the recipient's steps are (the route's steps narrowed to the
 * channels the recipient gets: a channel the user opted out of is no step). Carried on the channel message, so the
 * handler that receives a later step decides from the ledger alone whether it fires ({@link StepGate}).
 *
 * @param index this message's step, 0 for the first
 * @param steps the recipient's steps, in order; at least {@code index + 1}
 */
public record StepPlan(int index, List<ChannelStep> steps) {
    public StepPlan {
        steps = List.copyOf(steps);
        if (index < 0 || index >= steps.size()) {
            throw new IllegalArgumentException("step index " + index + " is outside the " + steps.size() + " step(s)");
        }
    }

    /**
     * The plan of {@code channel} among {@code routeSteps} narrowed to {@code delivered}, or null when the route has no
     * steps (every channel sends at once) or {@code channel} is not one of them.
     */
    public static StepPlan of(List<ChannelStep> routeSteps, Collection<Channel> delivered, Channel channel) {
        if (routeSteps == null || routeSteps.isEmpty()) {
            return null;
        }
        List<ChannelStep> mine = new ArrayList<>();
        for (ChannelStep s : routeSteps) {
            if (delivered.contains(s.channel())) {
                mine.add(s);
            }
        }
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i).channel() == channel) {
                return new StepPlan(i, mine);
            }
        }
        return null;
    }

    /** Whether this message waits for an earlier step (its ledger row starts {@code pending}). */
    public boolean isFallback() {
        return index > 0;
    }

    public ChannelStep current() {
        return steps.get(index);
    }

    /** This step's time for a notification routed at {@code routedAt}, or {@code quietUntil} when that is later (may be null). */
    public Instant due(Instant routedAt, Instant quietUntil) {
        Instant due = routedAt.plusSeconds(current().afterSeconds());
        return quietUntil != null && quietUntil.isAfter(due) ? quietUntil : due;
    }

    /**
     * When a later step's message is first looked at: {@link StepGate#RECHECK} after routing (by then the step before has
     * usually finished, and if it could not reach the user this step fires), or at its time if that is sooner.
     */
    public Instant firstLook(Instant routedAt, Instant due) {
        Instant first = routedAt.plus(StepGate.RECHECK);
        return due.isBefore(first) ? due : first;
    }

    /** The step before this one; only for a fallback. */
    public ChannelStep previous() {
        return steps.get(index - 1);
    }
}
