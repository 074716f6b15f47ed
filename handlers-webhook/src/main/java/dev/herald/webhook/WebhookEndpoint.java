package dev.herald.webhook;

import java.net.URI;
import java.time.Instant;

/**
 * One registered endpoint (a row of {@code herald-webhooks}).
 *
 * @param endpointId    the operator's id for it (path parameter of the admin API)
 * @param url           where deliveries are POSTed: https (http only to loopback under {@code herald up})
 * @param scope         whose deliveries it receives
 * @param secret        the signing secret, {@code whsec_} + base64 ({@link WebhookSecret})
 * @param enabled       false once it failed for {@link WebhookSender#DISABLE_AFTER} (an admin re-enables it)
 * @param failingSince  the first transient failure of the current run of failures, or null
 * @param disabledReason why it was disabled, or null
 * @param createdAt     when it was registered
 */
record WebhookEndpoint(String endpointId, URI url, WebhookScope scope, String secret, boolean enabled, Instant failingSince,
                       String disabledReason, Instant createdAt) {

    /** Whether it receives the deliveries of {@code userId}, a member of {@code topics} (read only when needed). */
    boolean receives(String userId, java.util.function.Supplier<java.util.List<String>> topics) {
        return switch (scope.kind()) {
            case ACCOUNT -> true;
            case USER -> scope.value().equals(userId);
            case TOPIC -> topics.get().contains(scope.value());
        };
    }
}
