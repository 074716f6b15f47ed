package dev.herald.push;

import dev.herald.common.delivery.DeliveryOutcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the per-device answers of one delivery into its one outcome. The ledger keeps one row per
 * delivery (notification x push x user), not per device, so:
 * <ul>
 *   <li>any device accepted it: {@code Delivered} - the user has been reached. Devices that failed
 *       transiently in the same attempt are not retried, because a retry of the delivery would send
 *       again to the devices that already have it (the collapse id would hide the copy, but it would
 *       still buzz). The partial failure is logged by the caller;</li>
 *   <li>else any device failed transiently: {@code Failed} (SQS redelivers the message, and every
 *       remaining device is tried again);</li>
 *   <li>else every device refused it or is dead: {@code Rejected}, with the reasons counted.</li>
 * </ul>
 * No devices at all is decided before sending ({@code skipped}).
 */
final class PushOutcomes {
    private PushOutcomes() {
    }

    static DeliveryOutcome combine(List<TokenResult> results) {
        if (results.stream().anyMatch(r -> r.kind() == TokenResult.Kind.DELIVERED)) {
            return DeliveryOutcome.delivered();
        }
        List<TokenResult> transients = results.stream().filter(r -> r.kind() == TokenResult.Kind.TRANSIENT).toList();
        if (!transients.isEmpty()) {
            return DeliveryOutcome.failed(summary(transients.size() + " of " + results.size() + " device(s) failed transiently", transients));
        }
        return DeliveryOutcome.rejected(summary("all " + results.size() + " device(s) refused", results));
    }

    /** "2 of 3 device(s) failed transiently: APNs InternalServerError (500) x2". */
    static String summary(String head, List<TokenResult> results) {
        Map<String, Long> counts = results.stream().collect(Collectors.groupingBy(
                r -> r.reason() + (r.kind() == TokenResult.Kind.DEAD ? " (token removed)" : ""), TreeMap::new, Collectors.counting()));
        return head + ": " + counts.entrySet().stream()
                .map(e -> e.getValue() > 1 ? e.getKey() + " x" + e.getValue() : e.getKey())
                .collect(Collectors.joining("; "));
    }
}
