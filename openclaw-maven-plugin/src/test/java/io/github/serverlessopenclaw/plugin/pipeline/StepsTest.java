package io.github.serverlessopenclaw.plugin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each step ends with one line (number, name, summary, duration); a failing step stops the run without one. */
class StepsTest {
    private final List<String> lines = new ArrayList<>();
    private final DeployLog log = new DeployLog() {
        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }
    };

    @Test
    void reportsEachStepOnOneLineAndWhatItWrote() {
        Steps steps = new Steps(log, 3);
        String value = steps.run("secrets", () -> Steps.Done.wrote("keys", "2 written"));
        steps.run("image", () -> Steps.Done.unchanged(null, "already pushed"));

        assertThat(value).isEqualTo("keys");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\[1/3\\] secrets    2 written \\(\\d+\\.\\d s\\)");
        assertThat(lines.get(1)).matches("\\[2/3\\] image      already pushed \\(\\d+\\.\\d s\\)");
        assertThat(steps.results()).extracting(StepResult::name, StepResult::wrote)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("secrets", true), org.assertj.core.groups.Tuple.tuple("image", false));
    }

    @Test
    void aFailingStepHasNoLineAndStopsTheRun() {
        Steps steps = new Steps(log, 2);
        assertThatThrownBy(() -> steps.run("stacks", () -> {
            throw new IllegalStateException("it-Storage failed");
        })).hasMessage("it-Storage failed");
        assertThat(lines).isEmpty();
        assertThat(steps.results()).isEmpty();
    }
}
