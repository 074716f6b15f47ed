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
import software.amazon.awscdk.services.ses.IEmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.constructs.Construct;

/**
 * SES: a configuration set whose bounce and complaint events go to EventBridge (the default
 * bus, the only one SES publishes to; a forwarding rule brings them to Herald's bus), and the
 * sending identity. The functions that send email may send only from that identity, through that
 * configuration set (CDK grants).
 *
 * <p>The identity is imported by default ({@code herald:sesIdentityMode=import}): a domain or address
 * verified in SES already stays outside the stack, so the deploy does not fail on "already exists" and
 * deleting the stack leaves it; the email secret then names the configuration set
 * ({@code "configurationSet"}, the stack output {@code SesConfigurationSetName}) so every send reports
 * its bounces and complaints. With {@code create}, the stack creates the identity with that set as
 * its default (publish the DKIM records it outputs to verify it).
 *
 * <p>In the SES sandbox ({@code herald:sesSandbox=true}) SES also authorizes each send against the
 * recipient's identity, which must be verified; the senders then may send to any identity of this
 * account and region (only verified identities exist there).
 * https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
 */
final class EmailResources {
    /** Functions that call SES SendEmail; the Topology does not describe AWS service calls. */
    static final List<String> SENDERS = List.of(FN_EMAIL_DELIVERY, FN_SUBSCRIPTIONS_API);

    private final ConfigurationSet configurationSet;
    private final IEmailIdentity identity;
    private final String configurationSetArn;
    private final String anyIdentityArn;
    private final boolean sandbox;

    EmailResources(Construct scope, String configurationSetName, IEventBus defaultBus, StackSettings settings) {
        String sesIdentity = settings.sesIdentity();
        this.sandbox = settings.sesSandbox();
        configurationSet = ConfigurationSet.Builder.create(scope, "SesConfigurationSet")
                .configurationSetName(configurationSetName)
                .build();
        configurationSet.addEventDestination("BouncesAndComplaintsToEventBridge", ConfigurationSetEventDestinationOptions.builder()
                .configurationSetEventDestinationName("eventbridge")
                .destination(EventDestination.eventBus(defaultBus))
                .events(List.of(EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT))
                .build());
        identity = switch (settings.sesIdentityMode()) {
            case IMPORT -> EmailIdentity.fromEmailIdentityName(scope, "SesIdentity", sesIdentity);
            case CREATE -> EmailIdentity.Builder.create(scope, "SesIdentity")
                    .identity(sesIdentity.contains("@") ? Identity.email(sesIdentity) : Identity.domain(sesIdentity))
                    .configurationSet(configurationSet)
                    .build();
        };
        configurationSetArn = Stack.of(scope).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("ses").resource("configuration-set").resourceName(configurationSet.getConfigurationSetName())
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        anyIdentityArn = Stack.of(scope).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("ses").resource("identity").resourceName("*")
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
                if (sandbox) {
                    // sandbox: SES checks ses:SendEmail on each recipient's (verified) identity as well
                    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                            .grantee(fn)
                            .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                            .resourceArns(List.of(anyIdentityArn))
                            .build());
                }
            }
        }
    }

    ConfigurationSet configurationSet() {
        return configurationSet;
    }
}
