package io.github.serverlessopenclaw.plugin.local;

import io.github.serverlessopenclaw.common.Env;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployed local stacks' Lambda functions and API Gateway APIs, on this machine: each function in its own warm JVM
 * from the real Lambda jar behind a Lambda Runtime API, the WebSocket API with its {@code @connections} management API,
 * and the HTTP API with its JWT authorizer. What {@code openclaw:run} starts after deploying the stacks to moto.
 *
 * <pre>{@code
 * try (LocalApis apis = LocalApis.start(LocalApisConfig.builder(moto, "us-east-1", names, jar, logs).build())) {
 *     apis.webSocketUrl();      // ws://127.0.0.1:<port>/prod  (the web UI's chat URL)
 *     apis.httpApiUrl();        // http://127.0.0.1:<port>     (the web UI's API URL)
 *     apis.managementEndpoint();// http://127.0.0.1:<port>/prod (the bridge's and the Lambdas' callback URL)
 * }
 * }</pre>
 */
public final class LocalApis implements AutoCloseable {
    private final List<LocalFunction> functions;
    private final ManagementApi management;
    private final WebSocketServer webSocket;
    private final HttpApiServer httpApi;
    private final Duration startup;
    private final String runtimePath;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Stops the function JVMs when the caller's JVM ends without close() (Ctrl-C): they would outlive it. */
    private final Thread shutdownHook = new Thread(this::close, "local-apis-shutdown");

    private LocalApis(
            List<LocalFunction> functions,
            ManagementApi management,
            WebSocketServer webSocket,
            HttpApiServer httpApi,
            Duration startup,
            String runtimePath) {
        this.functions = functions;
        this.management = management;
        this.webSocket = webSocket;
        this.httpApi = httpApi;
        this.startup = startup;
        this.runtimePath = runtimePath;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Reads the deployed functions and APIs from moto, starts the servers and one JVM per function, and returns once
     * every function finished its init (asked the Runtime API for its first event).
     *
     * @throws LocalApisException naming what is missing or what failed (a function's init error with its log file)
     */
    public static LocalApis start(LocalApisConfig config) {
        long started = System.nanoTime();
        DeployedApis deployed = DeployedApis.read(config);
        Connections connections = new Connections();
        List<LocalFunction> functions = new ArrayList<>();
        ManagementApi management = null;
        WebSocketServer webSocket = null;
        HttpApiServer httpApi = null;
        try {
            management = ManagementApi.start(config.managementPort(), deployed.webSocketStage(), connections);
            Map<String, String> local = new LinkedHashMap<>();
            local.put(Env.WEBSOCKET_CALLBACK_URL, management.endpoint().toString());
            local.put(Env.COGNITO_JWKS_URL, deployed.jwksUrl(config.motoEndpoint()));
            local.putAll(config.environmentOverrides());
            FunctionLauncher launcher = FunctionLauncher.create(config);
            for (DeployedApis.Function function : deployed.functions()) {
                functions.add(new LocalFunction(function, launcher, local));
            }
            functions.forEach(LocalFunction::start); // each returns once its JVM runs; the inits overlap
            for (LocalFunction function : functions) {
                function.awaitReady();
            }
            Map<String, LocalFunction> byName = new LinkedHashMap<>();
            functions.forEach(f -> byName.put(f.name(), f));
            webSocket = WebSocketServer.start(config.webSocketPort(), deployed, byName, connections, config.region());
            httpApi = HttpApiServer.start(
                    config.httpApiPort(),
                    deployed,
                    byName,
                    new JwtAuthorizer(config.motoEndpoint(), java.time.Clock.systemUTC()),
                    config.region());
            return new LocalApis(
                    List.copyOf(functions),
                    management,
                    webSocket,
                    httpApi,
                    Duration.ofNanos(System.nanoTime() - started),
                    launcher.description());
        } catch (RuntimeException e) {
            functions.forEach(LocalFunction::close);
            if (httpApi != null) {
                httpApi.close();
            }
            if (webSocket != null) {
                webSocket.close();
            }
            if (management != null) {
                management.close();
            }
            throw e;
        }
    }

    /** {@code ws://127.0.0.1:<port>/<stage>}: connect with {@code ?token=<Cognito ID token>}. */
    public URI webSocketUrl() {
        return webSocket.url();
    }

    /** {@code http://127.0.0.1:<port>}: the HTTP API ({@code GET /status}, …, {@code POST /telegram}). */
    public URI httpApiUrl() {
        return httpApi.url();
    }

    /**
     * {@code http://127.0.0.1:<port>/<stage>}: the {@code @connections} API, the callback URL the Lambdas and the bridge
     * must use ({@code WEBSOCKET_CALLBACK_URL}, {@code CALLBACK_URL}); the functions already have it.
     */
    public URI managementEndpoint() {
        return management.endpoint();
    }

    /** Which runtime loop the function JVMs run (AWS's runtime interface client or the project's own), for start-up. */
    public String runtimePath() {
        return runtimePath;
    }

    /** From {@link #start} called to every function ready. */
    public Duration startupTime() {
        return startup;
    }

    /** One line per function: name, handler, init time, log file. */
    public List<FunctionInfo> functions() {
        return functions.stream().map(LocalFunction::info).toList();
    }

    /** A started function, for the start-up lines. */
    public record FunctionInfo(String name, String handler, Duration init, java.nio.file.Path log) {}

    /** Invokes a function directly (as EventBridge or {@code aws lambda invoke} would), one at a time per function. */
    public LocalFunction.Result invoke(String functionName, byte[] event) {
        return functions.stream()
                .filter(f -> f.name().equals(functionName))
                .findFirst()
                .orElseThrow(() -> new LocalApisException("no function " + functionName + " in the local stacks"))
                .invoke(event);
    }

    /** Stops the servers (closing every WebSocket) and the function JVMs. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
        httpApi.close();
        webSocket.close();
        management.close();
        functions.forEach(LocalFunction::close);
    }
}
