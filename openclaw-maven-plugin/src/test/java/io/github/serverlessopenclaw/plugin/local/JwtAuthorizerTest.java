package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local JWT authorizer against every forgery API Gateway's authorizer refuses. The pool's keys are served the way
 * moto serves them ({@code /<pool id>/.well-known/jwks.json}) by a stub holding a key pair this test makes, so tokens
 * with any claims can be signed; moto's own tokens are checked end to end in {@link LocalApisMotoTest}.
 */
class JwtAuthorizerTest {
    private static final String POOL = "us-east-1_Local0001";
    private static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL;
    private static final String CLIENT = "local-client-id";
    private static final DeployedApis.Jwt CONFIG = new DeployedApis.Jwt(ISSUER, List.of(CLIENT));
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final KeyPair poolKey = rsa();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private HttpServer jwks;
    private JwtAuthorizer authorizer;

    @BeforeEach
    void serveKeys() throws Exception {
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RSAPublicKey key = (RSAPublicKey) poolKey.getPublic();
        byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"pool-key\",\"n\":\""
                        + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent()))
                        + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/" + POOL + "/.well-known/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        authorizer = new JwtAuthorizer(
                URI.create("http://127.0.0.1:" + jwks.getAddress().getPort()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    @Test
    void aTokenOfThePoolForTheClientIsAcceptedWithItsClaims() {
        var accepted = authorizer.authorize("Bearer " + sign(header("RS256", "pool-key"), claims(), poolKey), CONFIG);
        assertThat(accepted).isPresent();
        assertThat(accepted.get().claims().path("sub").asText()).isEqualTo("user-1");
        assertThat(authorizer.authorize(sign(header("RS256", "pool-key"), claims(), poolKey), CONFIG))
                .as("the token alone, without Bearer")
                .isPresent();
    }

    @Test
    void anAccessTokenWithoutAudIsCheckedByClientIdAndCarriesItsScopes() {
        Map<String, Object> access = claims();
        access.remove("aud");
        access.put("client_id", CLIENT);
        access.put("scope", "openid email");
        var accepted = authorizer.authorize(sign(header("RS256", "pool-key"), access, poolKey), CONFIG);
        assertThat(accepted).isPresent();
        assertThat(accepted.get().scopes()).containsExactly("openid", "email");
        access.put("client_id", "another-client");
        assertThat(authorizer.authorize(sign(header("RS256", "pool-key"), access, poolKey), CONFIG))
                .isEmpty();
    }

    @Test
    void forgeriesAreRefused() {
        assertRefused(sign(header("RS256", "pool-key"), claims(), rsa()), "signed by another key under the pool's kid");
        assertRefused(sign(header("RS256", "attacker-key"), claims(), rsa()), "an unknown kid");
        assertRefused(b64(header("none", "pool-key")) + "." + b64(json(claims())) + ".", "alg none");
        assertRefused(hs256WithPublicKey(), "HS256 keyed with the public key (algorithm confusion)");
        assertRefused(sign(header("RS256", null), claims(), poolKey), "no kid");
        String valid = sign(header("RS256", "pool-key"), claims(), poolKey);
        String[] parts = valid.split("\\.");
        Map<String, Object> raised = claims();
        raised.put("sub", "admin");
        assertRefused(parts[0] + "." + b64(json(raised)) + "." + parts[2], "claims changed after signing");
        assertRefused("Bearer", "no token");
        assertRefused("Basic dXNlcjpwYXNz", "another scheme");
    }

    @Test
    void claimsApiGatewayChecksAreEnforced() {
        assertRefused(with("exp", NOW.getEpochSecond() - 1), "expired");
        assertRefused(with("exp", NOW.getEpochSecond()), "expiring now");
        assertRefused(with("exp", "tomorrow"), "exp not a number");
        assertRefused(without("exp"), "no exp");
        assertRefused(with("nbf", NOW.getEpochSecond() + 60), "not yet valid");
        assertRefused(with("iat", NOW.getEpochSecond() + 60), "issued in the future");
        assertRefused(with("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"), "another pool");
        assertRefused(with("aud", "another-client"), "another audience");
        assertRefused(with("aud", List.of("another-client")), "another audience in a list");
        assertRefused(without("aud"), "no aud and no client_id");
        assertThat(authorizer.authorize(with("aud", List.of("x", CLIENT)), CONFIG))
                .as("one of the audiences")
                .isPresent();
    }

    @Test
    void unknownKeyIdsDoNotMakeItFetchTheKeysAtEveryRequest() {
        for (int i = 0; i < 20; i++) {
            authorizer.authorize(sign(header("RS256", "kid-" + i), claims(), rsa()), CONFIG);
        }
        assertThat(jwksFetches.get()).isEqualTo(1);
    }

    private void assertRefused(String token, String why) {
        assertThat(authorizer.authorize(token, CONFIG)).as(why).isEmpty();
    }

    private String with(String claim, Object value) {
        Map<String, Object> claims = claims();
        claims.put(claim, value);
        return sign(header("RS256", "pool-key"), claims, poolKey);
    }

    private String without(String claim) {
        Map<String, Object> claims = claims();
        claims.remove(claim);
        return sign(header("RS256", "pool-key"), claims, poolKey);
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "user-1");
        claims.put("iss", ISSUER);
        claims.put("aud", CLIENT);
        claims.put("token_use", "id");
        claims.put("iat", NOW.getEpochSecond() - 60);
        claims.put("exp", NOW.getEpochSecond() + 3600);
        return claims;
    }

    private static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + ",\"typ\":\"JWT\"}";
    }

    private static String sign(String header, Map<String, Object> claims, KeyPair key) {
        try {
            String input = b64(header) + "." + b64(json(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hs256WithPublicKey() {
        try {
            String input = b64(header("HS256", "pool-key")) + "." + b64(json(claims()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(poolKey.getPublic().getEncoded(), "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Object> claims) {
        try {
            return Events.JSON.writeValueAsString(claims);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
