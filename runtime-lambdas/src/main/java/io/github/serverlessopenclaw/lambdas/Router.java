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
 */
final class Router {
    enum Outcome { sent, queued, started }

    private final Services services;
    private final TaskStates states;
    private final PendingMessages pending;
    private final TaskLauncher launcher;
    private final Bridge bridge;

    Router(Services services, Secrets secrets) {
        this.services = services;
        this.states = new TaskStates(services);
        this.pending = new PendingMessages(services);
        this.launcher = new TaskLauncher(services);
        this.bridge = new Bridge(services, secrets);
    }

    Outcome route(InboundMessage message) {
        String userId = message.userId();
        TaskState state = states.get(userId);
        TaskState stale = null;

        if (state != null && state.reachable()) {
            if (bridge.send(state.publicIp(), message)) {
                states.touch(userId, state.taskArn(), services.clock().instant());
                return record(Outcome.sent, message);
            }
            stale = state;
        } else if (state == null) {
            TaskState prewarm = states.get(Constants.PREWARM_USER_ID);
            if (prewarm != null && prewarm.reachable()
                    && states.claimPrewarm(prewarm, userId, services.clock().instant())) {
                if (bridge.send(prewarm.publicIp(), message)) {
                    return record(Outcome.sent, message);
                }
            }
            state = states.get(userId); // the claim, or what a concurrent handler wrote meanwhile
            if (state != null && state.reachable()) {
                stale = state; // our claim whose bridge did not answer
            }
        }

        // Queue first: whatever happens below, the message is kept until a container takes it.
        pending.save(message);

        if (state == null || state.status() == null) {
            return start(message, state);
        }
        if (stale != null || isStaleStart(state)) {
            if (state.taskArn() != null) {
                launcher.stop(state.taskArn(), "Replaced: bridge unreachable or start timed out");
            }
            return start(message, state);
        }
        return record(Outcome.queued, message); // Starting, Running without address yet, or Stopping
    }

    private Outcome start(InboundMessage message, TaskState previous) {
        String token = UUID.randomUUID().toString();
        Instant now = services.clock().instant();
        if (!states.claimStart(message.userId(), previous, token, now, null)) {
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

    static InboundMessage web(String userId, String text, String connectionId, String conversationId, String callbackUrl) {
        return new InboundMessage(userId, text, Protocol.Channel.web, connectionId, conversationId,
                TaskLauncher.taskEnvironment(userId, callbackUrl));
    }
}
