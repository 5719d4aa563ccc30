package io.github.serverlessopenclaw.plugin.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.state.ResetRow.Action;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;

/** reset-state's decisions and actions against real ECS and DynamoDB APIs on moto, one app name per test. */
@ExtendWith(MotoExtension.class)
class StateReconcilerMotoTest {
    private static final AtomicInteger APPS = new AtomicInteger();
    private static final Instant NOW = Instant.now();
    private static final Instant YOUNG = NOW.minus(Duration.ofMinutes(2));
    private static final Instant OLD = NOW.minus(Duration.ofMinutes(25));

    private final Moto moto;
    private SeededDeployment deployment;
    private DynamoDbClient dynamo;
    private EcsClient ecs;

    StateReconcilerMotoTest(Moto moto) {
        this.moto = moto;
    }

    @BeforeEach
    void seed() {
        deployment = new SeededDeployment(moto.endpoint(), "reset-" + APPS.incrementAndGet()).seed();
        dynamo = moto.client(DynamoDbClient.builder());
        ecs = moto.client(EcsClient.builder());
    }

    @AfterEach
    void close() {
        deployment.close();
        dynamo.close();
        ecs.close();
    }

    @AfterAll
    static void restoreMoto() {
        SeededDeployment.restoreTaskTransitions(Moto.get().endpoint());
    }

    /** Page size 2, so every scan in these tests reads several pages. */
    private StateReconciler reconciler() {
        return new StateReconciler(
                new TaskStateTable(dynamo, deployment.names().table(Table.TASK_STATE), 2),
                new ClusterTasks(ecs, deployment.names().cluster()),
                deployment.names().taskFamily(),
                Clock.systemUTC(),
                Constants.TASK_START_TIMEOUT);
    }

    private String missingTask() {
        return "arn:aws:ecs:us-east-1:" + Moto.ACCOUNT + ":task/"
                + deployment.names().cluster() + "/0123456789abcdef";
    }

    private static Map<String, Action> actions(List<ResetRow> rows) {
        return rows.stream().collect(Collectors.toMap(ResetRow::user, ResetRow::action));
    }

    private List<Moto.RecordedRequest> writesSince(int marker) {
        List<Moto.RecordedRequest> all = moto.recordedRequests();
        return all.subList(marker, all.size()).stream()
                .filter(Moto.RecordedRequest::isWrite)
                .toList();
    }

    private record Seeded(String alice, String bob, String dave, String erin) {}

    /** Every combination of row status and task state the reconcile distinguishes. */
    private Seeded seedEveryCombination() {
        String alice = deployment.runTask("alice");
        deployment.putRow("alice", "Running", alice, OLD);
        String bob = deployment.runTask("bob");
        deployment.stopTask(bob);
        deployment.putRow("bob", "Running", bob, OLD);
        deployment.putRow("carol", "Running", missingTask(), OLD);
        String dave = deployment.runTask("dave");
        deployment.putRow("dave", "Starting", dave, YOUNG);
        String erin = deployment.runTask("erin");
        deployment.putRow("erin", "Starting", erin, OLD);
        deployment.putRow("frank", "Starting", missingTask(), OLD);
        deployment.putRow("gina", "Running", null, OLD);
        String tg = deployment.runTask("telegram:42");
        deployment.stopTask(tg);
        deployment.putRow("telegram:42", "Idle", tg, OLD);
        return new Seeded(alice, bob, dave, erin);
    }

