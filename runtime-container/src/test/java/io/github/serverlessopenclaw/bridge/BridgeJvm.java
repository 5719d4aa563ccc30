package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The bridge's {@link Main} in a JVM of its own, configured only by environment variables, as the image starts it. */
final class BridgeJvm {
    private final Process process;
    private final List<String> output;
    private volatile boolean outputEnded;

    private BridgeJvm(Process process, List<String> output) {
        this.process = process;
        this.output = output;
    }

    Process process() {
        return process;
    }

    /**
     * Starts it with {@code env} over this JVM's environment, or as its whole environment ({@code onlyEnv}). Every line
     * it prints is added to {@code output}; those {@code echo} accepts go to the test's log too, after {@code prefix}.
     */
    static BridgeJvm start(
            Map<String, String> env, boolean onlyEnv, List<String> output, String prefix, Predicate<String> echo)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName())
                .redirectErrorStream(true);
        if (onlyEnv) {
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        BridgeJvm bridge = new BridgeJvm(builder.start(), output);
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(bridge.process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = reader.readLine()) != null; ) {
                            output.add(line);
                            if (echo.test(line)) {
                                System.out.println("[" + prefix + "] " + line);
                            }
                        }
                    } catch (IOException e) {
                        // the bridge ended
                    }
                    bridge.outputEnded = true;
                },
                prefix + "-output");
        pump.setDaemon(true);
        pump.start();
        return bridge;
    }

    /** Waits until the bridge has printed a line containing {@code text}; fails at once if it ended without. */
    void awaitLine(String text, Duration timeout) {
        Await.await(
                () -> {
                    boolean ended = outputEnded; // read first: the output is complete when it is set
                    boolean printed = output.stream().anyMatch(line -> line.contains(text));
                    if (!printed && ended) {
                        throw new AssertionError("the bridge ended (exit "
                                + (process.isAlive() ? "not yet known" : process.exitValue()) + ") before logging '"
                                + text + "'");
                    }
                    return printed;
                },
                timeout,
                "the bridge to log '" + text + "'");
    }
}
