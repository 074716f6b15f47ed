package dev.herald.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The key material of an {@link ApnsEmulator}: its TLS certificate for {@code localhost} and that
 * certificate's private key, and the provider-token signing key (an Apple {@code .p8}: EC P-256,
 * PKCS#8) with its team id and key id. {@link #generate()} makes new ones; {@link #toJson()} and
 * {@link #fromJson(JsonNode)} let {@code herald up} keep them in its data directory, so the push
 * handler's secret stays valid across restarts. All keys are PEM text.
 */
public record ApnsKeys(String certificatePem, String privateKeyPem, String signingKeyPem, String signingPublicKeyPem,
                       String teamId, String keyId) {

    /** New keys: a self-signed certificate for {@code localhost}, a P-256 signing key, random 10-character ids. */
    public static ApnsKeys generate() {
        SelfSignedCertificate tls = null;
        try {
            tls = new SelfSignedCertificate("localhost");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair signing = generator.generateKeyPair();
            return new ApnsKeys(pem("CERTIFICATE", tls.cert().getEncoded()), pem("PRIVATE KEY", tls.key().getEncoded()),
                    pem("PRIVATE KEY", signing.getPrivate().getEncoded()), pem("PUBLIC KEY", signing.getPublic().getEncoded()),
                    randomId(), randomId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the APNs emulator's TLS certificate or signing key"
                    + " (is org.bouncycastle:bcpkix-jdk18on on the classpath?): " + e.getMessage(), e);
        } finally {
            if (tls != null) {
                tls.delete();
            }
        }
    }

    /** Reads what {@link #toJson()} wrote; throws {@link IllegalArgumentException} naming a missing field. */
    public static ApnsKeys fromJson(JsonNode json) {
        return new ApnsKeys(field(json, "certificate"), field(json, "privateKey"), field(json, "signingKey"),
                field(json, "signingPublicKey"), field(json, "teamId"), field(json, "keyId"));
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("certificate", certificatePem).put("privateKey", privateKeyPem).put("signingKey", signingKeyPem)
                .put("signingPublicKey", signingPublicKeyPem).put("teamId", teamId).put("keyId", keyId);
        return json;
    }

    X509Certificate certificate() {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the APNs emulator's certificate is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    PrivateKey privateKey() {
        try {
            String algorithm = certificate().getPublicKey().getAlgorithm();
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(privateKeyPem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the APNs emulator's TLS key is not a PKCS#8 key for its certificate: " + e.getMessage(), e);
        }
    }

    ECPublicKey signingPublicKey() {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(signingPublicKeyPem)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("the APNs emulator's signing public key is not an EC key: " + e.getMessage(), e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static String field(JsonNode json, String name) {
        JsonNode v = json.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("the APNs emulator keys lack \"" + name + "\"");
        }
        return v.asText();
    }

    private static String randomId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
