package dev.herald.local.clock;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The MD5 digests SQS answers a send with, which the AWS SDKs check against what they sent: of the body, and of the
 * message (system) attributes - each attribute, by name in order, as its name, data type, a transport type byte
 * (1 string, 2 binary, 3 string list, 4 binary list) and its value(s), every string and byte run preceded by its length
 * as a 4-byte big-endian integer.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
final class SqsChecksums {
    private SqsChecksums() {
    }

    static String ofBody(String body) {
        MessageDigest md5 = md5();
        md5.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The digest of {@code MessageAttributes} (or {@code MessageSystemAttributes}) as sent in the JSON protocol. */
    static String ofAttributes(JsonNode attributes) {
        List<String> names = new ArrayList<>();
        attributes.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        MessageDigest md5 = md5();
        for (String name : names) {
            JsonNode a = attributes.get(name);
            update(md5, name.getBytes(StandardCharsets.UTF_8));
            update(md5, a.path("DataType").asText().getBytes(StandardCharsets.UTF_8));
            if (a.hasNonNull("StringValue")) {
                md5.update((byte) 1);
                update(md5, a.get("StringValue").asText().getBytes(StandardCharsets.UTF_8));
            } else if (a.hasNonNull("BinaryValue")) {
                md5.update((byte) 2);
                update(md5, Base64.getDecoder().decode(a.get("BinaryValue").asText()));
            } else if (a.path("StringListValues").size() > 0) {
                md5.update((byte) 3);
                a.get("StringListValues").forEach(v -> update(md5, v.asText().getBytes(StandardCharsets.UTF_8)));
            } else if (a.path("BinaryListValues").size() > 0) {
                md5.update((byte) 4);
                a.get("BinaryListValues").forEach(v -> update(md5, Base64.getDecoder().decode(v.asText())));
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static void update(MessageDigest md5, byte[] bytes) {
        md5.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        md5.update(bytes);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks MD5, which SQS's checksums need", e);
        }
    }
}
