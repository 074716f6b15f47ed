package dev.herald.sms;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.util.List;

/**
 * Configuration of the phone API function, read once at init.
 *
 * @param phoneNumbersTable the PhoneNumbers table
 * @param jwtSecretId       the secret holding the JWT verifier's configuration
 * @param jwtAudiences      the accepted audiences ({@code HERALD_JWT_AUDIENCES}: the gateway's list)
 */
record PhoneApiConfig(String phoneNumbersTable, String jwtSecretId, List<String> jwtAudiences) {

    static PhoneApiConfig fromEnvironment(Environment env) {
        return new PhoneApiConfig(
                env.required(EnvNames.TABLE_PHONE_NUMBERS),
                env.required(EnvNames.JWT_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
