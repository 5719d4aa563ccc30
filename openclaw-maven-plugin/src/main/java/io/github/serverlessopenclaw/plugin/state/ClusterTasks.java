package io.github.serverlessopenclaw.plugin.state;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;

/** What ECS knows about the deployment's tasks: describe in batches, list the running ones, stop one. */
public final class ClusterTasks {
    /** DescribeTasks accepts at most 100 task ARNs per call. */
    private static final int DESCRIBE_BATCH = 100;

    private final EcsClient ecs;
    private final String cluster;

    public ClusterTasks(EcsClient ecs, String cluster) {
        this.ecs = ecs;
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }

    /** One task as far as reset-state and status care. */
    public record TaskInfo(
            String arn,
            String lastStatus,
            String desiredStatus,
            String taskDefinitionArn,
            Optional<Instant> startedAt,
            Optional<String> userId) {

        public boolean stoppedOrStopping() {
            return "STOPPED".equals(desiredStatus)
                    || "STOPPED".equals(lastStatus)
                    || "DEACTIVATING".equals(lastStatus)
                    || "STOPPING".equals(lastStatus)
                    || "DEPROVISIONING".equals(lastStatus);
        }

        static TaskInfo from(Task task) {
            Instant started = task.startedAt() != null ? task.startedAt() : task.createdAt();
            Optional<String> user = task.overrides() == null
                    ? Optional.empty()
                    : task.overrides().containerOverrides().stream()
                            .map(ContainerOverride::environment)
                            .flatMap(List::stream)
                            .filter(kv -> Env.TASK_USER_ID.equals(kv.name()))
                            .map(KeyValuePair::value)
                            .findFirst();
            return new TaskInfo(
                    task.taskArn(),
                    task.lastStatus(),
                    task.desiredStatus(),
                    task.taskDefinitionArn(),
                    Optional.ofNullable(started),
                    user);
        }
    }

    /** The tasks ECS knows among {@code arns}, by ARN; an ARN that is absent from the map is missing in ECS. */
    public Map<String, TaskInfo> describe(Collection<String> arns) {
        Map<String, TaskInfo> found = new HashMap<>();
        List<String> all = new ArrayList<>(arns);
        for (int from = 0; from < all.size(); from += DESCRIBE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DESCRIBE_BATCH));
            try {
                ecs.describeTasks(b -> b.cluster(cluster).tasks(batch))
                        .tasks()
                        .forEach(task -> found.put(task.taskArn(), TaskInfo.from(task)));
            } catch (ClusterNotFoundException e) {
                throw clusterMissing();
            }
        }
        return found;
    }

    /** Every task the cluster wants running (paginated), described. */
    public List<TaskInfo> running() {
        List<String> arns = new ArrayList<>();
        try {
            ecs.listTasksPaginator(b -> b.cluster(cluster).desiredStatus(DesiredStatus.RUNNING))
                    .taskArns()
                    .forEach(arns::add);
        } catch (ClusterNotFoundException e) {
            throw clusterMissing();
        }
        List<TaskInfo> tasks = new ArrayList<>(describe(arns).values());
        tasks.removeIf(TaskInfo::stoppedOrStopping);
        tasks.sort((a, b) -> a.arn().compareTo(b.arn()));
        return tasks;
    }

    private ConfigurationException clusterMissing() {
        return new ConfigurationException("The ECS cluster " + cluster + " does not exist: run "
                + Goals.command(Goals.DEPLOY) + " first" + " (with the same appName and region)");
    }

    public void stop(String taskArn, String reason) {
        ecs.stopTask(b -> b.cluster(cluster).task(taskArn).reason(reason));
    }

    /** ARN of the newest ACTIVE revision of a task-definition family. */
    public String currentTaskDefinition(String family) {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(family))
                .taskDefinition()
                .taskDefinitionArn();
    }

    /** Short form of a task ARN for tables: the id after the last slash. */
    public static String shortId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
