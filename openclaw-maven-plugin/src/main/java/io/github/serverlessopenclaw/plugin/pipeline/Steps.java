package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.report.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a list of steps in order over one run's state: a line {@code [i/n] name ...} when a step starts (the
 * services print their own progress while it runs) and one with its summary and duration when it ends. The
 * total is the list's size. A failing step says so on its line and stops the run.
 *
 * @param <R> the state the steps share (the request and what earlier steps produced)
 */
final class Steps<R> {

    /** What a step did. */
    record Done(String summary, boolean wrote) {
        static Done wrote(String summary) {
            return new Done(summary, true);
        }

        static Done unchanged(String summary) {
            return new Done(summary, false);
        }
    }

    /** One step: its name on the progress lines and what it does with the run's state. */
    record Step<R>(String name, Function<R, Done> action) {}

    private final DeployLog log;
    private final List<Step<R>> steps;

    Steps(DeployLog log, List<Step<R>> steps) {
        this.log = log;
        this.steps = List.copyOf(steps);
    }

    List<String> names() {
        return steps.stream().map(Step::name).toList();
    }

    List<StepResult> run(R state) {
        List<StepResult> results = new ArrayList<>();
        for (Step<R> step : steps) {
            String prefix = String.format("[%d/%d] %-10s", results.size() + 1, steps.size(), step.name());
            log.info(prefix.strip() + " ...");
            long started = System.nanoTime();
            Done done;
            try {
                done = step.action().apply(state);
            } catch (RuntimeException e) {
                log.info(prefix + " FAILED after " + Durations.seconds(Duration.ofNanos(System.nanoTime() - started)));
                throw e;
            }
            StepResult result = new StepResult(
                    step.name(), done.summary(), Duration.ofNanos(System.nanoTime() - started), done.wrote());
            results.add(result);
            log.info(prefix + " " + done.summary() + " (" + result.seconds() + ")");
        }
        return List.copyOf(results);
    }
}
