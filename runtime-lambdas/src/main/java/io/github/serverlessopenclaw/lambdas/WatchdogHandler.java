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
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every 5 minutes: stops containers idle longer than their timeout and clears TaskState rows whose task
 * is gone, reading every page of the table. A user who usually writes at this hour (on at least
 * {@link #ACTIVE_DAYS_THRESHOLD} of the last 7 days, from the Conversations table) gets the longer
 * {@link #ACTIVE_TIMEOUT}. Every delete is conditional on the row still being the one inspected.
 */
public final class WatchdogHandler extends JsonStreamHandler {
    static final Duration MIN_UPTIME = Duration.ofMinutes(5);
    static final Duration ACTIVE_TIMEOUT = Constants.ACTIVE_USER_IDLE_TIMEOUT;
    static final int DEFAULT_IDLE_MINUTES = 15;
    static final int LOOKBACK_DAYS = 7;
    static final int ACTIVE_DAYS_THRESHOLD = 2;
    static final String STOP_REASON = "Watchdog: inactivity timeout";

    private final Services services;
    private final TaskStates states;
    private final TaskLauncher launcher;
    private final Conversations conversations;
    private final Router router;

    public WatchdogHandler() {
        this(Services.production());
    }

    WatchdogHandler(Services services) {
        this.services = services;
        this.states = new TaskStates(services);
        this.launcher = new TaskLauncher(services);
        this.conversations = new Conversations(services);
        this.router = new Router(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        Instant now = services.clock().instant();
        List<TaskState> active = states.scanActive();
        List<String> arns = active.stream()
                .map(TaskState::taskArn)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        Map<String, String> ecs;
        try {
            ecs = arns.isEmpty() ? Map.of() : launcher.lastStatuses(arns);
        } catch (RuntimeException e) {
            // An ECS error deletes nothing: a row removed for a live task would orphan it.
            Log.error("DescribeTasks failed; checking again next run", e);
            return summary(active.size(), Json.array(), Json.array());
        }
        ArrayNode stopped = Json.array();
        ArrayNode cleared = Json.array();
        for (TaskState state : active) {
            if (state.status() == TaskStatus.Starting) {
                boolean overdue = state.startedAt() == null
                        || state.startedAt().plus(Constants.TASK_START_TIMEOUT).isBefore(now);
                if (overdue
                        && (state.taskArn() == null || TaskLauncher.gone(ecs, state.taskArn()))
                        && states.deleteIfUnchanged(state)) {
                    cleared.add(state.userId());
                }
            } else if (state.taskArn() == null || TaskLauncher.gone(ecs, state.taskArn())) {
                if (states.deleteIfUnchanged(state)) {
                    cleared.add(state.userId());
                }
            } else if (idle(state, now)) {
                launcher.stop(state.taskArn(), STOP_REASON);
                states.deleteIfUnchanged(state);
                stopped.add(state.userId());
            }
        }
        stopped.forEach(u -> Metrics.count(RuntimeMetric.WATCHDOG_STOPPED));
        cleared.forEach(u -> Metrics.count(RuntimeMetric.WATCHDOG_CLEARED));
        ObjectNode body = summary(active.size(), stopped, cleared);
        body.set("admitted", admitWaiting());
        return body;
    }

    /** Slots freed above (or by containers that stopped themselves) go to users waiting at the container cap. */
    private ArrayNode admitWaiting() {
        ArrayNode admitted = Json.array();
        try {
            router.admitWaiting().forEach(admitted::add);
        } catch (RuntimeException e) {
            Log.error("admitting waiting users failed; trying again next run", e);
        }
        return admitted;
    }

    private boolean idle(TaskState state, Instant now) {
        if (state.startedAt() == null || state.startedAt().plus(MIN_UPTIME).isAfter(now)) {
            return false; // young (or unreadable) rows are left alone
        }
        if (state.prewarmUntil() != null && now.toEpochMilli() < state.prewarmUntil()) {
            return false;
        }
        Instant last = state.lastActivity() != null ? state.lastActivity() : state.startedAt();
        Duration inactive = Duration.between(last, now);
        return inactive.compareTo(timeout(state.userId(), now)) > 0;
    }

    private Duration timeout(String userId, Instant now) {
        Duration idle = Duration.ofMinutes(services.env().intOr(Env.IDLE_TIMEOUT_MINUTES, DEFAULT_IDLE_MINUTES));
        if (Constants.PREWARM_USER_ID.equals(userId)) {
            return idle;
        }
        try {
            return conversations.activeDaysAtThisHour(userId, now, LOOKBACK_DAYS) >= ACTIVE_DAYS_THRESHOLD
                    ? (ACTIVE_TIMEOUT.compareTo(idle) > 0 ? ACTIVE_TIMEOUT : idle)
                    : idle;
        } catch (RuntimeException e) {
            Log.warn("activity lookup for " + userId + " failed, using the idle timeout: " + e.getMessage());
            return idle;
        }
    }

    private static ObjectNode summary(int checked, ArrayNode stopped, ArrayNode cleared) {
        ObjectNode body = Json.object().put("checked", checked);
        body.set("stopped", stopped);
        body.set("cleared", cleared);
        return body;
    }
}
