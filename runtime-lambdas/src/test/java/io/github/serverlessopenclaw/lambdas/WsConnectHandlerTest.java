package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** $connect and $disconnect against moto's DynamoDB and a local JWKS endpoint serving keys this test generates. */
@ExtendWith(MotoExtension.class)
class WsConnectHandlerTest {
    private World world;
    private WsConnectHandler handler;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        handler = new WsConnectHandler(world.services());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode connect(String token) {
        return handler.handleRaw(World.connectEvent("conn-abc", token));
    }

    private String tokenWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = Tokens.idClaims(World.ISSUER, World.CLIENT_ID, "user-123", world.clock.instant());
        change.accept(claims);
        return world.signer.sign(claims);
    }

    private void assertRejected(String token) {
        assertInvalid(token);
        assertThat(world.rows(Table.CONNECTIONS)).isEmpty();
    }

    private void assertInvalid(String token) {
        JsonNode response = connect(token);
        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(response.get("body").asText()).isEqualTo("{\"error\":\"Invalid token\"}");
    }

    @Test
    void validIdTokenStoresTheConnectionForItsSubject() {
        JsonNode response = connect(world.idToken("user-123"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").asText()).isEqualTo("Connected");
        var rows = world.rows(Table.CONNECTIONS);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("PK").s()).isEqualTo("CONN#conn-abc");
        assertThat(rows.get(0).get("userId").s()).isEqualTo("user-123");
        // the connection lives as long as the token (exp = now + 1 h), not a fixed day
        long exp = world.clock.instant().getEpochSecond() + 3600;
        assertThat(Long.parseLong(rows.get(0).get("expiresAt").n())).isEqualTo(exp);
        assertThat(Long.parseLong(rows.get(0).get("ttl").n())).isEqualTo(exp);
    }

    @Test
    void missingTokenIs401AndNothingStored() {
        JsonNode response = connect(null);
        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(response.get("body").asText()).isEqualTo("{\"error\":\"Missing token\"}");
        assertThat(world.rows(Table.CONNECTIONS)).isEmpty();
    }

    @Test
    void tokenIsRejectedTheSecondItExpires() {
        String token = world.idToken("user-123");
        world.clock.advance(Duration.ofSeconds(3599));
        assertThat(connect(token).get("statusCode").asInt()).isEqualTo(200);
        world.dynamo.deleteItem(
                b -> b.tableName(world.names.table(Table.CONNECTIONS)).key(Items.key("CONN#conn-abc")));

        world.clock.advance(Duration.ofSeconds(1));
        assertRejected(token);
    }

    @Test
    void wrongAudienceIssuerOrTokenUseIsRejected() {
        assertRejected(tokenWith(c -> c.put("aud", "another-client")));
        assertRejected(tokenWith(c -> c.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")));
        assertRejected(tokenWith(c -> c.put("token_use", "access")));
        assertRejected(tokenWith(c -> c.remove("sub")));
        assertRejected(tokenWith(c -> c.put("nbf", world.clock.instant().getEpochSecond() + 600)));
    }

    @Test
    void tokenSignedByAnotherKeyOrTamperedIsRejected() {
        Tokens stranger = new Tokens("key-1"); // same kid, different key
        assertRejected(
                stranger.sign(Tokens.idClaims(World.ISSUER, World.CLIENT_ID, "user-123", world.clock.instant())));

        String[] parts = world.idToken("user-123").split("\\.");
        String forgedClaims = Tokens.b64(Json.write(Json.object()
                        .put("sub", "admin")
                        .put("iss", World.ISSUER)
                        .put("aud", World.CLIENT_ID)
                        .put("token_use", "id")
                        .put("exp", world.clock.instant().getEpochSecond() + 60))
                .getBytes(StandardCharsets.UTF_8));
        assertRejected(parts[0] + "." + forgedClaims + "." + parts[2]);

        assertRejected(world.signer.sign(
                Map.of("alg", "none", "kid", "key-1"),
                Tokens.idClaims(World.ISSUER, World.CLIENT_ID, "user-123", world.clock.instant())));
    }

    @Test
    void jwksIsCachedAndFetchedAgainForANewKeyAfterRotation() {
        assertThat(connect(world.idToken("user-123")).get("statusCode").asInt()).isEqualTo(200);
        assertThat(connect(world.idToken("user-123")).get("statusCode").asInt()).isEqualTo(200);
        assertThat(world.jwks.requests).hasSize(1);

        Tokens rotated = new Tokens("key-2");
        world.jwks.body = Tokens.jwks(world.signer, rotated);
        world.clock.advance(Duration.ofMinutes(2));
        String token = rotated.sign(Tokens.idClaims(World.ISSUER, World.CLIENT_ID, "user-456", world.clock.instant()));

        assertThat(connect(token).get("statusCode").asInt()).isEqualTo(200);
        assertThat(world.jwks.requests).hasSize(2);
        assertThat(world.jwks.requests.get(1).path()).isEqualTo("/" + World.POOL_ID + "/.well-known/jwks.json");
    }

    @Test
    void unknownKeyIdsDoNotMakeEveryRequestFetchTheJwks() {
        assertThat(connect(world.idToken("user-123")).get("statusCode").asInt()).isEqualTo(200);
        Tokens unknown = new Tokens("kid-nobody-published");
        for (int i = 0; i < 5; i++) {
            assertInvalid(unknown.sign(Tokens.idClaims(World.ISSUER, World.CLIENT_ID, "u", world.clock.instant())));
        }
        assertThat(world.jwks.requests).hasSize(1);
    }

    @Test
    void disconnectForgetsTheConnection() {
        connect(world.idToken("user-123"));
        JsonNode response = new WsDisconnectHandler(world.services())
                .handleRaw("{\"requestContext\":{\"connectionId\":\"conn-abc\",\"eventType\":\"DISCONNECT\"}}");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").asText()).isEqualTo("Disconnected");
        assertThat(world.rows(Table.CONNECTIONS)).isEmpty();
    }
}
