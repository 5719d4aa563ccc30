package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.report.Durations;
import io.github.serverlessopenclaw.plugin.report.TextTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The result of a deploy or destroy run: one row per stack, in dependency order. */
public record DeployReport(List<StackResult> stacks, Duration duration) {

    public DeployReport {
        stacks = List.copyOf(stacks);
    }

    public boolean succeeded() {
        return stacks.stream().allMatch(s -> s.outcome().isSuccess());
    }

    public Optional<StackResult> firstFailure() {
        return stacks.stream()
                .filter(s -> s.outcome() == StackResult.Outcome.FAILED)
                .findFirst();
    }

    /** Outputs of every stack that has some, by stack name (the shape of the CDK CLI's outputs file). */
    public Map<String, Map<String, String>> outputs() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (StackResult stack : stacks) {
            if (!stack.outputs().isEmpty()) {
                result.put(stack.stackName(), stack.outputs());
            }
        }
        return result;
    }

    /** The summary table: stack, result, duration (and the reason of a failure). */
    public List<String> table() {
        TextTable table = new TextTable("stack", "result", "duration");
        for (StackResult stack : stacks) {
            table.row(stack.stackName(), stack.outcome().label(), Durations.seconds(stack.duration()));
        }
        List<String> lines = new ArrayList<>(table.lines());
        lines.add("total " + Durations.seconds(duration));
        for (StackResult stack : stacks) {
            if (stack.outcome() == StackResult.Outcome.FAILED) {
                lines.add(stack.stackName() + " failed: " + stack.detail());
            }
        }
        return lines;
    }
}
