package dev.herald.common.event;

import java.util.List;
import java.util.Optional;

/** What {@link EventParser} made of a body: a valid event, or every problem found at once. */
public sealed interface ParsedEvent {
    record Valid(HeraldEvent event) implements ParsedEvent {
    }

    /**
     * @param eventId  the EventBridge id if the envelope had one (the ledger keys the rejection on it)
     * @param problems every problem, each naming the field and the fix
     */
    record Invalid(Optional<String> eventId, List<Problem> problems) implements ParsedEvent {
        public Invalid {
            problems = List.copyOf(problems);
        }

        /** All problems in one line, for the ledger and for 400 answers. */
        public String reason() {
            return String.join("; ", problems.stream().map(Problem::toString).toList());
        }
    }
}
