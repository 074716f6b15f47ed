package dev.herald.common.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link TemplateStore} on the Templates table (PK {@code templateId}, SK {@code locale}; string
 * attributes {@code title}, {@code body}, {@code subject}, {@code html}, {@code text}).
 *
 * <p>{@link #load} reads every locale of a template with one Query (following pages), so the whole
 * fallback chain costs one round trip instead of a GetItem per locale tried.
 */
public final class DynamoDbTemplateStore implements TemplateStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTemplateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public TemplateSet load(String templateId) {
        TemplateStore.idProblem(templateId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        List<Template> rows = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("templateId = :id")
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(templateId))))
                .items().forEach(item -> rows.add(fromItem(item)));
        return TemplateSet.of(templateId, rows);
    }

    private static Template fromItem(Map<String, AttributeValue> item) {
        return new Template(string(item, "templateId"), string(item, "locale"), string(item, "title"), string(item, "body"),
                string(item, "subject"), string(item, "html"), string(item, "text"));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
