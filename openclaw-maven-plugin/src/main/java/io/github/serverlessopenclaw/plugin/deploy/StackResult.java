package io.github.serverlessopenclaw.plugin.deploy;

import java.time.Duration;
import java.util.Map;

/** What happened to one stack in a run, for the summary table and the outputs file. */
public record StackResult(
        String stackName, Outcome outcome, Duration duration, String detail, Map<String, String> outputs) {

    public enum Outcome {
        CREATED("created"),
        UPDATED("updated"),
        UNCHANGED("unchanged (skipped)"),
        NO_CHANGES("no changes"),
        DELETED("deleted"),
        ABSENT("not deployed"),
        FAILED("FAILED"),
        NOT_STARTED("not started (a dependency failed)");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean isSuccess() {
            return this != FAILED && this != NOT_STARTED;
        }
    }

    public StackResult {
        outputs = Map.copyOf(outputs);
    }

    public static StackResult failed(String stackName, Duration duration, String reason) {
        return new StackResult(stackName, Outcome.FAILED, duration, reason, Map.of());
    }
}
