package dev.herald.local.s3;

import dev.herald.local.EdgeComponent;
import dev.herald.local.bus.LocalEventBus;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Amazon S3, path-style ({@code http://localhost:4566/<bucket>/<key>}), as far as the AWS CLI's {@code aws s3 mb|rb|cp|ls|rm}
 * and {@code aws s3api put-bucket-notification-configuration} need it: ListBuckets, CreateBucket, HeadBucket, DeleteBucket,
 * ListObjectsV2 (ListObjects v1 is not served), GetBucketLocation, Put/GetBucketNotificationConfiguration, PutObject, GetObject, HeadObject, DeleteObject.
 * <p>With EventBridge enabled on a bucket ({@code {"EventBridgeConfiguration":{}}}), PutObject puts S3's {@code Object Created}
 * event and DeleteObject its {@code Object Deleted} event on the default bus, in the shape S3 sends
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html); the bus forwards what a route names to the Herald bus.
 * <p>Failure behaviour: S3's error codes in S3's XML ({@code NoSuchBucket}, {@code NoSuchKey}, {@code InvalidBucketName},
 * {@code BucketAlreadyOwnedByYou}, {@code BucketNotEmpty}); a subresource or notification target this runtime cannot serve
 * answers 501 {@code NotImplemented} naming what is served. Multipart uploads are not served (the CLI uses them from 8 MB up).
 */
public final class S3Api implements EdgeComponent {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3Api.class);
    /** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String SERVED = "ListBuckets, CreateBucket, HeadBucket, DeleteBucket, ListObjectsV2, GetBucketLocation,"
            + " Put/GetBucketNotificationConfiguration, PutObject, GetObject, HeadObject, DeleteObject";

    private final S3Store store = new S3Store();
    private final ObjectWrites writes;
    private final String account;
    private final String region;

    /** @param bus the runtime's buses; S3 events go to its default bus */
    public S3Api(LocalEventBus bus, String account, String region) {
        this.writes = new ObjectWrites(store, bus, account);
        this.account = account;
        this.region = region;
    }

    @Override
    public void install(JavalinConfig config) {
        // GET / is the dashboard for a browser; a signed request (the CLI's, the SDK's) is ListBuckets
        config.routes.before("/", ctx -> {
            if (ctx.method().name().equals("GET") && isSigned(ctx)) {
                listBuckets(ctx);
                ctx.skipRemainingHandlers();
            }
        });
        config.routes.put("/{bucket}", this::putBucket);
        config.routes.head("/{bucket}", ctx -> withBucket(ctx, b -> ctx.status(200)));
        config.routes.get("/{bucket}", this::getBucket);
        config.routes.delete("/{bucket}", this::deleteBucket);
        config.routes.put("/{bucket}/<key>", ctx -> writes.put(ctx, ctx.pathParam("bucket"), ctx.pathParam("key")));
        config.routes.delete("/{bucket}/<key>", ctx -> writes.delete(ctx, ctx.pathParam("bucket"), ctx.pathParam("key")));
        config.routes.get("/{bucket}/<key>", ctx -> getObject(ctx, true));
        config.routes.head("/{bucket}/<key>", ctx -> getObject(ctx, false));
    }

    /**
     * Creates a bucket (if absent) with EventBridge on or off, as {@code aws s3 mb} and the notification configuration do;
     * for the demo data.
     *
     * @throws IllegalArgumentException when the name is not a valid bucket name
     */
    public void createBucket(String name, boolean eventBridge) {
        if (!BUCKET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bucket name " + name + " is not valid: use 3 to 63 lowercase letters, digits, dots and hyphens");
        }
        store.create(name);
        store.setEventBridge(name, eventBridge);
    }

    /**
     * Stores an object as PutObject does (with S3's {@code Object Created} event when the bucket has EventBridge on); for the demo data.
     *
     * @return the object's ETag
     * @throws IllegalArgumentException when the bucket does not exist
     */
    public String putObject(String bucket, String key, byte[] bytes, String contentType) {
        return writes.store(bucket, key, bytes, contentType, Map.of(), "127.0.0.1");
    }

    static boolean isSigned(Context ctx) {
        String auth = ctx.header("Authorization");
        return auth != null && auth.startsWith("AWS4-HMAC-SHA256") || ctx.queryParam("X-Amz-Signature") != null;
    }

    private void listBuckets(Context ctx) {
        StringBuilder xml = new StringBuilder("<ListAllMyBucketsResult xmlns=\"" + S3Xml.NAMESPACE + "\"><Owner>")
                .append(S3Xml.element("ID", account)).append(S3Xml.element("DisplayName", "herald-up")).append("</Owner><Buckets>");
        for (S3Store.Bucket b : store.buckets()) {
            xml.append("<Bucket>").append(S3Xml.element("Name", b.name())).append(S3Xml.element("CreationDate", S3Xml.time(b.created())))
                    .append("</Bucket>");
        }
        S3Xml.ok(ctx, xml.append("</Buckets></ListAllMyBucketsResult>").toString());
    }

    private void putBucket(Context ctx) {
        String name = ctx.pathParam("bucket");
        if (ctx.queryParamMap().containsKey("notification")) {
            withBucket(ctx, b -> putNotification(ctx, b));
        } else if (!ctx.queryParamMap().isEmpty()) {
            notImplemented(ctx, "PUT bucket subresource ?" + ctx.queryString());
        } else if (!BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            S3Xml.error(ctx, 400, "InvalidBucketName", "The specified bucket is not valid: use 3 to 63 lowercase letters, digits, dots and"
                    + " hyphens, beginning and ending with a letter or digit", "/" + name);
        } else if (!store.create(name)) {
            S3Xml.error(ctx, 409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", "/" + name);
        } else {
            LOG.info("s3 bucket created bucket={}", name);
            ctx.status(200).header("Location", "/" + name);
        }
    }

    private void putNotification(Context ctx, S3Store.Bucket bucket) {
        String body = ctx.body();
        for (String unsupported : new String[] {"TopicConfiguration", "QueueConfiguration", "CloudFunctionConfiguration", "LambdaFunctionConfiguration"}) {
            if (body.contains("<" + unsupported)) {
                notImplemented(ctx, "a " + unsupported + " (herald up sends S3 events through EventBridge only: use"
                        + " --notification-configuration '{\"EventBridgeConfiguration\":{}}')");
                return;
            }
        }
        boolean eventBridge = body.contains("<EventBridgeConfiguration");
        store.setEventBridge(bucket.name(), eventBridge);
        LOG.info("s3 notification configuration bucket={} eventBridge={}", bucket.name(), eventBridge);
        ctx.status(200);
    }

    private void getBucket(Context ctx) {
        withBucket(ctx, bucket -> {
            Map<String, java.util.List<String>> q = ctx.queryParamMap();
            if (q.containsKey("notification")) {
                S3Xml.ok(ctx, "<NotificationConfiguration xmlns=\"" + S3Xml.NAMESPACE + "\">"
                        + (bucket.eventBridge() ? "<EventBridgeConfiguration></EventBridgeConfiguration>" : "") + "</NotificationConfiguration>");
            } else if (q.containsKey("location")) {
                S3Xml.ok(ctx, "<LocationConstraint xmlns=\"" + S3Xml.NAMESPACE + "\">" + (region.equals("us-east-1") ? "" : region) + "</LocationConstraint>");
            } else if ("2".equals(ctx.queryParam("list-type"))) {
                S3Xml.ok(ctx, ObjectListing.of(ctx, bucket).xml());
            } else {
                notImplemented(ctx, "GET bucket subresource ?" + ctx.queryString());
            }
        });
    }

    private void deleteBucket(Context ctx) {
        String name = ctx.pathParam("bucket");
        if (!ctx.queryParamMap().isEmpty()) {
            notImplemented(ctx, "DELETE bucket subresource ?" + ctx.queryString());
            return;
        }
        store.delete(name).ifPresentOrElse(
                reason -> S3Xml.error(ctx, reason.equals("NoSuchBucket") ? 404 : 409, reason, reason.equals("NoSuchBucket")
                        ? "The specified bucket does not exist" : "The bucket you tried to delete is not empty; delete its objects first (aws s3 rb --force)",
                        "/" + name),
                () -> ctx.status(204));
    }

    private void getObject(Context ctx, boolean withBody) {
        String key = ctx.pathParam("key");
        withBucket(ctx, bucket -> {
            S3Store.StoredObject o = bucket.objects().get(key);
            if (o == null) {
                S3Xml.error(ctx, 404, "NoSuchKey", "The specified key does not exist.", "/" + bucket.name() + "/" + key);
                return;
            }
            ctx.status(200).header("ETag", "\"" + o.etag() + "\"").header("Last-Modified", HTTP_DATE.format(o.lastModified()))
                    .header("Accept-Ranges", "bytes").contentType(o.contentType());
            o.userMetadata().forEach((k, v) -> ctx.header("x-amz-meta-" + k, v));
            if (withBody) {
                ctx.result(o.bytes());
            } else {
                ctx.header("Content-Length", String.valueOf(o.bytes().length));
            }
        });
    }

    private void withBucket(Context ctx, java.util.function.Consumer<S3Store.Bucket> then) {
        String name = ctx.pathParam("bucket");
        store.bucket(name).ifPresentOrElse(then, () -> S3Xml.error(ctx, 404, "NoSuchBucket",
                "The specified bucket does not exist; create it with aws s3 mb s3://" + name, "/" + name));
    }

    private static void notImplemented(Context ctx, String what) {
        S3Xml.error(ctx, 501, "NotImplemented", "herald up's S3 does not serve " + what + "; it serves " + SERVED, ctx.path());
    }

    /** Lower-case hex, as S3 writes ETags. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }

    /** The {@code x-amz-meta-*} headers of a request, by name without the prefix. */
    static Map<String, String> userMetadata(Context ctx) {
        Map<String, String> meta = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-")) {
                meta.put(k.substring("x-amz-meta-".length()).toLowerCase(Locale.ROOT), v);
            }
        });
        return meta;
    }
}
