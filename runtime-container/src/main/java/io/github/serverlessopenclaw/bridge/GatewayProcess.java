package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The OpenClaw gateway as the bridge's child process: {@code node …/openclaw.mjs gateway run} on loopback,
 * with {@code OPENCLAW_NO_RESPAWN} so the PID stays ours. It runs as its own user ({@link GatewayUser}) with an
 * environment built from nothing ({@link #environment}): its token, the provider keys, HOME, PATH and its own
 * settings; never the bridge's token, the Telegram bot token, AWS credentials or the ECS endpoints (a shell
 * command of the agent sees all of the gateway's environment). A gateway that dies is started again, up to
 * {@link GatewaySettings#maxRestarts()} times; after that (or on exit code 78, an invalid config) the
 * {@code onGiveUp} callback reports it.
 */
final class GatewayProcess implements AutoCloseable {
    /** The embedding docs' variables that cut start-up work a chat bridge does not need. */
    static final Map<String, String> SKIP_SIDECARS = Map.of(
            "OPENCLAW_SKIP_CHANNELS", "1",
            "OPENCLAW_DISABLE_BONJOUR", "1",
            "OPENCLAW_EXEC_SHELL_SNAPSHOT", "0",
            "OPENCLAW_SKIP_BROWSER_CONTROL_SERVER", "1",
            "OPENCLAW_SKIP_CANVAS_HOST", "1",
            "OPENCLAW_SKIP_GMAIL_WATCHER", "1",
            "OPENCLAW_SKIP_CRON", "1");
    /**
     * The only variables of the bridge's environment the gateway gets, besides the provider keys
     * ({@link Secret#isProviderKey()}) and what {@link #environment} sets itself.
     */
    static final List<String> PASSED_THROUGH =
            List.of("PATH", "LANG", "LC_ALL", "TZ", "NODE_ENV", "OPENCLAW_GATEWAY_STARTUP_TRACE");

    static final int EXIT_CONFIG_INVALID = 78;

    private final GatewaySettings settings;
    private final Consumer<String> onGiveUp;
    private final GatewayUser user;
    private final ProjectAgent agent;
    private final Map<String, String> bridgeEnv;
    // HTTP/1.1: the JDK's default h2c upgrade header makes Node treat the probe as a WebSocket upgrade
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private volatile Process process;
    private volatile boolean stopping;
    private volatile int restarts;
    /**
     * The gateway's helper processes (spawn broker, SQLite worker), seen while it ran: once the gateway dies
     * they are re-parented and no longer its descendants, yet they hold its state lease, so a restarted
     * gateway would fail to start until they are gone.
     */
    private final java.util.Set<ProcessHandle> helpers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.ScheduledExecutorService helperWatch =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "gateway-helpers");
                thread.setDaemon(true);
                return thread;
            });

    GatewayProcess(GatewaySettings settings, Consumer<String> onGiveUp) {
        this(settings, onGiveUp, GatewayUser.forThisProcess());
    }

    /** With a chosen user: the measurement compares the start with and without the privilege drop. */
    GatewayProcess(GatewaySettings settings, Consumer<String> onGiveUp, GatewayUser user) {
        this(settings, onGiveUp, user, ProjectAgent.NONE);
    }

    /** With the project's agent: its overlay, fallbacks and skills, and the capabilities that run. */
    GatewayProcess(GatewaySettings settings, Consumer<String> onGiveUp, GatewayUser user, ProjectAgent agent) {
        this(settings, onGiveUp, user, agent, System.getenv());
    }

    /** With the bridge's environment given (tests): what {@link #environment} passes through comes from it. */
    GatewayProcess(
            GatewaySettings settings,
            Consumer<String> onGiveUp,
            GatewayUser user,
            ProjectAgent agent,
            Map<String, String> bridgeEnv) {
        this.agent = agent;
        this.bridgeEnv = bridgeEnv;
        this.settings = settings;
        this.onGiveUp = onGiveUp;
        this.user = user;
        helperWatch.scheduleWithFixedDelay(this::recordHelpers, 1, 1, TimeUnit.SECONDS);
    }

    private void recordHelpers() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.descendants().forEach(helpers::add);
        }
        helpers.removeIf(helper -> !helper.isAlive());
    }

    /** Writes the config and starts the gateway; returns at once (see {@link #awaitStarted()}). */
    synchronized void start() {
        if (user.separate()) {
            Log.info(user.description());
        } else {
            Log.warn(user.description());
        }
        user.requireReachable(settings.node());
        user.requireReachable(settings.entry());
        GatewayConfigFile.write(settings, agent);
        agent.installSkills(settings.stateDir());
        user.own(settings.stateDir()); // before the gateway runs: nothing of the agent's is in there yet
        user.own(settings.workspace()); // the folder; restored files are given to the user as they arrive
        user.requireReachable(settings.configFile()); // the folders above the state folder must let it through
        launch();
    }

    /** Who the gateway runs as; the workspace's restored files are given to it. */
    GatewayUser user() {
        return user;
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(user.command(List.of(
                        settings.node().toString(),
                        settings.entry().toString(),
                        "gateway",
                        "run",
                        "--port",
                        Integer.toString(settings.port()),
                        "--bind",
                        "loopback")))
                .redirectErrorStream(true)
                .directory(settings.stateDir().toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(settings, user, bridgeEnv));
        agent.adjustEnvironment(env);
        try {
            Process started = builder.start();
            process = started;
            Thread pump = new Thread(() -> pump(started), "gateway-output");
            pump.setDaemon(true);
            pump.start();
            started.onExit().thenAccept(this::exited);
            Log.info("gateway started (pid " + started.pid() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OpenClaw gateway with " + settings.node(), e);
        }
    }

    /** The gateway's whole environment, built from nothing: see the class comment. */
    static Map<String, String> environment(GatewaySettings settings, GatewayUser user, Map<String, String> bridgeEnv) {
        Map<String, String> env = new TreeMap<>();
        for (String name : PASSED_THROUGH) {
            copy(bridgeEnv, name, env);
        }
        for (Secret secret : Secret.values()) {
            if (secret.isProviderKey() && secret != Secret.CUSTOM_MODEL_API_KEY) { // that one goes into the config file
                copy(bridgeEnv, secret.envVar(), env);
            }
        }
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home(settings, user, bridgeEnv.get("HOME")));
        env.put("OPENCLAW_STATE_DIR", settings.stateDir().toString());
        env.put("OPENCLAW_CONFIG_PATH", settings.configFile().toString());
        env.put("OPENCLAW_GATEWAY_TOKEN", settings.token());
        env.put("OPENCLAW_NO_RESPAWN", "1");
        env.put("CI", "1"); // never offer interactive prompts
        if (settings.skipSidecars()) {
            env.putAll(SKIP_SIDECARS);
        }
        return env;
    }

    /** The bridge's HOME when the gateway may write there (the image makes it the gateway user's), else the state folder. */
    private static String home(GatewaySettings settings, GatewayUser user, String bridgeHome) {
        if (bridgeHome == null || bridgeHome.isBlank()) {
            return settings.stateDir().toString();
        }
        if (!user.separate()) {
            return bridgeHome;
        }
        try {
            return (Integer) Files.getAttribute(Path.of(bridgeHome), "unix:uid") == user.uid()
                    ? bridgeHome
                    : settings.stateDir().toString();
        } catch (IOException | RuntimeException e) {
            return settings.stateDir().toString();
        }
    }

    private static void copy(Map<String, String> from, String name, Map<String, String> to) {
        String value = from.get(name);
        if (value != null && !value.isBlank()) {
            to.put(name, value);
        }
    }

    private static void pump(Process process) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("[gateway] " + line);
            }
        } catch (IOException e) {
            // the process is gone; its exit is handled in exited()
        }
    }

    private synchronized void exited(Process which) {
        if (stopping || which != process) {
            return;
        }
        int code = which.exitValue();
        killHelpers(which);
        if (code == EXIT_CONFIG_INVALID) {
            onGiveUp.accept("the OpenClaw gateway rejected its configuration (exit 78)");
            return;
        }
        if (restarts >= settings.maxRestarts()) {
            onGiveUp.accept("the OpenClaw gateway exited with " + code + " after " + restarts + " restarts");
            return;
        }
        restarts++;
        Log.warn("the OpenClaw gateway exited with " + code + "; starting it again (restart " + restarts + " of "
                + settings.maxRestarts() + ")");
        Metrics.emit(RuntimeMetric.GATEWAY_RESTART, 1);
        launch();
    }

    /** Waits until {@code /startupz} says the gateway finished starting its sidecars. */
    void awaitStarted() {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.port() + "/startupz"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the gateway");
            }
            Process current = process;
            if (current != null && !current.isAlive() && (stopping || restarts >= settings.maxRestarts())) {
                throw new IllegalStateException(
                        "the OpenClaw gateway exited with " + current.exitValue() + " while starting");
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "the OpenClaw gateway did not report /startupz within " + settings.startupTimeout());
    }

    URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + settings.port());
    }

    int restarts() {
        return restarts;
    }

    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    /** Kills the gateway as a crash would (tests and the measurement use it); the supervisor restarts it. */
    void crash() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; helper processes are ended too. */
    void stop(Duration grace) {
        stopping = true;
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly();
                current.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        killHelpers(current);
        helperWatch.shutdownNow();
    }

    private void killHelpers(Process process) {
        process.descendants().forEach(helpers::add);
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
        }
        for (ProcessHandle helper : helpers) {
            try {
                helper.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                Log.warn("gateway helper " + helper.pid() + " did not exit");
            }
        }
        helpers.clear();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
