package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
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
 * <p>args: shaded jar, test-classes directory, runs per handler.
 */
public final class ColdStartMeasurement {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf("shaded jar: %s, %.1f MiB%n", jar.getFileName(), Files.size(jar) / 1024.0 / 1024.0);
        Moto moto = Moto.get();
        try (World world = new World(moto)) {
            for (Handler handler : List.of(Handler.WS_MESSAGE, Handler.TELEGRAM_WEBHOOK)) {
                for (int run = 1; run <= runs; run++) {
                    String user = "measure-" + handler.suffix() + "-" + run;
                    String[] events = events(world, handler, user, run);
                    measure(world, moto, jar, testClasses, handler, run, events);
                }
            }
        }
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

    private static void measure(World world, Moto moto, Path jar, Path testClasses, Handler handler, int run,
                                String[] events) throws Exception {
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
        long spawned = System.currentTimeMillis();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        String probe = output.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("probe failed:\n" + output));
        long mainEntered = Long.parseLong(probe.replaceAll(".*mainEnteredMs=(\\d+).*", "$1"));
        System.out.printf("%-17s run %d: jvmToMainMs=%d %s%n", handler.suffix(), run, mainEntered - spawned,
                probe.substring("PROBE ".length()).replaceAll("mainEnteredMs=\\d+ ", ""));
    }
}
