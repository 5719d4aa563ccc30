package io.github.serverlessopenclaw.plugin.state;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.common.TaskStatus;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.report.Durations;
import io.github.serverlessopenclaw.plugin.report.TextTable;
import io.github.serverlessopenclaw.plugin.state.ClusterTasks.TaskInfo;
import io.github.serverlessopenclaw.plugin.state.ResetRow.Action;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Brings the TaskState table back in line with what ECS runs, so no stale row blocks a user's messages
 * and no container is left running without a row (which would cost money and never be stopped).
 * Used by {@code reset-state} and, through {@link #resetOutdated(boolean)}, by the deploy pipeline.
 *
 * <p>Rules per row: no task recorded, task missing or stopped → delete the row; {@code Starting} for longer
 * than the start timeout → stop the task, delete the row; otherwise keep. Deletes are conditional on the row
 * still naming the same task, so a row a Lambda rewrote meanwhile survives.
 */
public final class StateReconciler implements AutoCloseable {
    private static final String STOP_REASON = Goals.goal(Goals.RESET_STATE);

    private final TaskStateTable table;
    private final ClusterTasks tasks;
    private final String taskFamily;
    private final Clock clock;
    private final Duration startTimeout;
    private final List<AutoCloseable> owned;

    public StateReconciler(
            TaskStateTable table, ClusterTasks tasks, String taskFamily, Clock clock, Duration startTimeout) {
        this(table, tasks, taskFamily, clock, startTimeout, List.of());
    }

    private StateReconciler(
            TaskStateTable table,
            ClusterTasks tasks,
            String taskFamily,
            Clock clock,
            Duration startTimeout,
            List<AutoCloseable> owned) {
        this.table = table;
        this.tasks = tasks;
        this.taskFamily = taskFamily;
        this.clock = clock;
        this.startTimeout = startTimeout;
        this.owned = owned;
    }

    /** For a deployed app: cluster and task family from its stack outputs, the table name from its appName. */
    public static StateReconciler forDeployment(AwsClients clients, AppNames names, DeployedOutputs outputs) {
        String cluster = outputs.require(OutputKey.ClusterName);
        String family = outputs.require(OutputKey.TaskDefinitionFamily);
        DynamoDbClient dynamo = clients.create(DynamoDbClient.builder());
        EcsClient ecs = clients.create(EcsClient.builder());
        return new StateReconciler(
                new TaskStateTable(dynamo, names.table(Table.TASK_STATE)),
                new ClusterTasks(ecs, cluster),
                family,
                Clock.systemUTC(),
                Constants.TASK_START_TIMEOUT,
                List.of(dynamo, ecs));
    }

    /** The {@code reset-state} goal. */
    public List<ResetRow> reset(ResetRequest request) {
        Predicate<TaskStateRow> selected =
                row -> request.user().map(row.userId()::equals).orElse(true);
        List<TaskStateRow> rows = sorted(table.scan()).stream().filter(selected).toList();
        return request.all() ? resetAll(rows, request) : reconcile(rows, request.dryRun(), task -> false);
    }

    /**
     * For deploy after the image or the task definition changed: stops every task that does not run the
     * family's current revision (the image is pinned by digest, so a new image is a new revision) and clears
     * their rows; stale rows are cleared as in a normal reconcile.
     */
    public List<ResetRow> resetOutdated(boolean dryRun) {
        String current = tasks.currentTaskDefinition(taskFamily);
        Predicate<TaskInfo> outdated = task -> !current.equals(task.taskDefinitionArn());
        List<ResetRow> report = reconcile(sorted(table.scan()), dryRun, outdated);
        Set<String> reported = new HashSet<>();
        report.forEach(row -> row.taskArn().ifPresent(reported::add));
        for (TaskInfo task : tasks.running()) {
            if (outdated.test(task) && !reported.contains(task.arn())) {
                report.add(
                        apply(orphan(task, "old task definition " + revision(task.taskDefinitionArn())), null, dryRun));
            }
        }
        return report;
    }

    private static List<TaskStateRow> sorted(List<TaskStateRow> rows) {
        return rows.stream().sorted((a, b) -> a.userId().compareTo(b.userId())).toList();
    }

    private List<ResetRow> reconcile(List<TaskStateRow> rows, boolean dryRun, Predicate<TaskInfo> outdated) {
        Map<String, TaskInfo> known = tasks.describe(
                rows.stream().flatMap(r -> r.taskArn().stream()).distinct().toList());
        List<ResetRow> report = new ArrayList<>();
        for (TaskStateRow row : rows) {
            Optional<TaskInfo> task = row.taskArn().map(known::get);
            report.add(apply(decide(row, task, outdated), row, dryRun));
        }
        return report;
    }

    private ResetRow decide(TaskStateRow row, Optional<TaskInfo> task, Predicate<TaskInfo> outdated) {
        Optional<Duration> age = age(row, task);
        if (row.taskArn().isEmpty()) {
            return line(row, age, Action.DELETE_ROW, "no task recorded");
        }
        if (task.isEmpty()) {
            return line(row, age, Action.DELETE_ROW, "task missing in ECS");
        }
        TaskInfo info = task.get();
        if (info.stoppedOrStopping()) {
            return line(row, age, Action.DELETE_ROW, "task " + info.lastStatus());
        }
        if (outdated.test(info)) {
            return line(
                    row, age, Action.STOP_TASK_DELETE_ROW, "old task definition " + revision(info.taskDefinitionArn()));
        }
        if (TaskStatus.Starting.name().equals(row.status())) {
            if (age.isEmpty()) {
                return line(row, age, Action.KEEP, "starting, start time unknown");
            }
            if (age.get().compareTo(startTimeout) > 0) {
                return line(
                        row, age, Action.STOP_TASK_DELETE_ROW, "Starting longer than " + Durations.brief(startTimeout));
            }
            return line(row, age, Action.KEEP, "starting");
        }
        return line(row, age, Action.KEEP, "task " + info.lastStatus());
    }

    private List<ResetRow> resetAll(List<TaskStateRow> rows, ResetRequest request) {
        Set<String> rowTasks = new HashSet<>();
        rows.forEach(r -> r.taskArn().ifPresent(rowTasks::add));
        List<TaskInfo> running = tasks.running().stream()
                .filter(task -> request.user().isEmpty()
                        || rowTasks.contains(task.arn())
                        || task.userId().equals(request.user()))
                .toList();
        List<ResetRow> report = new ArrayList<>();
        Set<String> stopped = new HashSet<>();
        // Tasks first, rows after: a row cleared before its task is stopped would let a Lambda start a second task.
        for (TaskInfo task : running) {
            stopped.add(task.arn());
            if (!rowTasks.contains(task.arn())) {
                report.add(apply(orphan(task, "--all"), null, request.dryRun()));
            } else if (!request.dryRun()) {
                tasks.stop(task.arn(), STOP_REASON);
            }
        }
        for (TaskStateRow row : rows) {
            boolean stoppedHere = row.taskArn().filter(stopped::contains).isPresent();
            Optional<Duration> age = age(row, Optional.empty());
            ResetRow line = stoppedHere
                    ? line(row, age, Action.STOP_TASK_DELETE_ROW, "--all")
                    : line(row, age, Action.DELETE_ROW, "--all, task not running");
            report.add(applyRowOnly(line, row, request.dryRun()));
        }
        return report;
    }

    private ResetRow orphan(TaskInfo task, String reason) {
        Optional<Duration> age = task.startedAt().map(started -> Duration.between(started, clock.instant()));
        return new ResetRow(
                task.userId().orElse("(no row)"),
                "-",
                Optional.of(task.arn()),
                age,
                Action.STOP_TASK,
                reason + ", no TaskState row",
                false);
    }

    /** Performs the decided action (unless dry run): stop first, then the conditional delete. */
    private ResetRow apply(ResetRow line, TaskStateRow row, boolean dryRun) {
        if (dryRun || line.action() == Action.KEEP) {
            return line;
        }
        if (line.action().stopsTask()) {
            tasks.stop(line.taskArn().orElseThrow(), STOP_REASON);
        }
        return line.action().deletesRow() ? applyRowOnly(line, row, false) : applied(line);
    }

    private ResetRow applyRowOnly(ResetRow line, TaskStateRow row, boolean dryRun) {
        if (dryRun) {
            return line;
        }
        if (!table.deleteIfUnchanged(row)) {
            if (line.action().stopsTask() && table.get(row.userId()).isEmpty()) {
                return applied(line); // the container we stopped cleared its own row on SIGTERM before we got to it
            }
            return new ResetRow(
                    line.user(),
                    line.status(),
                    line.taskArn(),
                    line.age(),
                    Action.ROW_CHANGED,
                    "a new task was recorded meanwhile",
                    false);
        }
        return applied(line);
    }

    private static ResetRow applied(ResetRow line) {
        return new ResetRow(line.user(), line.status(), line.taskArn(), line.age(), line.action(), line.reason(), true);
    }

    private static ResetRow line(TaskStateRow row, Optional<Duration> age, Action action, String reason) {
        return new ResetRow(row.userId(), row.status(), row.taskArn(), age, action, reason, false);
    }

    private Optional<Duration> age(TaskStateRow row, Optional<TaskInfo> task) {
        Optional<Instant> since = row.startedAt().or(() -> task.flatMap(TaskInfo::startedAt));
        return since.map(started -> Duration.between(started, clock.instant()));
    }

    private static String revision(String taskDefinitionArn) {
        return taskDefinitionArn == null ? "?" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    /** The report as a table: user, status, task, age, action. */
    public static List<String> table(List<ResetRow> rows, boolean dryRun) {
        TextTable table = new TextTable("USER", "STATUS", "TASK", "AGE", "ACTION");
        for (ResetRow row : rows) {
            table.row(
                    row.user(),
                    row.status(),
                    row.taskArn().map(ClusterTasks::shortId).orElse("-"),
                    Durations.brief(row.age()),
                    row.actionText(dryRun));
        }
        return table.lines();
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing an SDK client releases connections only; nothing to report
            }
        }
    }
}
