package dev.herald.sms;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.event.Problem;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone API: the signed-in user's own phone number for SMS (the user is the token's {@code sub}; a request never
 * names a user).
 * <ul>
 *   <li>{@code PUT /v1/me/phone} {@code {"phoneNumber": "+447400123456"}}: validated with libphonenumber
 *       ({@link PhoneNumbers}) and stored in E.164: 201 registered, 200 replaced, 400 with the reason (no country code,
 *       not a number, not valid in its numbering plan, a fixed-line or premium number);</li>
 *   <li>{@code GET /v1/me/phone}: 200 {@code {"phoneNumber", "regionCode", "registeredAt"}}, 404 when none;</li>
 *   <li>{@code DELETE /v1/me/phone}: 204 removed, 404 when none.</li>
 * </ul>
 */
final class PhoneApi {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneApi.class);
    static final String PATH = "/v1/me/phone";

    private final JwtAuth auth;
    private final PhoneNumberStore store;
    private final Clock clock;

    PhoneApi(JwtAuth auth, PhoneNumberStore store, Clock clock) {
        this.auth = auth;
        this.store = store;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return auth.asUser(event, userId -> handle(event, userId));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String userId) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? "" : event.getRequestContext().getHttp().getMethod();
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if (!path.equals(PATH) && !path.equals(PATH + "/")) {
            return HttpResponses.notFound("no route " + method + " " + path + "; this function serves PUT, GET and DELETE " + PATH);
        }
        return switch (method) {
            case "PUT" -> put(userId, event);
            case "GET" -> store.find(userId).<APIGatewayV2HTTPResponse>map(p -> HttpResponses.json(200, view(p)))
                    .orElseGet(() -> HttpResponses.notFound("you have no phone number; register one with PUT " + PATH));
            case "DELETE" -> {
                if (!store.delete(userId)) {
                    yield HttpResponses.notFound("you have no phone number; nothing was deleted");
                }
                LOG.info("phone number removed userId={}", userId);
                yield APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
            }
            default -> HttpResponses.message(405, "method " + method + " is not served on " + PATH + "; use PUT, GET or DELETE");
        };
    }

    private APIGatewayV2HTTPResponse put(String userId, APIGatewayV2HTTPEvent event) {
        String text = body(event);
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? null : Json.tree(text);
        } catch (Json.JsonException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return HttpResponses.badRequest("the body is not a JSON object", List.of(new Problem("body",
                    "send {\"phoneNumber\": \"+447400123456\"} as application/json")));
        }
        JsonNode number = body.get("phoneNumber");
        String input = number == null || !number.isTextual() ? null : number.asText();
        return switch (PhoneNumbers.parse(input)) {
            case PhoneNumbers.Invalid invalid -> HttpResponses.badRequest("the phone number is invalid",
                    List.of(new Problem("phoneNumber", invalid.reason())));
            case PhoneNumbers.Valid valid -> {
                PhoneNumberStore.Phone phone = new PhoneNumberStore.Phone(userId, valid.e164(), valid.regionCode(), clock.instant());
                boolean created = store.put(phone);
                LOG.info("phone number {} userId={} region={}", created ? "registered" : "replaced", userId, valid.regionCode());
                yield HttpResponses.json(created ? 201 : 200, view(phone));
            }
        };
    }

    private static Map<String, Object> view(PhoneNumberStore.Phone p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("phoneNumber", p.phoneNumber());
        out.put("regionCode", p.regionCode());
        out.put("registeredAt", Optional.ofNullable(p.registeredAt()).map(Object::toString).orElse(null));
        return out;
    }

    private static String body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return null;
        }
        return event.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody();
    }
}
