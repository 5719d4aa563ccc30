package io.github.serverlessopenclaw.plugin.verify;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of Cognito's USER_SRP_AUTH (SRP-6a with Cognito's choices), so {@code openclaw:verify} signs in as the
 * web UI does (amazon-cognito-identity-js): the password never leaves this process. Cognito's variant: the 3072-bit
 * group of RFC 3526 with g = 2; k = H(N | g); x = H(salt | H(poolName | userIdForSrp | ":" | password)); the key is
 * HKDF-SHA256 of S salted with u, info "Caldera Derived Key", 16 bytes; the PASSWORD_VERIFIER claim is
 * HMAC-SHA256(key, poolName | userIdForSrp | secretBlock | timestamp). Numbers are hashed as their shortest big-endian
 * two's-complement bytes (a 0x00 before a set top bit), as the JS library's padHex does.
 */
public final class CognitoSrp {
    static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                    + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                    + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
                    + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
                    + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
                    + "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
                    + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
                    + "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
            16);
    static final BigInteger G = BigInteger.TWO;
    private static final BigInteger K = new BigInteger(1, sha256(bytes(N), bytes(G)));
    private static final byte[] INFO = "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8);
    /** Cognito's TIMESTAMP: "Tue Sep 5 07:04:09 UTC 2023" (day not padded, English names, UTC). */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern(
                    "EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final String poolName;
    private final BigInteger a;
    private final BigInteger largeA;

    /** A fresh private value a of 128 random bytes, as the web UI draws it. */
    public CognitoSrp(String userPoolId, SecureRandom random) {
        this(userPoolId, randomA(random));
    }

    /** With a given private value: for the tests that compare this class with amazon-cognito-identity-js. */
    CognitoSrp(String userPoolId, BigInteger a) {
        int underscore = userPoolId.indexOf('_');
        if (underscore < 0) {
            throw new IllegalArgumentException("not a user pool id: " + userPoolId);
        }
        this.poolName = userPoolId.substring(underscore + 1);
        this.a = a;
        this.largeA = G.modPow(a, N);
        if (largeA.signum() == 0) {
            throw new IllegalStateException("A mod N is 0");
        }
    }

    private static BigInteger randomA(SecureRandom random) {
        byte[] bytes = new byte[128];
        random.nextBytes(bytes);
        return new BigInteger(1, bytes);
    }

    /** SRP_A of InitiateAuth, in hex. */
    public String srpA() {
        return largeA.toString(16);
    }

    /** Cognito's TIMESTAMP for a PASSWORD_VERIFIER answer. */
    public static String timestamp(Instant now) {
        return TIMESTAMP.format(now);
    }

    /**
     * PASSWORD_CLAIM_SIGNATURE (base64) for the PASSWORD_VERIFIER challenge's SALT, SRP_B (hex), SECRET_BLOCK (base64)
     * and USER_ID_FOR_SRP. Refuses a B that is 0 mod N (a server could otherwise force S = 0), as the JS library does.
     */
    public String signature(
            String userIdForSrp,
            String password,
            String saltHex,
            String srpBHex,
            String secretBlock,
            String timestamp) {
        BigInteger b = new BigInteger(srpBHex, 16);
        if (b.mod(N).signum() == 0) {
            throw new IllegalArgumentException("SRP_B is 0 mod N");
        }
        BigInteger u = new BigInteger(1, sha256(bytes(largeA), bytes(b)));
        if (u.signum() == 0) {
            throw new IllegalArgumentException("u is 0");
        }
        byte[] identity = sha256((poolName + userIdForSrp + ":" + password).getBytes(StandardCharsets.UTF_8));
        BigInteger x = new BigInteger(1, sha256(bytes(new BigInteger(saltHex, 16)), identity));
        BigInteger s = b.subtract(K.multiply(G.modPow(x, N))).modPow(a.add(u.multiply(x)), N);
        byte[] prk = hmac(bytes(u), bytes(s));
        byte[] key = java.util.Arrays.copyOf(hmac(prk, INFO), 16);
        byte[] claim = hmac(
                key,
                (poolName + userIdForSrp).getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(secretBlock),
                timestamp.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(claim);
    }

    /** The number's shortest two's-complement bytes (the JS library's padHex). */
    private static byte[] bytes(BigInteger n) {
        return n.toByteArray();
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
