package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class WsMessageHandlerTest {
    private World world;
    private WsMessageHandler handler;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        handler = new WsMessageHandler(world.services());
        world.connect("conn-1", "user-1");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode send(String connectionId, String text) {
        return handler.handleRaw(World.wsEvent(
                connectionId,
                Json.write(Json.object().put("action", "sendMessage").put("message", text))));
    }

    @Test
    void firstMessageQueuesItStartsOneTaskByFamilyAndPushesStarting() {
        JsonNode response = send("conn-1", "Hello!");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(World.body(response).get("status").asText()).isEqualTo("processing");
        var runTasks = world.handlerRunTasks();
        assertThat(runTasks).hasSize(1);
        JsonNode request = Json.parse(runTasks.get(0).body()).orElseThrow();
        assertThat(request.get("taskDefinition").asText()).isEqualTo(world.names.taskFamily());
        assertThat(request.get("launchType").asText()).isEqualTo("FARGATE");
        assertThat(request.path("networkConfiguration")
                        .path("awsvpcConfiguration")
                        .get("assignPublicIp")
                        .asText())
                .isEqualTo("ENABLED");
        JsonNode environment =
                request.path("overrides").path("containerOverrides").get(0).path("environment");
        assertThat(environment.toString())
                .contains("{\"name\":\"USER_ID\",\"value\":\"user-1\"}")
                .contains("{\"name\":\"CALLBACK_URL\",\"value\":\"" + world.env.get("WEBSOCKET_CALLBACK_URL") + "\"}");

        var state = world.taskState("user-1");
        assertThat(state.get("status").s()).isEqualTo("Starting");
        assertThat(state.get("taskArn").s()).startsWith("arn:aws:ecs:");
        var pending = world.pending("user-1");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("message").s()).isEqualTo("Hello!");
        assertThat(pending.get(0).get("channel").s()).isEqualTo("web");
        assertThat(pending.get(0).get("connectionId").s()).isEqualTo("conn-1");
        assertThat(pending.get(0).get("SK").s()).matches("MSG#\\d+#[0-9a-f-]{36}");
        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly("{\"type\":\"status\",\"status\":\"Starting\"}");
    }

    @Test
    void twentySimultaneousFirstMessagesStartExactlyOneTaskAndQueueAllTwenty() throws Exception {
        int senders = 20;
        for (int i = 0; i < senders; i++) {
            world.connect("c" + i, "user-1");
        }
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> results = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            String connectionId = "c" + i;
            results.add(pool.submit(() -> {
                go.await();
                return send(connectionId, "message from " + connectionId);
            }));
        }
        go.countDown();
        for (Future<JsonNode> result : results) {
            assertThat(result.get().get("statusCode").asInt()).isEqualTo(200);
        }
        pool.shutdown();

        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.pending("user-1")).hasSize(senders);
        var state = world.taskState("user-1");
        assertThat(state.get("status").s()).isEqualTo("Starting");
        assertThat(state.get("taskArn")).isNotNull();
    }

    @Test
    void runningTaskGetsTheMessageOverTheBridgeWithTheTokenAndActivityIsRecorded() {
        String taskArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.putTaskState("user-1", "Running", taskArn, "127.0.0.1", started, started, null);

        JsonNode response = send("conn-1", "What's up?");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(world.bridge.requests).hasSize(1);
        var call = world.bridge.requests.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/message");
        assertThat(call.header("Authorization")).isEqualTo("Bearer " + world.bridgeTls.token());
        assertThat(call.header(io.github.serverlessopenclaw.common.Protocol.BRIDGE_TASK_HEADER))
                .isEqualTo(taskArn);
        JsonNode body = Json.parse(call.body()).orElseThrow();
        assertThat(body.get("userId").asText()).isEqualTo("user-1");
        assertThat(body.get("message").asText()).isEqualTo("What's up?");
        assertThat(body.get("channel").asText()).isEqualTo("web");
        assertThat(body.get("connectionId").asText()).isEqualTo("conn-1");
        assertThat(body.has("callbackUrl"))
                .as("the reply address is the container's own CALLBACK_URL")
                .isFalse();
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.pending("user-1")).isEmpty();
        assertThat(world.taskState("user-1").get("lastActivity").s())
                .isEqualTo(world.clock.instant().toString());
        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly("{\"type\":\"status\",\"status\":\"Running\"}");
    }

    @Test
    void freshStartingTaskQueuesWithoutAnotherRunTask() {
        String taskArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(1));
        world.putTaskState("user-1", "Starting", taskArn, null, started, started, null);

        send("conn-1", "again");

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.pending("user-1")).hasSize(1);
        assertThat(world.taskState("user-1").get("taskArn").s()).isEqualTo(taskArn);
        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly("{\"type\":\"status\",\"status\":\"Starting\"}");
    }

    @Test
    void startingRowOlderThanTheStartTimeoutIsReplaced() {
        String oldArn = world.runTask();
        Instant started =
                world.clock.instant().minus(Constants.TASK_START_TIMEOUT).minusSeconds(1);
        world.putTaskState("user-1", "Starting", oldArn, null, started, started, null);

        send("conn-1", "anyone?");

        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.taskState("user-1").get("taskArn").s()).isNotEqualTo(oldArn);
        assertThat(world.taskState("user-1").get("startedAt").s())
                .isEqualTo(world.clock.instant().toString());
        assertThat(world.lastStatus(oldArn)).isEqualTo("STOPPED");
    }

    @Test
    void startingRowWhoseTaskEcsReportsStoppedIsReplaced() {
        String oldArn = world.runTask();
        world.ecs.stopTask(b -> b.cluster(world.names.cluster()).task(oldArn).reason("spot interruption"));
        Instant started = world.clock.instant().minus(Duration.ofMinutes(2));
        world.putTaskState("user-1", "Starting", oldArn, null, started, started, null);

        send("conn-1", "hello?");

        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.taskState("user-1").get("taskArn").s()).isNotEqualTo(oldArn);
    }

    @Test
    void startingRowWhoseTaskEcsDoesNotKnowIsReplaced() {
        Instant started = world.clock.instant().minus(Duration.ofMinutes(2));
        String unknownArn = "arn:aws:ecs:us-east-1:123456789012:task/" + world.names.cluster() + "/0123456789abcdef";
        world.putTaskState("user-1", "Starting", unknownArn, null, started, started, null);

        send("conn-1", "hello?");

        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.taskState("user-1").get("taskArn").s()).isNotEqualTo(unknownArn);
    }

    @Test
    void bridgeErrorMeansStaleStateTheOldTaskIsStoppedAndANewOneStartedWithTheMessageQueued() {
        String oldArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.putTaskState("user-1", "Running", oldArn, "127.0.0.1", started, started, null);
        world.bridge.status = 502;

        send("conn-1", "still there?");

        // the message, then the /health probe (also 502), then the replacement
        assertThat(world.bridge.requests).extracting(StubServer.Request::path).containsExactly("/message", "/health");
        assertThat(world.pending("user-1")).hasSize(1);
        assertThat(world.handlerRunTasks()).hasSize(1);
        var state = world.taskState("user-1");
        assertThat(state.get("status").s()).isEqualTo("Starting");
        assertThat(state.get("taskArn").s()).isNotEqualTo(oldArn);
        assertThat(world.lastStatus(oldArn)).isEqualTo("STOPPED");
    }

    @Test
    void unreachableBridgeIsTreatedAsStale() {
        String oldArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.bridge.close(); // nothing listens on the port any more: connection refused
        world.putTaskState("user-1", "Running", oldArn, "127.0.0.1", started, started, null);

        send("conn-1", "hello");

        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.pending("user-1")).hasSize(1);
    }

    @Test
    void bridgeSlowerThanThreeSecondsIsTreatedAsStale() {
        String oldArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.putTaskState("user-1", "Running", oldArn, "127.0.0.1", started, started, null);
        world.bridge.delayMs = 4_500;

        JsonNode response = send("conn-1", "slow?");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.pending("user-1")).hasSize(1);
    }

    @Test
    void oversizedBridgeAnswerIsAFailureNotASuccess() {
        String oldArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.putTaskState("user-1", "Running", oldArn, "127.0.0.1", started, started, null);
        world.bridge.body = "x".repeat(Bridge.MAX_RESPONSE_BYTES + 1);

        send("conn-1", "hello");

        assertThat(world.handlerRunTasks()).hasSize(1);
    }

    @Test
    void readyPrewarmedContainerIsClaimedInsteadOfStartingOne() {
        String prewarmArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(3));
        world.putTaskState(
                Constants.PREWARM_USER_ID,
                "Running",
                prewarmArn,
                "127.0.0.1",
                started,
                started,
                world.clock.millis() + 3_600_000);

        send("conn-1", "hi");

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState(Constants.PREWARM_USER_ID)).isNull();
        var state = world.taskState("user-1");
        assertThat(state.get("status").s()).isEqualTo("Running");
        assertThat(state.get("taskArn").s()).isEqualTo(prewarmArn);
        assertThat(state.get("publicIp").s()).isEqualTo("127.0.0.1");
        // the prewarm window holds for the claimed container too (the watchdog and the bridge read it there)
        assertThat(state.get("prewarmUntil").n()).isEqualTo(Long.toString(world.clock.millis() + 3_600_000));
        assertThat(world.bridge.requests).hasSize(1);
        assertThat(Json.parse(world.bridge.requests.get(0).body())
                        .orElseThrow()
                        .get("userId")
                        .asText())
                .isEqualTo("user-1");
        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly("{\"type\":\"status\",\"status\":\"Running\"}");
    }

    @Test
    void theConversationIdReachesTheBridgeAndTheQueueAndDefaultsToDefault() {
        String taskArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.putTaskState("user-1", "Running", taskArn, "127.0.0.1", started, started, null);

        handler.handleRaw(World.wsEvent(
                "conn-1",
                Json.write(Json.object()
                        .put("action", "sendMessage")
                        .put("message", "in a topic")
                        .put("conversationId", "project-x_1"))));
        send("conn-1", "no topic");

        assertThat(world.bridge.requests)
                .extracting(r ->
                        Json.parse(r.body()).orElseThrow().get("conversationId").asText())
                .containsExactly("project-x_1", "default");

        world.bridge.status = 500; // the bridge fails: both messages are queued for the next container, topic kept
        world.bridge.requests.clear();
        handler.handleRaw(World.wsEvent(
                "conn-1",
                Json.write(Json.object()
                        .put("action", "sendMessage")
                        .put("message", "queued in a topic")
                        .put("conversationId", "project-x_1"))));
        var pending = world.pending("user-1");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("conversationId").s()).isEqualTo("project-x_1");
    }

    @Test
    void prewarmStillStartingIsNotClaimed() {
        String prewarmArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(1));
        world.putTaskState(Constants.PREWARM_USER_ID, "Starting", prewarmArn, null, started, started, null);

        send("conn-1", "hi");

        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.taskState(Constants.PREWARM_USER_ID)).isNotNull();
    }

    @Test
    void getStatusIsPushedIdleWhenThereIsNoTaskAndAsStoredOtherwise() {
        JsonNode idle = handler.handleRaw(World.wsEvent("conn-1", "{\"action\":\"getStatus\"}"));
        assertThat(World.body(idle).toString()).isEqualTo("{\"type\":\"status\",\"status\":\"Idle\"}");

        Instant started = world.clock.instant();
        world.putTaskState("user-1", "Running", world.runTask(), "127.0.0.1", started, started, null);
        handler.handleRaw(World.wsEvent("conn-1", "{\"action\":\"getStatus\"}"));

        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"type\":\"status\",\"status\":\"Idle\"}", "{\"type\":\"status\",\"status\":\"Running\"}");
    }

    @Test
    void getHistoryPushesTheConversationOldestFirst() {
        String table = world.names.table(Table.CONVERSATIONS);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 3; i++) {
            long at = t + i;
            world.dynamo.putItem(b -> b.tableName(table)
                    .item(java.util.Map.of(
                            "PK",
                            Items.s("USER#user-1"),
                            "SK",
                            Items.s("CONV#default#MSG#" + at),
                            "role",
                            Items.s(at % 2 == 0 ? "user" : "assistant"),
                            "content",
                            Items.s("m" + at),
                            "channel",
                            Items.s("web"))));
        }
        world.dynamo.putItem(b -> b.tableName(table)
                .item(java.util.Map.of(
                        "PK",
                        Items.s("USER#someone-else"),
                        "SK",
                        Items.s("CONV#default#MSG#" + t),
                        "role",
                        Items.s("user"),
                        "content",
                        Items.s("not yours"),
                        "channel",
                        Items.s("web"))));

        handler.handleRaw(World.wsEvent("conn-1", "{\"action\":\"getHistory\"}"));

        List<JsonNode> pushes = world.pushes("conn-1");
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).get("type").asText()).isEqualTo("history");
        assertThat(pushes.get(0).get("messages").toString())
                .isEqualTo("["
                        + "{\"role\":\"user\",\"content\":\"m" + t + "\",\"channel\":\"web\",\"timestamp\":" + t + "},"
                        + "{\"role\":\"assistant\",\"content\":\"m" + (t + 1) + "\",\"channel\":\"web\",\"timestamp\":"
                        + (t + 1) + "},"
                        + "{\"role\":\"user\",\"content\":\"m" + (t + 2) + "\",\"channel\":\"web\",\"timestamp\":"
                        + (t + 2) + "}]");
    }

    @Test
    void pingIsAcceptedSilently() {
        JsonNode response = handler.handleRaw(World.wsEvent("conn-1", "{\"action\":\"ping\"}"));
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(world.pushes("conn-1")).isEmpty();
    }

    @Test
    void runTaskFailureReleasesTheClaimKeepsTheMessageAndTellsTheClient() {
        world.env.put("TASK_DEFINITION_FAMILY", "no-such-family");
        handler = new WsMessageHandler(world.services());

        JsonNode response = send("conn-1", "hello");

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(World.body(response).toString()).isEqualTo("{\"error\":\"Internal error\"}");
        assertThat(world.taskState("user-1")).isNull();
        assertThat(world.pending("user-1")).hasSize(1);
        assertThat(world.pushes("conn-1"))
                .extracting(f -> f.get("code").asText())
                .containsExactly("internal");
    }
}
