package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Delivers a user message to the user's container, or queues it and makes sure exactly one container
 * is starting. Every start is a conditional claim of the TaskState row, so N concurrent first messages start
 * one task, never N.
 *
 * <p>A container is replaced only after a second chance: a failed call is followed by a {@code /health} probe and,
 * when the bridge answers it, one more try; a 401 by a fresh read of the row (the bridge may have published a new
 * token) and one more try. A container that still refuses its own row's token is replaced once: its successor's
 * row carries {@code replacedAfter401}, and a successor that answers 401 too is left alone (messages queue), so
 * a bridge that cannot be authenticated never turns N messages into N containers.
 */
final class Router {
    /**
     * {@code waiting}: every container slot is taken, the message is queued until one frees up;
     * {@code rate_limited}: over the user's message rate, nothing was stored.
     */
    enum Outcome {
        sent,
        queued,
        started,
        waiting,
        rate_limited
    }

    private final Services services;
    private final TaskStates states;
    private final PendingMessages pending;
    private final TaskLauncher launcher;
    private final Bridge bridge;
    private final Limits limits;
    private final ContainerQueue queue;

    Router(Services services) {
        this.services = services;
        this.states = new TaskStates(services);
        this.pending = new PendingMessages(services);
        this.launcher = new TaskLauncher(services);
        this.bridge = new Bridge(services);
        this.limits = new Limits(services);
        this.queue = new ContainerQueue(services);
    }

    int messagesPerMinute() {
        return limits.messagesPerMinute();
    }

    int maxContainers() {
        return queue.maxContainers();
    }

    /** The last call's result and the row it used (re-read after a 401). */
    private record Delivery(Bridge.Result result, TaskState state) {}

