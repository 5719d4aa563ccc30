package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.common.TaskStatus;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold start as a container lives it (run by scripts/measure-cold-start): the bridge's {@code Main} in its
 * own JVM started as the image starts it, with a fresh private {@code /tmp} (a new container has no Node
 * compile cache), Node and OpenClaw as push-image lays them out, the stub model, moto, the user's first
 * message already waiting in the pending queue (it is what started the container). Pinned with
 * {@code taskset} to 1 core and to 2. Each run alternates two configurations ("today" and "new": their own
 * bridge class path, OpenClaw tree and data bucket prefix), so the result is a ratio from one machine at one
 * time. Phases, in milliseconds from the bridge's process start: the HTTP API listening; OpenClaw starts
 * reading its configuration (everything before it is loading modules); ready (gateway up and handshake done);
 * the first reply chunk; and a warm turn (second message: POST → last frame).
 *
 * <p>Arguments: runs, then per configuration {@code name=<bridge classpath>|<node binary>|<openclaw package dir>}, and
 * optionally {@code |NAME=value,...}: variables added to that bridge's environment (e.g. {@code OPENCLAW_WARM_UP=false}).
 *
 * <p>{@code -Dcold-start.messageAfter=<seconds>}: the user's first message is not waiting at the start but sent that
 * long after the bridge reports ready (a container started before the message: prewarm, the chat page opening it);
 * "first turn" is then that message's POST → its first chunk, and "first chunk" stays from the process start.
 */
public final class ColdStartMeasurement {
    private static final String[] PHASES = {
        "listening", "config read", "ready", "warmed up", "first turn", "first chunk", "warm turn"
    };

    /** Seconds after ready the first message is sent; negative: it waits in the queue from the start. */
    private static final double MESSAGE_AFTER = Double.parseDouble(System.getProperty("cold-start.messageAfter", "-1"));

    /**
     * The CPU sets measured, {@code taskset -c} lists separated by {@code ;} (default: 1 core, then 2); a helper
     * that shares the machine measures on its own core only, e.g. {@code -Dcold-start.cpus=1}.
     */
    private static final String[] CPU_SETS =
            System.getProperty("cold-start.cpus", "0;0,1").split(";");

    private static final String FIRST_MESSAGE = "hello after a pause";

    private ColdStartMeasurement() {}

    record Config(String name, String classpath, Path node, Path openclaw, Map<String, String> env) {
        static Config parse(String arg) {
            String name = arg.substring(0, arg.indexOf('='));
            String[] parts = arg.substring(arg.indexOf('=') + 1).split("\\|");
            Map<String, String> env = new LinkedHashMap<>();
            if (parts.length > 3) {
                for (String pair : parts[3].split(",")) {
                    env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            return new Config(name, parts[0], Path.of(parts[1]), Path.of(parts[2]), env);
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        List<Config> configs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            configs.add(Config.parse(args[i]));
        }
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "cold-start");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Moto moto = Moto.get();
        moto.reset();
        AwsServices aws = AwsFixture.services(moto);
        AwsFixture.create(aws);
        Map<String, Map<String, List<Long>>> results = new LinkedHashMap<>();
        try (StubModelServer model = new StubModelServer();
                Recorder api = new Recorder()) {
            for (String cpus : CPU_SETS) {
                for (int run = 0; run < runs; run++) {
                    for (Config config : configs) {
                        Map<String, Long> phases = runOnce(config, cpus, run, work, moto, aws, model, api);
                        String key = cores(cpus) + " " + config.name();
                        phases.forEach((phase, ms) -> results.computeIfAbsent(key, k -> new LinkedHashMap<>())
                                .computeIfAbsent(phase, p -> new ArrayList<>())
                                .add(ms));
                        System.out.printf("RUN %s run %d: %s%n", key, run + 1, phases);
                    }
                }
            }
        }
        System.out.println();
        System.out.printf(
                "MEDIAN of %d runs, seconds from the bridge process start (first turn: %s -> first chunk;"
                        + " warm turn: POST -> last frame)%n",
                runs, MESSAGE_AFTER < 0 ? "ready" : "message sent " + MESSAGE_AFTER + " s after ready");
        for (String cpus : CPU_SETS) {
            System.out.printf("%-16s", cores(cpus));
            for (Config config : configs) {
                System.out.printf("%12s", config.name());
            }
            System.out.println(configs.size() == 2 ? String.format("%8s", "ratio") : "");
            for (String phase : PHASES) {
                System.out.printf("  %-14s", phase);
                List<Double> medians = new ArrayList<>();
                for (Config config : configs) {
                    List<Long> values = results.getOrDefault(cores(cpus) + " " + config.name(), Map.of())
                            .get(phase);
                    double median = median(values);
                    medians.add(median);
                    System.out.printf("%12s", figure(median / 1000, "%.1f"));
                }
                System.out.println(
                        configs.size() == 2
                                ? String.format("%8s", figure(medians.get(1) / medians.get(0), "%.2f"))
                                : "");
            }
        }
        System.exit(0);
    }

