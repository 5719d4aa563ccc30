package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * One test per JWT attack on {@code $connect}, against the real verifier: each presents the forged or misused
 * token and asserts the handshake is refused (401 "Invalid token") and that nothing changed (no Connections
 * row). Tokens are signed with keys this test generates and publishes in a local JWKS, or issued by moto's
 * Cognito for the cross-pool and access-token cases (moto signs every pool with one key, as a shared-key
 * attacker would wish: only issuer and audience tell the pools apart).
 */
@ExtendWith(MotoExtension.class)
class JwtAttackTest {
    private World world;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private void assertRefusedAndNothingStored(String token) {
        JsonNode response = new WsConnectHandler(world.services()).handleRaw(World.connectEvent("conn-attack", token));
        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(response.get("body").asText()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(world.rows(Table.CONNECTIONS)).isEmpty();
    }

    private Map<String, Object> claims(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = Tokens.idClaims(World.ISSUER, World.CLIENT_ID, "victim", world.clock.instant());
        change.accept(claims);
        return claims;
    }

    @Test
    void theSameTokenUnchangedIsAccepted() {
        // the control: every attack below differs from this in one point only
        JsonNode response = new WsConnectHandler(world.services())
                .handleRaw(World.connectEvent("conn-ok", world.signer.sign(claims(c -> {}))));
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void algNoneUnsigned() {
        String header =
                Tokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8));
        String body =
                Tokens.b64(Json.write(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(claims(c -> {})))
                        .getBytes(StandardCharsets.UTF_8));
        assertRefusedAndNothingStored(header + "." + body + ".");
    }

    @Test
    void algHs256WithThePublicKeyAsHmacSecret() throws Exception {
        String header =
                Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8));
        String body =
                Tokens.b64(Json.write(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(claims(c -> {})))
                        .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Tokens.jwks(world.signer).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Tokens.b64(mac.doFinal((header + "." + body).getBytes(StandardCharsets.US_ASCII)));
        assertRefusedAndNothingStored(header + "." + body + "." + signature);
    }

    @Test
    void wrongAudienceAnotherAppsClientId() {
        assertRefusedAndNothingStored(world.signer.sign(claims(c -> c.put("aud", "another-apps-client-id"))));
    }

    @Test
    void wrongIssuer() {
        assertRefusedAndNothingStored(
                world.signer.sign(claims(c -> c.put("iss", "https://evil.example.com/" + World.POOL_ID))));
    }

    @Test
    void expired() {
        assertRefusedAndNothingStored(
                world.signer.sign(claims(c -> c.put("exp", world.clock.instant().getEpochSecond() - 1))));
    }

    @Test
    void badSignatureClaimsChangedAfterSigning() {
        String[] parts = world.signer.sign(claims(c -> {})).split("\\.");
        String forged = Tokens.b64(Json.write(new com.fasterxml.jackson.databind.ObjectMapper()
                        .valueToTree(claims(c -> c.put("sub", "admin"))))
                .getBytes(StandardCharsets.UTF_8));
        assertRefusedAndNothingStored(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void signedByAnotherKeyUnderThePublishedKeyId() {
        assertRefusedAndNothingStored(new Tokens("key-1").sign(claims(c -> {})));
    }

    @Test
    void tokenFromAnotherPool() {
        Cognito ours = cognitoPool("ours");
        Cognito theirs = cognitoPool("theirs");
        useMotoCognito(ours);
        String theirToken = theirs.signIn("mallory@example.com").idToken();

        assertRefusedAndNothingStored(theirToken);
        // the control: a token of our pool, from the same moto and key, connects
        assertThat(new WsConnectHandler(world.services())
                        .handleRaw(World.connectEvent(
                                "conn-ours", ours.signIn("alice@example.com").idToken()))
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
    }

    @Test
    void accessTokenInsteadOfIdToken() {
        Cognito ours = cognitoPool("ours");
        useMotoCognito(ours);
        assertRefusedAndNothingStored(ours.signIn("alice@example.com").accessToken());
    }

    private record Cognito(CognitoIdentityProviderClient client, String poolId, String clientId) {
        AuthenticationResultType signIn(String email) {
            client.adminCreateUser(b -> b.userPoolId(poolId).username(email).messageAction(MessageActionType.SUPPRESS));
            client.adminSetUserPassword(b -> b.userPoolId(poolId)
                    .username(email)
                    .password("Secret-Passw0rd!")
                    .permanent(true));
            return client.initiateAuth(b -> b.clientId(clientId)
                            .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                            .authParameters(Map.of("USERNAME", email, "PASSWORD", "Secret-Passw0rd!")))
                    .authenticationResult();
        }
    }

    private Cognito cognitoPool(String name) {
        var cognito = world.moto.client(CognitoIdentityProviderClient.builder());
        String poolId = cognito.createUserPool(b -> b.poolName(world.names.appName() + "-" + name))
                .userPool()
                .id();
        String clientId = cognito.createUserPoolClient(b -> b.userPoolId(poolId)
                        .clientName("spa")
                        .generateSecret(false)
                        .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH))
                .userPoolClient()
                .clientId();
        return new Cognito(cognito, poolId, clientId);
    }

    /** The handler configured for our pool, with moto's JWKS (moto names the real AWS host as issuer). */
    private void useMotoCognito(Cognito ours) {
        world.env.put(Env.USER_POOL_ID, ours.poolId());
        world.env.put(Env.USER_POOL_CLIENT_ID, ours.clientId());
        world.env.put(
                Env.COGNITO_JWKS_URL,
                world.moto
                        .endpoint()
                        .resolve("/" + ours.poolId() + "/.well-known/jwks.json")
                        .toString());
        world.clock.set(Instant.now()); // moto signs with its clock
    }
}
