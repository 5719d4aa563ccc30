package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat state machine: every run by its idempotency key (and the gateway's run id), fed the gateway's
 * {@code chat} events ({@code delta}, then one of {@code final}, {@code error}, {@code aborted}). What happens
 * to a run the connection lost on the way is {@link RunRecovery}'s part.
 */
final class ChatRuns {
    /** Requests on one connection. */
    interface Requests {
        CompletableFuture<JsonNode> request(String method, JsonNode params);
    }

    /** What the runs need of the connection: the current one once it is up, and a timer. */
    interface Link {
        CompletableFuture<Requests> ready(Duration wait);

        void schedule(Runnable task, Duration delay);

        Duration requestTimeout();
    }

    private final Map<String, ChatRun> runs = new ConcurrentHashMap<>();
    private final Link link;
    private final RunRecovery recovery;

    ChatRuns(Link link) {
        this.link = link;
        this.recovery = new RunRecovery(this, link);
    }

    /** Registers the run under its idempotency key before the request leaves, so no event arrives unclaimed. */
    CompletableFuture<String> send(
            String sessionKey,
            String message,
            String idempotencyKey,
            GatewayClient.RunListener listener,
            Duration waitForConnection) {
        ChatRun run = new ChatRun(sessionKey, message, idempotencyKey, listener, runs);
        runs.put(idempotencyKey, run);
        link.ready(waitForConnection)
                .thenCompose(connection -> start(connection, run))
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        run.fail(GatewayFrames.describe(error), "unavailable");
                    }
                });
        return run.done;
    }

    /** {@code chat.send} of the run's message under its current send key; the gateway's run id becomes an alias. */
    CompletableFuture<JsonNode> start(Requests connection, ChatRun run) {
        ObjectNode params = Json.object()
                .put("sessionKey", run.sessionKey)
                .put("message", run.message)
                .put("idempotencyKey", run.sendKey);
        return connection.request("chat.send", params).thenApply(payload -> {
            String runId = Json.text(payload, "runId");
            if (runId != null && !runId.equals(run.sendKey)) {
                run.alias(runId);
            }
            return payload;
        });
    }

    CompletableFuture<JsonNode> history(String sessionKey, int limit) {
        ObjectNode params = Json.object().put("sessionKey", sessionKey).put("limit", limit);
        return link.ready(link.requestTimeout()).thenCompose(c -> c.request("chat.history", params));
    }

    /** The runs not yet done, each once. */
    Set<ChatRun> open() {
        Set<ChatRun> open = new LinkedHashSet<>();
        for (ChatRun run : runs.values()) {
            if (!run.done.isDone()) {
                open.add(run);
            }
        }
        return open;
    }

    int inFlight() {
        return open().size();
    }

    RunRecovery recovery() {
        return recovery;
    }

    /** One {@code chat} event's payload. */
    void dispatch(JsonNode payload) {
        String runId = Json.text(payload, "runId");
        ChatRun run = runId == null ? null : runs.get(runId);
        if (run == null) {
            recovery.sessionTurnEnded(payload);
            return;
        }
        String state = Json.text(payload, "state");
        if (state == null) {
            return;
        }
        switch (state) {
            case "delta" -> {
                String delta = Json.text(payload, "deltaText");
                if (delta != null) {
                    run.delta(delta, payload.path("replace").asBoolean(false));
                }
            }
            case "final" -> {
                String text = GatewayFrames.finalText(payload);
                if (text == null || text.isBlank()) {
                    text = run.streamed();
                }
                if (text.isBlank()) {
                    recovery.recoverFromHistory(run); // a final without text (seen after a gateway restart)
                } else {
                    run.complete(text);
                }
            }
            case "error" -> {
                if (!recovery.retryAfterStateContention(run, Json.text(payload, "errorMessage"))) {
                    run.fail(
                            GatewayFrames.firstNonNull(Json.text(payload, "errorMessage"), "the model run failed"),
                            GatewayFrames.firstNonNull(Json.text(payload, "errorKind"), "unknown"));
                }
            }
            case "aborted" ->
                run.fail(
                        GatewayFrames.firstNonNull(Json.text(payload, "errorMessage"), "the run was aborted"),
                        "aborted");
            default -> {
                // status phases (preparing, starting_model…) carry no text
            }
        }
    }

    /** Fails every run still open (the bridge stops). */
    void failAll(String message) {
        for (ChatRun run : new LinkedHashSet<>(runs.values())) {
            run.fail(message, "unavailable");
        }
    }
}
