package dev.herald.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.enrichment.EnrichmentBatchResponse;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.enrichment.EnrichmentResponse;
import dev.herald.common.enrichment.EnrichmentResponse.Rendered;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbProfileStore;
import dev.herald.common.store.DynamoDbTemplateStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;

/** EnrichmentHandler through handleRequest with streams, against real tables in DynamoDB Local. */
class EnrichmentHandlerIT {
    private static final List<Channel> ALL = List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
    private final LocalEngines engines = LocalEngines.get();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String templateId = "order-shipped-" + run;
    private final List<Integer> batchGetChunks = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final EnrichmentHandler handler = handler(countingClient());

    @Test
    void enrich_frCanadianUser_getsTheFrenchTemplateWithProfileAndData() {
        putTemplate(templateId, "fr", "Commande {{orderId}} expédiée", "Livraison : {{eta}}",
                "<p>Bonjour {{displayName}}, commande <b>{{orderId}}</b></p>", "Bonjour {{displayName}}, commande {{orderId}}");
        putTemplate(templateId, "default", "Order {{orderId}} shipped", "Arrives {{eta}}", "<p>Hi {{displayName}}</p>", "Hi {{displayName}}");
        String user = user("qc");
        putProfile(user, "Émile <Nelligan>", "fr-CA");

        EnrichmentResponse response = invoke(request(List.of(user), ALL, data("A&17", "2026-11-24"), null));

        Rendered r = response.recipients().get(0);
        assertThat(r.error()).isNull();
        assertThat(r.locale()).isEqualTo("fr");
        assertThat(r.content()).containsOnlyKeys(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
        assertThat(r.content().get(Channel.PUSH).title()).isEqualTo("Commande A&17 expédiée");
        assertThat(r.content().get(Channel.WEBSOCKET).body()).isEqualTo("Livraison : 2026-11-24");
        assertThat(r.content().get(Channel.EMAIL).subject()).isEqualTo("Commande A&17 expédiée");
        assertThat(r.content().get(Channel.EMAIL).html()).isEqualTo("<p>Bonjour Émile &lt;Nelligan&gt;, commande <b>A&amp;17</b></p>");
        assertThat(r.content().get(Channel.EMAIL).text()).isEqualTo("Bonjour Émile <Nelligan>, commande A&17");
    }

    @Test
    void enrich_localeMissingAndNoDefault_failsThatRecipientOnly() {
        putTemplate(templateId, "fr", "Commande {{orderId}}", "b", "<p>h</p>", "t");
        String german = user("de");
        String french = user("fr");
        putProfile(german, "Ada", "de-AT");
        putProfile(french, "Marie", "fr");

        EnrichmentResponse response = invoke(request(List.of(german, french), List.of(Channel.PUSH), data("A-17", "soon"), null));

        assertThat(response.recipients()).extracting(Rendered::userId).containsExactly(german, french);
        Rendered failed = response.recipients().get(0);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.content()).isEmpty();
        assertThat(failed.error()).isEqualTo("template '" + templateId + "' has no locale 'de-AT' and no default (tried de-AT, de, default, en;"
                + " it has fr); add one to the Templates table");
        assertThat(response.recipients().get(1).content().get(Channel.PUSH).title()).isEqualTo("Commande A-17");
    }

    @Test
    void enrich_frCanadianUserWithNeitherFrCaNorFr_getsTheDefaultTemplate() {
        putTemplate(templateId, "default", "Order {{orderId}} shipped", "Arrives {{eta}}", "<p>x</p>", "x");
        putTemplate(templateId, "de", "Bestellung {{orderId}}", "b", "<p>x</p>", "x");
        String user = user("qc-default");
        putProfile(user, "Émile", "fr-CA");

        Rendered r = renderAlone(user, List.of(Channel.PUSH));

        assertThat(r.error()).isNull();
        assertThat(r.locale()).isEqualTo("default");
        assertThat(r.content().get(Channel.PUSH).title()).isEqualTo("Order A-17 shipped");
    }

