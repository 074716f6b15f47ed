package dev.herald.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Problem;
import dev.herald.common.http.HttpResponses;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Profiles: put and get the attributes templates use ({@code displayName}, {@code email}, {@code locale}, {@code timeZone}).
 * A put replaces the profile; a locale must be a BCP 47 tag, a time zone an IANA zone id, an email an address.
 */
final class ProfileAdmin {
    static final List<String> FIELDS = List.of("displayName", "email", "locale", "timeZone");
    private static final Pattern USER_ID = Pattern.compile("[^\\s/]{1,256}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final DynamoDbClient dynamo;
    private final String table;

    ProfileAdmin(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    APIGatewayV2HTTPResponse get(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            return HttpResponses.notFound("no profile for '" + userId + "'");
        }
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("userId", AttributeValue.fromS(userId)))).item();
        if (item == null || item.isEmpty()) {
            return HttpResponses.notFound("no profile for '" + userId + "'; PUT /v1/admin/profiles/" + userId + " creates it");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("userId", userId);
        FIELDS.forEach(f -> {
            if (item.containsKey(f)) {
                out.put(f, item.get(f).s());
            }
        });
        return HttpResponses.json(200, out);
    }

    APIGatewayV2HTTPResponse put(String userId, String body) {
        List<Problem> problems = new ArrayList<>();
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            problems.add(new Problem("userId", "'" + userId + "' is not a user id; use 1-256 characters without spaces or '/'"));
        }
        ObjectNode o = Bodies.object(body, problems);
        Map<String, String> fields = new LinkedHashMap<>();
        if (o != null) {
            for (String f : FIELDS) {
                String v = Bodies.text(o, f, problems);
                if (v != null) {
                    fields.put(f, v);
                }
            }
            o.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f) && !f.equals("userId")) {
                    problems.add(new Problem(f, "is not a profile field; use " + FIELDS));
                }
            });
            if (fields.containsKey("locale") && !LOCALE.matcher(fields.get("locale")).matches()) {
                problems.add(new Problem("locale", "'" + fields.get("locale") + "' is not a BCP 47 tag; write e.g. en, fr-CA"));
            }
            if (fields.containsKey("timeZone")) {
                try {
                    ZoneId.of(fields.get("timeZone"));
                } catch (DateTimeException e) {
                    problems.add(new Problem("timeZone", "'" + fields.get("timeZone") + "' is not an IANA time zone; write e.g. Europe/Paris"));
                }
            }
            if (fields.containsKey("email") && !EMAIL.matcher(fields.get("email")).matches()) {
                problems.add(new Problem("email", "is not an email address; write e.g. ada@example.com"));
            }
        }
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("profile '" + userId + "' is not valid; fix the fields below", problems);
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("userId", AttributeValue.fromS(userId));
        fields.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
        dynamo.putItem(r -> r.tableName(table).item(item));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.putAll(fields);
        return HttpResponses.json(200, out);
    }
}
