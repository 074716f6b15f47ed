package dev.herald.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.config.ConfigException;
import dev.herald.common.json.Json;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class EmailSettingsTest {

    @Test
    void fromJson_readsTheDocumentedSecret() {
        EmailSettings s = TestSettings.settings();
        assertThat(s.baseUrl()).hasToString("https://api.example.com");
        assertThat(s.from()).isEqualTo("notifications@example.com");
        assertThat(s.configurationSet()).isEqualTo("herald");
    }

    @Test
    void fromJson_whenKeyShorterThan32Bytes_namesTheFieldAndTheFix() {
        String json = TestSettings.SECRET_JSON.replace(TestSettings.KEY, "c2hvcnQ=");
        assertThatThrownBy(() -> EmailSettings.fromJson(Json.tree(json), "herald/email-tokens", Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hmacKey has 5 bytes").hasMessageContaining("openssl rand");
    }

    @Test
    void fromJson_whenBaseUrlIsPlainHttpOnAPublicHost_refusesIt() {
        String json = TestSettings.SECRET_JSON.replace("https://api.example.com", "http://api.example.com");
        assertThatThrownBy(() -> EmailSettings.fromJson(Json.tree(json), "herald/email-tokens", Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be an https URL");
        String local = TestSettings.SECRET_JSON.replace("https://api.example.com", "http://localhost:4566/");
        assertThat(EmailSettings.fromJson(Json.tree(local), "x", Clock.systemUTC()).baseUrl()).hasToString("http://localhost:4566");
    }

    @Test
    void fromJson_whenFromMissing_namesIt() {
        String json = TestSettings.SECRET_JSON.replace("\"from\"", "\"sender\"");
        assertThatThrownBy(() -> EmailSettings.fromJson(Json.tree(json), "herald/email-tokens", Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has no \"from\"");
    }
}
