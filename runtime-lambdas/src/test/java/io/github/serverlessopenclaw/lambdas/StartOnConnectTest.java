package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code $connect} with {@code ?start=1} (the chat view opened) starts the user's container through the router's
 * claim and launch, against moto's DynamoDB and ECS: who may start one, how many start, and that a failed start
 * never fails the handshake. RunTask calls are counted in moto's request recorder.
 */
@ExtendWith(MotoExtension.class)
class StartOnConnectTest {
    private World world;
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        Metrics.redirect(new PrintStream(metrics, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        Metrics.redirect(System.out);
        world.close();
    }

    private JsonNode connect(String connectionId, String token) {
        return new WsConnectHandler(world.services()).handleRaw(World.connectEvent(connectionId, token, true));
    }

    private static int status(JsonNode response) {
        return response.get("statusCode").asInt();
    }

    private long metricCount(RuntimeMetric metric) {
        return metrics.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> Json.parse(l).orElseThrow().has(metric.metricName()))
                .count();
    }

    @Test
    void theChatOpeningStartsTheUsersContainerWithItsCallbackUrl() {
        JsonNode response = connect("conn-1", world.idToken("user-1"));

        assertThat(status(response)).isEqualTo(200);
        assertThat(world.rows(Table.CONNECTIONS)).hasSize(1);
        assertThat(world.handlerRunTasks()).hasSize(1);
        JsonNode environment = Json.parse(world.handlerRunTasks().get(0).body())
                .orElseThrow()
                .at("/overrides/containerOverrides/0/environment");
        assertThat(environment.toString())
                .contains("{\"name\":\"" + Env.TASK_USER_ID + "\",\"value\":\"user-1\"}")
                .contains("{\"name\":\"" + Env.TASK_CALLBACK_URL + "\",\"value\":\""
                        + world.env.get(Env.WEBSOCKET_CALLBACK_URL) + "\"}");
        var row = world.taskState("user-1");
        assertThat(row.get("status").s()).isEqualTo("Starting");
        assertThat(world.lastStatus(row.get("taskArn").s())).isEqualTo("RUNNING");
        assertThat(world.pending("user-1")).as("no message, nothing queued").isEmpty();
        assertThat(metricCount(RuntimeMetric.CONNECT_STARTED)).isEqualTo(1);
        assertThat(metricCount(RuntimeMetric.TASK_STARTED)).isEqualTo(1);
    }

