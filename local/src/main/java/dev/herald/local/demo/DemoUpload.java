package dev.herald.local.demo;

import dev.herald.local.s3.S3Api;
import java.nio.charset.StandardCharsets;

/**
 * Seed 004 in the demo: a bucket with EventBridge enabled and a file uploaded to it, so S3's {@code Object Created} event
 * reaches the members of the {@code uploads} topic ({@link DemoSeed#UPLOADS_TOPIC}) through the default bus's forwarding
 * and the bundled uploads route - the same path {@code aws s3 cp} takes.
 */
public final class DemoUpload {
    /** The demo's bucket (EventBridge enabled). */
    public static final String BUCKET = "herald-demo-uploads";
    public static final String KEY = "campaigns/welcome-recipients.csv";

    private DemoUpload() {
    }

    /** Creates the bucket and uploads the sample file; returns the object's ETag. */
    public static String upload(S3Api s3) {
        s3.createBucket(BUCKET, true);
        return s3.putObject(BUCKET, KEY, "userId,email\nuser-1,user-1@example.com\n".getBytes(StandardCharsets.UTF_8), "text/csv");
    }
}