    @Test
    void enrich_templateThatDoesNotExist_failsEveryRecipientNamingTheTemplate() {
        String user = user("none");
        putProfile(user, "Ada", "en");

        Rendered r = renderAlone(user, ALL);

        assertThat(r.failed()).isTrue();
        assertThat(r.error()).isEqualTo("template '" + templateId + "' does not exist; add a row with templateId '" + templateId
                + "' and locale 'default' to the Templates table");
    }

    @Test
    void enrich_variableMissingFromTheHtmlPart_failsNamingTheVariableAndThePart() {
        putTemplate(templateId, "default", "Order {{orderId}}", "b", "<p>Hi {{nickname}}</p>", "x");
        String user = user("nick");
        putProfile(user, "Ada", "en");

        Rendered r = renderAlone(user, List.of(Channel.EMAIL));

        assertThat(r.error()).startsWith("template '" + templateId + "' (locale 'default', html) uses variable 'nickname' on line 1");
    }

    @Test
    void enrich_150Users_readsProfilesInTwoBatchGetItemChunksAndRendersAll() {
        putTemplate(templateId, "default", "Hi {{displayName}}", "Order {{orderId}}", "<p>{{displayName}}</p>", "{{displayName}}");
        List<String> users = IntStream.range(0, 150).mapToObj(i -> user("bulk-" + i)).toList();
        for (int i = 0; i < users.size(); i++) {
            putProfile(users.get(i), "User " + i, null);
        }

        EnrichmentResponse response = invoke(request(users, ALL, data("A-17", "soon"), null));

        assertThat(batchGetChunks).containsExactly(100, 50);
        assertThat(response.recipients()).hasSize(150).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(response.recipients()).extracting(Rendered::userId).containsExactlyElementsOf(users);
        assertThat(response.recipients().get(149).content().get(Channel.EMAIL).text()).isEqualTo("User 149");
    }

    @Test
    void enrich_userWithoutProfile_rendersWithDataAndTheRequestLocaleOrDefault() {
        putTemplate(templateId, "default", "Order {{orderId}}", "for {{userId}}", "<p>x</p>", "x");
        putTemplate(templateId, "fr", "Commande {{orderId}}", "pour {{userId}}", "<p>x</p>", "x");
        String ghost = user("ghost");

        Rendered noLocale = invoke(request(List.of(ghost), List.of(Channel.WEBSOCKET), data("A-17", "soon"), null)).recipients().get(0);
        Rendered french = invoke(request(List.of(ghost), List.of(Channel.WEBSOCKET), data("A-17", "soon"), "fr-FR")).recipients().get(0);

        assertThat(noLocale.locale()).isEqualTo("default");
        assertThat(noLocale.content().get(Channel.WEBSOCKET).body()).isEqualTo("for " + ghost);
        assertThat(french.locale()).isEqualTo("fr");
        assertThat(french.content().get(Channel.WEBSOCKET).title()).isEqualTo("Commande A-17");
    }

    @Test
    void enrich_requestLocale_overridesTheProfileLocale() {
        putTemplate(templateId, "en", "Order", "b", "<p>x</p>", "x");
        putTemplate(templateId, "fr", "Commande", "b", "<p>x</p>", "x");
        String user = user("en");
        putProfile(user, "Ada", "en");

        Rendered r = invoke(request(List.of(user), List.of(Channel.PUSH), data("A", "B"), "fr")).recipients().get(0);

        assertThat(r.locale()).isEqualTo("fr");
    }

    @Test
    void enrich_variableMissingFromDataAndProfile_failsNamingIt() {
        putTemplate(templateId, "default", "Order {{orderId}}", "Track at {{trackingUrl}}", "<p>x</p>", "x");
        String user = user("u");
        putProfile(user, "Ada", "en");

        Rendered r = renderAlone(user, List.of(Channel.PUSH));

        assertThat(r.error()).startsWith("template '" + templateId + "' (locale 'default', body) uses variable 'trackingUrl' on line 1");
    }

