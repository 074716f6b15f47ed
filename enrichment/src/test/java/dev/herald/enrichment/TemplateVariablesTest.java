package dev.herald.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.json.Json;
import dev.herald.common.store.ProfileStore.Profile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateVariablesTest {
    private final Profile ada = new Profile("user-1", "Ada Lovelace", "ada@example.com", "en", "Europe/Dublin");

    @Test
    void forRecipient_profileAndData_areMergedWithUserId() {
        var vars = new TemplateVariables(Json.object().put("orderId", "A-17")).forRecipient("user-1", ada);

        assertThat(vars).containsEntry("userId", "user-1").containsEntry("displayName", "Ada Lovelace").containsEntry("email", "ada@example.com")
                .containsEntry("locale", "en").containsEntry("timeZone", "Europe/Dublin").containsEntry("orderId", "A-17");
    }

    @Test
    void forRecipient_dataNamesAProfileField_dataWins() {
        var vars = new TemplateVariables(Json.object().put("displayName", "Guest buyer")).forRecipient("user-1", ada);

        assertThat(vars).containsEntry("displayName", "Guest buyer").containsEntry("email", "ada@example.com");
    }

    @Test
    void forRecipient_noProfile_hasDataAndUserIdOnly() {
        var vars = new TemplateVariables((com.fasterxml.jackson.databind.node.ObjectNode) Json.tree("{\"items\":[{\"sku\":\"MUG\",\"qty\":2}]}"))
                .forRecipient("ghost", null);

        assertThat(vars).containsOnlyKeys("userId", "items");
        assertThat(vars.get("items")).isEqualTo(List.of(Map.of("sku", "MUG", "qty", 2)));
    }
}
