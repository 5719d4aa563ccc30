package io.github.serverlessopenclaw.plugin.status;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.report.Durations;
import io.github.serverlessopenclaw.plugin.report.TextTable;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.state.ClusterTasks;
import io.github.serverlessopenclaw.plugin.state.ClusterTasks.TaskInfo;
import io.github.serverlessopenclaw.plugin.state.TaskStateRow;
import io.github.serverlessopenclaw.plugin.state.TaskStateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * One look at a deployment: stacks and their states, endpoints, the image digest the task definition runs,
 * which secrets exist (names only, values are never read), running containers with user and uptime, the
 * TaskState rows and how many messages wait for a container. Parts that are not deployed say so.
 */
public final class DeploymentStatus {
    private static final List<OutputKey> ENDPOINTS =
            List.of(OutputKey.WebAppUrl, OutputKey.WebSocketApiEndpoint, OutputKey.HttpApiEndpoint);

    private final AppNames names;
    private final CloudFormationClient cloudFormation;
    private final DynamoDbClient dynamo;
    private final EcsClient ecs;
    private final Supplier<Set<Secret>> presentSecrets;
    private final Clock clock;

    public DeploymentStatus(
            AppNames names,
            CloudFormationClient cloudFormation,
            DynamoDbClient dynamo,
            EcsClient ecs,
            Supplier<Set<Secret>> presentSecrets,
            Clock clock) {
        this.names = names;
        this.cloudFormation = cloudFormation;
        this.dynamo = dynamo;
        this.ecs = ecs;
        this.presentSecrets = presentSecrets;
        this.clock = clock;
    }

    public record StackState(String name, String status, Optional<Instant> updated) {}

    public record Container(
            String user, String task, String status, Optional<Duration> uptime, String taskDefinition) {}

    /** Everything gathered; optional parts are empty when the piece they come from is not deployed. */
    public record Report(
            List<StackState> stacks,
            Map<OutputKey, Optional<String>> endpoints,
            Optional<String> image,
            Optional<String> taskDefinition,
            List<String> secrets,
            Optional<List<Container>> containers,
            Optional<List<TaskStateRow>> rows,
            Optional<Long> pendingMessages,
            Instant at) {

        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("Stacks");
            TextTable stackTable = new TextTable("STACK", "STATUS", "UPDATED");
            stacks.forEach(s -> stackTable.row(
                    s.name(), s.status(), s.updated().map(Instant::toString).orElse("-")));
            indent(lines, stackTable.lines());
            lines.add("Endpoints");
            endpoints.forEach((key, value) -> lines.add("  " + pad(key.name()) + value.orElse("(not deployed)")));
            lines.add("Image");
            lines.add("  " + pad("task definition") + taskDefinition.orElse("(not deployed)"));
            lines.add("  " + pad("image") + image.orElse("(not deployed)"));
            lines.add("Secrets (names only)");
            lines.add("  "
                    + (secrets.isEmpty()
                            ? "(none: run " + Goals.goal(Goals.SECRETS) + ")"
                            : String.join(", ", secrets)));
            lines.add("Running containers");
            if (containers.isEmpty()) {
                lines.add("  (cluster not deployed)");
            } else if (containers.get().isEmpty()) {
                lines.add("  (none)");
            } else {
                TextTable table = new TextTable("USER", "TASK", "STATUS", "UPTIME", "TASK DEFINITION");
                containers
                        .get()
                        .forEach(c -> table.row(
                                c.user(), c.task(), c.status(), Durations.brief(c.uptime()), c.taskDefinition()));
                indent(lines, table.lines());
            }
            lines.add("TaskState rows");
            if (rows.isEmpty()) {
                lines.add("  (table not deployed)");
            } else if (rows.get().isEmpty()) {
                lines.add("  (none)");
            } else {
                TextTable table = new TextTable("USER", "STATUS", "TASK", "AGE");
                rows.get()
                        .forEach(r -> table.row(
                                r.userId(),
                                r.status(),
                                r.taskArn().map(ClusterTasks::shortId).orElse("-"),
                                Durations.brief(r.startedAt().map(s -> Duration.between(s, at)))));
                indent(lines, table.lines());
            }
            lines.add(
                    "Pending messages: " + pendingMessages.map(String::valueOf).orElse("(table not deployed)"));
            return lines;
        }

