package io.github.serverlessopenclaw.plugin.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One deployed function on this machine: a Lambda Runtime API on its own loopback port and one warm JVM (one Lambda
 * instance) polling it. Invocations queue and run one at a time, as on one Lambda instance; one that outlives the
 * function's timeout fails with {@code Task timed out} and the JVM is replaced (Lambda resets the sandbox too). A JVM
 * that exits is started again at the next invocation (a new cold start).
 */
final class LocalFunction implements AutoCloseable {
    private static final String API = "/2018-06-01/runtime";
    /** Lambda's synchronous response payload limit (6 MB). */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(180);

    /** What an invocation returned: the payload, or the function error's JSON and type. */
    public record Result(boolean error, String errorType, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private record Invocation(String id, byte[] event, long deadlineMs, CompletableFuture<Result> result) {}

    private final DeployedApis.Function function;
    private final FunctionLauncher launcher;
    private final Map<String, String> overrides;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Semaphore instance = new Semaphore(1, true);
    private final HttpServer server;
    private volatile Invocation current;
    private volatile Process process;
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile String initError;
    private volatile Duration init = Duration.ZERO;
    private volatile long startedAt;
    private volatile boolean closed;

    LocalFunction(DeployedApis.Function function, FunctionLauncher launcher, Map<String, String> overrides) {
        this.function = function;
        this.launcher = launcher;
        this.overrides = overrides;
        server =
                LocalServers.loopback(0, "runtime-api-" + function.name(), "a Runtime API port for " + function.name());
        server.createContext(API + "/", this::handle);
        server.start();
    }

    String name() {
        return function.name();
    }

    DeployedApis.Function function() {
        return function;
    }

    /** {@code 127.0.0.1:<port>}: the function JVM's {@code AWS_LAMBDA_RUNTIME_API}. */
    String runtimeApi() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    LocalApis.FunctionInfo info() {
        return new LocalApis.FunctionInfo(function.name(), function.handler(), init, launcher.logFile(function));
    }

    Path logFile() {
        return launcher.logFile(function);
    }

    /** Starts the JVM (the init phase runs until the runtime asks for its first event). */
    synchronized void start() {
        if (closed || (process != null && process.isAlive())) {
            return;
        }
        ready = new CompletableFuture<>();
        initError = null;
        startedAt = System.nanoTime();
        Process started = launcher.launch(function, runtimeApi(), overrides);
        process = started;
        started.onExit().thenRun(() -> exited(started));
    }

    /** Waits for the init phase to end; an init error or an exit fails with the log file named. */
    void awaitReady() {
        try {
            ready.get(INIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new LocalApisException(function.name() + " did not finish its init within " + INIT_TIMEOUT.toSeconds()
                    + " s; see " + logFile());
        } catch (ExecutionException e) {
            throw new LocalApisException(
                    function.name() + " failed its init: " + e.getCause().getMessage() + "; see " + logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalApisException("interrupted while " + function.name() + " started");
        }
    }

    /** Runs one event, after the ones queued before it; waits at most the function's timeout. */
    Result invoke(byte[] event) {
        try {
            instance.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalApisException("interrupted");
        }
        try {
            if (closed) {
                return failure("Runtime.Unavailable", "the local run is stopping");
            }
            if (process == null || !process.isAlive()) {
                start();
            }
            try {
                awaitReady();
            } catch (LocalApisException e) {
                return failure("Runtime.InitError", e.getMessage());
            }
            long timeoutMs = function.timeoutSeconds() * 1000L;
            Invocation invocation = new Invocation(
                    UUID.randomUUID().toString(),
                    event,
                    System.currentTimeMillis() + timeoutMs,
                    new CompletableFuture<>());
            pending.add(invocation);
            try {
                return invocation.result().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.remove(invocation);
                // Lambda stops the instance at its timeout; the next event gets a fresh one
                restart();
                return failure("Sandbox.Timedout", "Task timed out after " + function.timeoutSeconds() + ".00 seconds");
            } catch (ExecutionException e) {
                return failure("Runtime.Unknown", String.valueOf(e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure("Runtime.Unknown", "interrupted");
            }
        } finally {
            current = null;
            instance.release();
        }
    }

    private static Result failure(String type, String message) {
        String json =
                "{\"errorMessage\":" + RuntimeLoop.quote(message) + ",\"errorType\":" + RuntimeLoop.quote(type) + "}";
        return new Result(true, type, json.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void restart() {
        Process old = process;
        if (old != null) {
            old.destroyForcibly();
            try {
                old.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        start();
    }

    private void exited(Process which) {
        if (which != process) {
            return;
        }
        String why = initError != null ? initError : "the runtime exited with code " + which.exitValue();
        ready.completeExceptionally(new LocalApisException(why));
        Invocation running = current;
        if (running != null) {
            running.result().complete(failure("Runtime.ExitError", "RequestId: " + running.id() + " Error: " + why));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(API.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("/init/error")) {
                initError = "init error " + errorSummary(exchange);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST")
                    && path.startsWith("/invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                String rest = path.substring("/invocation/".length());
                String id = rest.substring(0, rest.lastIndexOf('/'));
                Invocation running = current;
                if (running == null || !running.id().equals(id)) {
                    send(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                byte[] body = readLimited(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
                if (path.endsWith("/error")) {
                    String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                    running.result()
                            .complete(new Result(
                                    true, type == null ? "Unhandled" : type, body == null ? new byte[0] : body));
                } else if (body == null) {
                    running.result()
                            .complete(failure(
                                    "Function.ResponseSizeTooLarge",
                                    "Response payload size exceeded maximum allowed payload size (6291556 bytes)."));
                    send(
                            exchange,
                            413,
                            "{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\","
                                    + "\"errorType\":\"RequestEntityTooLarge\"}");
                    return;
                } else {
                    running.result().complete(new Result(false, null, body));
                }
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"not found\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (!ready.isDone()) {
            init = Duration.ofNanos(System.nanoTime() - startedAt);
            ready.complete(null);
        }
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = pending.poll(1, TimeUnit.SECONDS);
                if (invocation != null && invocation.result().isDone()) {
                    invocation = null; // timed out while queued
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            send(exchange, 500, "{\"errorMessage\":\"shutting down\",\"errorType\":\"ServiceException\"}");
            return;
        }
        current = invocation;
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", function.arn());
        headers.set(
                "Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                        + invocation.id().replace("-", "").substring(0, 24) + ";Parent="
                        + invocation.id().substring(0, 16).replace("-", "0") + ";Sampled=0");
        exchange.sendResponseHeaders(200, invocation.event().length == 0 ? -1 : invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private static String errorSummary(HttpExchange exchange) throws IOException {
        byte[] body = readLimited(exchange.getRequestBody(), 64 * 1024);
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return (type == null ? "" : type + ": ")
                + (body == null ? "(too long)" : new String(body, StandardCharsets.UTF_8));
    }

    /** The body, or null when it is longer than the limit. */
    static byte[] readLimited(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    static void send(HttpExchange exchange, int status, String json) throws IOException {
        LocalServers.send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        closed = true;
        Process running = process;
        if (running != null) {
            running.destroy();
            try {
                if (!running.waitFor(5, TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.destroyForcibly();
            }
        }
        server.stop(0);
    }
}
