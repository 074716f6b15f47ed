package dev.herald.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.edge.AwsJson;
import dev.herald.local.edge.AwsJsonService;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Secrets Manager on the edge port ({@code X-Amz-Target: secretsmanager.*}), backed by the
 * {@link LocalSecretStore}: {@code GetSecretValue}, {@code CreateSecret}, {@code PutSecretValue},
 * {@code DescribeSecret} and {@code ListSecrets}, for string secrets (the only kind Herald uses).
 * Failure behaviour as Secrets Manager: an unknown id answers 400 {@code ResourceNotFoundException},
 * creating an existing name 400 {@code ResourceExistsException}, a missing name or value 400
 * {@code InvalidParameterException}, a binary value 400 {@code InvalidRequestException}.
 * Version stages other than {@code AWSCURRENT} are not kept.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
public final class SecretsManagerApi implements AwsJsonService {
    private final LocalSecretStore store;

    public SecretsManagerApi(LocalSecretStore store) {
        this.store = store;
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public void handle(String operation, byte[] body, Context ctx) {
        Optional<JsonNode> input = AwsJson.body(body, ctx);
        if (input.isEmpty()) {
            return;
        }
        JsonNode in = input.get();
        switch (operation) {
            case "GetSecretValue" -> found(ctx, in).ifPresent(s -> AwsJson.ok(ctx, value(s)));
            case "DescribeSecret" -> found(ctx, in).ifPresent(s -> AwsJson.ok(ctx, describe(s)));
            case "CreateSecret" -> create(ctx, in);
            case "PutSecretValue" -> put(ctx, in);
            case "ListSecrets" -> {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("SecretList");
                store.list().forEach(s -> list.add(describe(s)));
                AwsJson.ok(ctx, out);
            }
            default -> AwsJson.unknownOperation(ctx, "secretsmanager." + operation,
                    "GetSecretValue, CreateSecret, PutSecretValue, DescribeSecret and ListSecrets");
        }
    }

    private void create(Context ctx, JsonNode in) {
        String name = in.path("Name").asText("");
        if (name.isBlank()) {
            AwsJson.error(ctx, 400, "InvalidParameterException", "Name is required");
            return;
        }
        Optional<String> value = stringValue(ctx, in);
        if (value.isEmpty()) {
            return;
        }
        try {
            AwsJson.ok(ctx, version(store.create(name, value.get())));
        } catch (LocalSecretStore.SecretExistsException e) {
            AwsJson.error(ctx, 400, "ResourceExistsException", e.getMessage());
        }
    }

    private void put(Context ctx, JsonNode in) {
        String id = in.path("SecretId").asText("");
        Optional<String> value = stringValue(ctx, in);
        if (value.isEmpty()) {
            return;
        }
        store.put(id, value.get()).ifPresentOrElse(s -> AwsJson.ok(ctx, version(s)), () -> notFound(ctx, id));
    }

    private Optional<LocalSecretStore.Secret> found(Context ctx, JsonNode in) {
        String id = in.path("SecretId").asText("");
        Optional<LocalSecretStore.Secret> s = store.find(id);
        if (s.isEmpty()) {
            notFound(ctx, id);
        }
        return s;
    }

    private static Optional<String> stringValue(Context ctx, JsonNode in) {
        if (in.hasNonNull("SecretBinary")) {
            AwsJson.error(ctx, 400, "InvalidRequestException", "binary secrets are not kept by herald up; store the value as SecretString");
            return Optional.empty();
        }
        JsonNode v = in.get("SecretString");
        if (v == null || v.isNull()) {
            AwsJson.error(ctx, 400, "InvalidParameterException", "SecretString is required");
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    private static void notFound(Context ctx, String id) {
        AwsJson.error(ctx, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret (" + id
                + "); herald up creates herald/jwt, herald/apns, herald/fcm and herald/email-tokens");
    }

    private static ObjectNode value(LocalSecretStore.Secret s) {
        ObjectNode out = version(s);
        out.put("SecretString", s.value());
        out.putArray("VersionStages").add("AWSCURRENT");
        out.put("CreatedDate", epochSeconds(s.createdDate()));
        return out;
    }

    private static ObjectNode version(LocalSecretStore.Secret s) {
        ObjectNode out = Json.object();
        out.put("ARN", s.arn()).put("Name", s.name()).put("VersionId", s.versionId());
        return out;
    }

    private static ObjectNode describe(LocalSecretStore.Secret s) {
        ObjectNode out = Json.object();
        out.put("ARN", s.arn()).put("Name", s.name()).put("CreatedDate", epochSeconds(s.createdDate()));
        out.putObject("VersionIdsToStages").putArray(s.versionId()).add("AWSCURRENT");
        return out;
    }

    private static BigDecimal epochSeconds(java.time.Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }
}
