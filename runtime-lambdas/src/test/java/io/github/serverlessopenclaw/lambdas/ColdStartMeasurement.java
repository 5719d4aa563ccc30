package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures handler init and first invocation in a fresh JVM for ws-message and telegram-webhook, against
 * moto (DynamoDB, ECS, SSM, Management API) with the shaded jar alone on the class path, as Lambda runs
 * it (JVM flags of the Lambda Java runtime: tiered compilation stopped at C1). Prints figures; asserts
 * nothing. Run with scripts/measure-lambda-cold-start.
 *
 * <p>args: shaded jar, test-classes directory, runs per handler, optionally a baseline shaded jar measured
 * alternately in the same run (scripts/measure-lambda-cold-start's second argument).
 */
public final class ColdStartMeasurement {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // optional: another build's shaded jar (today's main), measured in the same run, alternating
        Path baseline = args.length > 3 && !args[3].isEmpty() ? Path.of(args[3]) : null;
        List<String> modes = baseline == null ? List.of("on-demand", "snap-start") : List.of("baseline", "on-demand", "snap-start");
        System.out.printf("shaded jar: %s, %.1f MiB%n", jar.getFileName(), Files.size(jar) / 1024.0 / 1024.0);
        Moto moto = Moto.get();
        Map<String, List<Double>> cpu = new java.util.TreeMap<>();
        try (World world = new World(moto)) {
            for (Handler handler : List.of(Handler.WS_MESSAGE, Handler.TELEGRAM_WEBHOOK)) {
                for (int run = 1; run <= runs; run++) {
                    // alternating, so both modes see the same machine: on-demand (no priming) and SnapStart's init
                    for (String mode : modes) {
                        String user = "measure-" + handler.suffix() + "-" + mode + "-" + run;
                        String[] events = events(world, handler, user, run + 1000 * modes.indexOf(mode));
                        double[] figures = measure(world, moto, mode.equals("baseline") ? baseline : jar, testClasses,
                                handler, mode, run, events);
                        cpu.computeIfAbsent(handler.suffix() + " " + mode + " init", k -> new ArrayList<>()).add(figures[0]);
                        cpu.computeIfAbsent(handler.suffix() + " " + mode + " first call", k -> new ArrayList<>()).add(figures[1]);
                        cpu.computeIfAbsent(handler.suffix() + " " + mode + " init + first call", k -> new ArrayList<>())
                                .add(figures[0] + figures[1]);
                    }
                }
            }
        }
        System.out.println("median CPU ms of " + runs + " runs (baseline: " + baseline + " as it runs;"
                + " snap-start: init primes, as when a version is published, and its first call is the first after a"
                + " restore, minus the restore):");
        cpu.forEach((name, values) -> System.out.printf("  %-45s %6.0f%n", name, median(values)));
        System.exit(0);
    }

    /** A first message of a new user (RunTask path), then a second message (queued path). */
    private static String[] events(World world, Handler handler, String user, int run) {
        if (handler == Handler.WS_MESSAGE) {
            world.connect("conn-" + user, user);
            return new String[] {
                World.wsEvent("conn-" + user, "{\"action\":\"sendMessage\",\"message\":\"Hello!\"}"),
                World.wsEvent("conn-" + user, "{\"action\":\"sendMessage\",\"message\":\"Again\"}")};
        }
        long telegramId = 900_000L + run;
        return new String[] {world.telegramEvent(World.telegramUpdate(telegramId, telegramId, "Hello bot")),
            world.telegramEvent(World.telegramUpdate(telegramId, telegramId, "Again"))};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Returns init CPU ms and first-call CPU ms. */
    private static double[] measure(World world, Moto moto, Path jar, Path testClasses, Handler handler, String mode,
                                    int run, String[] events) throws Exception {
        Path first = Files.createTempFile("event", ".json");
        Path second = Files.createTempFile("event", ".json");
        Files.writeString(first, events[0]);
        Files.writeString(second, events[1]);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", jar + File.pathSeparator + testClasses,
                ColdStartProbe.class.getName(), handler.className(), first.toString(), second.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(new HashMap<>(world.env));
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_REGION", Moto.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        env.put(Priming.INITIALIZATION_TYPE, mode.equals("baseline") ? "on-demand" : mode);
        long spawned = System.currentTimeMillis();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        String probe = output.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("probe failed:\n" + output));
        long mainEntered = Long.parseLong(probe.replaceAll(".*mainEnteredMs=(\\d+).*", "$1"));
        System.out.printf("%-17s %-10s run %d: jvmToMainMs=%d %s%n", handler.suffix(), mode, run, mainEntered - spawned,
                probe.substring("PROBE ".length()).replaceAll("mainEnteredMs=\\d+ ", ""));
        if (output.contains("SLF4J")) {
            System.out.println("  (SLF4J printed: " + output.lines().filter(l -> l.contains("SLF4J")).findFirst().orElse("") + ")");
        }
        return new double[] {Double.parseDouble(probe.replaceAll(".*initMs=\\d+ \\(cpu (\\d+)\\).*", "$1")),
            Double.parseDouble(probe.replaceAll(".*firstInvokeMs=\\d+ \\(cpu (\\d+)\\).*", "$1"))};
    }
}
