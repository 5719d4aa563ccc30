package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.SignedCall;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
     * set (e.g. FARGATE_SPOT) it uses that capacity provider; otherwise launch type FARGATE. The request is ECS's
     * JSON (awsJson1_1) as the SDK writes it; of the answer only the task ARN and the failures are read.
     */
    String start(Map<String, String> environment) {
        LambdaEnv env = services.env();
        String containerName =
                env.get(Env.CONTAINER_NAME).isEmpty() ? Constants.CONTAINER_NAME : env.get(Env.CONTAINER_NAME);
        ObjectNode request = Json.object()
                .put("cluster", cluster())
                .put("taskDefinition", env.require(Env.TASK_FAMILY))
                .put("count", 1)
                // the SDK sets one on every RunTask: SignedCall retries a 5xx, and without it a retry after a RunTask
                // that
                // did start a task would start a second one (ECS keeps a token for 24 h, per cluster, up to 64
                // characters)
                .put("clientToken", UUID.randomUUID().toString());
        ObjectNode vpc = request.putObject("networkConfiguration").putObject("awsvpcConfiguration");
        env.list(Env.SUBNET_IDS).forEach(vpc.putArray("subnets")::add);
        env.list(Env.SECURITY_GROUP_IDS).forEach(vpc.putArray("securityGroups")::add);
        vpc.put("assignPublicIp", "ENABLED");
        ObjectNode container = request.putObject("overrides")
                .putArray("containerOverrides")
                .addObject()
                .put("name", containerName);
        ArrayNode variables = container.putArray("environment");
        environment.forEach(
                (name, value) -> variables.addObject().put("name", name).put("value", value));
        String capacityProvider = env.get(Env.CAPACITY_PROVIDER);
        if (capacityProvider.isEmpty()) {
            request.put("launchType", "FARGATE");
        } else {
            request.putArray("capacityProviderStrategy")
                    .addObject()
                    .put("capacityProvider", capacityProvider)
                    .put("weight", 1);
        }
        SignedCall.Response response = services.ecsCalls()
                .post(
                        Map.of(
                                "Content-Type",
                                "application/x-amz-json-1.1",
                                "X-Amz-Target",
                                "AmazonEC2ContainerServiceV20141113.RunTask"),
                        Json.write(request));
        JsonNode answer = Json.parse(response.body()).orElseGet(Json::object);
        if (!response.ok()) {
            String type = Json.text(answer, "__type");
            throw new IllegalStateException("RunTask failed: HTTP " + response.status() + " "
                    + (type == null ? "" : type.replaceAll(".*#", "")) + ": " + Json.text(answer, "message"));
        }
        String taskArn = Json.text(answer.path("tasks").path(0), "taskArn");
        if (taskArn == null) {
            throw new IllegalStateException("RunTask returned no tasks; failures: " + answer.path("failures"));
        }
        Metrics.count(RuntimeMetric.TASK_STARTED);
        return taskArn;
    }

    /** Last status per task ARN; an ARN ECS does not know is absent from the map. */
    Map<String, String> lastStatuses(List<String> taskArns) {
        Map<String, String> statuses = new HashMap<>();
        for (int from = 0; from < taskArns.size(); from += DESCRIBE_BATCH) {
            List<String> batch = taskArns.subList(from, Math.min(taskArns.size(), from + DESCRIBE_BATCH));
            for (Task task : services.ecs()
                    .describeTasks(b -> b.cluster(cluster()).tasks(batch))
                    .tasks()) {
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