    @Test
    void aReconnectWithoutTheStartHintStartsNothing() {
        JsonNode response =
                new WsConnectHandler(world.services()).handleRaw(World.connectEvent("conn-1", world.idToken("user-1")));

        assertThat(status(response)).isEqualTo(200);
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("user-1")).isNull();
    }

    @Test
    void switchedOffTheConnectStartsNothingEvenWhenAskedTo() {
        world.env.put(Env.START_ON_CONNECT, "false");

        assertThat(status(connect("conn-1", world.idToken("user-1")))).isEqualTo(200);

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("user-1")).isNull();
    }

    @Test
    void attackNoForgedExpiredOrRevokedTokenIs401AndStartsNoContainer() {
        assertThat(status(connect("conn-none", null))).isEqualTo(401);

        String[] parts = world.idToken("user-1").split("\\.");
        String forged = parts[0] + "."
                + Tokens.b64(Json.write(Json.object()
                                .put("sub", "victim")
                                .put("iss", World.ISSUER)
                                .put("aud", World.CLIENT_ID)
                                .put("token_use", "id")
                                .put("exp", world.clock.instant().getEpochSecond() + 600))
                        .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(status(connect("conn-forged", forged))).isEqualTo(401);
        assertThat(status(connect(
                        "conn-stranger",
                        new Tokens("key-1")
                                .sign(Tokens.idClaims(
                                        World.ISSUER, World.CLIENT_ID, "user-1", world.clock.instant())))))
                .as("signed by another key under the published kid")
                .isEqualTo(401);

        String expired = world.idToken("user-1");
        world.clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(status(connect("conn-expired", expired))).isEqualTo(401);

        world.dynamo.putItem(b -> b.tableName(world.names.table(Table.CONNECTIONS))
                .item(Map.of(
                        Constants.PK, Items.s(Constants.REVOKED_PREFIX + "deleted"),
                        Constants.TTL,
                                Items.n(world.clock
                                        .instant()
                                        .plus(Constants.REVOCATION_TTL)
                                        .getEpochSecond()))));
        assertThat(status(connect("conn-revoked", world.idToken("deleted")))).isEqualTo(401);

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.rows(Table.TASK_STATE)).isEmpty();
        assertThat(world.rows(Table.CONNECTIONS)).hasSize(1); // the revocation only
    }

    @Test
    void attackManyConcurrentConnectsOfOneUserStartOneTask() throws Exception {
        int tabs = 8;
        String token = world.idToken("user-1");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < tabs; i++) {
                String connectionId = "conn-" + i;
                WsConnectHandler handler = new WsConnectHandler(world.services()); // one Lambda instance each
                answers.add(pool.submit(() -> {
                    go.await();
                    return handler.handleRaw(World.connectEvent(connectionId, token, true));
                }));
            }
            go.countDown();
            for (Future<JsonNode> answer : answers) {
                assertThat(status(answer.get(60, TimeUnit.SECONDS))).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(world.rows(Table.CONNECTIONS)).hasSize(tabs);
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.taskState("user-1").get("status").s()).isEqualTo("Starting");
    }

    @Test
    void attackConnectsOfManyUsersNeverStartMoreContainersThanTheCap() {
        world.env.put(Env.MAX_CONTAINERS, "2");
        for (int i = 0; i < 5; i++) {
            assertThat(status(connect("conn-" + i, world.idToken("user-" + i)))).isEqualTo(200);
        }

        assertThat(world.handlerRunTasks()).hasSize(2);
        assertThat(world.rows(Table.TASK_STATE)).hasSize(2);
        assertThat(world.rows(Table.SETTINGS))
                .as("no message, so nobody waits in line: their first message does")
                .isEmpty();
        assertThat(world.rows(Table.CONNECTIONS)).hasSize(5);
    }

    @Test
    void aConnectWhileTheContainerRunsOrStartsStartsNothing() {
        Instant now = world.clock.instant();
        String running = world.runTask();
        world.putTaskState("user-1", "Running", running, "127.0.0.1", now, now, null);
        world.putTaskState("user-2", "Starting", world.runTask(), null, now, now, null);

        assertThat(status(connect("conn-1", world.idToken("user-1")))).isEqualTo(200);
        assertThat(status(connect("conn-2", world.idToken("user-2")))).isEqualTo(200);

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("user-1").get("taskArn").s()).isEqualTo(running);
        assertThat(world.bridge.requests).as("nothing is sent to the bridge").isEmpty();
    }

    @Test
    void aReachablePrewarmedContainerIsLeftForTheFirstMessageToClaim() {
        Instant now = world.clock.instant();
        String prewarmed = world.runTask();
        world.putTaskState(Constants.PREWARM_USER_ID, "Running", prewarmed, "127.0.0.1", now, now, null);

        assertThat(status(connect("conn-1", world.idToken("user-1")))).isEqualTo(200);

        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.taskState("user-1")).isNull();
        assertThat(world.taskState(Constants.PREWARM_USER_ID).get("taskArn").s())
                .isEqualTo(prewarmed);
    }

    @Test
    void aFailedStartNeverFailsTheHandshakeAndReleasesTheClaim() {
        world.env.put(Env.TASK_FAMILY, "no-such-family");

        JsonNode response = connect("conn-1", world.idToken("user-1"));

        assertThat(status(response)).isEqualTo(200);
        assertThat(world.rows(Table.CONNECTIONS)).hasSize(1);
        assertThat(world.taskState("user-1"))
                .as("the next message may start it")
                .isNull();
        assertThat(metricCount(RuntimeMetric.CONNECT_START_FAILED)).isEqualTo(1);
    }

    @Test
    void aContainerStartedOnConnectThatNeverGetsAMessageIsStoppedAtTheIdleTimeout() {
        assertThat(status(connect("conn-1", world.idToken("user-1")))).isEqualTo(200);
        var claimed = world.taskState("user-1");
        String arn = claimed.get("taskArn").s();
        // the bridge comes up a minute later: markRunning sets its status, address and lastActivity, nothing else
        Instant ready = world.clock.instant().plus(Duration.ofMinutes(1));
        world.putTaskState(
                "user-1",
                "Running",
                arn,
                "127.0.0.1",
                Instant.parse(claimed.get("startedAt").s()),
                ready,
                null);
        WatchdogHandler watchdog = new WatchdogHandler(world.services());

        world.clock.set(ready.plus(Duration.ofMinutes(WatchdogHandler.DEFAULT_IDLE_MINUTES)));
        assertThat(watchdog.handleRaw("{}").get("stopped")).isEmpty();
        assertThat(world.lastStatus(arn)).isEqualTo("RUNNING");

        world.clock.advance(Duration.ofMinutes(5)); // the watchdog's next run
        assertThat(watchdog.handleRaw("{}").get("stopped").toString()).isEqualTo("[\"user-1\"]");
        assertThat(world.lastStatus(arn)).isEqualTo("STOPPED");
        assertThat(world.taskState("user-1")).isNull();
    }
}
