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
    void eachStepHasAStartLineAndAnEndLineNumberedOutOfTheListsSize() {
        List<String> order = new ArrayList<>();
        Steps<List<String>> steps = new Steps<>(
                log,
                List.of(
                        new Steps.Step<>("secrets", state -> {
                            state.add("secrets");
                            return Steps.Done.wrote("2 written");
                        }),
                        new Steps.Step<>("image", state -> {
                            state.add("image");
                            return Steps.Done.unchanged("already pushed");
                        })));

        List<StepResult> results = steps.run(order);

        assertThat(order).containsExactly("secrets", "image");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("[1/2] secrets ...");
        assertThat(lines.get(1)).matches("\\[1/2\\] secrets    2 written \\(\\d+\\.\\d s\\)");
        assertThat(lines.get(2)).isEqualTo("[2/2] image ...");
        assertThat(lines.get(3)).matches("\\[2/2\\] image      already pushed \\(\\d+\\.\\d s\\)");
        assertThat(results)
                .extracting(StepResult::name, StepResult::wrote)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("secrets", true),
                        org.assertj.core.groups.Tuple.tuple("image", false));
    }

    @Test
    void aFailingStepSaysItFailedAndStopsTheRun() {
        Steps<Void> steps = new Steps<>(
                log,
                List.of(
                        new Steps.Step<>("stacks", state -> {
                            throw new IllegalStateException("it-Storage failed");
                        }),
                        new Steps.Step<>("web", state -> Steps.Done.unchanged("never"))));
        assertThatThrownBy(() -> steps.run(null)).hasMessage("it-Storage failed");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("[1/2] stacks ...");
        assertThat(lines.get(1)).matches("\\[1/2\\] stacks     FAILED after \\d+\\.\\d s");
    }
}
