package dev.herald.email;

import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The subscription API's links, each carrying a freshly signed token for one subscription. */
final class Links {
    static final String CONFIRM_PATH = "/v1/subscriptions/email/confirm";
    static final String UNSUBSCRIBE_PATH = "/v1/subscriptions/email/unsubscribe";

    private final EmailSettings settings;

    Links(EmailSettings settings) {
        this.settings = settings;
    }

    String confirm(EmailSubscription sub) {
        return link(CONFIRM_PATH, EmailTokens.Purpose.CONFIRM, sub);
    }

    /** The RFC 8058 one-click target: mail clients POST {@code List-Unsubscribe=One-Click} to it. */
    String unsubscribe(EmailSubscription sub) {
        return link(UNSUBSCRIBE_PATH, EmailTokens.Purpose.UNSUBSCRIBE, sub);
    }

    private String link(String path, EmailTokens.Purpose purpose, EmailSubscription sub) {
        String token = settings.tokens().issue(purpose, sub.userId(), sub.address(), sub.unsubscribeToken());
        return settings.baseUrl() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
