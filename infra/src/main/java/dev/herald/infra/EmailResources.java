package dev.herald.infra;

import static dev.herald.common.topology.HeraldTopology.FN_EMAIL_DELIVERY;
import static dev.herald.common.topology.HeraldTopology.FN_SUBSCRIPTIONS_API;

import java.util.List;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestinationOptions;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.ses.Identity;
import software.constructs.Construct;

/**
 * SES: a configuration set whose bounce and complaint events go to EventBridge (the default
 * bus, the only one SES publishes to; a forwarding rule brings them to Herald's bus), and the
 * sending identity with that configuration set as its default, so every email the handlers send
 * reports its bounces and complaints without the code naming the set. The functions that send
 * email may send only from that identity, through that configuration set (CDK grants).
 */
final class EmailResources {
    /** Functions that call SES SendEmail; the Topology does not describe AWS service calls. */
    static final List<String> SENDERS = List.of(FN_EMAIL_DELIVERY, FN_SUBSCRIPTIONS_API);

    private final ConfigurationSet configurationSet;
    private final EmailIdentity identity;
    private final String configurationSetArn;

    EmailResources(Construct scope, String configurationSetName, IEventBus defaultBus, String sesIdentity) {
        configurationSet = ConfigurationSet.Builder.create(scope, "SesConfigurationSet")
                .configurationSetName(configurationSetName)
                .build();
        configurationSet.addEventDestination("BouncesAndComplaintsToEventBridge", ConfigurationSetEventDestinationOptions.builder()
                .configurationSetEventDestinationName("eventbridge")
                .destination(EventDestination.eventBus(defaultBus))
                .events(List.of(EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT))
                .build());
        identity = EmailIdentity.Builder.create(scope, "SesIdentity")
                .identity(sesIdentity.contains("@") ? Identity.email(sesIdentity) : Identity.domain(sesIdentity))
                .configurationSet(configurationSet)
                .build();
        configurationSetArn = Stack.of(scope).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("ses").resource("configuration-set").resourceName(configurationSet.getConfigurationSetName())
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    void grantSend(FunctionResources functions) {
        for (String name : SENDERS) {
            if (functions.all().containsKey(name)) {
                var fn = functions.get(name).function();
                identity.grantSendEmail(fn);
                // SES authorizes a send against the configuration set it uses, too (the identity's default one)
                Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                        .grantee(fn)
                        .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                        .resourceArns(List.of(configurationSetArn))
                        .build());
            }
        }
    }

    ConfigurationSet configurationSet() {
        return configurationSet;
    }
}
