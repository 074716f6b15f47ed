package dev.herald.local.edge;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header as AWS does: rebuilds the canonical request
 * (method, URI-encoded path, sorted query, the signed headers, the payload's SHA-256), the string to sign
 * (algorithm, {@code X-Amz-Date}, credential scope, the canonical request's hash) and the signing key (the HMAC
 * chain {@code AWS4<secret>} - date - region - service - {@code aws4_request}), then compares signatures in
 * constant time. Only the one access key given is known.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
public final class SigV4Verifier {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([a-z0-9;_.-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** AWS refuses a request signed more than 15 minutes away from its clock. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final String accessKeyId;
    private final byte[] secret;

    /**
     * @param accessKeyId the only access key accepted
     * @param secretKey   its secret access key
     */
    public SigV4Verifier(String accessKeyId, String secretKey) {
        this.accessKeyId = accessKeyId;
        this.secret = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
    }

    /** A request as it came off the wire: the raw (still percent-encoded) path and query, headers by lower-case name. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    /** Why a request was refused: the AWS error code, HTTP status and a message saying how to fix it. */
    public record Refusal(int status, String code, String message) {
    }

    /** @return empty when the signature is valid, else why it is not */
    public java.util.Optional<Refusal> verify(Request request, Instant now) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            return refuse(403, "UnrecognizedClientException", "the request is not signed; herald up listens beyond loopback, so every AWS"
                    + " API call must be signed (SigV4) with the access key and secret herald up printed at start");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            return refuse(403, "IncompleteSignatureException", "the Authorization header is not an AWS4-HMAC-SHA256 signature"
                    + " (Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=<64 hex>)");
        }
        String keyId = m.group(1);
        String date = m.group(2);
        String region = m.group(3);
        String service = m.group(4);
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String signature = m.group(6);
        if (!MessageDigest.isEqual(keyId.getBytes(StandardCharsets.UTF_8), accessKeyId.getBytes(StandardCharsets.UTF_8))) {
            return refuse(403, "UnrecognizedClientException", "the security token included in the request is invalid: access key "
                    + keyId + " is not the one herald up printed at start");
        }
        if (!signedHeaders.contains("host")) {
            return refuse(403, "SignatureDoesNotMatch", "the signature does not cover the host header; AWS requires it");
        }
        String amzDate = request.header("x-amz-date");
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate == null ? "" : amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return refuse(403, "IncompleteSignatureException", "X-Amz-Date is missing or not yyyyMMddTHHmmssZ");
        }
        if (!amzDate.startsWith(date)) {
            return refuse(403, "SignatureDoesNotMatch", "the credential scope's date " + date + " is not the date of X-Amz-Date " + amzDate);
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            return refuse(403, "InvalidSignatureException", "Signature expired: " + amzDate + " is more than 15 minutes from herald up's clock "
                    + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + "; set the machine's clock");
        }
        String payloadHash = sha256Hex(request.body());
        String declared = request.header("x-amz-content-sha256");
        if (declared != null && !declared.equals(UNSIGNED_PAYLOAD) && !declared.equalsIgnoreCase(payloadHash)) {
            return refuse(403, "SignatureDoesNotMatch", "x-amz-content-sha256 is not the SHA-256 of the body");
        }
        if (UNSIGNED_PAYLOAD.equals(declared)) {
            payloadHash = UNSIGNED_PAYLOAD;
        }
        StringBuilder canonical = new StringBuilder()
                .append(request.method().toUpperCase(Locale.ROOT)).append('\n')
                .append(canonicalUri(request.rawPath())).append('\n')
                .append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                return refuse(403, "SignatureDoesNotMatch", "the signed header " + name + " is not in the request");
            }
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.trim().replaceAll("\\s+", " ")));
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(hmac(hmac(hmac(secret, date), region), service), "aws4_request");
        byte[] expected = HexFormat.of().formatHex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return refuse(403, "SignatureDoesNotMatch", "the request signature we calculated does not match the signature you provided;"
                    + " check the secret access key herald up printed at start and the signing method");
        }
        return java.util.Optional.empty();
    }

    /** Each path segment URI-encoded once more, as every service but S3 signs it (the wire path is already encoded once). */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encode(rawPath, false);
    }

    /** Parameters decoded, then re-encoded the SigV4 way, sorted by name then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            sorted.computeIfAbsent(encode(name, true), k -> new ArrayList<>()).add(encode(value, true));
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(v -> parts.add(name + "=" + v)));
        return String.join("&", parts);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 unreserved characters stay; everything else is %XX (upper case); '/' stays unless {@code slash}. */
    static String encode(String s, boolean slash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
                    || c == '/' && !slash) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static java.util.Optional<Refusal> refuse(int status, String code, String message) {
        return java.util.Optional.of(new Refusal(status, code, message));
    }
}
