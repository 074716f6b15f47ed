package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.store.TemplateStore.Template;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbTemplateStoreIT {
    private final LocalEngines engines = LocalEngines.get();
    private final TemplateStore store = new DynamoDbTemplateStore(engines.dynamo(), HeraldTopology.TABLE_TEMPLATES);
    private final String id = "order-shipped-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void load_templateWithThreeLocales_readsEveryRowWithAllParts() {
        put(id, "fr", "Commande {{orderId}}");
        put(id, "fr-CA", "Commande {{orderId}} (QC)");
        put(id, "default", "Order {{orderId}}");

        TemplateStore.TemplateSet set = store.load(id);

        assertThat(set.byLocale()).containsOnlyKeys("fr", "fr-CA", "default");
        assertThat(set.byLocale().get("fr")).isEqualTo(new Template(id, "fr", "Commande {{orderId}}", "body fr",
                "Commande {{orderId}}", "<p>fr</p>", "text fr"));
    }

    @Test
    void find_regionalLocaleWithoutItsRow_returnsTheLanguageRowAndSaysWhichMatched() {
        put(id, "fr", "Commande");
        put(id, "default", "Order");

        assertThat(store.find(id, "fr-CA")).map(Template::locale).contains("fr");
        assertThat(store.find(id, "de")).map(Template::locale).contains("default");
    }

    @Test
    void find_noMatchingLocaleAndNoDefault_isEmpty() {
        put(id, "fr", "Commande");

        assertThat(store.find(id, "de")).isEmpty();
        assertThat(store.load("absent-" + id).exists()).isFalse();
    }

    @Test
    void load_badTemplateId_isRefusedBeforeTheTableIsRead() {
        assertThatThrownBy(() -> store.load("../" + id)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not valid");
    }

    private void put(String templateId, String locale, String title) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("templateId", AttributeValue.fromS(templateId));
        item.put("locale", AttributeValue.fromS(locale));
        item.put("title", AttributeValue.fromS(title));
        item.put("body", AttributeValue.fromS("body " + locale));
        item.put("subject", AttributeValue.fromS(title));
        item.put("html", AttributeValue.fromS("<p>" + locale + "</p>"));
        item.put("text", AttributeValue.fromS("text " + locale));
        engines.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).item(item));
    }
}
