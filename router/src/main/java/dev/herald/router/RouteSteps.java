package dev.herald.router;

import dev.herald.common.event.Channel;
import dev.herald.common.orchestration.ChannelStep;
import dev.herald.common.orchestration.StepPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The router's side of channel steps: which steps a plan has, and when each step's message is due and first looked at.
 * A later step's message goes on its queue at once with a short delay ({@code StepGate.RECHECK}), so that its handler
 * learns early whether the step before reached the user (then it fires at once) and otherwise waits until the step's time.
 */
final class RouteSteps {
    private RouteSteps() {
    }

    /** The first matching route's steps among {@code channels} (the producer may narrow them), or none. */
    static List<ChannelStep> of(List<Route> matched, List<Channel> channels) {
        for (Route r : matched) {
            if (!r.steps().isEmpty()) {
                return r.steps().stream().filter(s -> channels.contains(s.channel())).toList();
            }
        }
        return List.of();
    }

    /** A step's time: routing time plus its delay, or the quiet hours' end when that is later. */
    static Instant notBefore(StepPlan steps, Instant now, Instant quietUntil) {
        if (steps == null || !steps.isFallback()) {
            return quietUntil;
        }
        return steps.due(now, quietUntil);
    }

    /** The SQS delay of a message: a later step is first looked at after {@code StepGate.RECHECK} (or at its time, if sooner). */
    static int delaySeconds(StepPlan steps, Instant now, Instant notBefore) {
        if (steps == null || !steps.isFallback()) {
            return NotificationRouter.delaySeconds(now, notBefore);
        }
        return NotificationRouter.delaySeconds(now, steps.firstLook(now, notBefore));
    }

    /** Parses a step's {@code after}: an ISO-8601 duration such as {@code PT30S} or {@code PT15M}. */
    static long afterSeconds(String text, String where) {
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (RuntimeException e) {
            throw new dev.herald.common.config.ConfigException(where + " \"after\" is '" + text
                    + "'; write an ISO-8601 duration such as \"PT30S\" or \"PT15M\"");
        }
        if (d.isNegative() || d.toMillis() % 1000 != 0) {
            throw new dev.herald.common.config.ConfigException(where + " \"after\" is '" + text + "'; a delay is whole seconds, never negative");
        }
        return d.toSeconds();
    }
}
