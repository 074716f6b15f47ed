package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Template assertions for the SMS channel: its queue and dead-letter queue, its two functions, the configuration set and
 * origination identity from CDK context, the one {@code sms-voice:SendTextMessage} grant (on those resources only), the
 * phone routes and the channel's alarms.
 */
@SuppressWarnings("unchecked")
class SmsStackTest {
    private static final String CONFIGURATION_SET = "herald-texts";
    private static final String IDENTITY = "phone-0123456789abcdef0123456789abcdef";
    private static TemplateView configured;
    private static TemplateView defaults;

    @BeforeAll
    static void synth() {
        configured = new TemplateView(Synth.withContext(Map.of(SmsResources.CONFIGURATION_SET, CONFIGURATION_SET,
                SmsResources.ORIGINATION_IDENTITY, IDENTITY)).template());
        defaults = new TemplateView(Synth.standard().template());
    }

    @Test
    void smsQueue_redrivesToItsDlq_afterTheChannelRetryReceiveCount() {
        Map<String, Object> queue = byName(configured, "AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_SMS);
        assertThat(queue).isNotNull();
        Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
        assertThat(redrive).containsEntry("maxReceiveCount", HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
        assertThat(byName(configured, "AWS::SQS::Queue", "QueueName")).containsKey(HeraldTopology.QUEUE_SMS + HeraldTopology.DLQ_SUFFIX);
    }

    @Test
    void smsFunctions_exist_andTheDeliveryTakesTheConfigurationFromContext() {
        Map<String, Map<String, Object>> functions = byName(configured, "AWS::Lambda::Function", "FunctionName");
        assertThat(functions).containsKeys(HeraldTopology.FN_SMS_DELIVERY, HeraldTopology.FN_PHONE_API);
        Map<String, Object> env = env(functions.get(HeraldTopology.FN_SMS_DELIVERY));
        assertThat(env).containsEntry(EnvNames.SMS_CONFIGURATION_SET, CONFIGURATION_SET).containsEntry(EnvNames.SMS_ORIGINATION_IDENTITY, IDENTITY);
        assertThat(configured.properties("AWS::SMSVOICE::ConfigurationSet")).isEmpty();
    }

    @Test
    void withoutContext_theStackCreatesTheConfigurationSet_andNamesNoIdentity() {
        assertThat(defaults.properties("AWS::SMSVOICE::ConfigurationSet").values())
                .singleElement().satisfies(p -> assertThat(p).containsEntry("ConfigurationSetName", "herald-sms"));
        Map<String, Object> env = env(byName(defaults, "AWS::Lambda::Function", "FunctionName").get(HeraldTopology.FN_SMS_DELIVERY));
        assertThat(env).containsEntry(EnvNames.SMS_CONFIGURATION_SET, "herald-sms").containsEntry(EnvNames.SMS_ORIGINATION_IDENTITY, "");
    }

    @Test
    void sendTextMessage_isGrantedToTheSmsFunctionOnly_onTheConfigurationSetIdentityAndOptOutList() {
        List<TemplateView.Statement> sends = configured.iamStatements().stream().filter(s -> s.allows("sms-voice:SendTextMessage")).toList();
        assertThat(sends).singleElement().satisfies(s -> {
            assertThat(s.policyId()).startsWith(Ids.of("Fn", HeraldTopology.FN_SMS_DELIVERY) + "ServiceRole");
            assertThat(s.actions()).containsExactly("sms-voice:SendTextMessage");
            assertThat(s.resources()).hasSize(3);
            String resources = String.valueOf(s.resources());
            assertThat(resources).contains(":sms-voice:").contains("configuration-set/" + CONFIGURATION_SET)
                    .contains("phone-number/" + IDENTITY).contains("opt-out-list/Default");
            assertThat(s.resources()).noneMatch(r -> String.valueOf(r).equals("*") || String.valueOf(r).endsWith(":*"));
        });
        assertThat(configured.iamStatements()).noneMatch(s -> s.actions().stream().anyMatch(a -> String.valueOf(a).startsWith("sms-voice:"))
                && !s.policyId().startsWith(Ids.of("Fn", HeraldTopology.FN_SMS_DELIVERY)));
    }

    @Test
    void phoneRoutes_carryTheJwtAuthorizer() {
        Map<String, Map<String, Object>> routes = byName(configured, "AWS::ApiGatewayV2::Route", "RouteKey");
        for (String method : List.of("PUT", "GET", "DELETE")) {
            assertThat(routes.get(method + " /v1/me/phone")).as(method).isNotNull().containsEntry("AuthorizationType", "JWT");
        }
    }

    @Test
    void alarms_coverTheSmsDlqQueueAgeAndFunctions_likeTheOtherChannels() {
        String descriptions = String.valueOf(configured.properties("AWS::CloudWatch::Alarm").values().stream()
                .map(p -> String.valueOf(p.get("AlarmDescription"))).toList());
        // the email channel's alarms, with sms for email: the same set
        for (String name : List.of("%s-dlq has messages", "%s: oldest message older than", "herald-%s-delivery reported errors",
                "herald-%s-delivery was throttled")) {
            assertThat(descriptions).contains(name.formatted(name.startsWith("%s") ? HeraldTopology.QUEUE_EMAIL : "email"));
            assertThat(descriptions).contains(name.formatted(name.startsWith("%s") ? HeraldTopology.QUEUE_SMS : "sms"));
        }
        assertThat(descriptions).contains(HeraldTopology.FN_PHONE_API + " reported errors");
    }

    private static Map<String, Map<String, Object>> byName(TemplateView view, String type, String nameProperty) {
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        view.properties(type).values().forEach(p -> {
            if (p.get(nameProperty) instanceof String name) {
                out.put(name, p);
            }
        });
        return out;
    }

    private static Map<String, Object> env(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }
}
