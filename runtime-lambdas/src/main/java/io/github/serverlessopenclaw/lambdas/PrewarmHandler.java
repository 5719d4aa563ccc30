package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Scheduled ahead of expected use: keeps existing containers warm until the window ends, or starts one
 * under {@link Constants#PREWARM_USER_ID} that the next user's first message claims. Passes the callback
 * URL to the container: without it a prewarmed container could not start.
 */
public final class PrewarmHandler extends JsonStreamHandler {
    static final int DEFAULT_DURATION_MINUTES = 60;

    private final Services services;
    private final TaskStates states;
    private final TaskLauncher launcher;

    public PrewarmHandler() {
        this(Services.production());
    }

    PrewarmHandler(Services services) {
        this.services = services;
        this.states = new TaskStates(services);
        this.launcher = new TaskLauncher(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        Instant now = services.clock().instant();
        long until = now.toEpochMilli()
                + services.env().intOr(Env.PREWARM_DURATION_MINUTES, DEFAULT_DURATION_MINUTES) * 60_000L;
        List<TaskState> active = states.scanActive();
        if (!active.isEmpty()) {
            active.forEach(state -> states.extendPrewarm(state.userId(), until, now));
            Metrics.count(RuntimeMetric.PREWARM_SKIPPED, "AlreadyRunning");
            return Json.object()
                    .put("result", "extended")
                    .put("tasks", active.size())
                    .put("prewarmUntil", until);
        }
        String callbackUrl = services.env().callbackUrl();
        if (callbackUrl.isEmpty()) {
            Log.warn(Env.WEBSOCKET_CALLBACK_URL
                    + " is not set; a container without it cannot start, so none is started");
            return Json.object().put("result", "misconfigured");
        }
        String token = UUID.randomUUID().toString();
        if (!states.claimStart(Constants.PREWARM_USER_ID, null, token, now, until)) {
            return Json.object().put("result", "already-starting");
        }
        String taskArn;
        try {
            taskArn = launcher.start(TaskLauncher.taskEnvironment(Constants.PREWARM_USER_ID, callbackUrl));
        } catch (RuntimeException e) {
            states.release(Constants.PREWARM_USER_ID, token);
            Log.error("prewarm RunTask failed", e);
            Metrics.count(RuntimeMetric.PREWARM_FAILED);
            return Json.object().put("result", "failed");
        }
        if (!states.setTaskArn(Constants.PREWARM_USER_ID, token, taskArn)) {
            launcher.stop(taskArn, "Superseded while starting");
            return Json.object().put("result", "already-starting");
        }
        Metrics.count(RuntimeMetric.PREWARM_TRIGGERED);
        return Json.object().put("result", "started").put("taskArn", taskArn).put("prewarmUntil", until);
    }
}
