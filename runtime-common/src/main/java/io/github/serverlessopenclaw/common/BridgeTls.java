package io.github.serverlessopenclaw.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The Lambda → bridge transport (docs/protocol.md, "Lambda → bridge"): each container makes a key pair, a
 * self-signed certificate and a random token in memory at start and publishes the certificate's SHA-256
 * ({@link #fingerprint}) and the token in its own TaskState row; the Lambdas trust exactly that certificate
 * ({@link #pinnedClient}), no CA, no host name.
 *
 * <p>The certificate is an X.509 v1 structure written here with the JDK's public key and signature APIs (the
 * JDK has no public certificate builder, and its internal one is not an API): nothing in it is trusted but its
 * hash, and the TLS handshake proves that the server holds the matching private key. The result is parsed back
 * with the JDK's {@link CertificateFactory} and its signature verified, so a malformed encoding fails at start.
 */
public final class BridgeTls {
    /** TLS 1.3 only, on both ends. */
    public static final String PROTOCOL = "TLSv1.3";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] OID_EC_SHA256 = {
        0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02
    };
    private static final byte[] OID_COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private BridgeTls() {}

    /** A container's transport identity: its TLS server context, the certificate's fingerprint, the token. */
    public record Identity(SSLContext serverContext, X509Certificate certificate, String fingerprint, String token) {
        @Override
        public String toString() {
            return "Identity[" + fingerprint + "]"; // never the token
        }
    }

    /** A new EC P-256 key pair, self-signed certificate and 256-bit token, all in memory only. */
    public static Identity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(keys, Instant.now());
            char[] password = HexFormat.of().formatHex(randomBytes(16)).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    "bridge", keys.getPrivate(), password, new java.security.cert.Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keyManagers.getKeyManagers(), null, RANDOM);
            return new Identity(
                    context,
                    certificate,
                    fingerprint(certificate.getEncoded()),
                    HexFormat.of().formatHex(randomBytes(32)));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the bridge's TLS identity: " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of a certificate's DER encoding: the value a TaskState row pins. */
    public static String fingerprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client context that completes a handshake only with a server whose certificate hashes to
     * {@code fingerprint}; anything else (another certificate, no certificate) fails before a byte of the
     * request is sent. Validity dates, CA and host name are not checked: the pin is the whole trust.
     */
    public static SSLContext pinnedClient(String fingerprint) {
        if (fingerprint == null || !fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a certificate fingerprint is 64 lower-case hex digits");
        }
        try {
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            // the JDK's default SecureRandom (NativePRNG mixes in /dev/urandom on every draw): nothing random is
            // kept from before a Lambda SnapStart snapshot
            context.init(null, new TrustManager[] {new Pin(fingerprint)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extended, so the JDK adds no checks of its own (host name) around it. */
    private static final class Pin extends X509ExtendedTrustManager {
        private final String fingerprint;

        Pin(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0 || !fingerprint.equals(fingerprint(chain[0].getEncoded()))) {
                throw new CertificateException(
                        "the bridge's certificate does not match the fingerprint in its TaskState row");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * X.509 v1 {@code Certificate}: tbs (serial, ecdsa-with-SHA256, issuer = subject = a random CN that names
     * nothing about the deployment, validity now - 1 h … now + 400 days, the public key), signature algorithm,
     * signature.
     */
    static X509Certificate selfSigned(KeyPair keys, Instant now) throws GeneralSecurityException {
        byte[] serial = randomBytes(16);
        serial[0] &= 0x7f; // a positive INTEGER
        byte[] algorithm = tlv(0x30, OID_EC_SHA256);
        byte[] name = tlv(
                0x30,
                tlv(
                        0x31,
                        tlv(
                                0x30,
                                OID_COMMON_NAME,
                                tlv(
                                        0x0c,
                                        HexFormat.of()
                                                .formatHex(randomBytes(8))
                                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
        byte[] validity = tlv(0x30, utcTime(now.minusSeconds(3600)), utcTime(now.plusSeconds(400L * 86400)));
        byte[] tbs = tlv(
                0x30,
                tlv(0x02, new BigInteger(1, serial).toByteArray()),
                algorithm,
                name,
                validity,
                name,
                keys.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate(), RANDOM);
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // BIT STRING: no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = tlv(0x30, tbs, algorithm, tlv(0x03, bits));
        X509Certificate certificate = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(keys.getPublic());
        return certificate;
    }

    private static byte[] utcTime(Instant instant) {
        return tlv(0x17, UTC_TIME.format(instant).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** DER tag-length-value over the concatenated parts. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            out.write(0x80 | (digits.length - skip));
            out.write(digits, skip, digits.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
