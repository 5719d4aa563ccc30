package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenClaw gateway's WebSocket protocol v4, as a same-host backend: client {@code gateway-client} /
 * mode {@code backend} with the shared token and scopes read+write, no device identity (the gateway grants
 * that only over loopback, so the URI must be {@code ws://127.0.0.1:<port>}).
 *
 * <p>Start-up: {@link #connect(Duration)} retries while the gateway is booting (connection refused, or
 * {@code UNAVAILABLE} with {@code retryAfterMs}). Afterwards a lost connection (close, error, or no frame for
 * two tick intervals) reconnects in the background with back-off, and every run still in flight is resumed:
 * {@code chat.send} again with the same idempotency key tells whether the gateway still runs it
 * ({@code in_flight}: its events keep coming), finished it ({@code ok}: the reply is read back with
 * {@code chat.history}) or lost it (a restarted gateway runs it anew, shown as a replacing stream).
 */
final class GatewayClient implements AutoCloseable {
    static final int PROTOCOL = 4;
    static final String CLIENT_ID = "gateway-client";
    static final String CLIENT_MODE = "backend";
    static final String WRITE_SCOPE = "operator.write";
    /** OpenClaw's StateDatabaseCoordinatorContentionError text. */
    static final String STATE_CONTENTION = "another OpenClaw process owns";
    static final int CONTENTION_RETRIES = 2;
    static final Duration CONTENTION_PAUSE = Duration.ofSeconds(5);

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

    private final URI uri;
    private final String token;
    private final Settings settings;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gateway-client-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private volatile Connection current;
    private volatile CompletableFuture<Connection> ready = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean reconnecting;
    private final AtomicLong reconnects = new AtomicLong();

    GatewayClient(URI uri, String token, Settings settings) {
        this.uri = uri;
        this.token = token;
        this.settings = settings;
        timer.scheduleAtFixedRate(this::watchdog, 1, 1, TimeUnit.SECONDS);
    }

    /** Handshakes, retrying while the gateway starts, until {@code timeout}; fails at once on a wrong token. */
    void connect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        GatewayException last = null;
        while (!closed) {
            try {
                Connection connection = open().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                becomeCurrent(connection);
                return;
            } catch (ExecutionException e) {
                GatewayException error = asGatewayException(e.getCause());
                if (error.isPermanent()) {
                    throw error;
                }
                last = error;
                long delay = error.retryAfterMs() > 0 ? error.retryAfterMs() : 250;
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) > deadline) {
                    break;
                }
                sleep(delay);
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException("interrupted while connecting to the gateway");
            }
        }
        throw new GatewayException("the gateway at " + uri + " did not accept a connection within " + timeout
                + (last == null ? "" : "; last error: " + last.getMessage()));
    }

    boolean isConnected() {
        Connection connection = current;
        return connection != null && connection.hello.isDone() && !connection.hello.isCompletedExceptionally()
                && !connection.lost;
    }

    /** How often the connection was re-established after a loss (for the status page and tests). */
    long reconnectCount() {
        return reconnects.get();
    }

    /** The effective scopes the gateway granted this connection. */
    JsonNode grantedScopes() {
        Connection connection = current;
        return connection == null ? null : connection.hello.join().path("auth").path("scopes");
    }

    /**
     * Sends one user message. The run is registered under its idempotency key before the request leaves, so
     * no event can arrive unclaimed. The returned future completes with the full reply text, or fails with
     * the gateway's reason (the listener has been told either way).
     */
    CompletableFuture<String> send(String sessionKey, String message, String idempotencyKey, RunListener listener,
                                   Duration waitForConnection) {
        Run run = new Run(sessionKey, message, idempotencyKey, listener);
        runs.put(idempotencyKey, run);
        awaitReady(waitForConnection)
                .thenCompose(connection -> start(connection, run))
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        run.fail(describe(error), "unavailable");
                    }
                });
        return run.done;
    }

    /** Reads the last messages of a session's transcript (scope operator.read). */
    CompletableFuture<JsonNode> history(String sessionKey, int limit) {
        ObjectNode params = Json.object().put("sessionKey", sessionKey).put("limit", limit);
        return awaitReady(settings.requestTimeout()).thenCompose(c -> c.request("chat.history", params));
    }

    /** Asks the gateway to stop a run (used when the bridge shuts down with runs still going). */
    CompletableFuture<JsonNode> abort(String sessionKey, String runId) {
        ObjectNode params = Json.object().put("sessionKey", sessionKey).put("runId", runId);
        return awaitReady(settings.requestTimeout()).thenCompose(c -> c.request("chat.abort", params));
    }

    int runsInFlight() {
        return (int) runs.values().stream().distinct().filter(run -> !run.done.isDone()).count();
    }

    private CompletableFuture<JsonNode> start(Connection connection, Run run) {
        ObjectNode params = Json.object()
                .put("sessionKey", run.sessionKey)
                .put("message", run.message)
                .put("idempotencyKey", run.sendKey);
        return connection.request("chat.send", params).thenApply(payload -> {
            String runId = Json.text(payload, "runId");
            if (runId != null && !runId.equals(run.sendKey)) {
                runs.put(runId, run);
                run.aliases.add(runId);
            }
            return payload;
        });
    }

    private CompletableFuture<Connection> awaitReady(Duration wait) {
        return ready.copy().orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).exceptionally(error -> {
            throw new CompletionException(new GatewayException("the gateway is not connected (waited " + wait + ")"));
        });
    }

    private CompletableFuture<Connection> open() {
        Connection connection = new Connection();
        http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, connection)
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        connection.hello.completeExceptionally(
                                new GatewayException("cannot reach the gateway at " + uri + ": " + describe(error)));
                    }
                });
        return connection.hello.thenApply(hello -> connection);
    }

    private void becomeCurrent(Connection connection) {
        current = connection;
        connection.lastFrameNanos = System.nanoTime();
        if (!ready.complete(connection)) {
            ready = CompletableFuture.completedFuture(connection);
        }
    }

    /** Called when an established connection is gone: stop using it and reconnect in the background. */
    private void lost(Connection connection, String why) {
        if (connection.lost) {
            return;
        }
        connection.lost = true;
        connection.failPending(new GatewayException("the gateway connection was lost: " + why));
        if (closed || connection != current) {
            return;
        }
        Log.warn("gateway connection lost (" + why + "); reconnecting");
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        reconnect(settings.reconnectMin().toMillis());
    }

    private synchronized void reconnect(long delayMs) {
        if (reconnecting || closed) {
            return;
        }
        reconnecting = true;
        timer.schedule(() -> attemptReconnect(delayMs), delayMs, TimeUnit.MILLISECONDS);
    }

    private void attemptReconnect(long delayMs) {
        open().orTimeout(30, TimeUnit.SECONDS).whenComplete((connection, error) -> {
            synchronized (this) {
                reconnecting = false;
            }
            if (closed) {
                return;
            }
            if (error == null) {
                reconnects.incrementAndGet();
                Log.info("gateway connection re-established");
                becomeCurrent(connection);
                resumeRuns(connection);
                return;
            }
            GatewayException failure = asGatewayException(error);
            long next = failure.retryAfterMs() > 0 ? failure.retryAfterMs()
                    : Math.min(settings.reconnectMax().toMillis(), delayMs * 2);
            reconnect(next);
        });
    }

    /** After a reconnect: find out what became of every run that was in flight (see the class comment). */
    private void resumeRuns(Connection connection) {
        for (Run run : new java.util.LinkedHashSet<>(runs.values())) {
            if (run.done.isDone()) {
                continue;
            }
            run.resumed = true;
            start(connection, run).whenComplete((payload, error) -> {
                if (error != null) {
                    run.fail(describe(error), "unavailable");
                    return;
                }
                String status = Json.text(payload, "status");
                if ("ok".equals(status)) {
                    recoverFromHistory(run);
                } else if ("started".equals(status)) {
                    Log.warn("the gateway had lost run " + run.idempotencyKey + "; it runs again");
                    run.restarted();
                }
            });
        }
    }

    /**
     * A run ended without text of its own: read the reply from the transcript. When the transcript does not
     * have it yet, the message was folded into a turn the gateway itself is running in that session (after a
     * restart the gateway resumes the interrupted turn on its own, and a re-sent message joins it): the run then
     * ends with that turn (see {@link #sessionTurnEnded}); the message processor's run timeout bounds the wait.
     */
    private void recoverFromHistory(Run run) {
        history(run.sessionKey, 10).whenComplete((payload, error) -> {
            String text = error == null ? lastAssistantText(payload) : null;
            if (text != null && !text.isBlank()) {
                run.complete(text);
            } else if (error != null) {
                run.fail("the reply was lost when the gateway connection dropped (" + describe(error) + ")", "unavailable");
            } else if (run.resumed) {
                Log.info("run " + run.idempotencyKey + " joined the session's running turn; waiting for it to end");
                run.awaitingSessionTurn = true;
            } else {
                run.fail("the agent ended its turn without a reply", "unknown");
            }
        });
    }

    /**
     * Right after a restart from a kill the gateway repairs its SQLite state in worker threads, and a turn that
     * runs meanwhile can fail with {@value #STATE_CONTENTION} (its own workers hold the state lock; the killed
     * process's locks died with it). A run that lived through the restart is then sent once more as a new
     * message, after a pause, at most {@value #CONTENTION_RETRIES} times; otherwise the user gets the error.
     */
    private boolean retryAfterStateContention(Run run, String error) {
        if (!run.resumed || error == null || !error.contains(STATE_CONTENTION) || run.contentionRetries >= CONTENTION_RETRIES) {
            return false;
        }
        run.contentionRetries++;
        String key = UUID.randomUUID().toString();
        run.sendKey = key;
        runs.put(key, run);
        run.aliases.add(key);
        run.awaitingSessionTurn = false;
        run.restarted();
        Log.warn("the restarted gateway was still repairing its state (" + error + "); sending run "
                + run.idempotencyKey + " again in " + CONTENTION_PAUSE.toSeconds() + " s");
        timer.schedule(() -> awaitReady(settings.requestTimeout()).thenCompose(connection -> start(connection, run))
                .whenComplete((payload, failure) -> {
                    if (failure != null) {
                        run.fail(describe(failure), "unavailable");
                    }
                }), CONTENTION_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** A turn we did not start ended (its run id is not ours): it answers any run of ours waiting in that session. */
    private void sessionTurnEnded(JsonNode payload) {
        String state = Json.text(payload, "state");
        String sessionKey = Json.text(payload, "sessionKey");
        if (sessionKey == null || !("final".equals(state) || "error".equals(state) || "aborted".equals(state))) {
            return;
        }
        for (Run run : new java.util.LinkedHashSet<>(runs.values())) {
            if (!run.awaitingSessionTurn || !sessionKey.equals(run.sessionKey)) {
                continue;
            }
            if ("final".equals(state)) {
                String text = payload.has("message") ? messageText(payload.get("message")) : null;
                if (text == null || text.isBlank()) {
                    recoverFromHistory(run);
                } else {
                    run.complete(text);
                }
            } else if (!retryAfterStateContention(run, Json.text(payload, "errorMessage"))) {
                run.fail(firstNonNull(Json.text(payload, "errorMessage"), "the resumed turn " + state),
                        "aborted".equals(state) ? "aborted" : firstNonNull(Json.text(payload, "errorKind"), "unknown"));
            }
        }
    }

    /** The newest assistant message of a {@code chat.history} answer, as plain text. */
    static String lastAssistantText(JsonNode history) {
        JsonNode messages = history == null ? null : history.path("messages");
        if (messages == null || !messages.isArray()) {
            return null;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("assistant".equals(Json.text(message, "role"))) {
                return messageText(message);
            }
            if ("user".equals(Json.text(message, "role"))) {
                return null;
            }
        }
        return null;
    }

    /** Text of a message object: a string {@code content}, or its {@code text} blocks joined. */
    static String messageText(JsonNode message) {
        JsonNode content = message == null ? null : message.get("content");
        if (content == null) {
            return Json.text(message, "text");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode block : content) {
                if ("text".equals(Json.text(block, "type")) && block.hasNonNull("text")) {
                    text.append(block.get("text").asText());
                }
            }
        }
        return text.toString();
    }

    private void watchdog() {
        Connection connection = current;
        if (connection == null || connection.lost || !connection.hello.isDone()) {
            return;
        }
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connection.lastFrameNanos);
        if (silentMs > 2L * connection.tickIntervalMs) {
            WebSocket socket = connection.socket;
            if (socket != null) {
                socket.abort();
            }
            lost(connection, "no frame for " + silentMs + " ms");
        }
    }

    private void dispatchChat(JsonNode payload) {
        String runId = Json.text(payload, "runId");
        Run run = runId == null ? null : runs.get(runId);
        if (run == null) {
            sessionTurnEnded(payload);
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
                String text = payload.has("message") ? messageText(payload.get("message")) : null;
                if (text == null || text.isBlank()) {
                    text = run.text.toString();
                }
                if (text.isBlank()) {
                    recoverFromHistory(run); // a final without text (seen after a gateway restart): read the transcript
                } else {
                    run.complete(text);
                }
            }
            case "error" -> {
                if (!retryAfterStateContention(run, Json.text(payload, "errorMessage"))) {
                    run.fail(firstNonNull(Json.text(payload, "errorMessage"), "the model run failed"),
                            firstNonNull(Json.text(payload, "errorKind"), "unknown"));
                }
            }
            case "aborted" -> run.fail(firstNonNull(Json.text(payload, "errorMessage"), "the run was aborted"),
                    "aborted");
            default -> {
                // status phases (preparing, starting_model…) carry no text
            }
        }
    }

    private static String firstNonNull(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static GatewayException asGatewayException(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayException gatewayException) {
            return gatewayException;
        }
        return new GatewayException(describe(cause));
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GatewayException ? cause.getMessage() : Log.describe(cause);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted");
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        Connection connection = current;
        if (connection != null && connection.socket != null) {
            connection.lost = true;
            connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bridge stopping")
                    .orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
            connection.failPending(new GatewayException("the bridge is stopping"));
        }
        for (Run run : new java.util.LinkedHashSet<>(runs.values())) {
            run.fail("the bridge stopped before the reply was complete", "unavailable");
        }
    }

    /** One run: its streamed text so far and its outcome. */
    private final class Run {
        final String sessionKey;
        final String message;
        final String idempotencyKey;
        final RunListener listener;
        final StringBuilder text = new StringBuilder();
        final java.util.List<String> aliases = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CompletableFuture<String> done = new CompletableFuture<>();
        boolean replaceNext;
        /** Ended without text while the session ran another turn; that turn's end answers it. */
        volatile boolean awaitingSessionTurn;
        /** Lived through a lost connection (and maybe a gateway restart). */
        volatile boolean resumed;
        /** The idempotency key of the latest {@code chat.send} (a new one when sent again as a new message). */
        volatile String sendKey;
        volatile int contentionRetries;

        Run(String sessionKey, String message, String idempotencyKey, RunListener listener) {
            this.sessionKey = sessionKey;
            this.message = message;
            this.idempotencyKey = idempotencyKey;
            this.sendKey = idempotencyKey;
            this.listener = listener;
        }

        synchronized void delta(String delta, boolean replace) {
            if (done.isDone()) {
                return;
            }
            boolean replacing = replace || replaceNext;
            replaceNext = false;
            if (replacing) {
                text.setLength(0);
            }
            text.append(delta);
            listener.onDelta(replacing ? text.toString() : delta, replacing);
        }

        /** The gateway runs this message again from the start: the next text replaces what was shown. */
        synchronized void restarted() {
            text.setLength(0);
            replaceNext = true;
        }

        synchronized void complete(String fullText) {
            if (done.isDone()) {
                return;
            }
            forget();
            listener.onFinal(fullText);
            done.complete(fullText);
        }

        synchronized void fail(String message, String kind) {
            if (done.isDone()) {
                return;
            }
            forget();
            listener.onError(message, kind);
            done.completeExceptionally(new GatewayException(message, "RUN_FAILED", kind, -1));
        }

        private void forget() {
            runs.remove(idempotencyKey, this);
            aliases.forEach(alias -> runs.remove(alias, this));
        }
    }

    /** One WebSocket: handshake, request/response matching by id, frame reassembly. */
    private final class Connection implements WebSocket.Listener {
        final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
        final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        volatile long lastFrameNanos = System.nanoTime();
        volatile long tickIntervalMs = 30_000;
        volatile boolean lost;
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

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
                try {
                    handle(Json.parse(frame));
                } catch (RuntimeException e) {
                    Log.warn("unreadable gateway frame", e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
            lastFrameNanos = System.nanoTime();
            webSocket.request(1);
            return null; // the JDK answers with a pong itself
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            GatewayException error = statusCode == 1013
                    ? new GatewayException("gateway starting (" + reason + ")", "UNAVAILABLE", "startup-sidecars", 500)
                    : new GatewayException("gateway closed the connection: " + statusCode + " " + reason);
            hello.completeExceptionally(error);
            lost(this, "closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            hello.completeExceptionally(new GatewayException("gateway connection failed: " + Log.describe(error)));
            lost(this, Log.describe(error));
        }

        private void handle(JsonNode frame) {
            String type = Json.text(frame, "type");
            if ("res".equals(type)) {
                CompletableFuture<JsonNode> answer = pending.remove(Json.text(frame, "id"));
                if (answer == null) {
                    return;
                }
                if (frame.path("ok").asBoolean(false)) {
                    answer.complete(frame.path("payload"));
                } else {
                    answer.completeExceptionally(errorOf(frame.path("error")));
                }
            } else if ("event".equals(type)) {
                String event = Json.text(frame, "event");
                if ("connect.challenge".equals(event)) {
                    handshake();
                } else if ("chat".equals(event)) {
                    dispatchChat(frame.path("payload"));
                } else if ("shutdown".equals(event)) {
                    Log.info("the gateway announced a shutdown: " + frame.path("payload"));
                }
            }
        }

        private void handshake() {
            ObjectNode params = Json.object().put("minProtocol", PROTOCOL).put("maxProtocol", PROTOCOL);
            params.putObject("client").put("id", CLIENT_ID).put("version", settings.version())
                    .put("platform", "linux").put("mode", CLIENT_MODE);
            params.put("role", "operator");
            params.putArray("scopes").add("operator.read").add(WRITE_SCOPE);
            params.putArray("caps");
            params.putObject("auth").put("token", token);
            params.put("userAgent", "openclaw-bridge/" + settings.version());
            request("connect", params).whenComplete((payload, error) -> {
                if (error != null) {
                    hello.completeExceptionally(asGatewayException(error));
                    return;
                }
                ArrayNode scopes = payload.path("auth").path("scopes").isArray()
                        ? (ArrayNode) payload.path("auth").path("scopes") : Json.MAPPER.createArrayNode();
                boolean canWrite = false;
                for (JsonNode scope : scopes) {
                    canWrite |= WRITE_SCOPE.equals(scope.asText());
                }
                if (!canWrite) {
                    hello.completeExceptionally(new GatewayException("the gateway granted scopes " + scopes
                            + " without " + WRITE_SCOPE, "FORBIDDEN", "MISSING_SCOPE", -1));
                    return;
                }
                long tick = payload.path("policy").path("tickIntervalMs").asLong(30_000);
                tickIntervalMs = tick > 0 ? tick : 30_000;
                hello.complete(payload);
            });
        }

        CompletableFuture<JsonNode> request(String method, JsonNode params) {
            String id = method.equals("connect") ? "connect-" + ids.incrementAndGet() : Long.toString(ids.incrementAndGet());
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            if (lost) {
                answer.completeExceptionally(new GatewayException("the gateway connection was lost"));
                return answer;
            }
            pending.put(id, answer);
            ObjectNode frame = Json.object().put("type", "req").put("id", id).put("method", method);
            frame.set("params", params);
            String text = Json.write(frame);
            synchronized (this) {
                sendChain = sendChain.thenCompose(ignored -> socket.sendText(text, true)).whenComplete((s, error) -> {
                    if (error != null) {
                        CompletableFuture<JsonNode> failed = pending.remove(id);
                        if (failed != null) {
                            failed.completeExceptionally(new GatewayException("could not send " + method + ": "
                                    + Log.describe(error)));
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

        private GatewayException errorOf(JsonNode error) {
            String message = firstNonNull(Json.text(error, "message"), "request failed");
            long retryAfter = error.path("retryAfterMs").asLong(-1);
            String detail = Json.text(error.path("details"), "code");
            if (detail == null) {
                detail = Json.text(error.path("details"), "reason");
            }
            return new GatewayException(message + (detail == null ? "" : " (" + detail + ")"),
                    Json.text(error, "code"), detail, retryAfter);
        }
    }
}