    private static String cores(String cpus) {
        return cpus.contains(",") ? "2 cores" : "1 core";
    }

    /** A dash for a phase a configuration did not reach (no warm-up in today's bridge, or in the default case). */
    private static String figure(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(format, value);
    }

    private static double median(List<Long> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static Map<String, Long> runOnce(
            Config config,
            String cpus,
            int run,
            Path work,
            Moto moto,
            AwsServices aws,
            StubModelServer model,
            Recorder api)
            throws Exception {
        String user = "measure-" + config.name(); // one user per configuration: what it backs up, its next start finds
        String taskArn = "arn:aws:ecs:us-east-1:123456789012:task/test-cluster/" + UUID.randomUUID();
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.TASK_STATE)
                        .item(Map.of(
                                Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + user),
                                RowSchema.TaskState.STATUS, AttributeValue.fromS(TaskStatus.Starting.name()),
                                RowSchema.TaskState.TASK_ARN, AttributeValue.fromS(taskArn))));
        String firstConnection = "first-" + UUID.randomUUID();
        if (MESSAGE_AFTER < 0) {
            new PendingQueue(aws.dynamo(), AwsFixture.PENDING, Clock.systemUTC())
                    .requeue(new BridgeMessage(
                            user,
                            FIRST_MESSAGE,
                            Protocol.Channel.web,
                            firstConnection,
                            api.url(),
                            Protocol.DEFAULT_CONVERSATION,
                            java.time.Instant.now(),
                            Language.en));
        }
        Path runDir = Files.createDirectory(work.resolve(config.name() + "-" + cpus.replace(',', '_') + "-" + run));
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = OpenClawInstallation.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("NODE_ENV", "production");
        env.put(Env.TASK_USER_ID, user);
        env.put(Env.GATEWAY_TOKEN, "gateway-" + UUID.randomUUID());
        env.put(Env.OPENCLAW_NODE, config.node().toString());
        env.put(Env.OPENCLAW_PACKAGE_DIR, config.openclaw().toString());
        env.put(Env.OPENCLAW_STATE_DIR, runDir.resolve("state").toString());
        env.put(Env.GATEWAY_PORT, Integer.toString(OpenClawInstallation.freePort()));
        env.put(Env.OPENCLAW_MODEL, "stub/" + StubModelServer.MODEL);
        env.put(Env.OPENCLAW_MODEL_BASE_URL, model.baseUrl());
        env.put(Env.OPENCLAW_MODEL_API_KEY, "stub-key");
        env.put(Env.BRIDGE_PORT, Integer.toString(port));
        env.put(Env.DATA_BUCKET, AwsFixture.BUCKET);
        env.put(Table.CONVERSATIONS.envVar(), AwsFixture.CONVERSATIONS);
        env.put(Table.TASK_STATE.envVar(), AwsFixture.TASK_STATE);
        env.put(Table.PENDING_MESSAGES.envVar(), AwsFixture.PENDING);
        env.put(Env.TASK_CALLBACK_URL, api.url());
        env.put(Env.SHUTDOWN_BUDGET_SECONDS, "20");
        env.put(Env.AWS_ENDPOINT_URL, moto.endpoint().toString());
        env.put("AWS_REGION", Moto.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        env.putAll(config.env());
        Map<String, Long> seen = new ConcurrentHashMap<>();
        try (EcsMetadataStandIn metadata = new EcsMetadataStandIn(taskArn, "127.0.0.1")) {
            env.put(Env.ECS_METADATA_URI, metadata.uri());
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // a private tmpfs on /tmp, as a new container has: no compile cache left by an earlier start
            String inner = "mount -t tmpfs -o mode=1777 tmpfs /tmp && exec taskset -c " + cpus + " " + java
                    + " -XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError -cp \"$BRIDGE_CLASSPATH\" "
                    + Main.class.getName();
            ProcessBuilder builder =
                    new ProcessBuilder("unshare", "--mount", "sh", "-c", inner).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("BRIDGE_CLASSPATH", config.classpath());
            Path log = runDir.resolve("bridge.log");
            long start = System.nanoTime();
            Process bridge = builder.start();
            Thread pump = new Thread(
                    () -> {
                        try (BufferedReader reader = new BufferedReader(
                                        new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8));
                                var out = Files.newBufferedWriter(log)) {
                            String line;
                            while ((line = reader.readLine()) != null) {
                                long at = millisSince(start);
                                out.write(String.format("%7d %s%n", at, line));
                                out.flush(); // readable while the run goes on
                                if (line.contains("bridge listening on port")) {
                                    seen.putIfAbsent("listening", at);
                                } else if (line.contains("[gateway] loading configuration")) {
                                    seen.putIfAbsent("config read", at);
                                } else if (line.contains("ready in")) {
                                    seen.putIfAbsent("ready", at);
                                } else if (line.contains("first turn warmed up in")) {
                                    seen.putIfAbsent("warmed up", at);
                                }
                            }
                        } catch (Exception e) {
                            // the process ended
                        }
                    },
                    "bridge-output");
            pump.setDaemon(true);
            pump.start();
            try {
                long sentAt = -1;
                if (MESSAGE_AFTER >= 0) {
                    long readyAt = awaitSeen(seen, "ready", bridge, log);
                    long sendAt = readyAt + (long) (MESSAGE_AFTER * 1000);
                    Thread.sleep(Math.max(0, sendAt - millisSince(start)));
                    sentAt = millisSince(start);
                    LambdaCalls.postMessage(target(aws, user, port), user, FIRST_MESSAGE, "web", firstConnection);
                }
                long firstChunk = TimeUnit.NANOSECONDS.toMillis(
                        await(api, firstConnection, "stream_chunk", bridge, log).nanos() - start);
                await(api, firstConnection, "stream_end", bridge, log);
                Map<String, Long> phases = new LinkedHashMap<>();
                for (String phase : List.of("listening", "config read", "ready", "warmed up")) {
                    if (seen.containsKey(phase)) { // no warm-up: no such phase
                        phases.put(phase, seen.get(phase));
                    }
                }
                phases.put("first turn", firstChunk - (sentAt >= 0 ? sentAt : seen.getOrDefault("ready", 0L)));
                phases.put("first chunk", firstChunk);

                LambdaCalls.Target target = target(aws, user, port);
                String warmConnection = "warm-" + UUID.randomUUID();
                long sent = System.nanoTime();
                LambdaCalls.postMessage(target, user, "and another question", "web", warmConnection);
                phases.put(
                        "warm turn",
                        TimeUnit.NANOSECONDS.toMillis(await(api, warmConnection, "stream_end", bridge, log)
                                        .nanos()
                                - sent));
                return phases;
            } finally {
                bridge.toHandle().destroy(); // SIGTERM: the bridge backs up and stops as on a scale-in
                if (!bridge.waitFor(60, TimeUnit.SECONDS)) {
                    bridge.descendants().forEach(ProcessHandle::destroyForcibly);
                    bridge.destroyForcibly();
                }
                pump.join(5000);
            }
        }
    }

    /** How the Lambdas reach this user's bridge: its TaskState row, written once the bridge is ready. */
    private static LambdaCalls.Target target(AwsServices aws, String user, int port) {
        Map<String, AttributeValue> row = aws.dynamo()
                .getItem(
                        b -> b.tableName(AwsFixture.TASK_STATE).key(Map.of("PK", AttributeValue.fromS("USER#" + user))))
                .item();
        return LambdaCalls.Target.fromRow(port, row);
    }

    /** When the bridge's log showed {@code phase}, in ms from its start; fails at once when the bridge died. */
    private static long awaitSeen(Map<String, Long> seen, String phase, Process bridge, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Long at = seen.get(phase);
            if (at != null) {
                return at;
            }
            if (!bridge.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + bridge.exitValue() + "; see " + log);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + phase + " within 5 minutes; see " + log);
    }

    /** The first frame of {@code type} to the connection; fails at once when the bridge died. */
    private static Recorder.Post await(Recorder api, String connection, String type, Process bridge, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (Recorder.Post post : api.to(connection)) {
                if (post.type().equals(type)) {
                    return post;
                }
            }
            if (!bridge.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + bridge.exitValue() + "; see " + log);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + type + " frame within 5 minutes; see " + log);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
