package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.common.Texts;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-user message rate and the cap on running containers, against moto (real DynamoDB conditions and
 * ECS RunTask/StopTask) and the stub bridge: each test tries to get past a limit and asserts what was (not)
 * started or stored.
 */
@ExtendWith(MotoExtension.class)
class CostLimitsTest {
    private World world;
    private Instant now;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        now = world.clock.instant();
        world.connect("conn-1", "user-1");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode send(String connectionId, String text) {
        return new WsMessageHandler(world.services())
                .handleRaw(World.wsEvent(
                        connectionId,
                        Json.write(Json.object().put("action", "sendMessage").put("message", text))));
    }

    private JsonNode watchdog() {
        return new WatchdogHandler(world.services()).handleRaw("{\"source\":\"aws.events\"}");
    }

    private String running(String user, Duration uptime, Duration idle) {
        String arn = world.runTask();
        world.putTaskState(user, "Running", arn, "127.0.0.1", now.minus(uptime), now.minus(idle), null);
        return arn;
    }

    @Test
    void messagesBeyondThePerUserRateAreRefusedWithRateLimitedAndNothingIsQueuedOrStarted() {
        world.env.put(Env.MESSAGES_PER_MINUTE, "3");
        for (int i = 0; i < 3; i++) {
            assertThat(send("conn-1", "message " + i).get("statusCode").asInt()).isEqualTo(200);
        }
        var before = world.pending("user-1").size();
        int runTasks = world.handlerRunTasks().size();

        JsonNode refused = send("conn-1", "one too many");
        JsonNode refusedAgain = send("conn-1", "and another");

        assertThat(refused.get("statusCode").asInt()).isEqualTo(429);
        assertThat(refusedAgain.get("statusCode").asInt()).isEqualTo(429);
        var pushed = world.pushes("conn-1");
        JsonNode last = pushed.get(pushed.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("error");
        assertThat(last.get("code").asText()).isEqualTo("rate_limited");
        assertThat(last.get("error").asText()).isEqualTo(Texts.RATE_LIMITED.format(Language.en, 3));
        assertThat(world.pending("user-1"))
                .hasSize(before)
                .noneMatch(m -> m.get("message").s().contains("too many"));
        assertThat(world.handlerRunTasks()).hasSize(runTasks);

        // another user is not affected, and the next minute the user may write again
        world.connect("conn-2", "user-2");
        assertThat(send("conn-2", "hi").get("statusCode").asInt()).isEqualTo(200);
        world.clock.advance(Limits.MESSAGE_WINDOW);
        assertThat(send("conn-1", "a minute later").get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void theRateCountsWebAndTelegramTogetherForALinkedUser() {
        world.env.put(Env.MESSAGES_PER_MINUTE, "2");
        TelegramWebhookHandler telegram = new TelegramWebhookHandler(world.services());
        String code = World.body(new ApiHandler(world.services())
                        .handleRaw(World.httpEvent("POST", "/link/generate-otp", "user-1", Map.of(), null)))
                .get("code")
                .asText();
        telegram.handleRaw(world.telegramEvent(World.telegramUpdate(77, 77L, "/link " + code)));

        send("conn-1", "from the web");
        telegram.handleRaw(world.telegramEvent(World.telegramUpdate(77, 77L, "from Telegram")));
        telegram.handleRaw(world.telegramEvent(World.telegramUpdate(77, 77L, "over the rate")));

        assertThat(world.pending("user-1")).hasSize(2);
        String lastReply = Json.parse(world.telegram
                        .requests
                        .get(world.telegram.requests.size() - 1)
                        .body())
                .orElseThrow()
                .get("text")
                .asText();
        assertThat(lastReply).isEqualTo(Texts.RATE_LIMITED.format(Language.en, 2));
    }

    @Test
    void aMessageThatWouldStartOneContainerTooManyIsQueuedAndTheUserToldWhy() {
        world.env.put(Env.MAX_CONTAINERS, "2");
        running("other-1", Duration.ofMinutes(5), Duration.ZERO);
        running("other-2", Duration.ofMinutes(5), Duration.ZERO);

        JsonNode response = send("conn-1", "please start");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(World.body(response).get("status").asText()).isEqualTo("queued");
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("user-1")).isNull();
        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly(Json.write(
                        Pusher.error(Texts.AT_CAPACITY.format(Language.en, 2), Protocol.ErrorCode.at_capacity)));
        var pending = world.pending("user-1");
        assertThat(pending).hasSize(1);
        assertThat(Long.parseLong(pending.get(0).get("ttl").n()))
                .isEqualTo(now.plus(ContainerQueue.WAIT_TTL).getEpochSecond());
        var line = world.dynamo
                .getItem(b -> b.tableName(world.names.table(Table.SETTINGS))
                        .key(Items.key(Constants.CONTAINER_QUEUE_PK, "USER#user-1"))
                        .consistentRead(true))
                .item();
        assertThat(line.get("environment").m().get(Env.TASK_USER_ID).s()).isEqualTo("user-1");

        // a user who already has a container is not capped: their message goes to it
        world.connect("conn-o", "other-1");
        send("conn-o", "to my own container");
        assertThat(world.bridge.requests).hasSize(1);
        assertThat(world.pushes("conn-o"))
                .extracting(JsonNode::toString)
                .containsExactly("{\"type\":\"status\",\"status\":\"Running\"}");
    }

    @Test
    void anOverCapTelegramMessageIsQueuedAndTheChatToldWhy() {
        world.env.put(Env.MAX_CONTAINERS, "1");
        world.env.put(Env.TELEGRAM_ALLOW, "4242");
        running("other", Duration.ofMinutes(5), Duration.ZERO);

        new TelegramWebhookHandler(world.services())
                .handleRaw(world.telegramEvent(World.telegramUpdate(4242, 4242L, "start me")));

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("telegram:4242")).isNull();
        assertThat(world.pending("telegram:4242")).hasSize(1);
        assertThat(world.telegram.requests).hasSize(1);
        assertThat(Json.parse(world.telegram.requests.get(0).body())
                        .orElseThrow()
                        .get("text")
                        .asText())
                .isEqualTo(Texts.AT_CAPACITY.format(Language.en, 1));
    }

    @Test
    void theWatchdogStartsTheWaitingUserOnceASlotFreesUp() {
        world.env.put(Env.MAX_CONTAINERS, "1");
        String busy = running("other", Duration.ofMinutes(30), Duration.ZERO);
        send("conn-1", "first in line");
        world.connect("conn-3", "user-3");
        world.clock.advance(Duration.ofSeconds(1));
        send("conn-3", "second in line");

        JsonNode stillFull = watchdog();
        assertThat(stillFull.get("admitted")).isEmpty();
        assertThat(world.handlerRunTasks()).isEmpty();

        // the busy container goes idle; the next watchdog run stops it and gives its slot to the oldest waiter
        world.clock.advance(Duration.ofMinutes(20));
        JsonNode freed = watchdog();

        assertThat(freed.get("stopped").toString()).isEqualTo("[\"other\"]");
        assertThat(world.lastStatus(busy)).isEqualTo("STOPPED");
        assertThat(freed.get("admitted").toString()).isEqualTo("[\"user-1\"]");
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.handlerRunTasks().get(0).body()).contains("{\"name\":\"USER_ID\",\"value\":\"user-1\"}");
        assertThat(world.taskState("user-1").get("status").s()).isEqualTo("Starting");
        assertThat(world.taskState("user-3")).isNull();
        assertThat(world.pending("user-1")).hasSize(1); // for the new container to answer
    }

