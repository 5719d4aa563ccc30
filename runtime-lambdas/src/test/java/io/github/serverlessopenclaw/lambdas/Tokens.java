package io.github.serverlessopenclaw.lambdas;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** RSA keys the test generates, the JWKS that publishes them, and Cognito-shaped ID tokens signed with them. */
final class Tokens {
    final String kid;
    final KeyPair keys;

    Tokens(String kid) {
        this.kid = kid;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwks(Tokens... published) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < published.length; i++) {
            RSAPublicKey key = (RSAPublicKey) published[i].keys.getPublic();
            json.append(i == 0 ? "" : ",")
                    .append("{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"")
                    .append(published[i].kid)
                    .append("\",\"n\":\"")
                    .append(b64(unsigned(key.getModulus())))
                    .append("\",\"e\":\"")
                    .append(b64(unsigned(key.getPublicExponent())))
                    .append("\"}");
        }
        return json.append("]}").toString();
    }

    /** Claims of a valid Cognito ID token for {@code sub}, to be changed by the test. */
    static Map<String, Object> idClaims(String issuer, String audience, String sub, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("token_use", "id");
        claims.put("iat", now.getEpochSecond() - 10);
        claims.put("auth_time", now.getEpochSecond() - 10);
        claims.put("exp", now.getEpochSecond() + 3600);
        claims.put("email", sub + "@example.com");
        return claims;
    }

    String sign(Map<String, Object> claims) {
        return sign(Map.of("alg", "RS256", "kid", kid, "typ", "JWT"), claims);
    }

    String sign(Map<String, Object> header, Map<String, Object> claims) {
        try {
            String signed = b64(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(header)) + "."
                    + b64(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
