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
 * moto (DynamoDB, ECS, SSM, Management API), as Lambda runs the function: the deployment package unpacked as the
 * task root (Lambda extracts the zip into /var/task and loads the classes from there), the runtime's JVM flags
 * (serial GC, heap at 85 % of the function's memory, CDS) and the template's {@code JAVA_TOOL_OPTIONS}
 * ({@link Handler#JAVA_TOOL_OPTIONS}). Prints figures; asserts nothing. Run with scripts/measure-lambda-cold-start.
 *
 * <p>args: shaded jar, test-classes directory, runs per handler, optionally a baseline shaded jar measured
 * alternately in the same run (scripts/measure-lambda-cold-start's second argument), optionally {@code levers}: also
 * on-demand without {@code JAVA_TOOL_OPTIONS} (the JVM's full tiered compilation), and with the classes read from
 * the jar, compressed as built and uncompressed (a package holding {@code lib/<jar>} instead of the classes).
 */
public final class ColdStartMeasurement {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // optional: another build's shaded jar (today's main), measured in the same run, alternating
        Path baseline = args.length > 3 && !args[3].isEmpty() ? Path.of(args[3]) : null;
        List<String> modes = new ArrayList<>(
                baseline == null ? List.of("on-demand", "snap-start") : List.of("baseline", "on-demand", "snap-start"));
        if (args.length > 4 && args[4].equals("levers")) {
            modes.addAll(List.of("no-tool-options", "jar", "stored-jar"));
        }
        // `connect`: ws-connect alone, a connect that asks for the container (start=1) against one that does not
        boolean connect = args.length > 4 && args[4].equals("connect");
        if (connect) {
            modes = new ArrayList<>(List.of("no-start", "start"));
        }
        Map<Path, Path> unpacked = new HashMap<>();
        Path stored = Files.createTempFile("stored", ".jar");
        storedCopy(jar, stored);
        System.out.printf("shaded jar: %s, %.1f MiB%n", jar.getFileName(), Files.size(jar) / 1024.0 / 1024.0);
        Moto moto = Moto.get();
        Map<String, List<Double>> cpu = new java.util.TreeMap<>();
        try (World world = new World(moto)) {
            for (Handler handler :
                    connect ? List.of(Handler.WS_CONNECT) : List.of(Handler.WS_MESSAGE, Handler.TELEGRAM_WEBHOOK)) {
                for (int run = 1; run <= runs; run++) {
                    // alternating, so both modes see the same machine: on-demand (no priming) and SnapStart's init
                    for (String mode : modes) {
                        String user = "measure-" + handler.suffix() + "-" + mode + "-" + run;
                        String[] events = events(world, handler, user, run + 1000 * modes.indexOf(mode), mode);
                        Path built = mode.equals("baseline") ? baseline : jar;
                        Path classes = switch (mode) {
                            case "jar" -> built;
                            case "stored-jar" -> stored;
                            default -> unpacked.computeIfAbsent(built, ColdStartMeasurement::unpack);
                        };
                        double[] figures = measure(world, moto, classes, testClasses, handler, mode, run, events);
                        cpu.computeIfAbsent(handler.suffix() + " " + mode + " init", k -> new ArrayList<>())
                                .add(figures[0]);
                        cpu.computeIfAbsent(handler.suffix() + " " + mode + " first call", k -> new ArrayList<>())
                                .add(figures[1]);
                        cpu.computeIfAbsent(
                                        handler.suffix() + " " + mode + " init + first call", k -> new ArrayList<>())
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
    private static String[] events(World world, Handler handler, String user, int run, String mode) {
        if (handler == Handler.WS_CONNECT) { // a new user's connect, then the same user's second one (no RunTask)
            boolean start = mode.equals("start");
            return new String[] {
                World.connectEvent("conn-" + user, world.idToken(user), start),
                World.connectEvent("conn-2-" + user, world.idToken(user), start)
            };
        }
        if (handler == Handler.WS_MESSAGE) {
            world.connect("conn-" + user, user);
            return new String[] {
                World.wsEvent("conn-" + user, "{\"action\":\"sendMessage\",\"message\":\"Hello!\"}"),
                World.wsEvent("conn-" + user, "{\"action\":\"sendMessage\",\"message\":\"Again\"}")
            };
        }
        long telegramId = 900_000L + run;
        return new String[] {
            world.telegramEvent(World.telegramUpdate(telegramId, telegramId, "Hello bot")),
            world.telegramEvent(World.telegramUpdate(telegramId, telegramId, "Again"))
        };
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Returns init CPU ms and first-call CPU ms. */
    private static double[] measure(
            World world, Moto moto, Path jar, Path testClasses, Handler handler, String mode, int run, String[] events)
            throws Exception {
        Path first = Files.createTempFile("event", ".json");
        Path second = Files.createTempFile("event", ".json");
        Files.writeString(first, events[0]);
        Files.writeString(second, events[1]);
        // the runtime's own flags, as FunctionLauncher starts a function; JAVA_TOOL_OPTIONS comes from the template
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + Math.max(64, handler.memoryMb() * 85 / 100) + "m",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                jar + File.pathSeparator + testClasses,
                ColdStartProbe.class.getName(),
                handler.className(),
                first.toString(),
                second.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(new HashMap<>(world.env));
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_REGION", Moto.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        env.put(Priming.INITIALIZATION_TYPE, mode.equals("snap-start") ? mode : "on-demand");
        if (!mode.equals("no-tool-options")) {
            env.put("JAVA_TOOL_OPTIONS", Handler.JAVA_TOOL_OPTIONS);
        }
        long spawned = System.currentTimeMillis();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        String probe = output.lines()
                .filter(l -> l.startsWith("PROBE "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("probe failed:\n" + output));
        long mainEntered = Long.parseLong(probe.replaceAll(".*mainEnteredMs=(\\d+).*", "$1"));
        System.out.printf(
                "%-17s %-10s run %d: jvmToMainMs=%d %s%n",
                handler.suffix(),
                mode,
                run,
                mainEntered - spawned,
                probe.substring("PROBE ".length()).replaceAll("mainEnteredMs=\\d+ ", ""));
        if (output.contains("SLF4J")) {
            System.out.println("  (SLF4J printed: "
                    + output.lines()
                            .filter(l -> l.contains("SLF4J"))
                            .findFirst()
                            .orElse("") + ")");
        }
        return new double[] {
            Double.parseDouble(probe.replaceAll(".*initMs=\\d+ \\(cpu (\\d+)\\).*", "$1")),
            Double.parseDouble(probe.replaceAll(".*firstInvokeMs=\\d+ \\(cpu (\\d+)\\).*", "$1"))
        };
    }

    /** The jar unpacked into a folder, as Lambda extracts a deployment package into /var/task. */
    private static Path unpack(Path jar) {
        try {
            Path root = Files.createTempDirectory("task-root");
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(jar))) {
                for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IllegalStateException("entry outside the folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target);
                    }
                }
            }
            return root;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same entries, uncompressed (STORED). */
    private static void storedCopy(Path jar, Path target) throws java.io.IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                java.util.zip.ZipEntry entry = entries.nextElement();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                java.util.zip.ZipEntry copy = new java.util.zip.ZipEntry(entry.getName());
                copy.setMethod(java.util.zip.ZipEntry.STORED);
                copy.setSize(bytes.length);
                copy.setCompressedSize(bytes.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bytes);
                copy.setCrc(crc.getValue());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }
}
