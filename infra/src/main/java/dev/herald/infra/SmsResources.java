package dev.herald.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.smsvoice.CfnConfigurationSet;
import software.constructs.Construct;

/**
 * AWS End User Messaging SMS: the configuration set texts are sent with and the origination identity they come from,
 * and the one grant the SMS function gets: {@code sms-voice:SendTextMessage} on exactly those resources (and the
 * default opt-out list the identity uses), nothing account-wide.
 * <ul>
 *   <li>{@value #CONFIGURATION_SET} (CDK context): the name of a configuration set the account has; without it the stack
 *       creates one named {@code <prefix>-sms}.</li>
 *   <li>{@value #ORIGINATION_IDENTITY} (CDK context): the phone number id ({@code phone-...}), pool id ({@code pool-...}),
 *       sender id, or the ARN of one of them, registered in the account (docs/DEPLOY.md). Without it the function sends
 *       without one (the service then picks one of the account's), and the grant covers none: every text fails with
 *       AccessDenied (retried, then dead-lettered) until it is set.</li>
 * </ul>
 * SendTextMessage authorizes against the resources a request names (configuration set, origination identity, opt-out
 * list): https://docs.aws.amazon.com/service-authorization/latest/reference/list-awsendusermessagingsmsandvoicev2.html
 */
final class SmsResources {
    static final String CONFIGURATION_SET = "herald:smsConfigurationSet";
    static final String ORIGINATION_IDENTITY = "herald:smsOriginationIdentity";
    /** The opt-out list a phone number or pool uses unless it names another. */
    static final String DEFAULT_OPT_OUT_LIST = "Default";

    private final Stack stack;
    private final String configurationSetName;
    private final String originationIdentity;

    SmsResources(Construct scope, String prefix) {
        this.stack = Stack.of(scope);
        Optional<String> named = context(scope, CONFIGURATION_SET);
        if (named.isPresent()) {
            configurationSetName = named.get();
        } else {
            configurationSetName = prefix + "-sms";
            CfnConfigurationSet.Builder.create(scope, "SmsConfigurationSet").configurationSetName(configurationSetName).build();
        }
        originationIdentity = context(scope, ORIGINATION_IDENTITY).orElse("");
    }

    String configurationSetName() {
        return configurationSetName;
    }

    String originationIdentity() {
        return originationIdentity;
    }

    /** {@code sms-voice:SendTextMessage} on the configuration set, the origination identity and the default opt-out list. */
    void grantSend(IGrantable fn) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(fn)
                .actions(List.of("sms-voice:SendTextMessage"))
                .resourceArns(resourceArns())
                .build());
    }

    List<String> resourceArns() {
        List<String> arns = new ArrayList<>();
        arns.add(arn("configuration-set", configurationSetName));
        arns.add(arn("opt-out-list", DEFAULT_OPT_OUT_LIST));
        identityArn().ifPresent(arns::add);
        return arns;
    }

    private Optional<String> identityArn() {
        String id = originationIdentity;
        if (id.isBlank()) {
            return Optional.empty();
        }
        if (id.startsWith("arn:")) {
            return Optional.of(id);
        }
        if (id.startsWith("phone-")) {
            return Optional.of(arn("phone-number", id));
        }
        if (id.startsWith("pool-")) {
            return Optional.of(arn("pool", id));
        }
        if (id.startsWith("+")) {
            // a number given as itself: its ARN names its id, which only the account knows; any of its numbers
            return Optional.of(arn("phone-number", "*"));
        }
        // a sender id: its ARN ends with the country it is registered in
        return Optional.of(arn("sender-id", id + "/*"));
    }

    private String arn(String resource, String name) {
        return stack.formatArn(ArnComponents.builder().service("sms-voice").resource(resource).resourceName(name)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    private static Optional<String> context(Construct scope, String key) {
        Object value = scope.getNode().tryGetContext(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).strip());
    }
}
