package dev.herald.local.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EventPublisher;
import dev.herald.local.bus.LocalEventBus;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * PutObject and DeleteObject, and the EventBridge events S3 sends for them when the bucket has EventBridge enabled:
 * {@code Object Created} (reason {@code PutObject}) and {@code Object Deleted} (reason {@code DeleteObject},
 * deletion-type {@code Permanently Deleted}), source {@code aws.s3}, resources the bucket's ARN, on the default bus.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 * <p>The write succeeds even when the event cannot be delivered (as on AWS, where S3 does not fail an upload for it);
 * the failure is logged with the bus's reason.
 */
final class ObjectWrites {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObjectWrites.class);
    static final String SOURCE = "aws.s3";

    private final S3Store store;
    private final LocalEventBus bus;
    private final String account;

    ObjectWrites(S3Store store, LocalEventBus bus, String account) {
        this.store = store;
        this.bus = bus;
        this.account = account;
    }

    void put(Context ctx, String bucketName, String key) {
        var bucket = store.bucket(bucketName);
        if (bucket.isEmpty()) {
            S3Xml.error(ctx, 404, "NoSuchBucket", "The specified bucket does not exist; create it with aws s3 mb s3://" + bucketName, "/" + bucketName);
            return;
        }
        if (!ctx.queryParamMap().isEmpty()) {
            S3Xml.error(ctx, 501, "NotImplemented", "herald up's S3 does not serve PUT object ?" + ctx.queryString()
                    + " (multipart uploads, ACLs, tagging); upload files under 8 MB with aws s3 cp", ctx.path());
            return;
        }
        if (ctx.header("x-amz-copy-source") != null) {
            S3Xml.error(ctx, 501, "NotImplemented", "herald up's S3 does not serve CopyObject; upload the file again with aws s3 cp", ctx.path());
            return;
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (AwsChunked.isChunked(ctx.header("Content-Encoding"), ctx.header("x-amz-content-sha256"))) {
            try {
                bytes = AwsChunked.decode(bytes);
            } catch (IllegalArgumentException e) {
                S3Xml.error(ctx, 400, "IncompleteBody", e.getMessage(), ctx.path());
                return;
            }
        }
        String etag = store(bucketName, key, bytes, ctx.contentType(), S3Api.userMetadata(ctx), ctx.ip());
        ctx.status(200).header("ETag", "\"" + etag + "\"");
        for (String checksum : List.of("x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha1", "x-amz-checksum-sha256")) {
            if (ctx.header(checksum) != null) {
                ctx.header(checksum, ctx.header(checksum));
            }
        }
    }

    /**
     * Stores an object in an existing bucket and, when the bucket has EventBridge enabled, puts {@code Object Created} on the
     * default bus.
     *
     * @return the object's ETag (its MD5, hex)
     * @throws IllegalArgumentException when the bucket does not exist
     */
    String store(String bucketName, String key, byte[] bytes, String contentType, java.util.Map<String, String> userMetadata, String sourceIp) {
        S3Store.Bucket bucket = store.bucket(bucketName).orElseThrow(() -> new IllegalArgumentException("bucket " + bucketName
                + " does not exist; create it first"));
        String etag = S3Api.hex(md5(bytes));
        bucket.objects().put(key, new S3Store.StoredObject(bytes, etag, contentType == null ? "binary/octet-stream" : contentType, Instant.now(),
                userMetadata));
        boolean eventBridge = store.bucket(bucketName).map(S3Store.Bucket::eventBridge).orElse(false);
        LOG.info("s3 object created bucket={} size={} eventBridge={}", bucketName, bytes.length, eventBridge);
        if (eventBridge) {
            ObjectNode object = Json.object();
            object.put("key", key);
            object.put("size", bytes.length);
            object.put("etag", etag);
            object.put("sequencer", store.nextSequencer());
            send("Object Created", bucketName, detail(bucketName, object, "PutObject", sourceIp));
        }
        return etag;
    }

    void delete(Context ctx, String bucketName, String key) {
        var bucket = store.bucket(bucketName);
        if (bucket.isEmpty()) {
            S3Xml.error(ctx, 404, "NoSuchBucket", "The specified bucket does not exist", "/" + bucketName);
            return;
        }
        // S3 answers 204 whether or not the key existed
        boolean existed = bucket.get().objects().remove(key) != null;
        ctx.status(204);
        if (existed && bucket.get().eventBridge()) {
            ObjectNode object = Json.object();
            object.put("key", key);
            object.put("sequencer", store.nextSequencer());
            ObjectNode detail = detail(bucketName, object, "DeleteObject", ctx.ip());
            detail.put("deletion-type", "Permanently Deleted");
            send("Object Deleted", bucketName, detail);
        }
    }

    /** The {@code detail} S3 writes: version, bucket, object, request-id, requester, source-ip-address, reason. */
    private ObjectNode detail(String bucketName, ObjectNode object, String reason, String sourceIp) {
        ObjectNode detail = Json.object();
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucketName);
        detail.set("object", object);
        detail.put("request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT));
        detail.put("requester", account);
        detail.put("source-ip-address", sourceIp);
        detail.put("reason", reason);
        return detail;
    }

    private void send(String detailType, String bucketName, ObjectNode detail) {
        EventPublisher.Result r = bus.putServiceEvent(SOURCE, detailType, detail, List.of("arn:aws:s3:::" + bucketName));
        if (r.failed()) {
            LOG.warn("s3 event not delivered bucket={} detailType={} error={} reason={}", bucketName, detailType, r.errorCode(), r.errorMessage());
        } else {
            LOG.info("s3 event sent bucket={} detailType={} eventId={}", bucketName, detailType, r.eventId());
        }
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which every Java platform must provide", e);
        }
    }
}
