package dev.herald.infra;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.Topology;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * One Secrets Manager secret per secret id the Topology's functions reference
 * ({@link EnvValue.SecretId}). The stack creates them with a generated placeholder JSON value, so no
 * secret material ever sits in the template; operators put the real values afterwards
 * ({@code aws secretsmanager put-secret-value}, see docs/DEPLOY.md). Functions receive only the
 * secret's ARN.
 *
 * <p>Secrets are retained when the stack is deleted (the values were put by hand) but deleted when the
 * create that made them rolls back ({@link RemovalPolicy#RETAIN_ON_UPDATE_OR_DELETE}); names come from
 * {@link PhysicalNames} ({@code <prefix>/jwt}, ...).
 */
final class SecretResources {
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    SecretResources(Construct scope, Topology topology, PhysicalNames names) {
        topology.functions().stream()
                .flatMap(f -> f.environment().values().stream())
                .filter(v -> v instanceof EnvValue.SecretId)
                .map(v -> ((EnvValue.SecretId) v).secret())
                .distinct()
                .sorted()
                .forEach(name -> secrets.put(name, Secret.Builder.create(scope, Ids.of("Secret", name))
                        .secretName(names.of(name))
                        .description("Herald secret " + names.of(name) + " (a JSON object; replace the generated placeholder, see docs/DEPLOY.md)")
                        .generateSecretString(SecretStringGenerator.builder()
                                .secretStringTemplate("{}")
                                .generateStringKey("placeholder")
                                .excludePunctuation(true)
                                .passwordLength(32)
                                .build())
                        .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
                        .build()));
    }

    Secret get(String name) {
        Secret s = secrets.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no secret named " + name);
        }
        return s;
    }

    Map<String, Secret> all() {
        return Collections.unmodifiableMap(secrets);
    }
}