        private static void indent(List<String> lines, List<String> table) {
            table.forEach(line -> lines.add("  " + line));
        }

        private static String pad(String label) {
            return label + " ".repeat(Math.max(1, 22 - label.length()));
        }
    }

    public Report read() {
        List<StackState> stacks = new ArrayList<>();
        for (ProductStack stack : ProductStack.values()) {
            String name = stack.stackName(names);
            Optional<Stack> described = DeployedOutputs.describe(cloudFormation, name);
            stacks.add(new StackState(
                    name,
                    described.map(Stack::stackStatusAsString).orElse("not deployed"),
                    described.map(s -> s.lastUpdatedTime() != null ? s.lastUpdatedTime() : s.creationTime())));
        }
        DeployedOutputs outputs = DeployedOutputs.read(cloudFormation, names);
        Map<OutputKey, Optional<String>> endpoints = new LinkedHashMap<>();
        ENDPOINTS.forEach(key -> endpoints.put(key, outputs.get(key)));

        Optional<String> family = outputs.get(OutputKey.TaskDefinitionFamily);
        Optional<String> taskDefinition = Optional.empty();
        Optional<String> image = Optional.empty();
        if (family.isPresent()) {
            var definition = ecs.describeTaskDefinition(b -> b.taskDefinition(family.get()))
                    .taskDefinition();
            taskDefinition = Optional.of(definition.family() + ":" + definition.revision());
            image = definition.containerDefinitions().stream()
                    .filter(c -> Constants.CONTAINER_NAME.equals(c.name()))
                    .map(ContainerDefinition::image)
                    .findFirst();
        }

        Optional<List<TaskStateRow>> rows =
                ifTableExists(() -> new TaskStateTable(dynamo, names.table(Table.TASK_STATE))
                        .scan().stream()
                                .sorted((a, b) -> a.userId().compareTo(b.userId()))
                                .toList());
        Optional<List<Container>> containers = outputs.get(OutputKey.ClusterName)
                .map(cluster -> containers(new ClusterTasks(ecs, cluster), rows.orElse(List.of())));
        Optional<Long> pending = ifTableExists(() -> TaskStateTable.count(dynamo, names.table(Table.PENDING_MESSAGES)));
        return new Report(
                stacks, endpoints, image, taskDefinition, secretNames(), containers, rows, pending, clock.instant());
    }

    private List<Container> containers(ClusterTasks tasks, List<TaskStateRow> rows) {
        List<Container> containers = new ArrayList<>();
        for (TaskInfo task : tasks.running()) {
            String user = rows.stream()
                    .filter(r -> r.taskArn().filter(task.arn()::equals).isPresent())
                    .map(TaskStateRow::userId)
                    .findFirst()
                    .or(task::userId)
                    .orElse("?");
            String definition = task.taskDefinitionArn() == null
                    ? "?"
                    : task.taskDefinitionArn()
                            .substring(task.taskDefinitionArn().lastIndexOf('/') + 1);
            containers.add(new Container(
                    user,
                    ClusterTasks.shortId(task.arn()),
                    task.lastStatus(),
                    task.startedAt().map(s -> Duration.between(s, clock.instant())),
                    definition));
        }
        return containers;
    }

    /** Names only: SecretsService lists parameter names and never reads a value. */
    private List<String> secretNames() {
        return presentSecrets.get().stream().map(Secret::secretName).sorted().toList();
    }

    private static <T> Optional<T> ifTableExists(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (ResourceNotFoundException | ConfigurationException e) {
            return Optional.empty(); // the Storage stack is not deployed
        }
    }
}
