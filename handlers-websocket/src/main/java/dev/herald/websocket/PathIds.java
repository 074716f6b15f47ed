package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Problem;
import java.util.Map;
import java.util.Optional;

/** Topic names and user ids taken from a route's path parameters, checked as event validation checks them. */
final class PathIds {
    static final int MAX_LENGTH = 256;

    private PathIds() {
    }

    static String param(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> params = event.getPathParameters();
        String v = params == null ? null : params.get(name);
        return v == null ? "" : v;
    }

    /** The problem with an id, or empty when it is usable. */
    static Optional<Problem> check(String field, String value) {
        if (value.isBlank()) {
            return Optional.of(new Problem(field, "is empty; put it in the path"));
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(new Problem(field, "is longer than " + MAX_LENGTH + " characters"));
        }
        if (value.contains(DeliveryIds.SEPARATOR)) {
            return Optional.of(new Problem(field, "contains '" + DeliveryIds.SEPARATOR + "', which Herald uses to join ids into ledger keys; "
                    + "use an id without it"));
        }
        return Optional.empty();
    }
}
