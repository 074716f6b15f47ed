package dev.herald.local.s3;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ListObjectsV2 page: prefix, delimiter (common prefixes), max-keys (at most 1,000), start-after, continuation-token
 * and encoding-type=url, as S3 answers them. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
record ObjectListing(String bucket, String prefix, String delimiter, int maxKeys, boolean urlEncoded, String startAfter,
                     String continuationToken, List<Map.Entry<String, S3Store.StoredObject>> contents, Set<String> commonPrefixes,
                     String nextToken) {

    static ObjectListing of(Context ctx, S3Store.Bucket bucket) {
        String prefix = param(ctx, "prefix");
        String delimiter = param(ctx, "delimiter");
        int maxKeys = ctx.queryParam("max-keys") == null ? 1000 : Math.max(0, Math.min(1000, Integer.parseInt(ctx.queryParam("max-keys"))));
        String token = ctx.queryParam("continuation-token");
        String startAfter = param(ctx, "start-after");
        String after = token != null ? new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8) : startAfter;
        List<Map.Entry<String, S3Store.StoredObject>> contents = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        String next = null;
        var tail = after.isEmpty() ? bucket.objects() : bucket.objects().tailMap(after, false);
        for (var e : tail.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            int cut = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            if (contents.size() + prefixes.size() >= maxKeys) {
                if (cut < 0 || !prefixes.contains(key.substring(0, cut + delimiter.length()))) {
                    next = Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey(contents, prefixes).getBytes(StandardCharsets.UTF_8));
                    break;
                }
                continue;
            }
            if (cut >= 0) {
                prefixes.add(key.substring(0, cut + delimiter.length()));
            } else {
                contents.add(e);
            }
        }
        return new ObjectListing(bucket.name(), prefix, delimiter, maxKeys, "url".equals(ctx.queryParam("encoding-type")), startAfter, token,
                contents, prefixes, next);
    }

    String xml() {
        StringBuilder x = new StringBuilder("<ListBucketResult xmlns=\"" + S3Xml.NAMESPACE + "\">")
                .append(S3Xml.element("Name", bucket)).append(S3Xml.element("Prefix", S3Xml.key(prefix, urlEncoded)))
                .append(S3Xml.element("KeyCount", contents.size() + commonPrefixes.size())).append(S3Xml.element("MaxKeys", maxKeys));
        if (!delimiter.isEmpty()) {
            x.append(S3Xml.element("Delimiter", S3Xml.key(delimiter, urlEncoded)));
        }
        if (urlEncoded) {
            x.append(S3Xml.element("EncodingType", "url"));
        }
        if (!startAfter.isEmpty()) {
            x.append(S3Xml.element("StartAfter", S3Xml.key(startAfter, urlEncoded)));
        }
        if (continuationToken != null) {
            x.append(S3Xml.element("ContinuationToken", continuationToken));
        }
        x.append(S3Xml.element("IsTruncated", nextToken != null));
        if (nextToken != null) {
            x.append(S3Xml.element("NextContinuationToken", nextToken));
        }
        for (var e : contents) {
            x.append("<Contents>").append(S3Xml.element("Key", S3Xml.key(e.getKey(), urlEncoded)))
                    .append(S3Xml.element("LastModified", S3Xml.time(e.getValue().lastModified())))
                    .append(S3Xml.element("ETag", "\"" + e.getValue().etag() + "\"")).append(S3Xml.element("Size", e.getValue().bytes().length))
                    .append(S3Xml.element("StorageClass", "STANDARD")).append("</Contents>");
        }
        for (String p : commonPrefixes) {
            x.append("<CommonPrefixes>").append(S3Xml.element("Prefix", S3Xml.key(p, urlEncoded))).append("</CommonPrefixes>");
        }
        return x.append("</ListBucketResult>").toString();
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v;
    }

    /** The key or common prefix the page ends with: the next page starts after it. */
    private static String lastKey(List<Map.Entry<String, S3Store.StoredObject>> contents, Set<String> prefixes) {
        String last = contents.isEmpty() ? "" : contents.getLast().getKey();
        for (String p : prefixes) {
            // a common prefix covers every key under it: continue after all of them
            String end = p + Character.MAX_VALUE;
            if (end.compareTo(last) > 0) {
                last = end;
            }
        }
        return last;
    }
}
