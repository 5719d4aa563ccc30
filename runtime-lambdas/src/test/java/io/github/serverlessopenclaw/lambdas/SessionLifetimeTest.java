package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WebSocket connection lives no longer than the ID token it was opened with, and a deleted user's sessions end:
 * $connect, then ws-message, against moto's DynamoDB and Management API (DeleteConnection seen in moto's recorder).
 */
@ExtendWith(MotoExtension.class)
class SessionLifetimeTest {
    private World world;
    private WsConnectHandler connect;
    private WsMessageHandler messages;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        connect = new WsConnectHandler(world.services());
        messages = new WsMessageHandler(world.services());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode send(String connectionId, String action) {
        var frame = Json.object().put("action", action);
        if (action.equals("sendMessage")) {
            frame.put("message", "hello");
        }
        return messages.handleRaw(World.wsEvent(connectionId, Json.write(frame)));
    }

    private long deleteConnectionCalls(String connectionId) {
        return world.moto.recordedRequests().stream()
                .filter(r -> r.method().equals("DELETE") && r.url().endsWith("/@connections/" + connectionId))
                .count();
    }

    /** What user-delete writes (openclaw-maven-plugin UserDeletion): the shared key and a ttl. */
    private void revoke(String userId) {
        world.dynamo.putItem(b -> b.tableName(world.names.table(Table.CONNECTIONS))
                .item(Map.of(
                        Constants.PK, Items.s(Constants.REVOKED_PREFIX + userId),
                        Constants.TTL,
                                Items.n(world.clock
                                        .instant()
                                        .plus(Constants.REVOCATION_TTL)
                                        .getEpochSecond()))));
    }

    private void assertNothingRoutedFor(String userId) {
        assertThat(world.pending(userId)).isEmpty();
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState(userId)).isNull();
    }

    @Test
    void aMessageOnAConnectionWhoseTokenHasExpiredIsRefusedAndTheConnectionClosed() {
        assertThat(connect.handleRaw(World.connectEvent("conn-exp", world.idToken("user-1")))
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
        world.clock.advance(Duration.ofSeconds(3599));
        assertThat(send("conn-exp", "ping").get("statusCode").asInt()).isEqualTo(200);

        world.clock.advance(Duration.ofSeconds(1)); // the token's exp
        JsonNode response = send("conn-exp", "sendMessage");

        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(world.pushes("conn-exp"))
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"type\":\"error\",\"error\":\"Your sign-in has expired; reconnecting with a fresh one\",\"code\":\"session_expired\"}");
        assertThat(world.rows(Table.CONNECTIONS)).isEmpty();
        assertThat(deleteConnectionCalls("conn-exp")).isEqualTo(1);
        assertNothingRoutedFor("user-1");
    }

    @Test
    void aDeletedUsersOpenConnectionCanNoLongerSendMessages() {
        assertThat(connect.handleRaw(World.connectEvent("conn-del", world.idToken("user-2")))
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
        revoke("user-2");

        JsonNode response = send("conn-del", "sendMessage");

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
        assertThat(world.pushes("conn-del"))
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"type\":\"error\",\"error\":\"This account was deleted\",\"code\":\"unauthorized\"}");
        assertThat(world.rows(Table.CONNECTIONS))
                .extracting(r -> r.get(Constants.PK).s())
                .containsExactly(Constants.REVOKED_PREFIX + "user-2");
        assertThat(deleteConnectionCalls("conn-del")).isEqualTo(1);
        assertNothingRoutedFor("user-2");
    }

    @Test
    void aDeletedUsersStillValidTokenCannotConnectAgain() {
        String token = world.idToken("user-3");
        revoke("user-3");

        JsonNode response = connect.handleRaw(World.connectEvent("conn-again", token));

        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(response.get("body").asText()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(world.rows(Table.CONNECTIONS))
                .extracting(r -> r.get(Constants.PK).s())
                .containsExactly(Constants.REVOKED_PREFIX + "user-3");
    }

    @Test
    void aDeletedUsersStillValidTokenCannotUseTheHttpApiToLinkTelegram() {
        revoke("user-5");
        // the JWT authorizer still passes the token (it cannot know of the deletion); the function refuses
        JsonNode response = new ApiHandler(world.services())
                .handleRaw(World.httpEvent("POST", "/link/generate-otp", "user-5", Map.of(), null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(world.rows(Table.SETTINGS)).isEmpty();
    }

    @Test
    void aRevocationEndsAfterItsTtlSoAnotherUserWithTheSameIdIsNotBlockedForever() {
        revoke("user-4");
        world.clock.advance(Constants.REVOCATION_TTL.plusSeconds(1));

        assertThat(connect.handleRaw(World.connectEvent("conn-later", world.idToken("user-4")))
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
    }
}