    Outcome route(InboundMessage message) {
        String userId = message.userId();
        // Before anything is read or stored: an over-rate message costs one counter write and nothing else.
        if (!limits.message(userId).allowed()) {
            return record(Outcome.rate_limited, message);
        }
        TaskState state = states.get(userId);
        Delivery failed = null;

        if (state != null && state.reachable()) {
            Delivery delivery = deliver(state, message);
            if (delivery.result() == Bridge.Result.SENT) {
                states.touch(
                        userId, delivery.state().taskArn(), services.clock().instant());
                return record(Outcome.sent, message);
            }
            failed = delivery;
            state = delivery.state();
        } else if (state == null) {
            TaskState prewarm = claimablePrewarm();
            if (prewarm != null
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

        boolean fresh = state == null || state.status() == null;
        if (fresh && queue.full(userId)) {
            // One more container would exceed the cap: keep the message (longer than a start takes) and wait
            // in line; the watchdog starts this user's container when a slot frees up.
            pending.save(message, ContainerQueue.WAIT_TTL);
            queue.enqueue(userId, message.taskEnvironment());
            return record(Outcome.waiting, message);
        }

        // Queue first: whatever happens below, the message is kept until a container takes it.
        pending.save(message);

        if (fresh) {
            return start(message, state, false);
        }
        boolean unauthorized = failed != null && failed.result() == Bridge.Result.UNAUTHORIZED;
        if (unauthorized && state.replacedAfter401()) {
            Log.warn("the bridge of " + state.taskArn() + " refuses the token of its own row, and it already replaced a"
                    + " container for that; not replacing it again (the message stays queued)");
            Metrics.count(RuntimeMetric.BRIDGE_UNAUTHORIZED);
            return record(Outcome.queued, message);
        }
        // A reachable row without a pin (a bridge of an older version) failed in deliver without a byte sent: replaced.
        if ((failed != null && state.reachable()) || isStaleStart(state)) {
            if (state.taskArn() != null) {
                launcher.stop(
                        state.taskArn(),
                        unauthorized
                                ? "Replaced: bridge refused its token"
                                : "Replaced: bridge unreachable or start timed out");
            }
            return start(message, state, unauthorized);
        }
        return record(Outcome.queued, message); // Starting, Running without address yet, or Stopping
    }

    /** What {@link #startWithoutMessage} found or did. */
    enum EarlyStart {
        /** this call claimed the user's row and ran their task */
        started,
        /** the user has a row (Starting, Running or Stopping), or a concurrent handler claimed it first */
        present,
        /** a reachable prewarmed container waits: the first message claims it */
        prewarmed,
        /** every container slot is taken: nothing starts, the first message waits in line as usual */
        at_capacity
    }

    /**
     * Makes sure the user's container is running or starting before they send anything (the chat opened): the
     * claim and launch of a first message, under the same cap, and a reachable prewarmed container left for the
     * first message to claim. With no message there is nothing to queue or to deliver, so any row of the user's
     * means nothing to do; replacing a stale or unreachable container stays the message path's.
     */
    EarlyStart startWithoutMessage(String userId, Map<String, String> environment) {
        if (states.get(userId) != null) {
            return EarlyStart.present;
        }
        if (claimablePrewarm() != null) {
            return EarlyStart.prewarmed;
        }
        if (queue.full(userId)) {
            return EarlyStart.at_capacity;
        }
        return launch(userId, null, environment, false) ? EarlyStart.started : EarlyStart.present;
    }

    /** The prewarmed container, when it is up and pinned so that a user may claim it; else null. */
    private TaskState claimablePrewarm() {
        TaskState prewarm = states.get(Constants.PREWARM_USER_ID);
        return prewarm != null && prewarm.reachable() && prewarm.pinned() ? prewarm : null;
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
        return record(
                launch(message.userId(), previous, message.taskEnvironment(), replacingAfter401)
                        ? Outcome.started
                        : Outcome.queued,
                message);
    }

    /** Claims the user's row and runs their task; false when another handler claimed it first. */
    private boolean launch(
            String userId, TaskState previous, Map<String, String> environment, boolean replacingAfter401) {
        String token = UUID.randomUUID().toString();
        Instant now = services.clock().instant();
        if (!states.claimStart(userId, previous, token, now, null, replacingAfter401)) {
            return false; // another handler is starting it
        }
        String taskArn;
        try {
            taskArn = launcher.start(environment);
        } catch (RuntimeException e) {
            states.release(userId, token);
            throw e;
        }
        if (!states.setTaskArn(userId, token, taskArn)) {
            launcher.stop(taskArn, "Superseded while starting");
            return false;
        }
        return true;
    }

    /**
     * Starts containers for waiting users, oldest first, while slots are free (called by the watchdog after
     * it has stopped idle containers). A user who got a container meanwhile, or whose queued messages have
     * all expired or been answered, leaves the line without a start. Returns the users started.
     */
    List<String> admitWaiting() {
        List<ContainerQueue.Waiting> waiting = queue.waiting();
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<TaskState> active = states.scanActive();
        int free = queue.maxContainers() - active.size();
        List<String> started = new ArrayList<>();
        Set<String> running = new HashSet<>();
        active.forEach(state -> running.add(state.userId()));
        for (ContainerQueue.Waiting user : waiting) {
            if (running.contains(user.userId())) {
                queue.remove(user.userId()); // their own next message started one meanwhile
                continue;
            }
            if (free <= 0) {
                continue; // keep their place; only users who already have a container leave now
            }
            if (!pending.has(user.userId())) {
                queue.remove(user.userId());
                continue;
            }
            try {
                if (launch(user.userId(), null, user.environment(), false)) {
                    started.add(user.userId());
                    free--;
                }
                queue.remove(user.userId());
            } catch (RuntimeException e) {
                Log.error(
                        "starting the container of waiting user " + user.userId() + " failed; trying again next run",
                        e);
            }
        }
        started.forEach(u -> Metrics.count(RuntimeMetric.WAITING_ADMITTED));
        return started;
    }

    /** A Starting row past the start timeout, or whose task ECS reports stopped or unknown. */
    private boolean isStaleStart(TaskState state) {
        if (state.status() != TaskStatus.Starting) {
            return false;
        }
        Instant now = services.clock().instant();
        if (state.startedAt() == null
                || state.startedAt().plus(Constants.TASK_START_TIMEOUT).isBefore(now)) {
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
        Metrics.count(
                RuntimeMetric.MESSAGE_ROUTED, outcome.name(), message.channel().name());
        return outcome;
    }

    static InboundMessage web(
            String userId,
            String text,
            String connectionId,
            String conversationId,
            String callbackUrl,
            io.github.serverlessopenclaw.common.Language language) {
        return new InboundMessage(
                userId,
                text,
                Protocol.Channel.web,
                connectionId,
                conversationId,
                TaskLauncher.taskEnvironment(userId, callbackUrl),
                language);
    }
}
