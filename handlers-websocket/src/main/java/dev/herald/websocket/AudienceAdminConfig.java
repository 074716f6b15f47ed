package dev.herald.websocket;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.util.List;

/** Configuration of {@link AudienceAdminHandler}. */
record AudienceAdminConfig(String topicsTable, String topicSettingsTable, String deliveriesTable, String jwtSecretId, List<String> jwtAudiences) {
    /** @throws dev.herald.common.config.ConfigException naming the missing variable */
    static AudienceAdminConfig fromEnvironment(Environment env) {
        return new AudienceAdminConfig(env.required(EnvNames.TABLE_TOPICS), env.required(EnvNames.TABLE_TOPIC_SETTINGS),
                env.required(EnvNames.TABLE_DELIVERIES), env.required(EnvNames.JWT_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
