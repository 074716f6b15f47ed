package dev.herald.publish;

import java.util.List;

/**
 * What {@link HeraldPublisher#publish} did with each notification: every input index appears exactly
 * once, either in {@link #published()} or in {@link #unpublished()}.
 */
public record PublishResult(List<Published> published, List<Unpublished> unpublished) {
    public PublishResult {
        published = List.copyOf(published);
        unpublished = List.copyOf(unpublished);
    }

    /** True when EventBridge accepted every notification. */
    public boolean allPublished() {
        return unpublished.isEmpty();
    }

    /**
     * @param index          the notification's position in the list given to publish
     * @param notificationId the idempotency key the event carries (the producer's, or the one the publisher added)
     * @param eventId        the id EventBridge assigned
     * @param attempts       how many PutEvents calls carried this entry
     */
    public record Published(int index, String notificationId, String eventId, int attempts) {
    }

    /** Why a notification was not published. */
    public enum Kind {
        /** Permanent: the entry is invalid, too large or refused for good; sending it again will not help. */
        REJECTED,
        /** Transient: EventBridge still failed it after the last attempt; publishing it again later may work. */
        FAILED
    }

    /**
     * @param index        the notification's position in the list given to publish
     * @param notification the notification as given
     * @param kind         rejected (do not resend as is) or failed (resend later)
     * @param errorCode    EventBridge's ErrorCode or the SDK error code; {@code InvalidNotification} or
     *                     {@code EntryTooLarge} when the publisher refused it before sending
     * @param reason       what was wrong and how to fix it
     * @param attempts     how many PutEvents calls carried it (0 if never sent)
     */
    public record Unpublished(int index, Notification notification, Kind kind, String errorCode, String reason, int attempts) {
    }
}
