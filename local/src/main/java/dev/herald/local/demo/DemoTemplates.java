package dev.herald.local.demo;

import static dev.herald.local.demo.DemoSeed.s;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The demo's templates (Templates table: {@code templateId} + {@code locale}), Mustache syntax. */
final class DemoTemplates {
    private DemoTemplates() {
    }

    static List<Map<String, AttributeValue>> items() {
        return List.of(
                template("order-shipped", "en", "Your order {{orderId}} has shipped",
                        "Expected delivery: {{eta}}.",
                        "<p>Hello {{displayName}},</p><p>Your order <b>{{orderId}}</b> is on its way. Expected delivery: {{eta}}.</p>",
                        "Hello {{displayName}},\n\nYour order {{orderId}} is on its way. Expected delivery: {{eta}}."),
                template("order-shipped", "fr", "Votre commande {{orderId}} est expédiée",
                        "Livraison prévue : {{eta}}.",
                        "<p>Bonjour {{displayName}},</p><p>Votre commande <b>{{orderId}}</b> est en route. Livraison prévue : {{eta}}.</p>",
                        "Bonjour {{displayName}},\n\nVotre commande {{orderId}} est en route. Livraison prévue : {{eta}}."),
                template("deal-started", "en", "{{dealName}}: {{discount}} off",
                        "Starts now, for subscribers of deals.",
                        "<p>{{dealName}} has started: {{discount}} off everything.</p>",
                        "{{dealName}} has started: {{discount}} off everything."),
                // the S3 "Object Created" route (seed 004): the event's detail is the data
                template("object-created", "en", "New file in {{bucket.name}}",
                        "{{object.key}} ({{object.size}} bytes) was uploaded.",
                        "<p>A new file was uploaded to <b>{{bucket.name}}</b>: {{object.key}} ({{object.size}} bytes).</p>",
                        "A new file was uploaded to {{bucket.name}}: {{object.key}} ({{object.size}} bytes)."),
                // the SMS route (account.alert): the text is the body, so it is the producer's message as it is
                template("account-alert", "en", "Account alert", "{{message}}", "<p>{{message}}</p>", "{{message}}"));
    }

    private static Map<String, AttributeValue> template(String id, String locale, String title, String body, String html, String text) {
        return Map.of("templateId", s(id), "locale", s(locale), "title", s(title), "body", s(body), "subject", s(title),
                "html", s(html), "text", s(text));
    }
}
