package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class ApiHandlerTest {
    private World world;
    private ApiHandler handler;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        handler = new ApiHandler(world.services());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode call(String method, String path, String sub) {
        JsonNode response = handler.handleRaw(World.httpEvent(method, path, sub, Map.of(), null));
        assertThat(response.path("headers").get("Content-Type").asText()).isEqualTo("application/json");
        return response;
    }

    @Test
    void statusIsIdleWithoutATaskAndTheStoredStatusOtherwise() {
        assertThat(World.body(call("GET", "/status", "user-123")).toString()).isEqualTo("{\"status\":\"Idle\"}");

        Instant started = Instant.parse("2026-02-19T12:34:56.789Z");
        world.putTaskState("user-123", "Running", world.runTask(), "1.2.3.4", started, started, null);
        JsonNode body = World.body(call("GET", "/status", "user-123"));

        assertThat(body.toString())
                .isEqualTo("{\"status\":\"Running\",\"startedAt\":\"2026-02-19T12:34:56.789Z\","
                        + "\"lastActivity\":\"2026-02-19T12:34:56.789Z\"}");
    }

    @Test
    void conversationsAreTheUsersOwnMessagesOfTheRequestedConversation() {
        String table = world.names.table(Table.CONVERSATIONS);
        world.dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "PK",
                        Items.s("USER#user-123"),
                        "SK",
                        Items.s("CONV#default#MSG#1000"),
                        "role",
                        Items.s("user"),
                        "content",
                        Items.s("hello"),
                        "channel",
                        Items.s("web"))));
        world.dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "PK",
                        Items.s("USER#user-123"),
                        "SK",
                        Items.s("CONV#work#MSG#2000"),
                        "role",
                        Items.s("user"),
                        "content",
                        Items.s("other conversation"),
                        "channel",
                        Items.s("web"))));

        JsonNode defaults = World.body(call("GET", "/conversations", "user-123"));
        assertThat(defaults.toString())
                .isEqualTo(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\",\"channel\":\"web\",\"timestamp\":1000}]}");
        JsonNode other =
                World.body(handler.handleRaw(World.httpEvent("GET", "/conversations", "someone-else", Map.of(), null)));
        assertThat(other.toString()).isEqualTo("{\"messages\":[]}");
    }

    @Test
    void generateOtpStoresACodeThatExpiresAndLinkStatusAndUnlinkWork() {
        JsonNode otp = World.body(call("POST", "/link/generate-otp", "user-123"));
        assertThat(otp.get("code").asText()).matches("[A-HJ-NP-Z2-9]{10}");
        assertThat(otp.get("expiresInSeconds").asInt()).isEqualTo(300);
        var owner = world.dynamo
                .getItem(b -> b.tableName(world.names.table(Table.SETTINGS))
                        .key(Items.key("USER#otp:" + otp.get("code").asText(), "SETTING#otp-owner")))
                .item();
        assertThat(owner.get("value").m().get("cognitoUserId").s()).isEqualTo("user-123");
        assertThat(Long.parseLong(owner.get("ttl").n()))
                .isEqualTo(world.clock.instant().getEpochSecond() + 300);

        assertThat(World.body(call("GET", "/link/status", "user-123")).toString())
                .isEqualTo("{\"linked\":false}");
        new TelegramWebhookHandler(world.services())
                .handleRaw(world.telegramEvent(World.telegramUpdate(
                        1, 67890L, "/link " + otp.get("code").asText())));
        assertThat(World.body(call("GET", "/link/status", "user-123")).toString())
                .isEqualTo("{\"linked\":true,\"telegramUserId\":\"67890\"}");

        assertThat(World.body(call("POST", "/link/unlink", "user-123")).toString())
                .isEqualTo("{\"success\":true}");
        assertThat(World.body(call("GET", "/link/status", "user-123")).toString())
                .isEqualTo("{\"linked\":false}");
        // only the link-try counter of the /link above is left, and it expires by itself
        assertThat(world.rows(Table.SETTINGS)).extracting(r -> r.get("SK").s()).containsExactly(Limits.LINK_TRIES_KEY);
    }

    @Test
    void unlinkWithoutALinkStillSucceeds() {
        assertThat(World.body(call("POST", "/link/unlink", "user-123")).toString())
                .isEqualTo("{\"success\":true}");
    }
}
