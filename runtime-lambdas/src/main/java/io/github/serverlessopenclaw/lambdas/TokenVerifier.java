package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a Cognito ID token: RS256 signature against the pool's JWKS (cached; fetched again, at most
 * once a minute, when a token names an unknown key), issuer, audience, {@code token_use=id}, expiry.
 * The JWKS URL is {@code <issuer>/.well-known/jwks.json} unless {@code COGNITO_JWKS_URL} overrides it.
 */
final class TokenVerifier {
    static final class InvalidToken extends Exception {
        InvalidToken(String reason) {
            super(reason);
        }
    }

    /** What a verified token says: its subject and when it expires (epoch seconds). */
    record Verified(String sub, long expiresAt) {}

    static final int MAX_TOKEN_CHARS = 8192;
    private static final int MAX_JWKS_BYTES = 64 * 1024;
    private static final long REFETCH_INTERVAL_MS = 60_000;
    private static final long MAX_IAT_SKEW_SECONDS = 300;

    private final String issuer;
    private final String audience;
    private final String jwksUrl;
    private final Clock clock;
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile long lastFetchMs = Long.MIN_VALUE / 2;

    TokenVerifier(LambdaEnv env, Clock clock) {
        String poolId = env.require(Env.USER_POOL_ID);
        int underscore = poolId.indexOf('_');
        String region = underscore > 0 ? poolId.substring(0, underscore) : env.get("AWS_REGION");
        this.issuer = "https://cognito-idp." + region + ".amazonaws.com/" + poolId;
        this.audience = env.require(Env.USER_POOL_CLIENT_ID);
        String override = env.get(Env.COGNITO_JWKS_URL);
        this.jwksUrl = override.isEmpty() ? issuer + "/.well-known/jwks.json" : override;
        this.clock = clock;
    }

    /** The verified {@code sub} and {@code exp}. */
    Verified verify(String token) throws InvalidToken {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidToken("token too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("not a JWS compact token");
        }
        JsonNode header = decodeJson(parts[0]);
        JsonNode claims = decodeJson(parts[1]);
        if (!"RS256".equals(Json.text(header, "alg"))) {
            throw new InvalidToken("alg is not RS256");
        }
        String kid = Json.text(header, "kid");
        if (kid == null) {
            throw new InvalidToken("no kid");
        }
        PublicKey key = key(kid);
        if (!signatureValid(key, parts[0] + "." + parts[1], base64url(parts[2]))) {
            throw new InvalidToken("bad signature");
        }
        checkClaims(claims);
        return new Verified(Json.text(claims, "sub"), claims.get("exp").asLong());
    }

    private void checkClaims(JsonNode claims) throws InvalidToken {
        long now = clock.instant().getEpochSecond();
        if (!issuer.equals(Json.text(claims, "iss"))) {
            throw new InvalidToken("wrong issuer");
        }
        if (!"id".equals(Json.text(claims, "token_use"))) {
            throw new InvalidToken("not an ID token");
        }
        JsonNode aud = claims.get("aud");
        boolean audienceOk = aud != null
                && (aud.isTextual()
                        ? audience.equals(aud.asText())
                        : aud.isArray()
                                && aud.size() == 1
                                && audience.equals(aud.get(0).asText()));
        if (!audienceOk) {
            throw new InvalidToken("wrong audience");
        }
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong() || now >= exp.asLong()) {
            throw new InvalidToken("expired");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && (!nbf.canConvertToLong() || now < nbf.asLong())) {
            throw new InvalidToken("not yet valid");
        }
        JsonNode iat = claims.get("iat");
        if (iat != null && (!iat.canConvertToLong() || iat.asLong() > now + MAX_IAT_SKEW_SECONDS)) {
            throw new InvalidToken("issued in the future");
        }
        String sub = Json.text(claims, "sub");
        if (sub == null || sub.isBlank()) {
            throw new InvalidToken("no subject");
        }
    }

    private PublicKey key(String kid) throws InvalidToken {
        PublicKey key = keys.get(kid);
        if (key == null) {
            refetch();
            key = keys.get(kid);
        }
        if (key == null) {
            throw new InvalidToken("unknown key id");
        }
        return key;
    }

    private synchronized void refetch() throws InvalidToken {
        long now = clock.millis();
        if (!keys.isEmpty() && now - lastFetchMs < REFETCH_INTERVAL_MS) {
            return; // a forged kid must not make every request fetch the JWKS
        }
        lastFetchMs = now;
        try {
            var response =
                    SmallHttp.send("GET", jwksUrl, Map.of("Accept", "application/json"), null, 3000, MAX_JWKS_BYTES);
            if (!response.ok()) {
                throw new InvalidToken("JWKS answered " + response.status());
            }
            JsonNode jwks = Json.parse(response.body()).orElseThrow(() -> new InvalidToken("JWKS is not JSON"));
            for (JsonNode jwk : jwks.path("keys")) {
                if ("RSA".equals(Json.text(jwk, "kty"))
                        && Json.text(jwk, "kid") != null
                        && Json.text(jwk, "n") != null
                        && Json.text(jwk, "e") != null) {
                    var spec = new RSAPublicKeySpec(
                            new BigInteger(1, base64url(Json.text(jwk, "n"))),
                            new BigInteger(1, base64url(Json.text(jwk, "e"))));
                    keys.put(
                            Json.text(jwk, "kid"), KeyFactory.getInstance("RSA").generatePublic(spec));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            Log.warn("JWKS fetch from " + jwksUrl + " failed: " + e.getMessage());
            throw new InvalidToken("JWKS unavailable");
        }
    }

    private static boolean signatureValid(PublicKey key, String signedPart, byte[] signature) throws InvalidToken {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signedPart.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static JsonNode decodeJson(String part) throws InvalidToken {
        JsonNode node =
                Json.parse(new String(base64url(part), StandardCharsets.UTF_8)).orElse(null);
        if (node == null || !node.isObject()) {
            throw new InvalidToken("segment is not a JSON object");
        }
        return node;
    }

    private static byte[] base64url(String text) throws InvalidToken {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("bad base64url");
        }
    }
}
