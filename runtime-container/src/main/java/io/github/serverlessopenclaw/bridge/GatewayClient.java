package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The OpenClaw gateway's WebSocket protocol v4, as a same-host backend: client {@code gateway-client} /
 * mode {@code backend} with the shared token and scopes read+write, no device identity (the gateway grants
 * that only over loopback, so the URI must be {@code ws://127.0.0.1:<port>}).
 *
 * <p>The parts: {@link GatewayLink} keeps a connection up (start-up retries, background reconnects, the tick
 * watchdog), {@link GatewayConnection} is one socket and its handshake, {@link GatewayFrames} reads and builds
 * frames, {@link ChatRuns} is the chat state machine, and {@link RunRecovery} resumes the runs a lost
 * connection (or a gateway restart) interrupted.
 */
final class GatewayClient implements AutoCloseable {
    /** Receives one run's reply; called on the socket's thread, so implementations must not block. */
    interface RunListener {
        void onDelta(String text, boolean replace);

        void onFinal(String fullText);

        void onError(String message, String kind);
    }

    /** Back-off of the background reconnect, and how long a request may wait for an answer. */
    record Settings(Duration reconnectMin, Duration reconnectMax, Duration requestTimeout, String version) {
        static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), "0.1.0");
        }
    }

    private final GatewayLink link;
    private final ChatRuns runs;

    GatewayClient(URI uri, String token, Settings settings) {
        this.link = new GatewayLink(uri, token, settings, new GatewayLink.Listener() {
            @Override
            public void onChat(JsonNode payload) {
                runs.dispatch(payload);
            }

            @Override
            public void onReconnected(GatewayConnection connection) {
                runs.recovery().resume(connection);
            }
        });
        this.runs = new ChatRuns(link);
    }

    /** Handshakes, retrying while the gateway starts, until {@code timeout}; fails at once on a wrong token. */
    void connect(Duration timeout) {
        link.connect(timeout);
    }

    boolean isConnected() {
        return link.isConnected();
    }

    /** How often the connection was re-established after a loss (for the status page and tests). */
    long reconnectCount() {
        return link.reconnectCount();
    }

    /** The effective scopes the gateway granted this connection. */
    JsonNode grantedScopes() {
        GatewayConnection connection = link.current();
        return connection == null ? null : connection.hello.join().path("auth").path("scopes");
    }

    /** Every frame sent or received from the next connection on goes to {@code tap} (tests record real frames). */
    void tap(Consumer<String> tap) {
        link.tap(tap);
    }

    /**
     * Sends one user message. The run is registered under its idempotency key before the request leaves, so
     * no event can arrive unclaimed. The returned future completes with the full reply text, or fails with
     * the gateway's reason (the listener has been told either way).
     */
    CompletableFuture<String> send(
            String sessionKey,
            String message,
            String idempotencyKey,
            RunListener listener,
            Duration waitForConnection) {
        return runs.send(sessionKey, message, idempotencyKey, listener, waitForConnection);
    }

    /** Reads the last messages of a session's transcript (scope operator.read). */
    CompletableFuture<JsonNode> history(String sessionKey, int limit) {
        return runs.history(sessionKey, limit);
    }

    /** Any request on the current connection, once there is one (scopes read+write). */
    CompletableFuture<JsonNode> request(String method, ObjectNode params) {
        return link.ready(link.requestTimeout()).thenCompose(c -> c.request(method, params));
    }

    /** Asks the gateway to stop a run (used when the bridge shuts down with runs still going). */
    CompletableFuture<JsonNode> abort(String sessionKey, String runId) {
        return request("chat.abort", Json.object().put("sessionKey", sessionKey).put("runId", runId));
    }

    int runsInFlight() {
        return runs.inFlight();
    }

    @Override
    public void close() {
        link.close();
        runs.failAll("the bridge stopped before the reply was complete");
    }
}
