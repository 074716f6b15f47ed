package dev.herald.webhook;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;

/** Configuration of the webhook admin API function, read once at init. */
record WebhookApiConfig(String webhooksTable, boolean allowLoopback) {
    static WebhookApiConfig fromEnvironment(Environment env) {
        return new WebhookApiConfig(env.required(EnvNames.TABLE_WEBHOOKS), env.bool(EnvNames.WEBHOOK_ALLOW_LOOPBACK, false));
    }
}
