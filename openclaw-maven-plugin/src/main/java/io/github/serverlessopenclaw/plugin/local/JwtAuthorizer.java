package io.github.serverlessopenclaw.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API's JWT authorizer, checked as API Gateway documents it ("Control access to HTTP APIs with JWT
 * authorizers"): the token from {@code Authorization} (alone or after {@code Bearer }), an RSA signature
 * (RS256/384/512) by a key of the issuer's JWKS named by {@code kid}, {@code iss} equal to the issuer, {@code aud} (or,
 * without {@code aud}, {@code client_id}) one of the audiences, {@code exp} in the future, {@code nbf} and {@code iat}
 * not in the future. The issuer is the Cognito pool's URL; its keys come from moto, which serves each pool's JWKS.
 */
final class JwtAuthorizer {
    /** A token API Gateway accepts: its claims and scopes (from {@code scope} or {@code scp}). */
    record Accepted(JsonNode claims, List<String> scopes) {}

    private static final Pattern COGNITO_ISSUER =
            Pattern.compile("^https://cognito-idp\\.[a-z0-9-]+\\.amazonaws\\.com/([\\w-]+)$");
    private static final Map<String, String> ALGORITHMS =
            Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
    private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);

    private final URI moto;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<String, PublicKey>> keysByIssuer = new ConcurrentHashMap<>();
    private final Map<String, Long> fetchedAt = new ConcurrentHashMap<>();

    JwtAuthorizer(URI moto, Clock clock) {
        this.moto = moto;
        this.clock = clock;
    }

    /** The accepted token, or empty: API Gateway then answers 401 {@code {"message":"Unauthorized"}}. */
    Optional<Accepted> authorize(String authorization, DeployedApis.Jwt config) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String token = authorization.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = Events.JSON.readTree(base64Url(parts[0]));
            JsonNode claims = Events.JSON.readTree(base64Url(parts[1]));
            String algorithm = ALGORITHMS.get(header.path("alg").asText(""));
            String kid = header.path("kid").asText(null);
            if (algorithm == null || kid == null || claims == null || !claims.isObject()) {
                return Optional.empty();
            }
            PublicKey key = key(config.issuer(), kid);
            if (key == null) {
                return Optional.empty();
            }
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(base64Url(parts[2]))) {
                return Optional.empty();
            }
            if (!claimsValid(claims, config)) {
                return Optional.empty();
            }
            String scope = claims.hasNonNull("scope")
                    ? claims.get("scope").asText()
                    : claims.hasNonNull("scp") ? claims.get("scp").asText() : null;
            return Optional.of(new Accepted(
                    claims, scope == null ? null : List.of(scope.trim().split("\\s+"))));
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private boolean claimsValid(JsonNode claims, DeployedApis.Jwt config) {
        long now = clock.instant().getEpochSecond();
        if (!config.issuer().equals(claims.path("iss").asText(null))) {
            return false;
        }
        JsonNode aud = claims.get("aud");
        boolean audienceOk;
        if (aud != null) {
            audienceOk = aud.isArray()
                    ? stream(aud).anyMatch(a -> config.audience().contains(a.asText()))
                    : config.audience().contains(aud.asText());
        } else {
            audienceOk = config.audience().contains(claims.path("client_id").asText(""));
        }
        if (!audienceOk) {
            return false;
        }
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong() || exp.asLong() <= now) {
            return false;
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && (!nbf.canConvertToLong() || nbf.asLong() > now)) {
            return false;
        }
        JsonNode iat = claims.get("iat");
        return iat == null || (iat.canConvertToLong() && iat.asLong() <= now);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    /** The issuer's key by id; an unknown id fetches the JWKS again, at most every 30 s. */
    private PublicKey key(String issuer, String kid) {
        Map<String, PublicKey> keys = keysByIssuer.computeIfAbsent(issuer, i -> new ConcurrentHashMap<>());
        PublicKey key = keys.get(kid);
        if (key != null) {
            return key;
        }
        long now = System.nanoTime();
        Long last = fetchedAt.get(issuer);
        if (last != null && now - last < REFETCH_INTERVAL.toNanos()) {
            return null;
        }
        fetchedAt.put(issuer, now);
        Matcher pool = COGNITO_ISSUER.matcher(issuer);
        if (!pool.matches()) {
            return null; // only Cognito issuers have local keys
        }
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(moto.resolve("/" + pool.group(1) + "/.well-known/jwks.json"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return null;
            }
            for (JsonNode jwk : Events.JSON.readTree(response.body()).path("keys")) {
                if ("RSA".equals(jwk.path("kty").asText()) && jwk.hasNonNull("kid")) {
                    keys.put(
                            jwk.get("kid").asText(),
                            KeyFactory.getInstance("RSA")
                                    .generatePublic(new RSAPublicKeySpec(
                                            new BigInteger(
                                                    1, base64Url(jwk.path("n").asText())),
                                            new BigInteger(
                                                    1, base64Url(jwk.path("e").asText())))));
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return keys.get(kid);
    }

    private static byte[] base64Url(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