    @Test
    void enrich_badTemplateId_failsEveryRecipientWithTheRule() {
        Map<String, Object> request = request(List.of(user("a"), user("b")), ALL, data("A", "B"), null);
        request.put("templateId", "../" + templateId);

        EnrichmentResponse response = invoke(request);

        assertThat(response.recipients()).hasSize(2).allSatisfy(r -> assertThat(r.error()).contains("is not valid; use 1-128 characters"));
        assertThat(batchGetChunks).as("no profile read for a request that cannot render").isEmpty();
    }

    @Test
    void enrichBatch_threeEventsRenderedInOneInvoke_readAllTheirProfilesInOneBatchGetItem() {
        putTemplate(templateId, "default", "Order {{orderId}} shipped", "Arrives {{eta}}", "<p>Hi {{displayName}}</p>", "Hi {{displayName}}");
        List<String> users = List.of(user("b1"), user("b2"), user("b3"));
        users.forEach(u -> putProfile(u, "Name of " + u, "en"));
        Map<String, Object> batch = Map.of("requests", List.of(
                request(List.of(users.get(0)), ALL, data("A-1", "mon"), null),
                request(List.of(users.get(1), users.get(2)), List.of(Channel.PUSH), data("A-2", "tue"), null),
                badTemplate(request(List.of(users.get(2)), List.of(Channel.PUSH), data("A-3", "wed"), null))));

        EnrichmentBatchResponse response = Json.read(invokeRaw(Json.write(batch)), EnrichmentBatchResponse.class);

        assertThat(batchGetChunks).containsExactly(3);
        assertThat(response.responses()).hasSize(3);
        assertThat(response.responses().get(0).recipients()).singleElement()
                .satisfies(r -> assertThat(r.content().get(Channel.EMAIL).text()).isEqualTo("Hi Name of " + users.get(0)));
        assertThat(response.responses().get(1).recipients()).extracting(Rendered::userId).containsExactly(users.get(1), users.get(2));
        assertThat(response.responses().get(1).recipients().get(1).content().get(Channel.PUSH).title()).isEqualTo("Order A-2 shipped");
        // a request that cannot render fails its own recipients only
        assertThat(response.responses().get(2).recipients()).singleElement().satisfies(r -> assertThat(r.error()).contains("template"));
    }

    private static Map<String, Object> badTemplate(Map<String, Object> request) {
        Map<String, Object> bad = new HashMap<>(request);
        bad.put("templateId", "../not a template id");
        return bad;
    }

    @Test
    void enrich_templateEditedWhileCached_showsTheEditOnlyAfterTheTtl() {
        putTemplate(templateId, "default", "Old {{orderId}}", "b", "<p>x</p>", "x");
        String user = user("cache");
        Map<String, Object> request = request(List.of(user), List.of(Channel.PUSH), data("A-17", "soon"), null);
        assertThat(invoke(request).recipients().get(0).content().get(Channel.PUSH).title()).isEqualTo("Old A-17");

        putTemplate(templateId, "default", "New {{orderId}}", "b", "<p>x</p>", "x");
        clock.advance(Duration.ofSeconds(59));
        assertThat(invoke(request).recipients().get(0).content().get(Channel.PUSH).title()).isEqualTo("Old A-17");
        clock.advance(Duration.ofSeconds(1));
        assertThat(invoke(request).recipients().get(0).content().get(Channel.PUSH).title()).isEqualTo("New A-17");
    }

