package io.github.serverlessopenclaw.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server process started for the tests: waits for the line that says it listens, keeps draining its
 * output (to a log file), and is destroyed when the JVM ends, even when a test fails.
 */
public final class BackgroundProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String firstMatch;

    private BackgroundProcess(Process process, Path log, String firstMatch) {
        this.process = process;
        this.log = log;
        this.firstMatch = firstMatch;
    }

    /**
     * Starts {@code command} and returns once a line of its output matches {@code ready}; the first group
     * of that match is available as {@link #readyGroup()}.
     */
    public static BackgroundProcess start(
            List<String> command, Pattern ready, Duration timeout, java.util.Map<String, String> env) {
        RequiredTool.check(command.get(0));
        try {
            Path log = Files.createTempFile(
                    "openclaw-test-" + Path.of(command.get(0)).getFileName(), ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            CompletableFuture<String> readyLine = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, log, ready, readyLine), "output of " + command.get(0));
            pump.setDaemon(true);
            pump.start();
            String group;
            try {
                group = readyLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " did not report ready within " + timeout + "; its output is in "
                                + log + ":\n" + tail(log),
                        e);
            }
            return new BackgroundProcess(process, log, group);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command, e);
        }
    }

    private static void pump(Process process, Path log, Pattern ready, CompletableFuture<String> readyLine) {
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher m = ready.matcher(line);
                if (!readyLine.isDone() && m.find()) {
                    readyLine.complete(m.groupCount() > 0 ? m.group(1) : line);
                }
            }
            readyLine.completeExceptionally(new IllegalStateException("process exited with " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            readyLine.completeExceptionally(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    public String readyGroup() {
        return firstMatch;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
