package dev.herald.router;

import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.store.Preferences;
import java.time.Instant;

/**
 * Applies one user's preferences to one delivery: opted out of the category on the channel means
 * skip; inside quiet hours means deliver at their end. {@link Priority#CRITICAL} bypasses both.
 */
final class PreferenceFilter {

    sealed interface Decision {
        /** Deliver; {@code notBefore} is the end of quiet hours, or null for now. */
        record Deliver(Instant notBefore) implements Decision {
        }

        /** Do not deliver; the ledger row is {@code skipped} with this reason. */
        record Skip(String reason) implements Decision {
        }
    }

    private static final Decision NOW = new Decision.Deliver(null);

    Decision decide(Preferences preferences, String category, Channel channel, Priority priority, Instant now) {
        if (priority == Priority.CRITICAL || preferences == null) {
            return NOW;
        }
        if (preferences.optedOut(category, channel)) {
            return new Decision.Skip("opted out of " + (category == null ? "uncategorised notifications" : category)
                    + " on " + channel.wireName());
        }
        return preferences.quietUntil(now).<Decision>map(Decision.Deliver::new).orElse(NOW);
    }
}
