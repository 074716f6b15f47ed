package dev.herald.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Secrets Manager's state on this machine: named secrets with a string value and a current
 * version, kept in one JSON file ({@code <dataDir>/secrets.json}, readable by the owner only) and
 * rewritten atomically on every change, so a restart keeps every value. Thread-safe.
 * <p>Lookups accept the name or the ARN, as Secrets Manager's {@code SecretId} does. Failure
 * behaviour: {@link #create} of an existing name throws {@link SecretExistsException}; an
 * unreadable file fails the constructor with the path, so a damaged file is never overwritten silently.
 */
public final class LocalSecretStore {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Path file;
    private final String arnPrefix;
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** One secret at its current version. */
    public record Secret(String name, String arn, String versionId, String value, Instant createdDate) {
    }

    /** {@link #create} was asked for a name that exists. */
    public static final class SecretExistsException extends RuntimeException {
        SecretExistsException(String name) {
            super("the secret " + name + " already exists; use PutSecretValue to change its value");
        }
    }

    /**
     * @param file    the JSON file (read if present, created on the first write)
     * @param region  for ARNs
     * @param account for ARNs
     */
    public LocalSecretStore(Path file, String region, String account) {
        this.file = file;
        this.arnPrefix = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
        if (Files.exists(file)) {
            load();
        }
    }

    public synchronized Optional<Secret> find(String nameOrArn) {
        Secret byName = secrets.get(nameOrArn);
        if (byName != null) {
            return Optional.of(byName);
        }
        return secrets.values().stream().filter(s -> s.arn().equals(nameOrArn)).findFirst();
    }

    public synchronized List<Secret> list() {
        return new ArrayList<>(secrets.values());
    }

    /** Creates {@code name} with {@code value}; throws {@link SecretExistsException} if it exists. */
    public synchronized Secret create(String name, String value) {
        if (secrets.containsKey(name)) {
            throw new SecretExistsException(name);
        }
        // Secrets Manager appends a hyphen and six random characters to the name in the ARN
        Secret s = new Secret(name, arnPrefix + name + "-" + randomSuffix(), UUID.randomUUID().toString(), value, Instant.now());
        secrets.put(name, s);
        save();
        return s;
    }

    /** Stores a new current version of an existing secret; empty when there is no such secret. */
    public synchronized Optional<Secret> put(String nameOrArn, String value) {
        Optional<Secret> existing = find(nameOrArn);
        existing.ifPresent(old -> {
            secrets.put(old.name(), new Secret(old.name(), old.arn(), UUID.randomUUID().toString(), value, old.createdDate()));
            save();
        });
        return existing.map(old -> secrets.get(old.name()));
    }

    private void load() {
        JsonNode root;
        try {
            root = Json.tree(Files.readString(file));
        } catch (IOException | Json.JsonException e) {
            throw new IllegalStateException("cannot read the local secrets file " + file + ": " + e.getMessage()
                    + "; fix it, or delete it to generate new local secrets", e);
        }
        root.path("secrets").forEach(n -> {
            Secret s = new Secret(n.path("name").asText(), n.path("arn").asText(), n.path("versionId").asText(),
                    n.path("value").asText(), Instant.parse(n.path("createdDate").asText()));
            secrets.put(s.name(), s);
        });
    }

    private void save() {
        ObjectNode root = Json.object();
        var list = root.putArray("secrets");
        for (Secret s : secrets.values()) {
            list.addObject().put("name", s.name()).put("arn", s.arn()).put("versionId", s.versionId())
                    .put("value", s.value()).put("createdDate", s.createdDate().toString());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, Json.write(root));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local secrets file " + file + "; check the data directory's permissions", e);
        }
    }

    private String randomSuffix() {
        StringBuilder b = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