    @Test
    void reconcileDeletesStaleRowsStopsStuckStartsAndKeepsHealthyOnes() {
        Seeded seeded = seedEveryCombination();
        int marker = moto.recordedRequests().size();

        List<ResetRow> report = reconciler().reset(ResetRequest.reconcile());

        assertThat(actions(report))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "alice", Action.KEEP,
                        "bob", Action.DELETE_ROW,
                        "carol", Action.DELETE_ROW,
                        "dave", Action.KEEP,
                        "erin", Action.STOP_TASK_DELETE_ROW,
                        "frank", Action.DELETE_ROW,
                        "gina", Action.DELETE_ROW,
                        "telegram:42", Action.DELETE_ROW));
        assertThat(report).filteredOn(r -> r.action() != Action.KEEP).allMatch(ResetRow::applied);
        assertThat(report).extracting(ResetRow::user).isSorted();
        assertThat(deployment.rowUsers()).containsExactly("alice", "dave");
        assertThat(deployment.lastStatus(seeded.erin())).isEqualTo("STOPPED");
        assertThat(deployment.lastStatus(seeded.alice())).isEqualTo("RUNNING");
        assertThat(deployment.lastStatus(seeded.dave())).isEqualTo("RUNNING");
        List<Moto.RecordedRequest> writes = writesSince(marker);
        assertThat(writes)
                .filteredOn(w -> w.operation().equals("StopTask"))
                .singleElement()
                .satisfies(w -> assertThat(w.body()).contains(seeded.erin()));
        assertThat(writes).filteredOn(w -> w.operation().equals("DeleteItem")).hasSize(6);

        // idempotent: a second run finds only healthy rows and changes nothing
        int again = moto.recordedRequests().size();
        assertThat(actions(reconciler().reset(ResetRequest.reconcile())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("alice", Action.KEEP, "dave", Action.KEEP));
        assertThat(writesSince(again)).isEmpty();
    }

    @Test
    void dryRunReportsTheSameDecisionsAndChangesNothing() {
        Seeded seeded = seedEveryCombination();
        int marker = moto.recordedRequests().size();

        List<ResetRow> report = reconciler().reset(new ResetRequest(false, Optional.empty(), true));

        assertThat(actions(report))
                .containsEntry("erin", Action.STOP_TASK_DELETE_ROW)
                .containsEntry("bob", Action.DELETE_ROW)
                .containsEntry("alice", Action.KEEP);
        assertThat(report).noneMatch(ResetRow::applied);
        assertThat(writesSince(marker)).isEmpty();
        assertThat(deployment.rowUsers()).hasSize(8);
        assertThat(deployment.lastStatus(seeded.erin())).isEqualTo("RUNNING");
        assertThat(StateReconciler.table(report, true))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("erin")
                        .contains("Starting")
                        .contains("25m")
                        .contains("would stop task, delete row (Starting longer than 10m)"));
    }

    @Test
    void allStopsEveryTaskOfTheClusterThenClearsEveryRow() {
        String alice = deployment.runTask("alice");
        deployment.putRow("alice", "Running", alice, OLD);
        String bob = deployment.runTask("bob");
        deployment.putRow("bob", "Starting", bob, YOUNG);
        deployment.putRow("carol", "Running", missingTask(), OLD);
        String orphan = deployment.runTask("zed"); // running, but its row is gone: costs money, never stopped
        int marker = moto.recordedRequests().size();

        List<ResetRow> report = reconciler().reset(new ResetRequest(true, Optional.empty(), false));

        assertThat(actions(report))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "alice", Action.STOP_TASK_DELETE_ROW,
                        "bob", Action.STOP_TASK_DELETE_ROW,
                        "carol", Action.DELETE_ROW,
                        "zed", Action.STOP_TASK));
        assertThat(deployment.rowUsers()).isEmpty();
        assertThat(List.of(alice, bob, orphan))
                .allSatisfy(t -> assertThat(deployment.lastStatus(t)).isEqualTo("STOPPED"));
        // the safe order: every StopTask before the first DeleteItem
        List<String> ops = writesSince(marker).stream()
                .map(Moto.RecordedRequest::operation)
                .toList();
        assertThat(ops.lastIndexOf("StopTask")).isLessThan(ops.indexOf("DeleteItem"));
    }

    @Test
    void userTouchesOnlyThatUsersRowAndTask() {
        String alice = deployment.runTask("alice");
        deployment.putRow("alice", "Running", alice, OLD);
        deployment.putRow("bob", "Running", missingTask(), OLD);
        String tg = deployment.runTask("telegram:7");
        deployment.putRow("telegram:7", "Starting", tg, OLD);

        List<ResetRow> report = reconciler().reset(new ResetRequest(false, Optional.of("telegram:7"), false));

        assertThat(actions(report)).containsExactlyEntriesOf(Map.of("telegram:7", Action.STOP_TASK_DELETE_ROW));
        assertThat(deployment.rowUsers()).containsExactly("alice", "bob");
        assertThat(deployment.lastStatus(tg)).isEqualTo("STOPPED");

        List<ResetRow> all = reconciler().reset(new ResetRequest(true, Optional.of("alice"), false));
        assertThat(actions(all)).containsExactlyEntriesOf(Map.of("alice", Action.STOP_TASK_DELETE_ROW));
        assertThat(deployment.rowUsers()).containsExactly("bob");
        assertThat(deployment.lastStatus(alice)).isEqualTo("STOPPED");
    }

    @Test
    void resetOutdatedStopsTasksOfOlderRevisionsAndClearsTheirRows() {
        String oldRevision = deployment.names().taskFamily() + ":1";
        String alice = deployment.runTask("alice", oldRevision);
        deployment.putRow("alice", "Running", alice, OLD);
        String orphan = deployment.runTask("zed", oldRevision);
        deployment.registerTaskDefinition("sha256:" + "cd".repeat(32));
        String bob = deployment.runTask("bob");
        deployment.putRow("bob", "Running", bob, YOUNG);

        List<ResetRow> report = reconciler().resetOutdated(false);

        assertThat(actions(report))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("alice", Action.STOP_TASK_DELETE_ROW, "zed", Action.STOP_TASK, "bob", Action.KEEP));
        assertThat(report)
                .filteredOn(r -> r.user().equals("alice"))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("old task definition " + oldRevision));
        assertThat(deployment.rowUsers()).containsExactly("bob");
        assertThat(deployment.lastStatus(alice)).isEqualTo("STOPPED");
        assertThat(deployment.lastStatus(orphan)).isEqualTo("STOPPED");
        assertThat(deployment.lastStatus(bob)).isEqualTo("RUNNING");
    }

    @Test
    void aRowTheStoppedContainerClearedItselfCountsAsStoppedAndCleared() {
        String alice = deployment.runTask("alice");
        deployment.putRow("alice", "Running", alice, OLD);
        TaskStateTable table = new TaskStateTable(dynamo, deployment.names().table(Table.TASK_STATE));
        // as the bridge does on SIGTERM: the stopped container deletes its own row before the reconciler's delete
        ExecutionInterceptor bridgeOnSigterm = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof StopTaskRequest) {
                    table.deleteIfUnchanged(table.get("alice").orElseThrow());
                }
            }
        };
        try (EcsClient stopping = moto.client(
                EcsClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(bridgeOnSigterm)))) {
            StateReconciler reconciler = new StateReconciler(
                    table,
                    new ClusterTasks(stopping, deployment.names().cluster()),
                    deployment.names().taskFamily(),
                    Clock.systemUTC(),
                    Constants.TASK_START_TIMEOUT);

            List<ResetRow> report = reconciler.reset(new ResetRequest(true, Optional.of("alice"), false));

            assertThat(report).singleElement().satisfies(row -> {
                assertThat(row.action()).isEqualTo(Action.STOP_TASK_DELETE_ROW);
                assertThat(row.applied())
                        .as("user-delete counts this container as stopped and its row as cleared")
                        .isTrue();
            });
            assertThat(deployment.lastStatus(alice)).isEqualTo("STOPPED");
            assertThat(deployment.rowUsers()).isEmpty();
        }
    }

    @Test
    void aRowRewrittenAfterTheReadIsNotDeleted() {
        String first = deployment.runTask("alice");
        deployment.putRow("alice", "Running", first, OLD);
        TaskStateTable table = new TaskStateTable(dynamo, deployment.names().table(Table.TASK_STATE));
        TaskStateRow read = table.get("alice").orElseThrow();
        deployment.putRow("alice", "Starting", deployment.runTask("alice"), NOW); // a Lambda started a new task

        assertThat(table.deleteIfUnchanged(read)).isFalse();
        assertThat(table.get("alice")).get().extracting(TaskStateRow::status).isEqualTo("Starting");
        assertThat(table.deleteIfUnchanged(table.get("alice").orElseThrow())).isTrue();
        assertThat(table.get("alice")).isEmpty();
    }

    @Test
    void aMissingTableOrClusterIsAClearUserError() {
        assertThatThrownBy(() -> new TaskStateTable(dynamo, "absent-TaskState").scan())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "The table absent-TaskState does not exist: run mvn openclaw:deploy first (with the same appName and region)");
        assertThatThrownBy(() -> new ClusterTasks(ecs, "absent").running())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "The ECS cluster absent does not exist: run mvn openclaw:deploy first (with the same appName and region)");
    }
}
