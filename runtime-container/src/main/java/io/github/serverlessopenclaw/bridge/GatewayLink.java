package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Log;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The connection to the gateway over time: {@link #connect(Duration)} retries while the gateway is booting
 * (connection refused, or {@code UNAVAILABLE} with {@code retryAfterMs}); afterwards a lost connection (close,
 * error, or no frame for two tick intervals) reconnects in the background with back-off, and the listener is
 * told so that the runs in flight can be resumed.
 */
final class GatewayLink implements ChatRuns.Link, AutoCloseable {
    /** Chat events of the current connection, and each re-established connection. */
    interface Listener {
        void onChat(JsonNode payload);

        void onReconnected(GatewayConnection connection);
    }

    private final URI uri;
    private final String token;
    private final GatewayClient.Settings settings;
    private final Listener listener;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("gateway-client-timer"));
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile GatewayConnection current;
    private volatile CompletableFuture<GatewayConnection> ready = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean reconnecting;
    private volatile Consumer<String> tap;

    GatewayLink(URI uri, String token, GatewayClient.Settings settings, Listener listener) {
        this.uri = uri;
        this.token = token;
        this.settings = settings;
        this.listener = listener;
        timer.scheduleAtFixedRate(this::watchdog, 1, 1, TimeUnit.SECONDS);
    }

    /** Every frame of the connections opened from now on goes to {@code tap} too (tests record them). */
    void tap(Consumer<String> tap) {
        this.tap = tap;
    }

    void connect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        GatewayException last = null;
        while (!closed) {
            try {
                GatewayConnection connection =
                        open().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                becomeCurrent(connection);
                return;
            } catch (ExecutionException e) {
                GatewayException error = GatewayFrames.asGatewayException(e.getCause());
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
        GatewayConnection connection = current;
        return connection != null && connection.isUp();
    }

    long reconnectCount() {
        return reconnects.get();
    }

    GatewayConnection current() {
        return current;
    }

    @Override
    public CompletableFuture<ChatRuns.Requests> ready(Duration wait) {
        return ready.copy()
                .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .<ChatRuns.Requests>handle((connection, error) -> {
                    if (error != null) {
                        throw new CompletionException(
                                new GatewayException("the gateway is not connected (waited " + wait + ")"));
                    }
                    return connection;
                });
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Duration requestTimeout() {
        return settings.requestTimeout();
    }

    private CompletableFuture<GatewayConnection> open() {
        GatewayConnection connection = new GatewayConnection(
                token,
                settings,
                ids,
                new GatewayConnection.Events() {
                    @Override
                    public void onChat(JsonNode payload) {
                        listener.onChat(payload);
                    }

                    @Override
                    public void onLost(GatewayConnection lostConnection, String why) {
                        lost(lostConnection, why);
                    }
                },
                tap);
        http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, connection)
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        connection.hello.completeExceptionally(new GatewayException(
                                "cannot reach the gateway at " + uri + ": " + GatewayFrames.describe(error)));
                    }
                });
        return connection.hello.thenApply(hello -> connection);
    }

    private void becomeCurrent(GatewayConnection connection) {
        current = connection;
        connection.lastFrameNanos = System.nanoTime();
        if (!ready.complete(connection)) {
            ready = CompletableFuture.completedFuture(connection);
        }
    }

    /** Called when an established connection is gone: stop using it and reconnect in the background. */
    private void lost(GatewayConnection connection, String why) {
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
                listener.onReconnected(connection);
                return;
            }
            GatewayException failure = GatewayFrames.asGatewayException(error);
            long next = failure.retryAfterMs() > 0
                    ? failure.retryAfterMs()
                    : Math.min(settings.reconnectMax().toMillis(), delayMs * 2);
            reconnect(next);
        });
    }

    /** A frozen gateway keeps its socket open but stops ticking: give the connection up after two ticks. */
    private void watchdog() {
        GatewayConnection connection = current;
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
        GatewayConnection connection = current;
        if (connection != null && connection.socket != null) {
            connection.lost = true;
            connection
                    .socket
                    .sendClose(WebSocket.NORMAL_CLOSURE, "bridge stopping")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
            connection.failPending(new GatewayException("the bridge is stopping"));
        }
    }
}
