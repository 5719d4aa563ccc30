package io.github.serverlessopenclaw.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Does carrying Node's compile cache from one container start to the next pay? OpenClaw's launcher already turns
 * the cache on, under {@code os.tmpdir()/node-compile-cache}, which a new container has empty. This starts the
 * gateway as the bridge does, alternating an empty cache with the one the previous start left (written when that
 * gateway exited), and prints the CPU time (user+sys of the gateway and its helpers when {@code /startupz} first
 * answers) and the wall time. Run by {@code scripts/measure-bridge <rounds> compile-cache} in a private /tmp.
 */
final class CompileCacheMeasurement {
    private CompileCacheMeasurement() {}

    static void run(StubModelServer model, int rounds) throws Exception {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "node-compile-cache");
        List<Long> coldCpu = new ArrayList<>();
        List<Long> warmCpu = new ArrayList<>();
        List<Long> coldWall = new ArrayList<>();
        List<Long> warmWall = new ArrayList<>();
        delete(cache);
        for (int round = 0; round < rounds; round++) {
            for (boolean warm : new boolean[] {false, true}) {
                if (!warm) {
                    delete(cache);
                }
                long cacheBytes = size(cache);
                // a long start budget: on a loaded machine the start is slow, and its CPU time is what is measured
                GatewaySettings settings = new GatewaySettings(
                        OpenClawInstallation.node(),
                        OpenClawInstallation.entry(),
                        Files.createTempDirectory("measure-cc"),
                        OpenClawInstallation.freePort(),
                        "token-" + UUID.randomUUID(),
                        "stub/echo-1",
                        model.baseUrl(),
                        "openai-completions",
                        "stub-key",
                        true,
                        0,
                        Duration.ofMinutes(10));
                GatewayProcess gateway = new GatewayProcess(settings, why -> {});
                long start = System.nanoTime();
                gateway.start();
                gateway.awaitStarted();
                long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                long cpu = ProcessHandle.current()
                        .descendants()
                        .mapToLong(h -> h.info()
                                .totalCpuDuration()
                                .map(Duration::toMillis)
                                .orElse(0L))
                        .sum();
                gateway.stop(Duration.ofSeconds(20)); // the gateway writes its compile cache as it exits
                (warm ? warmCpu : coldCpu).add(cpu);
                (warm ? warmWall : coldWall).add(wall);
                System.out.printf(
                        "MEASURE gateway start -> /startupz ok, compile cache %s (%d KB before): cpu %d ms, wall %d ms;"
                                + " cache after exit: %d KB%n",
                        warm ? "warm " : "empty", cacheBytes / 1024, cpu, wall, size(cache) / 1024);
            }
        }
        System.out.printf(
                "MEASURE median of %d: compile cache empty: cpu %d ms, wall %d ms; warm: cpu %d ms, wall %d ms;"
                        + " cpu ratio %.2f%n",
                rounds,
                median(coldCpu),
                median(coldWall),
                median(warmCpu),
                median(warmWall),
                (double) median(warmCpu) / median(coldCpu));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