    @Test
    void aWaitingUserWhoseMessagesExpiredLeavesTheLineWithoutAStart() {
        world.env.put(Env.MAX_CONTAINERS, "1");
        running("other", Duration.ofMinutes(30), Duration.ZERO);
        send("conn-1", "will expire");

        world.clock.advance(ContainerQueue.WAIT_TTL.plusMinutes(1)); // "other" is idle by now, and the wait is over
        JsonNode run = watchdog();

        assertThat(run.get("stopped").toString()).isEqualTo("[\"other\"]");
        assertThat(run.get("admitted")).isEmpty();
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("user-1")).isNull();
        assertThat(world.rows(Table.SETTINGS)).noneMatch(r -> r.get("PK").s().equals(Constants.CONTAINER_QUEUE_PK));
    }

    @Test
    void aWaitingUserWhoGotAContainerMeanwhileLeavesTheLine() {
        world.env.put(Env.MAX_CONTAINERS, "1");
        String other = running("other", Duration.ofMinutes(30), Duration.ZERO);
        send("conn-1", "waiting");
        // the other container stops by itself (the bridge deletes its row), and the user writes again
        world.dynamo.deleteItem(
                b -> b.tableName(world.names.table(Table.TASK_STATE)).key(Items.key("USER#other")));
        world.ecs.stopTask(b -> b.cluster(world.names.cluster()).task(other));
        send("conn-1", "again");
        assertThat(world.handlerRunTasks()).hasSize(1);

        JsonNode run = watchdog();

        assertThat(run.get("admitted")).isEmpty();
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.rows(Table.SETTINGS)).noneMatch(r -> r.get("PK").s().equals(Constants.CONTAINER_QUEUE_PK));
    }
}
