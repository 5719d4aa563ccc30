package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers a user message to the user's container, or queues it and makes sure exactly one container
 * is starting. The reference's routeMessage (gateway-lambdas §7) minus its races: every start is a
 * conditional claim of the TaskState row, so N concurrent first messages start one task.
 *
 * <p>A container is replaced only after a second chance: a failed call is followed by a {@code /health} probe and,
 * when the bridge answers it, one more try; a 401 by a fresh read of the row (the bridge may have published a new
 * token) and one more try. A container that still refuses its own row's token is replaced once: its successor's
 * row carries {@code replacedAfter401}, and a successor that answers 401 too is left alone (messages queue), so
 * a bridge that cannot be authenticated never turns N messages into N containers.
 */
final class Router {
    enum Outcome { sent, queued, started }

    private final Services services;
    private final TaskStates states;
    private final PendingMessages pending;
    private final TaskLauncher launcher;
    private final Bridge bridge;

    Router(Services services) {
        this.services = services;
        this.states = new TaskStates(services);
        this.pending = new PendingMessages(services);
        this.launcher = new TaskLauncher(services);
        this.bridge = new Bridge(services);
    }

    /** The last call's result and the row it used (re-read after a 401). */
    private record Delivery(Bridge.Result result, TaskState state) {
    }

    Outcome route(InboundMessage message) {
        String userId = message.userId();
        TaskState state = states.get(userId);
        Delivery failed = null;

        if (state != null && state.reachable()) {
            Delivery delivery = deliver(state, message);
            if (delivery.result() == Bridge.Result.SENT) {
                states.touch(userId, delivery.state().taskArn(), services.clock().instant());
                return record(Outcome.sent, message);
            }
            failed = delivery;
            state = delivery.state();
        } else if (state == null) {
            TaskState prewarm = states.get(Constants.PREWARM_USER_ID);
            if (prewarm != null && prewarm.reachable() && prewarm.pinned()
                    && states.claimPrewarm(prewarm, userId, services.clock().instant())) {
                TaskState claimed = states.get(userId);
                if (claimed != null && claimed.reachable()) {
                    Delivery delivery = deliver(claimed, message);
                    if (delivery.result() == Bridge.Result.SENT) {
                        return record(Outcome.sent, message);
                    }
                    failed = delivery;
                }
            }
            state = failed != null ? failed.state() : states.get(userId); // or what a concurrent handler wrote
        }

        // Queue first: whatever happens below, the message is kept until a container takes it.
        pending.save(message);

        if (state == null || state.status() == null) {
            return start(message, state, false);
        }
        boolean unauthorized = failed != null && failed.result() == Bridge.Result.UNAUTHORIZED;
        if (unauthorized && state.replacedAfter401()) {
            Log.warn("the bridge of " + state.taskArn() + " refuses the token of its own row, and it already replaced a"
                    + " container for that; not replacing it again (the message stays queued)");
            Metrics.count("BridgeUnauthorized", Map.of());
            return record(Outcome.queued, message);
        }
        // A reachable row without a pin (a bridge of an older version) failed in deliver without a byte sent: replaced.
        if ((failed != null && state.reachable()) || isStaleStart(state)) {
            if (state.taskArn() != null) {
                launcher.stop(state.taskArn(), unauthorized ? "Replaced: bridge refused its token"
                        : "Replaced: bridge unreachable or start timed out");
            }
            return start(message, state, unauthorized);
        }
        return record(Outcome.queued, message); // Starting, Running without address yet, or Stopping
    }

    /**
     * One message to the row's bridge, with one second chance: after a 401 the row is read again and the call made
     * once more (with the new token, or the same one); after any other failure a {@code /health} probe, and one
     * more try only when the bridge answers it.
     */
    private Delivery deliver(TaskState state, InboundMessage message) {
        Bridge.Result result = bridge.send(state, message);
        if (result == Bridge.Result.UNAUTHORIZED) {
            TaskState fresh = states.get(message.userId());
            if (fresh == null || !fresh.reachable()) {
                return new Delivery(Bridge.Result.FAILED, fresh);
            }
            return new Delivery(bridge.send(fresh, message), fresh);
        }
        if (result == Bridge.Result.FAILED && bridge.healthy(state)) {
            Log.warn("the bridge at " + state.publicIp() + " is healthy after a failed call; trying once more");
            result = bridge.send(state, message);
        }
        return new Delivery(result, state);
    }

    private Outcome start(InboundMessage message, TaskState previous, boolean replacingAfter401) {
        String token = UUID.randomUUID().toString();
        Instant now = services.clock().instant();
        if (!states.claimStart(message.userId(), previous, token, now, null, replacingAfter401)) {
            return record(Outcome.queued, message); // another handler is starting it
        }
        String taskArn;
        try {
            taskArn = launcher.start(message.taskEnvironment());
        } catch (RuntimeException e) {
            states.release(message.userId(), token);
            throw e;
        }
        if (!states.setTaskArn(message.userId(), token, taskArn)) {
            launcher.stop(taskArn, "Superseded while starting");
            return record(Outcome.queued, message);
        }
        return record(Outcome.started, message);
    }

    /** A Starting row past the start timeout, or whose task ECS reports stopped or unknown. */
    private boolean isStaleStart(TaskState state) {
        if (state.status() != TaskStatus.Starting) {
            return false;
        }
        Instant now = services.clock().instant();
        if (state.startedAt() == null || state.startedAt().plus(Constants.TASK_START_TIMEOUT).isBefore(now)) {
            return true;
        }
        if (state.taskArn() == null) {
            return false; // a claim in progress: RunTask has not answered yet
        }
        try {
            return TaskLauncher.gone(launcher.lastStatuses(List.of(state.taskArn())), state.taskArn());
        } catch (RuntimeException e) {
            Log.warn("DescribeTasks failed, keeping the Starting row: " + e.getMessage());
            return false;
        }
    }

    private static Outcome record(Outcome outcome, InboundMessage message) {
        Metrics.count("MessageRouted", Map.of("Outcome", outcome.name(), "Channel", message.channel().name()));
        return outcome;
    }

    static InboundMessage web(String userId, String text, String connectionId, String callbackUrl) {
        return new InboundMessage(userId, text, Protocol.Channel.web, connectionId,
                TaskLauncher.taskEnvironment(userId, callbackUrl));
    }
}
