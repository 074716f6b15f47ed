package dev.herald.common.http;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The OAuth scopes a verified token carries, read as API Gateway's JWT authorizer reads them: the
 * {@code scope} claim (space-separated, RFC 8693) or the {@code scp} claim (a list or a space-separated string).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
public final class Scopes {
    private Scopes() {
    }

    /** The scopes of the {@code scope} and {@code scp} claims (claims as strings, as the HTTP API hands them, or as parsed). */
    public static Set<String> of(Map<String, ?> claims) {
        Set<String> scopes = new LinkedHashSet<>();
        add(claims.get("scope"), scopes);
        add(claims.get("scp"), scopes);
        return scopes;
    }

    private static void add(Object claim, Set<String> scopes) {
        if (claim instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        } else if (claim instanceof Collection<?> list) {
            list.forEach(item -> add(item, scopes));
        }
    }
}