    @Test
    void handleRequest_responseJson_hasTheContractShape() {
        putTemplate(templateId, "default", "T {{orderId}}", "B", "<p>x</p>", "x");
        String user = user("shape");

        JsonNode json = Json.tree(invokeRaw(Json.write(request(List.of(user), List.of(Channel.WEBSOCKET), data("A", "B"), null))));

        JsonNode r = json.path("recipients").get(0);
        assertThat(r.path("userId").asText()).isEqualTo(user);
        assertThat(r.path("locale").asText()).isEqualTo("default");
        assertThat(r.path("content").path("WEBSOCKET").path("title").asText()).isEqualTo("T A");
        assertThat(r.has("error")).isFalse();
        assertThat(Json.read(json.toString(), EnrichmentResponse.class).recipients().get(0).content().get(Channel.WEBSOCKET).body()).isEqualTo("B");
    }

    @Test
    void handleRequest_notARequest_throwsSayingWhatIsExpected() {
        assertThatThrownBy(() -> invokeRaw("{\"userIds\": 7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enrichment request is not an EnrichmentRequest");
    }

    @Test
    void handleRequest_dynamoDbUnreachable_throwsSoTheRouterRetries() throws IOException {
        DynamoDbClient nowhere = DynamoDbClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:" + LocalEngines.freePort()))
                .region(LocalEngines.REGION).credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        EnrichmentHandler down = handler(nowhere);
        byte[] body = Json.write(request(List.of(user("x")), ALL, data("A", "B"), null)).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> down.handleRequest(new ByteArrayInputStream(body), new ByteArrayOutputStream(), null))
                .isInstanceOf(SdkException.class);
    }

    private EnrichmentHandler handler(DynamoDbClient dynamo) {
        return new EnrichmentHandler(new DynamoDbProfileStore(dynamo, HeraldTopology.TABLE_PROFILES),
                new DynamoDbTemplateStore(dynamo, HeraldTopology.TABLE_TEMPLATES), clock, EnrichmentConfig.TEMPLATE_CACHE_TTL);
    }

    /** The request as the router sends it: Json.write of an EnrichmentRequest. */
    private Map<String, Object> request(List<String> users, List<Channel> channels, ObjectNode data, String locale) {
        EnrichmentRequest request = new EnrichmentRequest("ntf-" + run, "order.shipped", templateId, users, channels, data, locale, "trace-" + run);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.read(Json.write(request), Map.class);
        return map;
    }

    /** What the handler renders for {@code user} alone on {@code channels}: order A-17, no request locale. */
    private Rendered renderAlone(String user, List<Channel> channels) {
        return invoke(request(List.of(user), channels, data("A-17", "soon"), null)).recipients().get(0);
    }

    private EnrichmentResponse invoke(Map<String, Object> request) {
        return Json.read(invokeRaw(Json.write(request)), EnrichmentResponse.class);
    }

    private String invokeRaw(String requestJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(requestJson.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ObjectNode data(String orderId, String eta) {
        return Json.object().put("orderId", orderId).put("eta", eta);
    }

    private String user(String name) {
        return "user-" + run + "-" + name;
    }

    private void putProfile(String userId, String displayName, String locale) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("userId", AttributeValue.fromS(userId));
        item.put("displayName", AttributeValue.fromS(displayName));
        item.put("email", AttributeValue.fromS(userId + "@example.com"));
        item.put("timeZone", AttributeValue.fromS("Europe/Paris"));
        if (locale != null) {
            item.put("locale", AttributeValue.fromS(locale));
        }
        engines.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).item(item));
    }

    /** A Templates row shaped like local's DemoTemplates (subject = title). */
    private void putTemplate(String id, String locale, String title, String body, String html, String text) {
        engines.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).item(Map.of(
                "templateId", AttributeValue.fromS(id), "locale", AttributeValue.fromS(locale), "title", AttributeValue.fromS(title),
                "body", AttributeValue.fromS(body), "subject", AttributeValue.fromS(title), "html", AttributeValue.fromS(html),
                "text", AttributeValue.fromS(text))));
    }

    private DynamoDbClient countingClient() {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchGetItemRequest r) {
                    batchGetChunks.add(r.requestItems().get(HeraldTopology.TABLE_PROFILES).keys().size());
                }
            }
        };
        return DynamoDbClient.builder().endpointOverride(engines.dynamoEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }
}
