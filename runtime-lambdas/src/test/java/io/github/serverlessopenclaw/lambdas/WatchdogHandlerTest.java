package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

@ExtendWith(MotoExtension.class)
class WatchdogHandlerTest {
    private World world;
    private Instant now;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        now = world.clock.instant();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode run() {
        return new WatchdogHandler(world.services())
                .handleRaw("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}");
    }

    private String running(String user, Duration uptime, Duration idle, Long prewarmUntil) {
        String arn = world.runTask();
        world.putTaskState(user, "Running", arn, "127.0.0.1", now.minus(uptime), now.minus(idle), prewarmUntil);
        return arn;
    }

    @Test
    void idleContainerIsStoppedWithTheReasonAndItsRowDeleted() {
        String arn = running("user-1", Duration.ofMinutes(30), Duration.ofMinutes(20), null);

        JsonNode result = run();

        assertThat(result.get("stopped").toString()).isEqualTo("[\"user-1\"]");
        assertThat(world.taskState("user-1")).isNull();
        assertThat(world.lastStatus(arn)).isEqualTo("STOPPED");
        JsonNode stop = Json.parse(world.calls("StopTask").get(0).body()).orElseThrow();
        assertThat(stop.get("reason").asText()).isEqualTo("Watchdog: inactivity timeout");
        assertThat(stop.get("task").asText()).isEqualTo(arn);
    }

    @Test
    void youngRecentlyActiveOrPrewarmedContainersAreKept() {
        running("young", Duration.ofMinutes(4), Duration.ofMinutes(20), null);
        running("active", Duration.ofMinutes(60), Duration.ofMinutes(5), null);
        running("prewarmed", Duration.ofMinutes(60), Duration.ofMinutes(20), now.toEpochMilli() + 60_000);
        running("exactly-at-timeout", Duration.ofMinutes(60), Duration.ofMinutes(15), null);

        JsonNode result = run();

        assertThat(result.get("checked").asInt()).isEqualTo(4);
        assertThat(result.get("stopped")).isEmpty();
        assertThat(result.get("cleared")).isEmpty();
        assertThat(world.calls("StopTask")).isEmpty();
        assertThat(world.rows(Table.TASK_STATE)).hasSize(4);
    }

    @Test
    void expiredPrewarmWindowNoLongerProtects() {
        running("user-1", Duration.ofMinutes(90), Duration.ofMinutes(20), now.toEpochMilli() - 1);
        assertThat(run().get("stopped").toString()).isEqualTo("[\"user-1\"]");
    }

    @Test
    void rowsWhoseTaskIsGoneAreClearedAndOverdueStartsToo() {
        String stopped = world.runTask();
        world.ecs.stopTask(b -> b.cluster(world.names.cluster()).task(stopped).reason("spot"));
        world.putTaskState(
                "running-gone", "Running", stopped, "127.0.0.1", now.minus(Duration.ofMinutes(60)), now, null);
        String unknown = "arn:aws:ecs:us-east-1:123456789012:task/" + world.names.cluster() + "/ffffffffffffffff";
        world.putTaskState(
                "starting-overdue",
                "Starting",
                unknown,
                null,
                now.minus(Duration.ofMinutes(15)),
                now.minus(Duration.ofMinutes(15)),
                null);
        world.putTaskState(
                "starting-young",
                "Starting",
                unknown,
                null,
                now.minus(Duration.ofMinutes(5)),
                now.minus(Duration.ofMinutes(5)),
                null);
        world.putTaskState(
                "starting-exactly-10",
                "Starting",
                unknown,
                null,
                now.minus(Constants.TASK_START_TIMEOUT),
                now.minus(Constants.TASK_START_TIMEOUT),
                null);
        String alive = world.runTask();
        world.putTaskState(
                "starting-slow-but-alive",
                "Starting",
                alive,
                null,
                now.minus(Duration.ofMinutes(15)),
                now.minus(Duration.ofMinutes(15)),
                null);

        JsonNode result = run();

        assertThat(result.get("cleared"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("running-gone", "starting-overdue");
        assertThat(world.taskState("starting-young")).isNotNull();
        assertThat(world.taskState("starting-exactly-10")).isNotNull();
        assertThat(world.taskState("starting-slow-but-alive")).isNotNull();
    }

    @Test
    void usersWhoUsuallyWriteAtThisHourGetTheLongerTimeout() {
        String table = world.names.table(Table.CONVERSATIONS);
        for (String user : List.of("regular", "occasional")) {
            int days = user.equals("regular") ? 2 : 1;
            for (int d = 1; d <= days; d++) {
                long at = now.minus(Duration.ofDays(d)).toEpochMilli();
                world.dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "PK",
                                Items.s("USER#" + user),
                                "SK",
                                Items.s("CONV#default#MSG#" + at),
                                "role",
                                Items.s("user"),
                                "content",
                                Items.s("hi"),
                                "channel",
                                Items.s("web"))));
            }
            running(user, Duration.ofMinutes(60), Duration.ofMinutes(20), null);
        }
        running("regular-but-gone-quiet", Duration.ofMinutes(60), Duration.ofMinutes(31), null);

        JsonNode result = run();

        assertThat(result.get("stopped"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("occasional", "regular-but-gone-quiet");
        assertThat(world.taskState("regular")).isNotNull();
    }

    @Test
    void idleTimeoutComesFromTheEnvironment() {
        world.env.put(Env.IDLE_TIMEOUT_MINUTES, "45");
        running("user-1", Duration.ofMinutes(60), Duration.ofMinutes(40), null);
        assertThat(run().get("stopped")).isEmpty();
    }

    @Test
    void everyPageOfTheTableIsRead() {
        int rows = TaskStates.SCAN_PAGE_SIZE * 2 + 17;
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            var item = Items.key("USER#u" + i);
            item.put("status", Items.s("Running"));
            item.put(
                    "taskArn",
                    Items.s("arn:aws:ecs:us-east-1:123456789012:task/" + world.names.cluster() + "/gone" + i));
            item.put("startedAt", Items.s(now.minus(Duration.ofHours(1)).toString()));
            item.put("lastActivity", Items.s(now.toString()));
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build());
        }
        for (int from = 0; from < rows; from += 25) {
            var batch = writes.subList(from, Math.min(rows, from + 25));
            world.dynamo.batchWriteItem(b -> b.requestItems(Map.of(world.names.table(Table.TASK_STATE), batch)));
        }

        JsonNode result = run();

        assertThat(result.get("checked").asInt()).isEqualTo(rows);
        assertThat(result.get("cleared")).hasSize(rows);
        assertThat(world.calls("Scan").size()).isGreaterThanOrEqualTo(3);
        assertThat(world.calls("DescribeTasks")).hasSize(3); // 100 ARNs per call
        assertThat(world.rows(Table.TASK_STATE)).isEmpty();
    }

    @Test
    void anEcsErrorDeletesNothing() {
        running("user-1", Duration.ofMinutes(60), Duration.ofMinutes(50), null);
        world.env.put(Env.CLUSTER, "no-such-cluster");

        JsonNode result = run();

        assertThat(result.get("stopped")).isEmpty();
        assertThat(result.get("cleared")).isEmpty();
        assertThat(world.taskState("user-1")).isNotNull();
    }
}
