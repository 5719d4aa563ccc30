package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One WebSocket to the gateway: handshake, request/response matching by id, frame reassembly. */
final class GatewayConnection implements WebSocket.Listener, ChatRuns.Requests {
    /** What the connection hands on: chat events, and its own loss. */
    interface Events {
        void onChat(JsonNode payload);

        void onLost(GatewayConnection connection, String why);
    }

    final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final String token;
    private final GatewayClient.Settings settings;
    private final AtomicLong ids;
    private final Events events;
    private final Consumer<String> tap;
    volatile WebSocket socket;
    volatile long lastFrameNanos = System.nanoTime();
    volatile long tickIntervalMs = GatewayFrames.DEFAULT_TICK_MS;
    volatile boolean lost;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

    /** {@code tap} sees every text frame, prefixed {@code "in "} or {@code "out "} (recorded for tests), or is null. */
    GatewayConnection(
            String token, GatewayClient.Settings settings, AtomicLong ids, Events events, Consumer<String> tap) {
        this.token = token;
        this.settings = settings;
        this.ids = ids;
        this.events = events;
        this.tap = tap;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            lastFrameNanos = System.nanoTime();
            if (tap != null) {
                tap.accept("in " + frame);
            }
            try {
                handle(Json.read(frame));
            } catch (RuntimeException e) {
                Log.warn("unreadable gateway frame", e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastFrameNanos = System.nanoTime();
        webSocket.request(1);
        return null; // the JDK answers with a pong itself
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        hello.completeExceptionally(GatewayFrames.closed(statusCode, reason));
        events.onLost(this, "closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        hello.completeExceptionally(new GatewayException("gateway connection failed: " + Log.describe(error)));
        events.onLost(this, Log.describe(error));
    }

    /** One parsed frame: an answer to a request, or an event. */
    void handle(JsonNode frame) {
        String type = Json.text(frame, "type");
        if ("res".equals(type)) {
            CompletableFuture<JsonNode> answer = pending.remove(Json.text(frame, "id"));
            if (answer == null) {
                return;
            }
            if (frame.path("ok").asBoolean(false)) {
                answer.complete(frame.path("payload"));
            } else {
                answer.completeExceptionally(GatewayFrames.errorOf(frame.path("error")));
            }
        } else if ("event".equals(type)) {
            String event = Json.text(frame, "event");
            if ("connect.challenge".equals(event)) {
                handshake();
            } else if ("chat".equals(event)) {
                events.onChat(frame.path("payload"));
            } else if ("shutdown".equals(event)) {
                Log.info("the gateway announced a shutdown: " + frame.path("payload"));
            }
        }
    }

    private void handshake() {
        request("connect", GatewayFrames.connectParams(token, settings.version()))
                .whenComplete((payload, error) -> {
                    if (error != null) {
                        hello.completeExceptionally(GatewayFrames.asGatewayException(error));
                        return;
                    }
                    GatewayException forbidden = GatewayFrames.missingWriteScope(payload);
                    if (forbidden != null) {
                        hello.completeExceptionally(forbidden);
                        return;
                    }
                    tickIntervalMs = GatewayFrames.tickIntervalMs(payload);
                    hello.complete(payload);
                });
    }

    @Override
    public CompletableFuture<JsonNode> request(String method, JsonNode params) {
        String id =
                method.equals("connect") ? "connect-" + ids.incrementAndGet() : Long.toString(ids.incrementAndGet());
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        if (lost) {
            answer.completeExceptionally(new GatewayException("the gateway connection was lost"));
            return answer;
        }
        pending.put(id, answer);
        String text = GatewayFrames.request(id, method, params);
        if (tap != null) {
            tap.accept("out " + text);
        }
        synchronized (this) {
            sendChain = sendChain
                    .thenCompose(ignored -> socket.sendText(text, true))
                    .whenComplete((s, error) -> {
                        if (error != null) {
                            CompletableFuture<JsonNode> failed = pending.remove(id);
                            if (failed != null) {
                                failed.completeExceptionally(
                                        new GatewayException("could not send " + method + ": " + Log.describe(error)));
                            }
                        }
                    });
        }
        return answer.orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((payload, error) -> pending.remove(id));
    }

    void failPending(GatewayException error) {
        hello.completeExceptionally(error);
        pending.values().forEach(answer -> answer.completeExceptionally(error));
        pending.clear();
    }

    /** Handshaken and not given up. */
    boolean isUp() {
        return hello.isDone() && !hello.isCompletedExceptionally() && !lost;
    }
}
