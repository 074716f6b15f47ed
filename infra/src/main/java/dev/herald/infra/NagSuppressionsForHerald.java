package dev.herald.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Annotations;

/**
 * The cdk-nag AWS Solutions findings Herald accepts, each scoped as narrowly as cdk-nag allows
 * (the resource, and for IAM findings the exact wildcard) and each with the reason it is safe.
 * Anything not listed here fails {@code cdk synth}.
 */
final class NagSuppressionsForHerald {
    private NagSuppressionsForHerald() {
    }

    static void apply(HeraldStack stack, FunctionResources functions, SecretResources secrets, ApiResources apis, EventResources events,
            EmailResources email, StackSettings settings) {
        for (FunctionResources.Deployed d : functions.all().values()) {
            NagSuppressions.addResourceSuppressions(d.function(), List.of(
                    suppression("AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole allows logs:CreateLogGroup, logs:CreateLogStream and"
                                    + " logs:PutLogEvents on every log group of the account (Resource *), not only the function's own: a function"
                                    + " could write to or create other log groups, but can read, change or delete none; Herald's code writes only"
                                    + " to stdout, which Lambda sends to the group the stack creates with its retention",
                            List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")),
                    suppression("AwsSolutions-IAM5", "X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no"
                                    + " resource-level permissions, so the resource must be * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html)",
                            List.of("Resource::*")),
                    suppression("AwsSolutions-IAM5", "DynamoDB grants include the table's own global secondary indexes (table-arn/index/*):"
                                    + " the byUser queries (inbox, connections of a user) run on them; no other table is covered",
                            List.of(RegexAppliesTo.builder().regex("/^Resource::<Table[A-Za-z0-9]+\\.Arn>\\/index\\/\\*$/g").build())),
                    suppression("AwsSolutions-IAM5", "execute-api:ManageConnections is scoped to this WebSocket API's stage; the connection id in"
                                    + " @connections/{connectionId} is only known at run time",
                            List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<WebSocketApi[A-Za-z0-9]+>\\/[^/]+\\/\\*\\/@connections\\/\\*$/g").build())),
                    suppression("AwsSolutions-L1", "Herald compiles with --release 21 and is tested on Java 21; java21 is the runtime its SnapStart"
                            + " setup is validated on. Move to java25 together with the build's --release", null)), true);
            Annotations.of(d.function()).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every caller invokes the alias on currentVersion, a published version");
        }
        apis.cloudWatchRole().ifPresent(role -> NagSuppressions.addResourceSuppressions(role, List.of(suppression("AwsSolutions-IAM4",
                "AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for the account's CloudWatch Logs role: it creates"
                        + " and writes (and describes, gets and filters) log groups of any API of the account, which API Gateway names at run time;"
                        + " only the API Gateway service can assume the role",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"))), true));
        NagSuppressions.addResourceSuppressions(events.deadLetterQueue(), List.of(suppression("AwsSolutions-SQS3",
                "this queue is itself the dead-letter queue of every EventBridge rule target; what lands here is alarmed on and re-published by hand", null)), true);
        if (settings.sesSandbox()) {
            for (String sender : EmailResources.SENDERS) {
                if (functions.all().containsKey(sender)) {
                    NagSuppressions.addResourceSuppressions(functions.get(sender).function(), List.of(suppression("AwsSolutions-IAM5",
                            "herald:sesSandbox=true: in the SES sandbox each send is also authorized against the recipient's identity, which"
                                    + " is any verified identity of this account and region; production access removes the need (turn the setting off)",
                            List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity\\/\\*$/g").build()))), true);
                }
            }
        }
        for (var secret : secrets.all().values()) {
            NagSuppressions.addResourceSuppressions(secret, List.of(suppression("AwsSolutions-SMG4",
                    "third-party credentials (APNs signing key, FCM service account, JWT/JWKS settings, email token key) are issued outside AWS"
                            + " and rotated by their owners with put-secret-value; there is no rotation Lambda that could mint them", null)), true);
        }
        for (var route : apis.webSocketRoutes()) {
            NagSuppressions.addResourceSuppressions(route, List.of(suppression("AwsSolutions-APIG4",
                    "browsers cannot send an Authorization header on a WebSocket handshake: $connect validates the JWT passed as ?token="
                            + " in its function and rejects the connection; $default and $disconnect only run on a connection $connect accepted", null)), true);
        }
        for (var route : apis.unauthenticatedHttpRoutes()) {
            NagSuppressions.addResourceSuppressions(route, List.of(suppression("AwsSolutions-APIG4",
                    "email confirm/unsubscribe links are opened from a mailbox without a session (one-click unsubscribe, RFC 8058);"
                            + " the function authenticates each request by the HMAC-signed token in the link", null)), true);
        }
    }

    private static NagPackSuppression suppression(String id, String reason, List<Object> appliesTo) {
        var builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo != null) {
            builder.appliesTo(appliesTo);
        }
        return builder.build();
    }
}
