package dev.herald.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * EventBridge Scheduler for deliveries deferred longer than SQS can delay (quiet hours): a schedule group the
 * delivery functions create one-time schedules in, and the role Scheduler assumes to send a deferred message to
 * its channel queue. Each grant follows the Topology: a function that names the group
 * ({@code EnvValue.ScheduleGroup}) may create schedules in it and pass the role; the role may send only to the
 * queues the functions name as targets ({@code EnvValue.QueueArn}).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */
final class SchedulerResources {
    private final CfnScheduleGroup group;
    private final Role role;

    SchedulerResources(Construct scope, String groupName) {
        group = CfnScheduleGroup.Builder.create(scope, "DeferralScheduleGroup").name(groupName).build();
        // confused-deputy guard: only schedules of this account may assume the role
        role = Role.Builder.create(scope, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(
                        Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
                .description("EventBridge Scheduler sends deferred Herald deliveries to their channel queue")
                .build();
    }

    /** The group's name (its Ref), for {@code HERALD_SCHEDULE_GROUP}. */
    String groupName() {
        return group.getRef();
    }

    /** The role's ARN, for {@code HERALD_SCHEDULER_ROLE_ARN}. */
    String roleArn() {
        return role.getRoleArn();
    }

    /** Scheduler may send to {@code queue} (with SQS-managed encryption no KMS grant is needed). */
    void allowTarget(IQueue queue) {
        queue.grantSendMessages(role);
    }

    /** {@code fn} may create schedules in the group (and nowhere else). */
    void allowScheduling(IFunction fn) {
        fn.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("scheduler:CreateSchedule"))
                .resources(List.of("arn:" + Aws.PARTITION + ":scheduler:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":schedule/" + group.getRef() + "/*"))
                .build());
        NagSuppressions.addResourceSuppressions(fn, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("scheduler:CreateSchedule is scoped to Herald's deferral schedule group; each schedule's name is derived from a"
                        + " delivery id at run time, so the schedule part of the ARN must be a wildcard")
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\\/<DeferralScheduleGroup>\\/\\*$/g").build()))
                .build()), true);
    }

    /** {@code grantee} may hand the role to Scheduler (iam:PassRole, which CreateSchedule needs). */
    void allowPassing(IGrantable grantee) {
        role.grantPassRole(grantee.getGrantPrincipal());
    }
}
