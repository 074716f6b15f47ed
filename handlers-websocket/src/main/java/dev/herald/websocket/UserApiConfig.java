package dev.herald.websocket;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.util.List;

/** Configuration of {@link UserApiHandler}. */
record UserApiConfig(String preferencesTable, String topicsTable, String topicSettingsTable, String jwtSecretId, List<String> jwtAudiences) {
    /** @throws dev.herald.common.config.ConfigException naming the missing variable */
    static UserApiConfig fromEnvironment(Environment env) {
        return new UserApiConfig(env.required(EnvNames.TABLE_PREFERENCES), env.required(EnvNames.TABLE_TOPICS),
                env.required(EnvNames.TABLE_TOPIC_SETTINGS), env.required(EnvNames.JWT_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
