package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's first turn does one-time work (worker threads and their modules, the agent database's check, the
 * workspace, the session machinery), ~10 s on one core, which every later turn skips. A user's container up before
 * that user's message (the chat page started it; not a prewarmed one: see {@link Bridge}) does that work here
 * instead, on the user's restored workspace: {@value #COMMAND}, a command OpenClaw answers itself (no model request,
 * no provider call), in a session of its own, archived afterwards so that no session list shows it. It is not
 * deleted: a delete costs seconds of the core and closes the agent database, whose check the next turn then runs
 * again; the session lives in the container's state folder, which is never backed up and ends with the container.
 * The user's messages never wait for the warm-up: they go to their own sessions at once, and stop its command.
 */
final class FirstTurnWarmUp {
    /** Goes through the whole reply preparation of a turn and ends before the agent run. */
    static final String COMMAND = "/context list";

    /** Never a user's key ({@link MessageProcessor#sessionKey}: {@code bridge-} and 32 hex digits). */
    static final String SESSION_PREFIX = "agent:main:bridge-warm-up-";

    private static final Duration LIMIT = Duration.ofMinutes(3);

    private final GatewayClient gateway;
    /** The command's session and run while it runs, or null. */
    private final AtomicReference<Session> running = new AtomicReference<>();

    private record Session(String key, String id) {}

    FirstTurnWarmUp(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** Runs the warm-up; completes when its session is archived. Never fails (a failure is logged). */
    CompletableFuture<Void> run() {
        String sessionKey = SESSION_PREFIX + UUID.randomUUID();
        String runId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        running.set(new Session(sessionKey, runId));
        return gateway.send(sessionKey, COMMAND, runId, IGNORE, Duration.ofSeconds(10))
                .orTimeout(LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((text, error) -> {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    if (running.getAndSet(null) == null) {
                        Log.info("first-turn warm-up stopped for a message after " + millis + " ms");
                    } else if (error != null) {
                        Log.warn("first-turn warm-up: " + GatewayFrames.describe(error));
                    } else {
                        Log.info("first turn warmed up in " + millis + " ms");
                    }
                    return null;
                })
                .thenCompose(ignored -> archive(sessionKey))
                .handle((ignored, error) -> {
                    if (error != null) {
                        Log.warn("first-turn warm-up: its session could not be archived: "
                                + GatewayFrames.describe(error));
                    }
                    return null;
                });
    }

    /**
     * A user's message came: the command, if still running, is stopped (run beside the message's turn, its preparation
     * of a second session slowed that turn; what it loaded so far stays loaded).
     */
    void stop() {
        Session session = running.getAndSet(null);
        if (session != null) {
            gateway.request(
                            "chat.abort",
                            Json.object().put("sessionKey", session.key()).put("runId", session.id()))
                    .exceptionally(error -> null);
        }
    }

    /** Archived: no session list shows it (deleting it re-ran the agent database's check at the next turn). */
    private CompletableFuture<Void> archive(String sessionKey) {
        return gateway.request("sessions.list", Json.object()).thenCompose(list -> {
            String sessionId = null;
            for (JsonNode session : list.path("sessions")) {
                if (sessionKey.equals(Json.text(session, "key"))) {
                    sessionId = Json.text(session, "sessionId");
                }
            }
            if (sessionId == null) {
                return CompletableFuture.completedFuture(null);
            }
            String id = sessionId;
            return gateway.request(
                            "sessions.patch",
                            Json.object()
                                    .put("key", sessionKey)
                                    .put("expectedSessionId", id)
                                    .put("archived", true))
                    .thenApply(patched -> null);
        });
    }

    private static final GatewayClient.RunListener IGNORE = new GatewayClient.RunListener() {
        @Override
        public void onDelta(String text, boolean replace) {}

        @Override
        public void onFinal(String fullText) {}

        @Override
        public void onError(String message, String kind) {}
    };
}
