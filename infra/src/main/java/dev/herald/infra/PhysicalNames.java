package dev.herald.infra;

import java.util.regex.Pattern;

/**
 * The AWS names of a deployment: every Topology name starts with the Topology's bus name
 * ({@code herald}, {@code herald-push}, {@code herald/jwt}); the stack replaces that start with the
 * deployment prefix ({@code herald:prefix}, default {@code herald}), so two stacks with different
 * prefixes live side by side in one account and region, and a deploy rolled back on create can be
 * retried under another prefix at once. With the default prefix the AWS names are the Topology's.
 */
final class PhysicalNames {
    /** Lower-case letters, digits and hyphens, starting with a letter: valid in every name the stack derives (SQS, DynamoDB, Lambda, secrets, rules). */
    static final Pattern VALID_PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,19}");

    private final String topologyPrefix;
    private final String prefix;

    PhysicalNames(String topologyPrefix, String prefix) {
        if (!VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("context " + StackSettings.PREFIX + " '" + prefix + "' is not a valid name prefix;"
                    + " use 1 to 20 lower-case letters, digits or hyphens starting with a letter, e.g. herald-staging");
        }
        this.topologyPrefix = topologyPrefix;
        this.prefix = prefix;
    }

    /** The AWS name of the Topology's {@code name}: {@code herald-push} becomes {@code <prefix>-push}. */
    String of(String name) {
        return name.startsWith(topologyPrefix) ? prefix + name.substring(topologyPrefix.length()) : prefix + "-" + name;
    }

    /** The deployment prefix. */
    String prefix() {
        return prefix;
    }

    /** The CloudFormation stack name of that prefix: {@code herald} gives {@code Herald}, {@code herald-staging} {@code HeraldStaging}. */
    static String stackName(String prefix) {
        return Ids.of("", prefix);
    }
}
