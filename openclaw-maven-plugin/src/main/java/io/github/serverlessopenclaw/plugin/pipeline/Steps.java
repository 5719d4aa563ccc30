package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the steps of a deploy in order and reports each on one line with its duration when it ends (the
 * services print their own progress while a step runs).
 */
final class Steps {

    /** A step's value plus what it did. */
    record Done<T>(T value, String summary, boolean wrote) {
        static <T> Done<T> wrote(T value, String summary) {
            return new Done<>(value, summary, true);
        }

        static <T> Done<T> unchanged(T value, String summary) {
            return new Done<>(value, summary, false);
        }
    }

    private final DeployLog log;
    private final int total;
    private final List<StepResult> results = new ArrayList<>();

    Steps(DeployLog log, int total) {
        this.log = log;
        this.total = total;
    }

    <T> T run(String name, Supplier<Done<T>> step) {
        long started = System.nanoTime();
        Done<T> done = step.get();
        StepResult result = new StepResult(name, done.summary(), Duration.ofNanos(System.nanoTime() - started), done.wrote());
        results.add(result);
        log.info(String.format("[%d/%d] %-10s %s (%s)", results.size(), total, name, done.summary(), result.seconds()));
        return done.value();
    }

    List<StepResult> results() {
        return List.copyOf(results);
    }
}
