package dev.herald.enrichment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.store.ProfileStore.Profile;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables a template sees for one recipient: {@code userId}, the profile's {@code displayName},
 * {@code email}, {@code locale} and {@code timeZone} (those the profile has), and the event's
 * {@code data} (nested objects and arrays as Mustache sections).
 *
 * <p>When a name is in both, the event's data wins: the producer knows this event (a guest checkout
 * names the buyer; a gift order greets someone else), the profile only fills what the event leaves out.
 * A template that must use the stored name can rely on producers not sending {@code displayName}.
 */
final class TemplateVariables {
    private final Map<String, Object> data;

    /** Converts the event's data once per request; it is shared by every recipient. */
    @SuppressWarnings("unchecked")
    TemplateVariables(ObjectNode data) {
        this.data = data == null ? Map.of() : Json.convert(data, Map.class);
    }

    /** The variables for one recipient; {@code profile} is null for a user without a profile. */
    Map<String, Object> forRecipient(String userId, Profile profile) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("userId", userId);
        if (profile != null) {
            putIfPresent(vars, "displayName", profile.displayName());
            putIfPresent(vars, "email", profile.email());
            putIfPresent(vars, "locale", profile.locale());
            putIfPresent(vars, "timeZone", profile.timeZone());
        }
        vars.putAll(data);
        return vars;
    }

    private static void putIfPresent(Map<String, Object> vars, String name, String value) {
        if (value != null) {
            vars.put(name, value);
        }
    }
}
