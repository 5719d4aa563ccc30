package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.testing.Moto;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Prints the bridge's figures (run by scripts/measure-bridge): gateway start to {@code /startupz} with and
 * without the skip flags, bridge start to ready without the gateway's own start, and the latency the bridge
 * adds per message (receive → {@code chat.send}; last delta → the client's endpoint accepted it) over N
 * messages through the real HTTP API, real gateway and stub model.
 */
public final class BridgeMeasurement {
    private BridgeMeasurement() {}

    /**
     * As root: gateway start with the privilege drop (setpriv to uid 10001, as in the container) against the same
     * start as root, alternating, three each, skip flags on. As another user there is nothing to compare.
     */
    private static void measurePrivilegeDrop(StubModelServer model) throws Exception {
        GatewayUser dropped = GatewayUser.forThisProcess();
        if (!dropped.separate()) {
            System.out.println("MEASURE privilege drop: not measured, " + dropped.description());
            return;
        }
        List<Long> withDrop = new ArrayList<>();
        List<Long> withoutDrop = new ArrayList<>();
        for (boolean drop : new boolean[] {true, false, true, false, true, false}) {
            GatewaySettings settings = OpenClawInstallation.settings(
                    Files.createTempDirectory("measure-drop"), "token-" + UUID.randomUUID(), model, true);
            GatewayProcess gateway = new GatewayProcess(
                    settings, why -> {}, drop ? dropped : GatewayUser.same("measuring the start without the drop"));
            long start = System.nanoTime();
            gateway.start();
            gateway.awaitStarted();
            long took = System.nanoTime() - start;
            (drop ? withDrop : withoutDrop).add(took);
            System.out.printf(
                    "MEASURE gateway start -> /startupz ok, privilege drop %s: %d ms%n",
                    drop ? "on " : "off", TimeUnit.NANOSECONDS.toMillis(took));
            gateway.stop(Duration.ofSeconds(10));
        }
        print("gateway start -> /startupz ok, privilege drop on (uid 10001)", withDrop);
        print("gateway start -> /startupz ok, privilege drop off (root)", withoutDrop);
    }

    /**
     * Gateway start to {@code /startupz} with the minimal set (all skip flags on) and with each capability
     * ({@code openclaw.capabilities}) on its own, as the bridge starts it; rounds alternate the cases, the median counts.
     */
    private static void measureCapabilities(StubModelServer model, int rounds) throws Exception {
        java.util.Map<String, List<Long>> took = new java.util.LinkedHashMap<>();
        List<java.util.Set<io.github.serverlessopenclaw.common.Capability>> cases = new ArrayList<>();
        cases.add(java.util.Set.of());
        for (io.github.serverlessopenclaw.common.Capability capability :
                io.github.serverlessopenclaw.common.Capability.values()) {
            cases.add(java.util.Set.of(capability));
        }
        for (int round = 0; round < rounds; round++) {
            for (java.util.Set<io.github.serverlessopenclaw.common.Capability> capabilities : cases) {
                String name = capabilities.isEmpty()
                        ? "minimal set"
                        : capabilities.iterator().next().id();
                GatewaySettings settings = OpenClawInstallation.settings(
                        Files.createTempDirectory("measure-cap"), "token-" + UUID.randomUUID(), model, true);
                GatewayProcess gateway = new GatewayProcess(
                        settings,
                        why -> {},
                        GatewayUser.forThisProcess(),
                        new ProjectAgent(java.util.Map.of(), java.util.Map.of(), null, List.of(), capabilities));
                long start = System.nanoTime();
                gateway.start();
                gateway.awaitStarted();
                long elapsed = System.nanoTime() - start;
                took.computeIfAbsent(name, k -> new ArrayList<>()).add(elapsed);
                System.out.printf(
                        "MEASURE gateway start -> /startupz ok, capability %s: %d ms%n",
                        name, TimeUnit.NANOSECONDS.toMillis(elapsed));
                gateway.stop(Duration.ofSeconds(10));
            }
        }
        took.forEach((name, values) -> print("gateway start -> /startupz ok, capability " + name, values));
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        if (args.length > 1 && args[1].equals("capabilities")) {
            try (StubModelServer model = new StubModelServer()) {
                measureCapabilities(model, Math.max(1, messages));
            }
            return;
        }
        if (args.length > 1 && args[1].equals("compile-cache")) {
            try (StubModelServer model = new StubModelServer()) {
                CompileCacheMeasurement.run(model, Math.max(1, messages));
            }
            return;
        }
        if (args.length > 1 && args[1].equals("privilege-drop")) {
            try (StubModelServer model = new StubModelServer()) {
                measurePrivilegeDrop(model);
            }
            return;
        }
        try (StubModelServer model = new StubModelServer();
                Recorder apiGateway = new Recorder()) {
            // alternating, three each: the first start on a machine also warms disk caches for the others
            List<Long> withSkip = new ArrayList<>();
            List<Long> withoutSkip = new ArrayList<>();
            for (boolean skip : new boolean[] {true, false, true, false, true, false}) {
                GatewaySettings settings = OpenClawInstallation.settings(
                        Files.createTempDirectory("measure-gw"), "token-" + UUID.randomUUID(), model, skip);
                GatewayProcess gateway = new GatewayProcess(settings, why -> {});
                long start = System.nanoTime();
                gateway.start();
                gateway.awaitStarted();
                long took = System.nanoTime() - start;
                (skip ? withSkip : withoutSkip).add(took);
                System.out.printf(
                        "MEASURE gateway start -> /startupz ok, skip flags %s: %d ms%n",
                        skip ? "on " : "off", TimeUnit.NANOSECONDS.toMillis(took));
                gateway.stop(Duration.ofSeconds(10));
            }
            print("gateway start -> /startupz ok, skip flags on", withSkip);
            print("gateway start -> /startupz ok, skip flags off", withoutSkip);
            measurePrivilegeDrop(model);

            Moto moto = Moto.get();
            moto.reset();
            AwsServices aws = AwsFixture.services(moto);
            AwsFixture.create(aws);
            Collector latency = new Collector();
            Path state = Files.createTempDirectory("measure-bridge");
            BridgeConfig config = new BridgeConfig(
                    "measure-user",
                    null,
                    URI.create(apiGateway.url()),
                    null,
                    Language.en,
                    apiGateway.url(),
                    AwsFixture.BUCKET,
                    AwsFixture.CONVERSATIONS,
                    AwsFixture.TASK_STATE,
                    AwsFixture.PENDING,
                    0,
                    OpenClawInstallation.settings(state, "gw-" + UUID.randomUUID(), model, true),
                    Duration.ofHours(1),
                    Duration.ofSeconds(20),
                    Duration.ofHours(1),
                    Duration.ofMinutes(5),
                    null,
                    false);
            Bridge bridge = new Bridge(config, aws, Clock.systemUTC(), latency, () -> {});
            bridge.start();
            Startup startup = bridge.startup();
            System.out.printf("MEASURE bridge start -> HTTP API listening: %d ms%n", startup.httpReady());
            System.out.printf(
                    "MEASURE bridge start -> ready, excluding the gateway's own start: %d ms"
                            + " (of which handshake %d ms; total with gateway %d ms)%n",
                    startup.excludingGateway(), startup.handshake(), startup.total());

            LambdaCalls.Target target = LambdaCalls.Target.of(bridge, Bridge.LOCAL_TASK);
            List<Long> endToEnd = new ArrayList<>();
            List<Long> lastDelta = new ArrayList<>();
            List<Long> everyDelta = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                latency.dispatched.clear();
                latency.deliveries.clear();
                String connection = "m" + i;
                long sent = System.nanoTime();
                LambdaCalls.postMessage(target, "measure-user", "message " + i, "web", connection);
                List<Recorder.Post> frames = apiGateway.awaitType(connection, "stream_end", Duration.ofMinutes(2));
                endToEnd.add(frames.get(frames.size() - 1).nanos() - sent);
                latency.receiveToSend.addAll(latency.dispatched);
                everyDelta.addAll(latency.deliveries);
                if (!latency.deliveries.isEmpty()) {
                    lastDelta.add(latency.deliveries.get(latency.deliveries.size() - 1)); // flushed before stream_end
                }
            }
            print("receive -> chat.send", latency.receiveToSend);
            print("last delta -> client endpoint accepted it", lastDelta);
            print("any delta -> client endpoint accepted it", everyDelta);
            print("whole message, POST /message -> stream_end (includes OpenClaw and the stub model)", endToEnd);
            bridge.stop("measurement done");
        }
        System.exit(0);
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        System.out.printf(
                "MEASURE %s over %d: mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms%n",
                what,
                sorted.size(),
                mean,
                at(sorted, 0.5),
                at(sorted, 0.95),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.isEmpty()
                ? 0
                : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
    }

    private static final class Collector implements LatencyRecorder {
        final List<Long> dispatched = new CopyOnWriteArrayList<>();
        final List<Long> receiveToSend = new CopyOnWriteArrayList<>();
        final List<Long> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void dispatched(long nanos) {
            dispatched.add(nanos);
        }

        @Override
        public void delivered(long nanos) {
            deliveries.add(nanos);
        }
    }
}
