package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;

/** Starts, inspects and stops the per-user Fargate tasks. Cluster, family and network come from the environment. */
final class TaskLauncher {
    /** ECS DescribeTasks accepts at most this many ARNs per call. */
    private static final int DESCRIBE_BATCH = 100;

    private final Services services;

    TaskLauncher(Services services) {
        this.services = services;
    }

    private String cluster() {
        return services.env().require(Env.CLUSTER);
    }

    /**
     * RunTask by task-definition family (always the latest revision). With {@code ECS_CAPACITY_PROVIDER}
     * set (e.g. FARGATE_SPOT) it uses that capacity provider; otherwise launch type FARGATE.
     */
    String start(Map<String, String> environment) {
        LambdaEnv env = services.env();
        String containerName = env.get(Env.CONTAINER_NAME).isEmpty() ? Constants.CONTAINER_NAME : env.get(Env.CONTAINER_NAME);
        List<KeyValuePair> variables = new ArrayList<>();
        environment.forEach((name, value) -> variables.add(KeyValuePair.builder().name(name).value(value).build()));
        RunTaskRequest.Builder request = RunTaskRequest.builder()
                .cluster(cluster())
                .taskDefinition(env.require(Env.TASK_FAMILY))
                .count(1)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(env.list(Env.SUBNET_IDS))
                        .securityGroups(env.list(Env.SECURITY_GROUP_IDS)).assignPublicIp(AssignPublicIp.ENABLED)))
                .overrides(o -> o.containerOverrides(c -> c.name(containerName).environment(variables)));
        String capacityProvider = env.get(Env.CAPACITY_PROVIDER);
        if (capacityProvider.isEmpty()) {
            request.launchType(LaunchType.FARGATE);
        } else {
            request.capacityProviderStrategy(s -> s.capacityProvider(capacityProvider).weight(1));
        }
        var response = services.ecs().runTask(request.build());
        if (!response.hasTasks() || response.tasks().isEmpty() || response.tasks().get(0).taskArn() == null) {
            String reasons = response.hasFailures() ? response.failures().toString() : "[]";
            throw new IllegalStateException("RunTask returned no tasks; failures: " + reasons);
        }
        String taskArn = response.tasks().get(0).taskArn();
        Metrics.count(RuntimeMetric.TASK_STARTED);
        return taskArn;
    }

    /** Last status per task ARN; an ARN ECS does not know is absent from the map. */
    Map<String, String> lastStatuses(List<String> taskArns) {
        Map<String, String> statuses = new HashMap<>();
        for (int from = 0; from < taskArns.size(); from += DESCRIBE_BATCH) {
            List<String> batch = taskArns.subList(from, Math.min(taskArns.size(), from + DESCRIBE_BATCH));
            for (Task task : services.ecs().describeTasks(b -> b.cluster(cluster()).tasks(batch)).tasks()) {
                statuses.put(task.taskArn(), task.lastStatus());
            }
        }
        return statuses;
    }

    /** True when ECS reports the task as gone: unknown, or STOPPED. */
    static boolean gone(Map<String, String> statuses, String taskArn) {
        String status = statuses.get(taskArn);
        return status == null || status.equals("STOPPED");
    }

    /** StopTask, best effort: a task that is already gone is not an error here. */
    void stop(String taskArn, String reason) {
        try {
            services.ecs().stopTask(b -> b.cluster(cluster()).task(taskArn).reason(reason));
        } catch (RuntimeException e) {
            Log.warn("StopTask " + taskArn + " failed: " + e.getMessage());
        }
    }

    static Map<String, String> taskEnvironment(String userId, String callbackUrl) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(Env.TASK_USER_ID, userId);
        environment.put(Env.TASK_CALLBACK_URL, callbackUrl);
        return environment;
    }
}
