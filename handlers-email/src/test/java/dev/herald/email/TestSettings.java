package dev.herald.email;

import dev.herald.common.json.Json;
import java.time.Clock;

/** The email secret's JSON as an operator would store it, and settings read from it. */
final class TestSettings {
    static final String KEY = "bG9jYWwtdGVzdC1rZXktdGhhdC1pcy1sb25nLWVub3VnaC1mb3ItaG1hYy1zaGEyNTY=";
    static final String SECRET_JSON = "{\"hmacKey\": \"" + KEY + "\", \"baseUrl\": \"https://api.example.com\","
            + " \"from\": \"notifications@example.com\", \"configurationSet\": \"herald\"}";

    private TestSettings() {
    }

    static EmailSettings settings(Clock clock) {
        return EmailSettings.fromJson(Json.tree(SECRET_JSON), "herald/email-tokens", clock);
    }

    static EmailSettings settings() {
        return settings(Clock.systemUTC());
    }
}
